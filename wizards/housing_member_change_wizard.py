from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.housing_member import GENDERS, RELATIONSHIPS

CHANGES = [
    ("birth", "Birth"),
    ("arrival", "New member"),
    ("departure", "Departure"),
]


class HousingMemberChangeWizard(models.TransientModel):
    """The common changes of a household's members in one step: a child is born, a person
    joins (a new partner, a relative), a person leaves (a young adult, a separation). It sets
    the dates the figures count members by."""

    _name = "housing.member.change.wizard"
    _description = "Record a birth, an arrival or a departure"

    household_id = fields.Many2one("housing.household", required=True, readonly=True)
    change = fields.Selection(CHANGES, required=True, default="birth")
    change_date = fields.Date(
        string="Date",
        required=True,
        default=fields.Date.context_today,
        help="The birth date, the day the person joined, or their last day in the household.",
    )
    member_id = fields.Many2one(
        "housing.member",
        string="Member leaving",
        domain="[('household_id', '=', household_id), ('departure_date', '=', False), "
        "('relationship', '!=', 'head')]",
    )
    name = fields.Char()
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        help="The person's contact record, when they have one.",
    )
    gender = fields.Selection(GENDERS)
    birth_date = fields.Date(help="Of the person joining, when known.")
    relationship = fields.Selection(RELATIONSHIPS, string="Relationship to the head")

    @api.onchange("change")
    def _onchange_change(self):
        self.relationship = {"birth": "child", "arrival": "spouse"}.get(self.change, False)

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.partner_id and not self.name:
            self.name = self.partner_id.name

    def action_confirm(self):
        self.ensure_one()
        if self.change == "departure":
            self._record_departure()
        else:
            self._record_arrival()
        return {"type": "ir.actions.act_window_close"}

    def _record_departure(self):
        member = self.member_id
        if not member:
            raise UserError(self.env._("Choose the member who leaves the household."))
        if member.is_head:
            raise UserError(
                self.env._(
                    "%(member)s is the head of household: make another member the head (or "
                    "record the household's move) before recording their departure.",
                    member=member.name,
                )
            )
        member.departure_date = self.change_date

    def _record_arrival(self):
        name = (self.name or self.partner_id.name or "").strip()
        if not name:
            raise UserError(self.env._("Enter the name of the person joining the household."))
        is_birth = self.change == "birth"
        self.env["housing.member"].create(
            {
                "household_id": self.household_id.id,
                "name": name,
                "partner_id": self.partner_id.id,
                "gender": self.gender,
                "birth_date": self.change_date if is_birth else self.birth_date,
                "arrival_date": self.change_date,
                "relationship": "child" if is_birth else self.relationship or "other",
            }
        )
