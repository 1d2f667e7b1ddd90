import io
from datetime import date, datetime, timedelta

import openpyxl
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import HousingCase
from .test_activity_report import sheet_values

QUICK_CREATE_VIEW = "housing_accompaniment.view_housing_accompaniment_form_quick_create"


@tagged("post_install", "-at_install")
class TestBoardWork(HousingCase):
    """The board drives the work: the steps' activity plans, deadlines and the weekly digest,
    the calendar, closing a file cleanly, the quick create."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Accompaniment = cls.env["housing.accompaniment"]
        cls.staff_b = cls.staff.copy({"login": "housing_staff_b", "name": "Staff B"})
        for user in (cls.staff, cls.staff_b, cls.facilitator):
            user.email = f"{user.login}@example.com"
        cls.tenant = cls._household(
            "Ara Tenant", dwelling_id=cls.dwellings[0].id, referent_partner_id=cls.referent.id
        )
        cls.candidate = cls._household("Candidate", dwelling_id=cls.dwellings[1].id)

    def _ara_file(self, **vals):
        return self.Accompaniment.create(
            dict(
                {
                    "household_id": self.tenant.id,
                    "workflow": "ara",
                    "referral_date": date(2017, 3, 15),
                    "user_id": self.staff.id,
                    "facilitator_id": self.facilitator.id,
                },
                **vals,
            )
        )

    def _ne_file(self, **vals):
        return self.Accompaniment.create(
            dict(
                {
                    "household_id": self.candidate.id,
                    "workflow": "new_entrant",
                    "user_id": self.staff.id,
                },
                **vals,
            )
        )

    def _events(self, file):
        return self.env["calendar.event"].search(
            [("res_model", "=", file._name), ("res_id", "=", file.id)], order="start"
        )

    # ------------------------------------------------------------------
    # Activity plans
    # ------------------------------------------------------------------
    def test_entering_a_step_launches_its_plan(self):
        today = fields.Date.context_today(self.Accompaniment)
        file = self._ara_file()
        by_summary = {activity.summary: activity for activity in file.activity_ids}
        self.assertEqual(
            set(by_summary),
            {"Accept the referral and assign a facilitator", "Book the tripartite meeting"},
        )
        accept = by_summary["Accept the referral and assign a facilitator"]
        self.assertEqual(accept.user_id, self.staff, "for the support staff")
        self.assertEqual(accept.date_deadline, today + timedelta(days=3))
        book = by_summary["Book the tripartite meeting"]
        self.assertEqual(book.user_id, self.facilitator, "for the facilitator")
        self.assertEqual(book.date_deadline, today + timedelta(days=7))
        file.activity_ids.unlink()
        file.with_user(self.facilitator).action_next_step()
        self.assertEqual(file.activity_ids.mapped("summary"), ["Plan the first preparation visit"])
        self.assertEqual(file.activity_ids.user_id, self.facilitator)
        # Staying in the step launches nothing more; a new entrant's file gets its own plan.
        file.write({"stage_id": file.stage_id.id, "kanban_state": "done"})
        self.assertEqual(len(file.activity_ids), 1)
        candidate = self._ne_file()
        self.assertIn("Call the candidate within 3 days", candidate.activity_ids.mapped("summary"))
        self.assertEqual(candidate.activity_ids.user_id, self.staff)

    def test_coming_back_to_a_step_does_not_plan_its_open_work_twice(self):
        """Dragged back and forth, a file keeps one activity per open task of the step's
        plan; once the task is done, coming back plans it again."""
        file = self._ara_file()
        referral = file.stage_id
        file.activity_ids.filtered(lambda a: a.user_id == self.staff).action_feedback("done")
        self.assertEqual(file.activity_ids.mapped("summary"), ["Book the tripartite meeting"])
        file.with_user(self.facilitator).action_next_step()
        file.with_user(self.facilitator).write({"stage_id": referral.id})
        self.assertEqual(
            sorted(file.activity_ids.mapped("summary")),
            [
                "Accept the referral and assign a facilitator",  # done before: planned again
                "Book the tripartite meeting",  # still open: not twice
                "Plan the first preparation visit",
            ],
        )
        file.with_user(self.facilitator).action_next_step()
        self.assertEqual(len(file.activity_ids), 3, "the next step's open task is not repeated")

    def test_a_plan_that_holds_a_task_twice_keeps_both(self):
        """Two identical tasks in a plan are two activities, also on coming back once one
        is done; a task without a summary takes its type's, and is not repeated either."""
        plan = self.env.ref("housing_accompaniment.activity_plan_ara_referral")
        accept = plan.template_ids.filtered(
            lambda t: t.summary == "Accept the referral and assign a facilitator"
        )
        accept.copy({"plan_id": plan.id})
        untitled = accept.copy({"plan_id": plan.id, "summary": False})
        untitled.activity_type_id.summary = "Type's own summary"
        file = self._ara_file()
        referral = file.stage_id
        summaries = sorted(file.activity_ids.mapped("summary"))
        self.assertEqual(
            summaries,
            [
                "Accept the referral and assign a facilitator",
                "Accept the referral and assign a facilitator",
                "Book the tripartite meeting",
                "Type's own summary",
            ],
        )
        file.activity_ids.filtered(
            lambda a: a.summary == "Accept the referral and assign a facilitator"
        )[:1].action_feedback("done")
        file.with_user(self.facilitator).action_next_step()
        file.with_user(self.facilitator).write({"stage_id": referral.id})
        self.assertEqual(
            sorted(file.activity_ids.mapped("summary")),
            sorted([*summaries, "Plan the first preparation visit"]),
            "the done task is planned again, the open ones are not repeated",
        )

    def test_managers_edit_the_plans(self):
        plan = self.env.ref("housing_accompaniment.activity_plan_ara_referral")
        self.assertEqual(self._stage("ara_referral").activity_plan_id, plan)
        plan.with_user(self.manager).template_ids[0].summary = "Call the referent"
        self.assertEqual(self._ara_file().activity_ids[0].summary, "Call the referent")
        with self.assertRaises(AccessError):
            plan.with_user(self.staff).name = "Mine"

    def test_a_facilitator_less_file_gives_the_facilitator_activities_to_its_staff(self):
        file = self._ara_file(facilitator_id=False)
        self.assertEqual(file.activity_ids.user_id, self.staff)

    def test_generated_work_reads_in_the_assignee_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["housing_accompaniment"], ["fr_FR"], overwrite=True
        )
        self.facilitator.lang = "fr_FR"
        template = self.env.ref("housing_accompaniment.activity_plan_ara_referral_2")
        template.with_context(lang="fr_FR").summary = "Fixer la rencontre tripartite"
        file = self._ara_file()
        summaries = {activity.user_id: activity.summary for activity in file.activity_ids}
        self.assertEqual(summaries[self.facilitator], "Fixer la rencontre tripartite")
        self.assertEqual(summaries[self.staff], "Accept the referral and assign a facilitator")
        file.activity_ids.unlink()
        visit = self.env["housing.visit"].create(
            {
                "accompaniment_id": file.id,
                "visit_type": "preparation",
                "visit_datetime": datetime(2030, 1, 15, 9, 0),
                "user_id": self.facilitator.id,
            }
        )
        self.assertEqual(
            visit.activity_id.summary, f"Visite : Préparation · {self.tenant.display_name}"
        )
        self.assertTrue(visit.event_id.name.startswith("Préparation · "), visit.event_id.name)

    # ------------------------------------------------------------------
    # Deadlines and the weekly digest
    # ------------------------------------------------------------------
    def test_late_files_can_be_filtered_sorted_and_grouped(self):
        stage = self._stage("ara_referral")
        self.assertEqual(stage.target_duration_days, 15)
        with freeze_time("2026-03-01 10:00:00"):
            early = self._ara_file()
        with freeze_time("2026-03-10 10:00:00"):
            later = self._ara_file(household_id=self.candidate.id)
        self.assertEqual(early.stage_deadline, date(2026, 3, 16))
        self.assertEqual(later.stage_deadline, date(2026, 3, 25))
        files = early | later
        domain = [("id", "in", files.ids)]
        with freeze_time("2026-03-20 08:00:00"):
            self.Accompaniment._cron_refresh_board_dates()
            self.assertTrue(early.is_late)
            self.assertFalse(later.is_late)
            self.assertEqual(early.board_status, "late")
            self.assertEqual(later.board_status, "on_time")
            self.assertEqual(self.Accompaniment.search(domain + [("is_late", "=", True)]), early)
            self.assertEqual(
                self.Accompaniment.search(domain, order="stage_deadline desc"), later | early
            )
            groups = dict(self.Accompaniment._read_group(domain, ["is_late"], ["__count"]))
            self.assertEqual(groups, {True: 1, False: 1})
            later.kanban_state = "blocked"
            self.assertEqual(later.board_status, "blocked")
            colors = {"on_time": "success", "late": "danger", "blocked": "warning"}
            progress = self.Accompaniment.read_progress_bar(
                domain, "stage_id", {"field": "board_status", "colors": colors}
            )
            self.assertEqual(list(progress.values()), [{"late": 1, "blocked": 1, "on_time": 0}])
            # Moving on to the next step puts the file on time again.
            early.action_next_step()
            self.assertFalse(early.is_late)
            self.assertEqual(early.stage_deadline, date(2026, 4, 4))

    def _digest_mails(self, user):
        return self.env["mail.mail"].search(
            [
                ("recipient_ids", "in", user.partner_id.ids),
                ("subject", "=", "Your late accompaniment files"),
            ]
        )

    def test_weekly_digest_lists_each_person_late_files(self):
        with freeze_time("2026-03-01 10:00:00"):
            ara = self._ara_file()
            candidate = self._ne_file(user_id=self.staff_b.id)
            new_file = self._ne_file(
                household_id=self._household("Recent").id, user_id=self.staff.id
            )
        with freeze_time("2026-03-05 10:00:00"):
            new_file.with_context(housing_stage_override=True).stage_id = self._stage(
                "ne_possession"
            )
        with freeze_time("2026-03-20 08:00:00"):
            # ARA referral: 15 days, new entrants' designation: 7 days, taking possession: 30.
            self.Accompaniment._cron_send_late_digest()
        self.assertTrue(ara.is_late and candidate.is_late)
        self.assertFalse(new_file.is_late)
        staff_mail = self._digest_mails(self.staff)
        self.assertEqual(len(staff_mail), 1, "one mail for the staff member")
        self.assertIn(ara.name, staff_mail.body_html)
        self.assertNotIn(candidate.name, staff_mail.body_html)
        self.assertNotIn(new_file.name, staff_mail.body_html, "on time")
        facilitator_mail = self._digest_mails(self.facilitator)
        self.assertEqual(len(facilitator_mail), 1)
        self.assertIn(ara.name, facilitator_mail.body_html)
        self.assertIn("Referral by the social referent", facilitator_mail.body_html)
        staff_b_mail = self._digest_mails(self.staff_b)
        self.assertEqual(len(staff_b_mail), 1)
        self.assertIn(candidate.name, staff_b_mail.body_html)
        self.assertNotIn(ara.name, staff_b_mail.body_html)

    def test_no_digest_when_nothing_is_late(self):
        with freeze_time("2026-03-01 10:00:00"):
            self._ara_file()
        with freeze_time("2026-03-05 08:00:00"):
            self.Accompaniment._cron_send_late_digest()
        self.assertFalse(self._digest_mails(self.staff))
        self.assertFalse(self._digest_mails(self.facilitator))

    # ------------------------------------------------------------------
    # The calendar
    # ------------------------------------------------------------------
    def test_file_dates_and_calendar_events_move_together(self):
        file = self._ara_file()
        self.assertFalse(self._events(file))
        file.tripartite_meeting_date = date(2030, 4, 2)
        event = self._events(file)
        self.assertEqual(len(event), 1)
        self.assertEqual(event.name, f"Tripartite meeting · {file.name}")
        self.assertNotIn("Ara Tenant", event.name, "no household in the title")
        self.assertTrue(event.allday)
        self.assertEqual(event.start_date, date(2030, 4, 2))
        self.assertEqual(event.location, "1 rue du Test, 13090 Aix-en-Provence")
        self.assertEqual(
            event.partner_ids,
            self.staff.partner_id | self.facilitator.partner_id | self.referent,
            "staff, facilitator and the referent as an external attendee",
        )
        self.assertEqual(event.user_id, self.staff)
        self.assertEqual(event.privacy, "private", "others see a busy slot only")
        self.env.invalidate_all()
        self.assertEqual(
            event.with_user(self.accountant).read(["name", "location"])[0]["name"], "Busy"
        )
        self.assertEqual(file.next_appointment_date, date(2030, 4, 2))
        # The event moved on the calendar moves the file's date.
        event.write({"start_date": date(2030, 4, 9), "stop_date": date(2030, 4, 9)})
        self.assertEqual(file.tripartite_meeting_date, date(2030, 4, 9))
        self.assertEqual(file.next_appointment_date, date(2030, 4, 9))
        # And back: the file's date moves the event, without a second event.
        file.tripartite_meeting_date = date(2030, 4, 16)
        self.assertEqual(self._events(file), event)
        self.assertEqual(event.start_date, date(2030, 4, 16))
        # A new facilitator attends instead of the former one.
        file.facilitator_id = self.other_facilitator
        self.assertIn(self.other_facilitator.partner_id, event.partner_ids)
        self.assertNotIn(self.facilitator.partner_id, event.partner_ids)
        file.tripartite_meeting_date = False
        self.assertFalse(event.exists(), "no date, no event")

    def test_a_tripartite_visit_is_the_meeting_of_the_file(self):
        """The tripartite meeting held as a visit is on the calendar once, as the visit."""
        file = self._ara_file(tripartite_meeting_date=date(2030, 4, 2))
        self.assertEqual(len(self._events(file)), 1)
        visit = self.env["housing.visit"].create(
            {
                "accompaniment_id": file.id,
                "visit_type": "tripartite",
                "visit_datetime": datetime(2030, 4, 2, 9, 0),
                "user_id": self.facilitator.id,
            }
        )
        self.assertEqual(self._events(file), visit.event_id, "one event: the visit's")
        visit.action_cancel()
        event = self._events(file)
        self.assertEqual(event.housing_date_field, "tripartite_meeting_date", "the file's again")
        self.assertEqual(event.start_date, date(2030, 4, 2))

    def test_appointment_is_a_timed_event(self):
        file = self._ne_file(appointment_datetime=datetime(2030, 5, 6, 13, 30))
        event = self._events(file)
        self.assertEqual(event.name, f"Appointment · {file.name}")
        self.assertFalse(event.allday)
        self.assertEqual(event.start, datetime(2030, 5, 6, 13, 30))
        self.assertEqual(event.stop, datetime(2030, 5, 6, 14, 30), "one hour by default")
        self.assertEqual(event.partner_ids, self.staff.partner_id)
        event.write({"start": datetime(2030, 5, 7, 8, 0), "stop": datetime(2030, 5, 7, 9, 30)})
        self.assertEqual(file.appointment_datetime, datetime(2030, 5, 7, 8, 0))
        file.committee_date = date(2030, 6, 1)
        self.assertEqual(len(self._events(file)), 2)
        self.assertEqual(file.next_appointment_date, date(2030, 5, 7))

    def test_visit_and_its_event_move_together(self):
        file = self._ara_file()
        visit = self.env["housing.visit"].create(
            {
                "accompaniment_id": file.id,
                "visit_type": "preparation",
                "visit_datetime": datetime(2030, 1, 15, 9, 0),
                "duration": 2.0,
                "user_id": self.facilitator.id,
                "with_referent": True,
            }
        )
        event = visit.event_id
        self.assertEqual(event.name, f"Preparation · {file.name}")
        self.assertEqual(event.start, datetime(2030, 1, 15, 9, 0))
        self.assertEqual(event.stop, datetime(2030, 1, 15, 11, 0))
        self.assertEqual(event.partner_ids, self.facilitator.partner_id | self.referent)
        self.assertEqual(event.privacy, "private")
        file.invalidate_recordset()
        self.assertEqual(file.calendar_event_count, 1, "the visit is among the file's meetings")
        self.assertEqual(event.location, "1 rue du Test, 13090 Aix-en-Provence")
        event.write({"start": datetime(2030, 1, 16, 14, 0), "stop": datetime(2030, 1, 16, 17, 0)})
        self.assertEqual(visit.visit_datetime, datetime(2030, 1, 16, 14, 0))
        self.assertEqual(visit.duration, 3.0)
        self.assertEqual(visit.activity_id.date_deadline, date(2030, 1, 16), "the to-do follows")
        self.assertEqual(file.next_appointment_date, date(2030, 1, 16))
        visit.visit_datetime = datetime(2030, 1, 20, 9, 0)
        self.assertEqual(event.start, datetime(2030, 1, 20, 9, 0))
        self.assertEqual(event.stop, datetime(2030, 1, 20, 12, 0))
        visit.action_cancel()
        self.assertFalse(event.exists(), "a cancelled visit leaves the calendar")
        self.assertFalse(file.next_appointment_date)

    # ------------------------------------------------------------------
    # Closing cleanly
    # ------------------------------------------------------------------
    def _abandon(self, file, reason, details=False):
        return (
            self.env["housing.accompaniment.close.wizard"]
            .with_user(self.staff)
            .create(
                {
                    "accompaniment_id": file.id,
                    "abandon_reason_id": self.env.ref(
                        f"housing_accompaniment.abandon_reason_{reason}"
                    ).id,
                    "abandon_reason": details,
                }
            )
            .action_confirm()
        )

    def test_abandon_cancels_the_work_to_come(self):
        file = self._ara_file(tripartite_meeting_date=date(2017, 3, 30))
        file.review_date = date(2030, 9, 1)
        Visit = self.env["housing.visit"]
        planned = Visit.create(
            {
                "accompaniment_id": file.id,
                "visit_type": "preparation",
                "visit_datetime": datetime(2030, 1, 15, 9, 0),
                "user_id": self.facilitator.id,
            }
        )
        done = Visit.create(
            {
                "accompaniment_id": file.id,
                "visit_type": "tripartite",
                "visit_datetime": datetime(2017, 4, 1, 9, 0),
                "state": "done",
            }
        )
        planned_event, done_event = planned.event_id, done.event_id
        self.assertTrue(file.activity_ids.filtered(lambda a: a.user_id == self.staff))
        past_event = self._events(file).filtered(
            lambda e: e.housing_date_field == "tripartite_meeting_date"
        )
        with self.assertRaisesRegex(UserError, "needs details"):
            self._abandon(file, "other")
        self.assertFalse(file.is_closed, "nothing written")
        self.assertEqual(planned.state, "planned")
        self._abandon(file, "moved")
        self.assertEqual(file.stage_id, self._stage("ara_closed"))
        self.assertEqual(file.abandon_reason_id.name, "Household moved")
        self.assertEqual(planned.state, "cancelled")
        self.assertFalse(planned_event.exists())
        self.assertFalse(file.activity_ids, "the open activities are cancelled, whoever holds them")
        self.assertFalse(
            self._events(file).filtered(lambda e: e.housing_date_field == "review_date"),
            "the review to come is off the calendar",
        )
        self.assertTrue(past_event.exists(), "past meetings stay on the calendar")
        self.assertTrue(done_event.exists())
        self.assertEqual(done.state, "done")
        self.assertIn("1 planned visit(s)", file.message_ids[0].body)
        self.assertFalse(file.next_appointment_date)
        self.assertFalse(file.is_late)

    def test_reopening_is_logged_and_clears_the_closing(self):
        file = self._ara_file()
        self._abandon(file, "other", "The family left the region.")
        self.assertEqual(file.abandon_reason, "The family left the region.")
        file.with_user(self.staff).stage_id = self._stage("ara_referral")
        self.assertFalse(file.outcome or file.abandon_reason_id or file.close_date)
        self.assertIn("File reopened by", file.message_ids[0].body)
        self.assertIn("Closed", file.message_ids[0].body)

    def test_activity_report_counts_abandons_by_reason(self):
        with freeze_time("2026-03-01 10:00:00"):
            first = self._ara_file()
            second = self._ne_file()
            third = self._ne_file(household_id=self._household("Third").id)
            self._abandon(first, "moved")
            self._abandon(second, "moved")
            self._abandon(third, "unreachable")
        Figures = self.env["housing.activity.figures"]
        abandons = Figures._abandons_by_reason(date(2026, 1, 1), date(2026, 12, 31))
        self.assertEqual(
            [(reason.name, count) for reason, count in abandons],
            [("Household moved", 2), ("No longer reachable", 1)],
        )
        ara_only = Figures._abandons_by_reason(date(2026, 1, 1), date(2026, 12, 31), "ara")
        self.assertEqual([count for _reason, count in ara_only], [1])
        self.assertFalse(Figures._abandons_by_reason(date(2025, 1, 1), date(2025, 12, 31)))
        wizard = self.env["housing.activity.report.wizard"].create(
            {"date_from": date(2026, 1, 1), "date_to": date(2026, 12, 31)}
        )
        content, _format = self.env["ir.actions.report"]._render_xlsx(
            "housing_accompaniment.action_report_housing_activity_xlsx", wizard.ids, None
        )
        summary = sheet_values(openpyxl.load_workbook(io.BytesIO(content))["Summary"])
        self.assertEqual(summary["Household moved"][:2], [2, 2 / 3])
        self.assertEqual(summary["No longer reachable"][:2], [1, 1 / 3])
        self.assertEqual(summary["Files abandoned"][0], 3)

    # ------------------------------------------------------------------
    # Quick create
    # ------------------------------------------------------------------
    def _quick_create(self, workflow, code):
        return Form(
            self.Accompaniment.with_user(self.staff).with_context(
                default_workflow=workflow, default_stage_id=self._stage(code).id
            ),
            view=QUICK_CREATE_VIEW,
        )

    def test_quick_create_in_a_later_column(self):
        # A new entrant's later column needs the Préfecture's notification, a document that
        # the quick-create form cannot take: the form says so.
        form = self._quick_create("new_entrant", "ne_interview")
        form.household_id = self.candidate
        self.assertIn("Designation Date", form.creation_missing)
        self.assertIn("First contact", form.creation_missing)
        form.designation_date = date(2017, 2, 1)
        form.contact_date = date(2017, 2, 10)
        self.assertNotIn("First contact", form.creation_missing)
        self.assertIn("Préfecture's notification", form.creation_missing)
        # An ARA file's second column needs only fields the form takes: it is created there.
        ara = self._quick_create("ara", "ara_tripartite")
        ara.household_id = self.tenant
        self.assertEqual(ara.referent_partner_id, self.referent, "from the household")
        self.assertIn("Technical facilitator", ara.creation_missing)
        ara.referral_date = date(2017, 3, 1)
        ara.facilitator_id = self.facilitator
        self.assertFalse(ara.creation_missing)
        self.assertEqual(ara.save().stage_id, self._stage("ara_tripartite"))

    def test_quick_create_says_what_a_column_needs_beyond_it(self):
        form = self._quick_create("ara", "ara_purchase")
        form.household_id = self.tenant
        form.referral_date = date(2017, 3, 1)
        form.facilitator_id = self.facilitator
        form.tripartite_meeting_date = date(2017, 3, 20)
        self.assertIn("a preparation visit done", form.creation_missing)
        self.assertIn("create it in an earlier step", form.creation_missing)
        with self.assertRaisesRegex(UserError, "Missing: .*a preparation visit done"):
            form.save()
        self.assertFalse(self.Accompaniment.search([("household_id", "=", self.tenant.id)]))
