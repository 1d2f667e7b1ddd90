from odoo import fields, models

from .housing_stage import WORKFLOWS

# The actions of the partnership, as the agreements, the funding lines and the TFPB programme
# name them. One source of truth: each code has exactly one ``housing.action`` record
# (data/housing_action_data.xml) that the other models point to.
ACTIONS = [
    ("new_entrant", "New-entrant and transfer support"),
    ("ara", "Assisted self-renovation"),
    ("workshop", "Collective workshops"),
    ("energy_kit", "Energy-saving kits"),
]


class HousingAction(models.Model):
    """An action of the partnership (new-entrant support, ARA, workshops, energy kits).

    It tells which accompanied households the action reaches (``workflow``) and which axis of
    the TFPB programme its landlord funding is reported under (``tfpb_axis_id``)."""

    _name = "housing.action"
    _description = "Partnership action"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(ACTIONS, required=True, readonly=True)
    sequence = fields.Integer(default=10)
    workflow = fields.Selection(
        WORKFLOWS,
        help="The accompaniments whose households this action reaches: their count per landlord "
        "and per QPV gives the tenant share and the TFPB split. Empty: households of every "
        "workflow (collective workshops are open to all accompanied households).",
    )
    tfpb_axis_id = fields.Many2one(
        "housing.tfpb.axis",
        string="TFPB axis",
        ondelete="restrict",
        help="The axis of the national TFPB framework the landlord's funding of this action is "
        "reported under. Shipped defaults: axis 7 (activities, social ties, living together) for "
        "ARA, collective workshops and new-entrant support (specific social support), axis 6 "
        "(tenant awareness) for energy-saving kits. Empty: the action is not reported.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "There is already an action with this code."),
    ]

    def write(self, vals):
        result = super().write(vals)
        if {"workflow", "tfpb_axis_id", "active"} & set(vals):
            self.env["housing.tfpb.year"]._mark_stale()
        return result
