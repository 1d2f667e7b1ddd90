from collections import Counter, defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools.sql import create_index

from .calendar_event import FILE_EVENT_FIELDS, SYNC_CONTEXT_KEY, changed_values
from .housing_accompaniment import BOARD_STATUSES, VISIT_TYPE_OF_DATE


class HousingAccompanimentBoard(models.Model):
    """The board drives the work: how long a file has been in its step and whether it is
    late, its next appointment, the step's activity plan, the calendar of its dates, what a
    closing cancels, and the weekly digest of late files."""

    # One model in several files (each under ~450 lines), each a part of the file.
    _inherit = "housing.accompaniment"  # pylint: disable=consider-merging-classes-inherited

    days_in_stage = fields.Integer(
        string="Days in step",
        compute="_compute_days_in_stage",
        help="Days since the file entered its step.",
    )

    stage_deadline = fields.Date(
        string="Step deadline",
        compute="_compute_stage_deadline",
        store=True,
        index=True,
        help="The day the file should have left its step, from the step's target duration.",
    )

    is_late = fields.Boolean(
        string="Late",
        compute="_compute_is_late",
        store=True,
        index=True,
        help="The file is still in its step after the step's target duration.",
    )

    board_status = fields.Selection(
        BOARD_STATUSES,
        string="Deadline status",
        compute="_compute_board_status",
        store=True,
        help="Blocked, late (past the step's target duration) or on time.",
    )

    next_appointment_date = fields.Date(
        string="Next appointment",
        compute="_compute_next_appointment_date",
        store=True,
        help="The next date on the calendar of the file: appointment, committee, tripartite "
        "meeting, review or planned visit.",
    )

    calendar_event_count = fields.Integer(
        string="Meetings", compute="_compute_calendar_event_count"
    )

    def init(self):
        """One index answers both counts of a board, the columns by step and the progress bar
        by deadline status, from the index alone: without it, each count reads the whole files
        table (98 MB at a hundred times PAHM; bench/README.md shows the plans)."""
        result = super().init()
        create_index(
            self.env.cr,
            "housing_accompaniment_board_count_index",
            self._table,
            ["workflow", "company_id", "active", "stage_id", "board_status"],
        )
        return result

    @api.depends("date_last_stage_update")
    def _compute_days_in_stage(self):
        now = fields.Datetime.now()
        for file in self:
            entered = file.date_last_stage_update
            file.days_in_stage = (now - entered).days if entered else 0

    @api.depends("date_last_stage_update", "stage_id.target_duration_days", "is_closed")
    def _compute_stage_deadline(self):
        for file in self:
            days = file.stage_id.target_duration_days
            entered = file.date_last_stage_update
            file.stage_deadline = (
                fields.Date.to_date(entered) + timedelta(days=days)
                if days and entered and not file.is_closed
                else False
            )

    @api.depends("stage_deadline")
    def _compute_is_late(self):
        """Stored for the filters, sorting and grouping; the daily job marks the files whose
        deadline passed since."""
        today = fields.Date.context_today(self)
        for file in self:
            file.is_late = bool(file.stage_deadline and file.stage_deadline < today)

    @api.depends("is_late", "kanban_state")
    def _compute_board_status(self):
        for file in self:
            if file.kanban_state == "blocked":
                file.board_status = "blocked"
            else:
                file.board_status = "late" if file.is_late else "on_time"

    @api.depends(
        "appointment_datetime",
        "committee_date",
        "tripartite_meeting_date",
        "review_date",
        "is_closed",
        "visit_ids.visit_datetime",
        "visit_ids.state",
    )
    def _compute_next_appointment_date(self):
        """Stored for the board's cards; the daily job moves it on when the date passed."""
        today = fields.Date.context_today(self)
        for file in self:
            days = [
                fields.Date.context_today(file, file.appointment_datetime)
                if file.appointment_datetime
                else False,
                file.committee_date,
                file.tripartite_meeting_date,
                file.review_date,
            ] + [
                fields.Date.context_today(file, visit.visit_datetime)
                for visit in file.visit_ids
                if visit.state == "planned"
            ]
            upcoming = [day for day in days if day and day >= today]
            file.next_appointment_date = min(upcoming) if upcoming and not file.is_closed else False

    def _compute_calendar_event_count(self):
        counts = dict(
            self.env["calendar.event"]._read_group(
                self._calendar_events_domain(file_dates_only=False), ["res_id"], ["__count"]
            )
        )
        for file in self:
            file.calendar_event_count = counts.get(file._origin.id, 0)

    def _launch_stage_plan(self):
        """Schedule the activities of the step's plan, each for the person the plan names on
        the file and written in that person's language. The files that share a template and
        a person get their activities in one batch (an import of many files costs as much as
        a few).

        A file that comes back to a step whose activities are still open (dragged back and
        forth) does not get them a second time: an activity of the plan is left out when the
        file has an open one of the same type, summary and person."""
        today = fields.Date.context_today(self)
        # sudo: whoever moves the card, all the file's open activities count (a facilitator
        # does not see the staff's). Each open one stands for one activity of the plan (a
        # plan may hold the same task twice).
        open_activities = Counter(
            (activity.res_id, activity.activity_type_id.id, activity.summary, activity.user_id.id)
            for activity in self.sudo().with_context(active_test=True).activity_ids
        )
        batches = defaultdict(lambda: self.browse())
        for file in self:
            for template in file.stage_id.activity_plan_id.template_ids:
                responsible = template._determine_responsible(self.env["res.users"], file)[
                    "responsible"
                ] or (file.user_id or file.facilitator_id or self.env.user)
                localised = template.with_context(lang=responsible.lang or self.env.lang)
                # The summary the activity gets: the template's, else its type's.
                summary = localised.summary or localised.activity_type_id.summary
                key = (file.id, template.activity_type_id.id, summary, responsible.id)
                if open_activities[key]:
                    open_activities[key] -= 1
                else:
                    batches[localised, responsible, summary] |= file
        for (localised, responsible, summary), files in batches.items():
            files.activity_schedule(
                activity_type_id=localised.activity_type_id.id,
                summary=summary,
                note=localised.note,
                user_id=responsible.id,
                date_deadline=localised._get_date_deadline(today),
            )

    def _calendar_events_domain(self, file_dates_only=True):
        """The events of the files' own dates; with ``file_dates_only=False``, every meeting
        of the files (their visits' and those added from the calendar too)."""
        domain = [("res_model", "=", self._name), ("res_id", "in", self._origin.ids)]
        if file_dates_only:
            domain.append(("housing_date_field", "!=", False))
        return domain

    def _calendar_location(self):
        """The household's address: where the meetings take place."""
        self.ensure_one()
        place = self.dwelling_id or self.household_id.dwelling_id
        town = " ".join(filter(None, [place.zip, place.city]))
        return ", ".join(filter(None, [place.street, place.street2, town])) or False

    def _calendar_event_values(self, fname, event=None):
        """The event of the file's date ``fname``: named by its kind and the file's
        reference only, never by the household, in the organiser's language."""
        self.ensure_one()
        organiser = self.user_id or self.facilitator_id or self.env.user
        Event = self.env["calendar.event"].with_context(lang=organiser.lang or self.env.lang)
        kinds = dict(Event._fields["housing_date_field"]._description_selection(Event.env))
        partners = [organiser.partner_id, self.user_id.partner_id, self.facilitator_id.partner_id]
        if FILE_EVENT_FIELDS[fname]:
            partners.append(self.referent_partner_id)
        vals = {
            "name": f"{kinds[fname]} · {self.name}",
            "location": self._calendar_location(),
            "user_id": organiser.id,
            "partner_ids": Event._housing_partners(*partners),
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
            "housing_date_field": fname,
            # Only the people who attend see where and what: others see a busy slot.
            "privacy": "private",
        }
        value = self[fname]
        if fname == "appointment_datetime":
            duration = event.stop - event.start if event else timedelta(hours=1)
            vals.update(allday=False, start=value, stop=value + duration)
        else:
            # All-day events hold the day itself, from 8:00 to 18:00 as Odoo's calendar does.
            day = fields.Datetime.to_datetime(value)
            vals.update(allday=True, start=day.replace(hour=8), stop=day.replace(hour=18))
        return vals

    def _sync_calendar_events(self):
        """Create, move or remove the events of the files' dates, so that the calendar
        shows what the files say. A closed file gets no new event to come."""
        if self.env.context.get(SYNC_CONTEXT_KEY):
            return
        Event = self.env["calendar.event"].sudo().with_context(**{SYNC_CONTEXT_KEY: True})
        events = {
            (event.res_id, event.housing_date_field): event
            for event in Event.search(self._calendar_events_domain())
        }
        to_create, to_remove = [], Event
        now = fields.Datetime.now()
        for file in self.sudo():
            for fname in FILE_EVENT_FIELDS:
                event = events.get((file.id, fname))
                if not file[fname] or file._date_held_by_a_visit(fname):
                    to_remove |= event or Event
                    continue
                vals = file._calendar_event_values(fname, event)
                if not event:
                    if not (file.is_closed and vals["stop"] >= now):
                        to_create.append(vals)
                    continue
                changed = changed_values(event, vals)
                if changed:
                    event.write(changed)
        to_remove.unlink()
        if to_create:
            Event.create(to_create)

    def _date_held_by_a_visit(self, fname):
        """Whether a visit of the file (not cancelled) is the meeting of its date ``fname``:
        the visit's event is then the one on the calendar, not a second one."""
        visit_type = VISIT_TYPE_OF_DATE.get(fname)
        return visit_type and any(
            visit.visit_type == visit_type
            and visit.state != "cancelled"
            and fields.Date.context_today(visit, visit.visit_datetime) == self[fname]
            for visit in self.visit_ids
        )

    def _cancel_open_work(self):
        """A file that closes, completed or abandoned, keeps no work to do: its planned visits
        (and their events), its events to come and its open activities are cancelled."""
        now = fields.Datetime.now()
        for file in self:
            visits = file.visit_ids.filtered(lambda v: v.state == "planned")
            activities = file.activity_ids
            events = (
                self.env["calendar.event"]
                .sudo()
                .search(file._calendar_events_domain() + [("start", ">=", now)])
            )
            if not (visits or activities or events):
                continue
            visits.action_cancel()
            events.with_context(**{SYNC_CONTEXT_KEY: True}).unlink()
            # The activities may be assigned to others than the one who closes the file.
            file.sudo().activity_ids.exists().unlink()
            file.message_post(
                body=self.env._(
                    "File closed: %(visits)s planned visit(s), %(events)s meeting(s) to come and "
                    "%(activities)s open activity(ies) cancelled.",
                    visits=len(visits),
                    events=len(events),
                    activities=len(activities),
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _log_reopening(self, previous_steps):
        for file in self:
            file.message_post(
                body=self.env._(
                    "File reopened by %(user)s: moved from “%(old)s” back to “%(new)s”.",
                    user=self.env.user.name,
                    old=previous_steps[file].name,
                    new=file.stage_id.name,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def action_view_calendar_events(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("calendar.action_calendar_event")
        action.update(
            domain=self._calendar_events_domain(file_dates_only=False),
            context={
                "default_res_model_id": self.env["ir.model"]._get_id(self._name),
                "default_res_id": self.id,
                "default_partner_ids": [
                    partner.id for partner in (self.user_id | self.facilitator_id).partner_id
                ],
            },
        )
        return action

    @api.model
    def _cron_refresh_board_dates(self):
        """Once a day: the files whose deadline passed become late, and the cards move on to
        the next appointment when the last one is over. Only the files that change are
        written."""
        today = fields.Date.context_today(self)
        stale = self.with_context(active_test=False).search(
            [
                "|",
                "|",
                "&",
                ("is_late", "=", False),
                ("stage_deadline", "<", today),
                "&",
                ("is_late", "=", True),
                "|",
                ("stage_deadline", "=", False),
                ("stage_deadline", ">=", today),
                ("next_appointment_date", "<", today),
            ]
        )
        for fname in ("is_late", "board_status", "next_appointment_date"):
            self.env.add_to_compute(self._fields[fname], stale)
        stale.flush_recordset()

    @api.model
    def _cron_send_late_digest(self):
        """Once a week: one e-mail to each support staff member and facilitator listing their
        late files, in their language; nobody who has none gets a mail."""
        self._cron_refresh_board_dates()
        late_files = self.search([("is_late", "=", True)], order="stage_deadline, id")
        files_by_person = {}
        for file in late_files:
            for person in file.user_id | file.facilitator_id:
                files_by_person.setdefault(person, self.browse())
                files_by_person[person] |= file
        template = self.env.ref("housing_accompaniment.mail_template_late_digest")
        for person, files in files_by_person.items():
            if person.active and not person.share and person.email:
                template.with_context(housing_late_file_ids=files.ids).send_mail(
                    person.id, email_layout_xmlid="mail.mail_notification_light"
                )
