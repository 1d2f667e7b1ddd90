from odoo import fields, models


class HousingQpv(models.Model):
    """A priority neighbourhood of the city policy (quartier prioritaire, QPV)."""

    _name = "housing.qpv"
    _description = "Priority neighbourhood (QPV)"
    _order = "name"

    name = fields.Char(required=True, translate=False)
    code = fields.Char(
        required=True,
        help="National QPV code (for example QN01301M). Codes in the demo data are illustrative.",
    )
    city = fields.Char()
    active = fields.Boolean(default=True)
    residence_ids = fields.One2many("housing.residence", "qpv_id", string="Residences")

    _sql_constraints = [
        ("code_unique", "unique(code)", "A QPV with this code already exists."),
    ]

    def _compute_display_name(self):
        for qpv in self:
            qpv.display_name = f"{qpv.name} ({qpv.code})" if qpv.code else qpv.name
