from odoo import fields, models, tools
from odoo.tools import SQL


class HousingWorksiteBudget(models.Model):
    """Budget and purchases of the ARA worksites, as amounts per file reference: what the
    accountants follow, without the name of any household."""

    _name = "housing.worksite.budget"
    _description = "Worksite budget and purchases"
    _auto = False
    _order = "start_date desc, id desc"
    _depends = {
        "housing.accompaniment": [
            "name",
            "company_id",
            "start_date",
            "is_closed",
            "budget_amount",
            "workflow",
            "active",
        ],
        "housing.purchase.line": ["accompaniment_id", "total_amount"],
    }

    name = fields.Char(string="File reference", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    start_date = fields.Date(readonly=True)
    is_closed = fields.Boolean(string="Closed", readonly=True)
    budget_amount = fields.Monetary(string="Budget", readonly=True, aggregator="sum")
    spent_amount = fields.Monetary(string="Purchases", readonly=True, aggregator="sum")
    budget_left = fields.Monetary(string="Left", readonly=True, aggregator="sum")
    over_budget_amount = fields.Monetary(string="Over budget", readonly=True, aggregator="sum")
    purchase_count = fields.Integer(string="Purchases made", readonly=True, aggregator="sum")
    is_over_budget = fields.Boolean(string="Over budget?", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %s AS (
                SELECT file.id,
                       file.name,
                       file.company_id,
                       company.currency_id,
                       file.start_date,
                       file.is_closed,
                       COALESCE(file.budget_amount, 0) AS budget_amount,
                       COALESCE(purchase.spent, 0) AS spent_amount,
                       COALESCE(file.budget_amount, 0) - COALESCE(purchase.spent, 0)
                           AS budget_left,
                       CASE WHEN COALESCE(file.budget_amount, 0) > 0
                            THEN GREATEST(COALESCE(purchase.spent, 0) - file.budget_amount, 0)
                            ELSE 0 END AS over_budget_amount,
                       COALESCE(purchase.line_count, 0) AS purchase_count,
                       COALESCE(file.budget_amount, 0) > 0
                           AND COALESCE(purchase.spent, 0) > file.budget_amount
                           AS is_over_budget
                  FROM housing_accompaniment file
                  JOIN res_company company ON company.id = file.company_id
             LEFT JOIN (SELECT accompaniment_id,
                               SUM(total_amount) AS spent,
                               COUNT(*) AS line_count
                          FROM housing_purchase_line
                      GROUP BY accompaniment_id) purchase
                       ON purchase.accompaniment_id = file.id
                 WHERE file.workflow = 'ara' AND file.active
            )
            """,
                SQL.identifier(self._table),
            )
        )
