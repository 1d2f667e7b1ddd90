from odoo import fields, models


class HousingRightType(models.Model):
    """An entry of the opening-of-rights checklist (APL/CAF, FSL, insurance, energy, …)."""

    _name = "housing.right.type"
    _description = "Right to open"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
