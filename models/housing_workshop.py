from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

WORKSHOP_STATES = [("planned", "Planned"), ("held", "Held"), ("cancelled", "Cancelled")]


class HousingWorkshop(models.Model):
    """A collective workshop session (DIY, energy savings, rights and duties…) and who came."""

    _name = "housing.workshop"
    _description = "Collective workshop"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "start_datetime desc, id desc"

    name = fields.Char(string="Title", required=True, tracking=True)
    start_datetime = fields.Datetime(
        string="Date and time", required=True, index=True, tracking=True
    )
    duration = fields.Float(
        string="Duration (hours)",
        default=2.0,
        required=True,
        help="Length of the session in hours.",
    )
    end_datetime = fields.Datetime(string="End", compute="_compute_end_datetime")
    theme_id = fields.Many2one("housing.workshop.theme", required=True, index=True, tracking=True)
    venue_id = fields.Many2one(
        "res.partner",
        index=True,
        tracking=True,
        check_company=True,
        help="Where the workshop takes place, such as a social centre.",
    )
    facilitator_ids = fields.Many2many(
        "res.users",
        "housing_workshop_facilitator_rel",
        "workshop_id",
        "user_id",
        string="Facilitators",
        domain=[("share", "=", False)],
        check_company=True,
        default=lambda self: self.env.user,
    )
    state = fields.Selection(
        WORKSHOP_STATES,
        string="Status",
        default="planned",
        required=True,
        index=True,
        tracking=True,
        group_expand=True,
        copy=False,
    )
    has_shared_meal = fields.Boolean(
        string="Shared meal",
        help="The session ends with a meal shared by the participants (an initiative of the "
        "group).",
    )
    notes = fields.Html()
    attendance_ids = fields.One2many(
        "housing.workshop.attendance",
        "workshop_id",
        copy=False,
        groups="housing_accompaniment.group_housing_facilitator",
    )
    registered_count = fields.Integer(
        string="Registered",
        compute="_compute_attendance_counts",
        store=True,
        aggregator="sum",
        help="People on the attendance list, present or not.",
    )
    present_count = fields.Integer(
        string="Present",
        compute="_compute_attendance_counts",
        store=True,
        aggregator="sum",
        help="People marked present.",
    )
    household_count = fields.Integer(
        string="Households represented",
        compute="_compute_attendance_counts",
        store=True,
        aggregator="sum",
        help="Households with at least one member present.",
    )
    color = fields.Integer()
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    @api.depends("start_datetime", "duration")
    def _compute_end_datetime(self):
        for workshop in self:
            workshop.end_datetime = workshop.start_datetime and (
                workshop.start_datetime + timedelta(hours=workshop.duration)
            )

    @api.depends("attendance_ids.is_present", "attendance_ids.household_id")
    def _compute_attendance_counts(self):
        for workshop in self:
            # sudo: the counts cover every line, also those the user may not read (accountants read
            # the counts only, facilitators their own households' lines).
            lines = workshop.sudo().attendance_ids
            present = lines.filtered("is_present")
            workshop.registered_count = len(lines)
            workshop.present_count = len(present)
            workshop.household_count = len(present.household_id)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("duration")
    def _check_duration(self):
        for workshop in self:
            if workshop.duration <= 0:
                raise ValidationError(
                    self.env._(
                        "Workshop “%(workshop)s” must last some time: enter a positive duration "
                        "in hours.",
                        workshop=workshop.name,
                    )
                )

    @api.constrains("state", "start_datetime")
    def _check_held_in_past(self):
        now = fields.Datetime.now()
        for workshop in self:
            if workshop.state == "held" and workshop.start_datetime > now:
                raise ValidationError(
                    self.env._(
                        "Workshop “%(workshop)s” is planned on %(date)s: it can be marked as held "
                        "once it has started.",
                        workshop=workshop.name,
                        date=fields.Datetime.context_timestamp(
                            workshop, workshop.start_datetime
                        ).strftime("%Y-%m-%d %H:%M"),
                    )
                )

    @api.constrains("state")
    def _check_cancelled_without_presence(self):
        for workshop in self.filtered(lambda w: w.state == "cancelled"):
            # sudo: anyone marked present blocks the cancellation, also in lines the user may not
            # read.
            if workshop.sudo().attendance_ids.filtered("is_present"):
                raise ValidationError(
                    self.env._(
                        "Workshop “%(workshop)s” cannot be cancelled: people are marked present. "
                        "Mark it as held, or mark them absent first.",
                        workshop=workshop.name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        workshops = super().create(vals_list)
        if not self._may_change_facilitators():
            # A facilitator creates the workshops they run, possibly with colleagues.
            if any(self.env.user not in workshop.facilitator_ids for workshop in workshops):
                raise AccessError(
                    self.env._(
                        "You may create only the workshops you run: keep yourself among the "
                        "facilitators."
                    )
                )
        for workshop in workshops:
            workshop.message_subscribe(partner_ids=workshop.facilitator_ids.partner_id.ids)
        return workshops

    def write(self, vals):
        if "facilitator_ids" in vals and not self._may_change_facilitators():
            # Running a workshop opens its attendance list: the staff decides who does.
            raise AccessError(
                self.env._(
                    "Only social-support staff change who runs a workshop: ask them to add or "
                    "remove a facilitator."
                )
            )
        result = super().write(vals)
        if "facilitator_ids" in vals:
            for workshop in self:
                workshop.message_subscribe(partner_ids=workshop.facilitator_ids.partner_id.ids)
        return result

    def _may_change_facilitators(self):
        return self.env.su or self.env.user.has_group("housing_accompaniment.group_housing_user")

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_held(self):
        self.write({"state": "held"})

    def action_cancel(self):
        self.write({"state": "cancelled"})

    def action_reset_planned(self):
        self.write({"state": "planned"})

    def action_all_present(self):
        """Mark everyone on the list present: then untick the few who did not come."""
        for workshop in self:
            if workshop.state == "cancelled":
                raise UserError(
                    self.env._(
                        "Workshop “%(workshop)s” is cancelled: nobody can be present. Set it back "
                        "to planned first.",
                        workshop=workshop.name,
                    )
                )
        self.attendance_ids.filtered(lambda line: not line.is_present).is_present = True

    def action_add_households(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Add households' members"),
            "res_model": "housing.workshop.add.members.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_workshop_id": self.id},
        }

    def _add_members(self, members, is_present=False):
        """Register ``members`` who are not on the list yet; return the new lines."""
        self.ensure_one()
        listed = self.attendance_ids.member_id
        listed_partners = self.attendance_ids.partner_id
        to_add = members.filtered(
            lambda m: m not in listed and not (m.partner_id and m.partner_id in listed_partners)
        )
        self.attendance_ids = [
            Command.create({"member_id": member.id, "is_present": is_present}) for member in to_add
        ]
        return self.attendance_ids.filtered(lambda line: line.member_id in to_add)
