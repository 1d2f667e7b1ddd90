from odoo import api, fields, models
from odoo.exceptions import ValidationError

ESTIMATE_NOTE = (
    " The default values are estimates to adjust to local prices and habits; each record's "
    "“Basis of the estimate” says how its values were worked out."
)


class HousingEquipment(models.Model):
    """An item of the energy-saving kit fitted in dwellings (tap aerator, shower head, bulb…),
    with what one unit is estimated to save in a year."""

    _name = "housing.equipment"
    _description = "Energy-saving equipment"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(
        translate=True, help="What the equipment does, as told to households."
    )
    unit_cost = fields.Monetary(
        help="Purchase price of one unit, taxes included. The default values are typical DIY-store "
        "prices."
    )
    water_saving_liters = fields.Float(
        string="Water saved (L/year)",
        digits=(16, 0),
        help="Litres of water one fitted unit saves in a year. Tap aerators: 6 to 8 L/min instead "
        "of 12 L/min at 3 bar, i.e. 30 to 50% less water (ADEME and UFC-Que Choisir guidance on "
        "hydro-economic equipment). Shower heads: about 8 L/min instead of 12 to 15 L/min."
        + ESTIMATE_NOTE,
    )
    energy_saving_kwh = fields.Float(
        string="Energy saved (kWh/year)",
        digits=(16, 0),
        help="Kilowatt-hours one fitted unit saves in a year: for water equipment, the energy no "
        "longer spent heating the water saved (about 1.16 Wh per litre and per degree: 41 kWh per "
        "m³ heated by 35 °C, 27 kWh per m³ for shower water heated by 23 °C); for bulbs, the power "
        "saved times the hours of use (ADEME: an LED uses about 80 to 90% less than an "
        "incandescent bulb for the same light)." + ESTIMATE_NOTE,
    )
    money_saving_eur = fields.Monetary(
        string="Money saved (per year)",
        help="Money one fitted unit saves the household in a year: water at about 4 € per m³ "
        "(average French price of water and sanitation, national SISPEA observatory, 2018) and "
        "electricity at about 0.15 € per kWh (regulated “tarif bleu” base rate, 2018)."
        + ESTIMATE_NOTE,
    )
    estimate_basis = fields.Text(
        string="Basis of the estimate",
        translate=True,
        help="How the savings of this equipment were estimated (assumptions and sources), so that "
        "anyone can check or update them.",
    )
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share the equipment between companies."
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    active = fields.Boolean(default=True)

    @api.constrains("unit_cost", "water_saving_liters", "energy_saving_kwh", "money_saving_eur")
    def _check_non_negative(self):
        for equipment in self:
            if (
                min(
                    equipment.unit_cost,
                    equipment.water_saving_liters,
                    equipment.energy_saving_kwh,
                    equipment.money_saving_eur,
                )
                < 0
            ):
                raise ValidationError(
                    self.env._(
                        "Equipment “%(equipment)s”: the unit cost and the estimated savings cannot "
                        "be negative. Enter 0 when the equipment saves nothing of that kind.",
                        equipment=equipment.name,
                    )
                )
