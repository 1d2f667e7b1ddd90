from odoo import fields, models


class HousingKitSavingsMixin(models.AbstractModel):
    """The yearly savings of the energy-saving kits fitted for a record (a file, a household):
    the sum of its kit lines, found by the field ``_housing_kit_field`` of
    ``housing.kit.installation`` that points at the record."""

    _name = "housing.kit.savings.mixin"
    _description = "Savings of the energy-saving kits fitted"
    _housing_kit_field = None

    # The inheriting model says which currency the money saved is in.
    currency_id = fields.Many2one("res.currency")
    kit_water_saving_liters = fields.Float(
        string="Water saved (L/year)",
        digits=(16, 0),
        compute="_compute_kit_savings",
        help="Estimated yearly savings of the energy-saving equipment fitted, summed over the "
        "kit lines.",
    )
    kit_energy_saving_kwh = fields.Float(
        string="Energy saved (kWh/year)",
        digits=(16, 0),
        compute="_compute_kit_savings",
        help="Estimated yearly savings of the energy-saving equipment fitted, summed over the "
        "kit lines.",
    )
    kit_money_saving_eur = fields.Monetary(
        string="Money saved (per year)",
        compute="_compute_kit_savings",
        help="Estimated yearly savings of the energy-saving equipment fitted, summed over the "
        "kit lines.",
    )

    def _compute_kit_savings(self):
        fname = self._housing_kit_field
        # sudo: the totals are a figure of the record being read; a facilitator who reads a
        # household may not read the kit lines of its other files.
        savings = (
            self.env["housing.kit.installation"]
            .sudo()
            ._savings_by(fname, [(fname, "in", self._origin.ids)])
        )
        for record in self:
            totals = savings.get(record._origin, {})
            record.kit_water_saving_liters = totals.get("water_saving_liters", 0.0)
            record.kit_energy_saving_kwh = totals.get("energy_saving_kwh", 0.0)
            record.kit_money_saving_eur = totals.get("money_saving_eur", 0.0)
