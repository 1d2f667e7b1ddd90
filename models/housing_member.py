from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .housing_population import spans_overlap
from .housing_retention_rules import coarsest_birth_date

GENDERS = [("female", "Woman"), ("male", "Man"), ("other", "Other / not stated")]
RELATIONSHIPS = [
    ("head", "Head of household"),
    ("spouse", "Spouse or partner"),
    ("child", "Child"),
    ("parent", "Parent"),
    ("sibling", "Brother or sister"),
    ("other_relative", "Other relative"),
    ("other", "Other person"),
]


class HousingMember(models.Model):
    """A person living in a household."""

    _name = "housing.member"
    _description = "Household member"
    _inherit = ["housing.workshop.count.mixin", "housing.personal.data.mixin"]
    _housing_attendance_field = "member_id"
    _order = "household_id, is_head desc, birth_date, id"
    # Replaced rather than emptied (see ``_housing_erase_personal_data``); the contact is
    # anonymised with it (``res.partner``) or replaced by an anonymous one.
    _housing_personal_fields = ["name", "birth_date"]

    name = fields.Char(required=True)
    household_id = fields.Many2one(
        "housing.household", required=True, index=True, ondelete="cascade", check_company=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        index=True,
        check_company=True,
        help="The member's contact record, when they have one (the tenant of record always does).",
    )
    birth_date = fields.Date()
    gender = fields.Selection(GENDERS)
    relationship = fields.Selection(
        RELATIONSHIPS, string="Relationship to the head", required=True, default="child"
    )
    arrival_date = fields.Date(
        string="Arrived on",
        help="The day the person joined the household (a birth: the birth date). Empty: "
        "always part of it. The figures count a member only while in the household.",
    )
    departure_date = fields.Date(
        string="Left on",
        help="The person's last day in the household (a young adult who moved out, a "
        "separation). Empty: still there. Past periods keep counting them.",
    )
    is_present = fields.Boolean(
        string="Lives in the household",
        compute="_compute_is_present",
        help="In the household today: arrived, and not left before today.",
    )
    is_head = fields.Boolean(compute="_compute_is_head", store=True)
    age = fields.Integer(compute="_compute_age", help="Age today, from the birth date.")
    company_id = fields.Many2one(related="household_id.company_id", store=True, index=True)
    active = fields.Boolean(related="household_id.active", store=True)

    @api.depends("relationship")
    def _compute_is_head(self):
        for member in self:
            member.is_head = member.relationship == "head"

    @api.depends("birth_date")
    def _compute_age(self):
        today = fields.Date.context_today(self)
        for member in self:
            member.age = relativedelta(today, member.birth_date).years if member.birth_date else 0

    @api.depends("arrival_date", "departure_date")
    def _compute_is_present(self):
        today = fields.Date.context_today(self)
        Population = self.env["housing.population"]
        for member in self:
            member.is_present = Population._is_present(member, today, today)

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.partner_id and not self.name:
            self.name = self.partner_id.name

    @api.constrains("birth_date")
    def _check_birth_date(self):
        today = fields.Date.context_today(self)
        for member in self:
            if member.birth_date and member.birth_date > today:
                raise ValidationError(
                    self.env._(
                        "The birth date of %(member)s is in the future: correct it, or leave it "
                        "empty if it is not known.",
                        member=member.name,
                    )
                )

    @api.constrains("arrival_date", "departure_date", "birth_date")
    def _check_presence_dates(self):
        for member in self:
            if (
                member.arrival_date
                and member.departure_date
                and member.departure_date < member.arrival_date
            ):
                raise ValidationError(
                    self.env._(
                        "%(member)s cannot leave the household (%(departure)s) before arriving "
                        "in it (%(arrival)s): correct one of the two dates.",
                        member=member.name,
                        departure=member.departure_date,
                        arrival=member.arrival_date,
                    )
                )
            if (
                member.arrival_date
                and member.birth_date
                and member.arrival_date < member.birth_date
            ):
                raise ValidationError(
                    self.env._(
                        "%(member)s cannot arrive in the household (%(arrival)s) before being "
                        "born (%(birth)s): correct the arrival or the birth date.",
                        member=member.name,
                        arrival=member.arrival_date,
                        birth=member.birth_date,
                    )
                )

    @api.constrains("partner_id", "household_id", "arrival_date", "departure_date")
    def _check_single_household(self):
        """A person (a contact) lives in one household at a time: two of their members in
        different households may not overlap in time."""
        members = self.filtered("partner_id")
        if not members:
            return
        others = self.search(
            [
                ("partner_id", "in", members.partner_id.ids),
                ("id", "not in", members.ids),
                ("household_id.active", "=", True),
            ]
        )
        # Grouped by contact: a batch of members is checked in linear time.
        by_partner = defaultdict(list)
        for other in others | members:
            by_partner[other.partner_id].append(other)
        for member in members:
            clash = [
                other
                for other in by_partner[member.partner_id]
                if other != member
                and other.household_id != member.household_id
                and other.household_id.active
                and member._overlaps(other)
            ]
            if clash and member.household_id.active:
                raise ValidationError(
                    self.env._(
                        "%(person)s is already a member of household %(other)s over the same "
                        "dates. A person belongs to one household at a time: record the day "
                        "they left it (or archive it) first, and their arrival here after it.",
                        person=member.partner_id.name,
                        other=clash[0].household_id.display_name,
                    )
                )

    def _overlaps(self, other):
        """Whether the stays of two members (empty dates: always) share a day."""
        self.ensure_one()
        return spans_overlap(
            self.arrival_date, self.departure_date, other.arrival_date, other.departure_date
        )

    # The one-head rule is checked once all the members of a change are written: the
    # household form swaps heads in several member writes, which must not fail half-way.
    @api.model_create_multi
    def create(self, vals_list):
        members = super().create(vals_list)
        members.household_id._check_household_heads_if_direct()
        return members

    def write(self, vals):
        households = self.household_id
        result = super().write(vals)
        if {"relationship", "household_id"} & set(vals):
            (households | self.household_id)._check_household_heads_if_direct()
        return result

    def unlink(self):
        households = self.household_id
        result = super().unlink()
        households.exists()._check_household_heads_if_direct()
        return result

    def _housing_erase_personal_data(self, households):
        """Members become "Member 1", "Member 2"… of their household. The birth date becomes
        the coarsest date that counts the member the same (unborn, child, adult) at the end of
        every period from the household's first contact to today
        (``housing_retention_rules``); gender stays. The link to the contact stays: the
        contact is anonymised with them, or was replaced by an anonymous one, so that their
        workshop attendance still counts them once."""
        first_days = households._housing_counted_since()
        today = fields.Date.context_today(self)
        # Members written in groups of equal values: "Member 1" born on 1 January 1985 in many
        # households is one write.
        by_values = defaultdict(lambda: self.browse())
        for household in self.household_id:
            for index, member in enumerate(household.member_ids, start=1):
                birth_date = member.birth_date and coarsest_birth_date(
                    member.birth_date, first_days[household.id], today
                )
                name = self.env._("Member %(index)s", index=index)
                by_values[(name, birth_date)] |= member
        for (name, birth_date), members in by_values.items():
            members.write({"name": name, "birth_date": birth_date})
