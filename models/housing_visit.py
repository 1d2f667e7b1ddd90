from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .calendar_event import SYNC_CONTEXT_KEY, changed_values

VISIT_TYPES = [
    ("contact", "Contact"),
    ("committee_interview", "Interview before the committee"),
    ("tripartite", "Tripartite meeting"),
    ("preparation", "Preparation"),
    ("encouragement", "Encouragement / advice"),
    ("review", "Tripartite review"),
    ("other", "Other"),
]
VISIT_STATES = [("planned", "Planned"), ("done", "Done"), ("cancelled", "Cancelled")]
# Fields of a visit that change its event on the calendar.
CALENDAR_FIELDS = {
    "visit_type",
    "visit_datetime",
    "duration",
    "state",
    "user_id",
    "with_referent",
    "with_facilitator",
    "with_staff",
    "accompaniment_id",
}


class HousingVisit(models.Model):
    """A home visit or meeting held for an accompaniment."""

    _name = "housing.visit"
    _description = "Home visit"
    _inherit = ["housing.personal.data.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "visit_datetime desc, id desc"
    _housing_personal_fields = ["notes", "absence_reason"]
    _housing_household_paths = ["accompaniment_id.household_id"]

    accompaniment_id = fields.Many2one(
        "housing.accompaniment",
        string="File",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    household_id = fields.Many2one(related="accompaniment_id.household_id", store=True, index=True)
    workflow = fields.Selection(related="accompaniment_id.workflow", store=True)
    facilitator_id = fields.Many2one(related="accompaniment_id.facilitator_id", store=True)
    visit_type = fields.Selection(
        VISIT_TYPES, string="Type", required=True, default="other", tracking=True
    )
    visit_datetime = fields.Datetime(
        string="Date", required=True, default=fields.Datetime.now, tracking=True, index=True
    )
    duration = fields.Float(string="Duration (hours)", default=1.0)
    end_datetime = fields.Datetime(compute="_compute_end_datetime", string="End")
    state = fields.Selection(VISIT_STATES, default="planned", required=True, tracking=True)
    user_id = fields.Many2one(
        "res.users",
        string="Organised by",
        default=lambda self: self.env.user,
        required=True,
        check_company=True,
    )
    with_household = fields.Boolean(string="Household present", default=True)
    with_referent = fields.Boolean(string="Social referent present")
    with_facilitator = fields.Boolean(string="Facilitator present")
    with_staff = fields.Boolean(string="Landlord staff present")
    notes = fields.Html()
    activity_id = fields.Many2one(
        "mail.activity",
        string="Activity on the file",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The to-do scheduled on the file for this planned visit.",
    )
    event_id = fields.Many2one(
        "calendar.event",
        string="Calendar event",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The visit on the calendars of the people who attend it.",
    )
    company_id = fields.Many2one(related="accompaniment_id.company_id", store=True, index=True)
    kit_installation_ids = fields.One2many(
        "housing.kit.installation", "visit_id", string="Energy-saving kit fitted"
    )

    _sql_constraints = [
        ("duration_positive", "CHECK(duration >= 0)", "A visit cannot last a negative time."),
    ]

    @api.depends("visit_datetime", "duration")
    def _compute_end_datetime(self):
        for visit in self:
            visit.end_datetime = visit.visit_datetime and visit.visit_datetime + timedelta(
                hours=visit.duration
            )

    @api.depends("visit_type", "household_id")
    def _compute_display_name(self):
        types = dict(self._fields["visit_type"]._description_selection(self.env))
        for visit in self:
            visit.display_name = (
                f"{types.get(visit.visit_type, '')} · {visit.household_id.display_name or ''}"
            )

    @api.constrains("state", "visit_datetime")
    def _check_done_in_the_past(self):
        """A visit is done once it took place: a done visit dated later would also hold back
        the end of the household's retention period (its last contact)."""
        for visit in self.filtered(lambda v: v.state == "done"):
            if fields.Date.context_today(visit, visit.visit_datetime) > fields.Date.context_today(
                visit
            ):
                raise ValidationError(
                    self.env._(
                        "The visit of %(date)s has not taken place yet: plan it, and mark it "
                        "done once it is over.",
                        date=fields.Date.context_today(visit, visit.visit_datetime),
                    )
                )

    @api.constrains("visit_type", "accompaniment_id")
    def _check_type_workflow(self):
        for visit in self:
            if visit.visit_type == "tripartite" and visit.workflow != "ara":
                raise ValidationError(
                    self.env._("A tripartite meeting belongs to an ARA file: choose another type.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        visits = super().create(vals_list)
        visits.filtered(lambda v: v.state == "planned")._schedule_visit_activity()
        visits.filtered(lambda v: v.state == "done")._report_to_file()
        visits._sync_calendar_event()
        visits.accompaniment_id._sync_calendar_events()
        return visits

    def write(self, vals):
        result = super().write(vals)
        if "state" in vals or "visit_datetime" in vals or "user_id" in vals:
            done = self.filtered(lambda v: v.state == "done" and v.activity_id)
            for visit in done:
                visit.activity_id.action_feedback(
                    feedback=self.env._("Visit done: %(visit)s", visit=visit.display_name)
                )
            (self - done).activity_id.unlink()
            self.filtered(lambda v: v.state == "planned")._schedule_visit_activity()
        if vals.get("state") == "done" or ("visit_datetime" in vals or "visit_type" in vals):
            self.filtered(lambda v: v.state == "done")._report_to_file()
        if CALENDAR_FIELDS & set(vals):
            self._sync_calendar_event()
            self.accompaniment_id._sync_calendar_events()
        return result

    def unlink(self):
        self.activity_id.unlink()
        self.sudo().event_id.with_context(**{SYNC_CONTEXT_KEY: True}).unlink()
        return super().unlink()

    def _schedule_visit_activity(self):
        """A planned visit is the next activity of its file: it shows on the board's card,
        in the language of the person who organises it."""
        for visit in self:
            env = visit.with_context(lang=visit.user_id.lang or self.env.lang).env
            types = dict(self._fields["visit_type"]._description_selection(env))
            # Built apart: the translation extractor reads the arguments of ``_()`` literally.
            label = f"{types[visit.visit_type]} · {visit.household_id.display_name or ''}"
            visit.activity_id = visit.accompaniment_id.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=fields.Date.context_today(visit, visit.visit_datetime),
                summary=env._("Visit: %(type)s", type=label),
                user_id=visit.user_id.id,
            )

    def _calendar_event_values(self):
        """The visit's event: its kind and the file's reference as title (nothing about the
        household), at the household's address, with the people who attend; private, so that
        the others see a busy slot only."""
        self.ensure_one()
        file = self.accompaniment_id
        organiser = self.user_id
        localised = self.with_context(lang=organiser.lang or self.env.lang)
        types = dict(self._fields["visit_type"]._description_selection(localised.env))
        partners = [organiser.partner_id]
        if self.with_staff:
            partners.append(file.user_id.partner_id)
        if self.with_facilitator:
            partners.append(file.facilitator_id.partner_id)
        if self.with_referent:
            partners.append(file.referent_partner_id)
        return {
            "name": f"{types[self.visit_type]} · {file.name}",
            "location": file._calendar_location(),
            "user_id": organiser.id,
            "partner_ids": self.env["calendar.event"]._housing_partners(*partners),
            "allday": False,
            "start": self.visit_datetime,
            "stop": self.end_datetime,
            "res_model_id": self.env["ir.model"]._get_id(file._name),
            "res_id": file.id,
            "housing_visit_id": self.id,
            "privacy": "private",
        }

    def _sync_calendar_event(self):
        """Planned and done visits are on the calendar; cancelled ones are not."""
        if self.env.context.get(SYNC_CONTEXT_KEY):
            return
        Event = self.env["calendar.event"].sudo().with_context(**{SYNC_CONTEXT_KEY: True})
        for visit in self.sudo():
            if visit.state == "cancelled":
                visit.event_id.with_context(**{SYNC_CONTEXT_KEY: True}).unlink()
                continue
            vals = visit._calendar_event_values()
            if not visit.event_id:
                visit.event_id = Event.create(vals)
                continue
            changed = changed_values(visit.event_id, vals)
            if changed:
                visit.event_id.with_context(**{SYNC_CONTEXT_KEY: True}).write(changed)

    def _report_to_file(self):
        """A tripartite meeting or review done gives its date to the file when it has none."""
        for visit in self:
            file = visit.accompaniment_id
            day = fields.Date.context_today(visit, visit.visit_datetime)
            if visit.visit_type == "tripartite" and not file.tripartite_meeting_date:
                file.tripartite_meeting_date = day
            elif visit.visit_type == "review" and not file.review_date:
                file.review_date = day
            elif visit.visit_type == "committee_interview" and not file.interview_date:
                file.interview_date = day
            elif visit.visit_type == "contact" and not file.contact_date:
                file.contact_date = day

    def action_done(self):
        self.write({"state": "done"})

    def action_cancel(self):
        self.write({"state": "cancelled"})
