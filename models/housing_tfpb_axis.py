from odoo import api, fields, models


class HousingTfpbAxis(models.Model):
    """One of the 8 axes of the national framework of the TFPB abatement."""

    _name = "housing.tfpb.axis"
    _description = "TFPB axis"
    _order = "code"

    code = fields.Integer(required=True, help="The axis number in the national framework (1 to 8).")
    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "Another TFPB axis already has this number."),
    ]

    @api.depends("code", "name")
    def _compute_display_name(self):
        for axis in self:
            axis.display_name = f"{axis.code}. {axis.name}" if axis.code else axis.name
