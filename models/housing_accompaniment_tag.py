from random import randint

from odoo import fields, models


class HousingAccompanimentTag(models.Model):
    _name = "housing.accompaniment.tag"
    _description = "Accompaniment tag"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer(default=lambda self: randint(1, 11))
    active = fields.Boolean(default=True)

    _sql_constraints = [("name_unique", "unique(name)", "This tag already exists.")]
