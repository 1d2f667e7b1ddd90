from odoo import fields, models


class HousingSkill(models.Model):
    """A home-maintenance skill a household gains on its ARA worksite (the seed's
    "amélioration des compétences d'entretien du logement"): a list managers keep, ticked
    on the file's review and counted by the activity report."""

    _name = "housing.skill"
    _description = "Home-maintenance skill"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_unique", "unique(name)", "This skill already exists."),
    ]
