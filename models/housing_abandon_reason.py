from odoo import fields, models


class HousingAbandonReason(models.Model):
    """Why a file was abandoned: a list managers keep, counted by the activity report."""

    _name = "housing.abandon.reason"
    _description = "Reason for abandoning a file"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    requires_details = fields.Boolean(
        string="Needs details",
        help="Abandoning a file for this reason needs a text that explains it.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_unique", "unique(name)", "This abandon reason already exists."),
    ]
