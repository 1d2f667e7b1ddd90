from odoo import api, fields, models


class HousingReferenceMixin(models.AbstractModel):
    """A record whose reference comes from the sequence ``_sequence_code`` of its company."""

    _name = "housing.reference.mixin"
    _description = "Reference from a sequence"
    _sequence_code = None

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index=True
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = (
                    self.env["ir.sequence"].with_company(company).next_by_code(self._sequence_code)
                    or "/"
                )
        return super().create(vals_list)
