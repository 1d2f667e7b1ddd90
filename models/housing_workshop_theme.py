from random import randint

from odoo import fields, models


class HousingWorkshopTheme(models.Model):
    """A theme of collective workshops (rights and duties, energy savings, DIY lessons…)."""

    _name = "housing.workshop.theme"
    _description = "Workshop theme"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    color = fields.Integer(default=lambda self: randint(1, 11))
    active = fields.Boolean(default=True)

    _sql_constraints = [("name_unique", "unique(name)", "This theme already exists.")]
