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
        by_company = {}
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                by_company.setdefault(vals.get("company_id") or self.env.company.id, []).append(
                    vals
                )
        for company_id, company_vals in by_company.items():
            names = self._next_references(
                self.env["res.company"].browse(company_id), len(company_vals)
            )
            for vals, name in zip(company_vals, names, strict=True):
                vals["name"] = name
        return super().create(vals_list)

    def _next_references(self, company, count):
        """``count`` references of ``company``'s sequence, drawn at once when the sequence
        allows it (a batch of records takes as many queries as one record)."""
        Sequence = self.env["ir.sequence"].with_company(company)
        sequence = Sequence.sudo().search(
            [("code", "=", self._sequence_code), ("company_id", "in", [company.id, False])],
            order="company_id",
            limit=1,
        )
        if count > 1 and sequence.implementation == "standard" and not sequence.use_date_range:
            Sequence.browse().check_access("read")
            self.env.cr.execute(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                [f"ir_sequence_{sequence.id:03d}", count],
            )
            numbers = sorted(number for (number,) in self.env.cr.fetchall())
            return [sequence.get_next_char(number) for number in numbers]
        return [Sequence.next_by_code(self._sequence_code) or "/" for _index in range(count)]
