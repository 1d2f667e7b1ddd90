from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HousingTfpbAxis(models.Model):
    """One of the 8 axes of the national framework of the TFPB abatement."""

    _name = "housing.tfpb.axis"
    _description = "TFPB axis"
    _order = "code"

    code = fields.Integer(required=True, help="The axis number in the national framework (1 to 8).")
    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    @api.constrains("code")
    def _check_code(self):
        for axis in self:
            if self.search_count([("code", "=", axis.code), ("id", "!=", axis.id)]):
                raise ValidationError(
                    self.env._("Another TFPB axis already has number %(code)s.", code=axis.code)
                )

    @api.depends("code", "name")
    def _compute_display_name(self):
        for axis in self:
            axis.display_name = f"{axis.code}. {axis.name}" if axis.code else axis.name
