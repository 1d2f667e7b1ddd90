from odoo import api, fields, models
from odoo.exceptions import ValidationError

MATERIAL_CATEGORIES = [
    ("paint", "Paint and coatings"),
    ("wallpaper", "Wallpaper"),
    ("flooring", "Flooring"),
    ("plumbing", "Plumbing"),
    ("electricity", "Electricity"),
    ("carpentry", "Carpentry and joinery"),
    ("tools", "Tools and consumables"),
    ("energy", "Energy-saving equipment"),
    ("other", "Other"),
]


class HousingPurchaseLine(models.Model):
    """A material bought for an ARA worksite."""

    _name = "housing.purchase.line"
    _description = "Material purchase"
    _order = "purchase_date desc, id"

    accompaniment_id = fields.Many2one(
        "housing.accompaniment",
        string="File",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    household_id = fields.Many2one(related="accompaniment_id.household_id", store=True)
    name = fields.Char(string="Description", required=True)
    category = fields.Selection(MATERIAL_CATEGORIES)
    supplier_id = fields.Many2one("res.partner", check_company=True)
    purchase_date = fields.Date(default=fields.Date.context_today)
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    unit_cost = fields.Monetary()
    total_amount = fields.Monetary(
        string="Total", compute="_compute_total_amount", store=True, aggregator="sum"
    )
    currency_id = fields.Many2one(related="accompaniment_id.currency_id")
    company_id = fields.Many2one(related="accompaniment_id.company_id", store=True, index=True)

    @api.depends("quantity", "unit_cost")
    def _compute_total_amount(self):
        for line in self:
            line.total_amount = (
                line.currency_id.round(line.quantity * line.unit_cost)
                if line.currency_id
                else line.quantity * line.unit_cost
            )

    @api.constrains("quantity", "unit_cost")
    def _check_amounts(self):
        for line in self:
            if line.quantity <= 0 or line.unit_cost < 0:
                raise ValidationError(
                    self.env._(
                        "Purchase “%(line)s”: the quantity must be positive and the unit cost "
                        "cannot be negative.",
                        line=line.name,
                    )
                )
