from odoo import api, fields, models


class HousingResidence(models.Model):
    """A residence (groupe / résidence): a set of dwellings owned by one landlord."""

    _name = "housing.residence"
    _description = "Residence"
    _inherit = ["mail.thread"]
    _order = "name"

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(help="The landlord's code for this residence (groupe).")
    street = fields.Char()
    street2 = fields.Char()
    zip = fields.Char()
    city = fields.Char()
    landlord_id = fields.Many2one(
        "res.partner",
        required=True,
        tracking=True,
        index=True,
        help="The organisation that owns the residence. Accompanied households do not all "
        "live in the company's own stock.",
    )
    qpv_id = fields.Many2one(
        "housing.qpv",
        string="QPV",
        tracking=True,
        index=True,
        help="The priority neighbourhood (QPV) the residence lies in; empty outside QPV.",
    )
    is_qpv = fields.Boolean(string="In a QPV", compute="_compute_is_qpv", store=True, index=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    active = fields.Boolean(default=True)
    dwelling_ids = fields.One2many("housing.dwelling", "residence_id", string="Dwellings")
    dwelling_count = fields.Integer(compute="_compute_dwelling_count")

    _sql_constraints = [
        (
            "code_company_unique",
            "unique(code, company_id)",
            "Another residence of this company already has this code.",
        ),
    ]

    @api.depends("qpv_id")
    def _compute_is_qpv(self):
        for residence in self:
            residence.is_qpv = bool(residence.qpv_id)

    def _compute_dwelling_count(self):
        counts = dict(
            self.env["housing.dwelling"]._read_group(
                [("residence_id", "in", self.ids)], ["residence_id"], ["__count"]
            )
        )
        for residence in self:
            residence.dwelling_count = counts.get(residence, 0)

    def _compute_display_name(self):
        for residence in self:
            residence.display_name = (
                f"[{residence.code}] {residence.name}" if residence.code else residence.name
            )

    def action_view_dwellings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "housing_accompaniment.action_housing_dwelling"
        )
        action["domain"] = [("residence_id", "=", self.id)]
        action["context"] = {"default_residence_id": self.id}
        return action
