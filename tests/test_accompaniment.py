import base64
from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import HousingCase

# A 1x1 PNG: a worksite photo.
PNG_1PX = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQ"
    "AAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestAccompaniment(HousingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Accompaniment = cls.env["housing.accompaniment"]
        cls.candidate = cls._household("Mme Candidate", entry_type="new_entrant", is_dalo=True)
        cls.tenant = cls._household(
            "Mme Ara", dwelling_id=cls.dwellings[0].id, referent_partner_id=cls.referent.id
        )

    def _ara_file(self, **vals):
        return self.Accompaniment.create(
            dict(
                {
                    "household_id": self.tenant.id,
                    "workflow": "ara",
                    "referral_date": date(2017, 3, 15),
                    "facilitator_id": self.facilitator.id,
                },
                **vals,
            )
        )

    def _attach(self, file, *codes, raw=b"%PDF-1.4\n%%EOF\n"):
        """Attach a document of each type ``codes`` to ``file``."""
        for code in codes:
            self.env["ir.attachment"].create(
                {
                    "name": f"{code}.pdf",
                    "raw": raw,
                    "res_model": "housing.accompaniment",
                    "res_id": file.id,
                    "housing_document_type_id": self.env.ref(
                        f"housing_accompaniment.document_type_{code}"
                    ).id,
                }
            )

    def test_new_entrant_full_lifecycle(self):
        file = self.Accompaniment.with_user(self.staff).create(
            {"household_id": self.candidate.id, "workflow": "new_entrant"}
        )
        self.assertEqual(file.stage_id, self._stage("ne_designation"))
        self.assertEqual(file.request_type, "new_entrant")
        self.assertEqual(file.user_id, self.staff)
        self.assertTrue(file.name.startswith("ACC-"))
        self.assertEqual(
            len(file.right_line_ids),
            self.env["housing.right.type"].search_count([]),
            "the rights checklist is copied on the file",
        )
        with self.assertRaisesRegex(UserError, "Préfecture designation|Designation Date"):
            file.action_next_step()
        self.assertEqual(file.stage_id, self._stage("ne_designation"))

        file.write({"designation_date": date(2017, 2, 1), "designation_type": "dalo"})
        self.assertEqual(file.start_date, date(2017, 2, 1), "starts on the designation")
        with self.assertRaisesRegex(UserError, "Préfecture's notification"):
            file.action_next_step()
        self._attach(file, "ne_notification")
        file.action_next_step()
        self.assertEqual(file.stage_id, self._stage("ne_contact"))
        file.contact_date = date(2017, 2, 6)
        file.action_next_step()
        file.write(
            {
                "interview_date": date(2017, 2, 20),
                "committee_date": date(2017, 3, 2),
                "committee_decision": "allocated",
            }
        )
        file.action_next_step()
        self.assertEqual(file.stage_id, self._stage("ne_possession"))
        with self.assertRaisesRegex(UserError, "Move-in Date|Dwelling"):
            file.action_next_step()
        file.write(
            {
                "dwelling_id": self.dwellings[1].id,
                "lease_signature_date": date(2017, 3, 20),
                "move_in_date": date(2017, 3, 25),
            }
        )
        with self.assertRaisesRegex(UserError, "Check-in inspection"):
            file.action_next_step()
        self._attach(file, "ne_lease", "ne_check_in")
        file.action_next_step()
        self.assertEqual(file.stage_id, self._stage("ne_rights"))
        with self.assertRaisesRegex(UserError, "decision on every right"):
            file.action_next_step()
        file.right_line_ids.write({"status": "opened", "status_date": date(2017, 4, 10)})
        self._attach(file, "ne_insurance")
        file.action_next_step()
        file.appropriation_notes = "<p>Settled in, curtains up.</p>"
        file.action_next_step()
        self.assertEqual(file.stage_id, self._stage("ne_orientation"))
        with self.assertRaisesRegex(UserError, "Oriented to"):
            file.action_next_step()
        file.write({"mainstream_service_id": self.service.id, "orientation_date": date(2017, 9, 1)})
        with freeze_time("2017-09-05"):
            file.action_next_step()
        self.assertTrue(file.is_closed)
        self.assertEqual(file.outcome, "completed")
        self.assertEqual(file.close_date, date(2017, 9, 5))

    def test_transfer_request_needs_no_designation(self):
        household = self._household(
            "M. Transfer", entry_type="transfer", dwelling_id=self.dwellings[2].id
        )
        file = self.Accompaniment.create({"household_id": household.id, "workflow": "new_entrant"})
        self.assertEqual(file.request_type, "transfer")
        self.assertEqual(file.dwelling_id, self.dwellings[2])
        file.action_next_step()
        self.assertEqual(file.stage_id, self._stage("ne_contact"))

    def test_ara_full_lifecycle(self):
        file = self._ara_file()
        self.assertEqual(file.stage_id, self._stage("ara_referral"))
        self.assertEqual(file.referent_partner_id, self.referent, "from the household")
        self.assertEqual(file.dwelling_id, self.dwellings[0])
        self.assertTrue(file.is_qpv)
        file.action_next_step()
        self.assertEqual(file.stage_id, self._stage("ara_tripartite"))
        self.assertIn("Tripartite meeting", file.next_step_missing)
        # A tripartite visit done gives its date to the file.
        visit = self.env["housing.visit"].create(
            {
                "accompaniment_id": file.id,
                "visit_type": "tripartite",
                "visit_datetime": datetime(2017, 4, 3, 10, 0),
                "with_referent": True,
                "with_facilitator": True,
            }
        )
        self.assertFalse(file.tripartite_meeting_date, "planned, not done yet")
        visit.action_done()
        self.assertEqual(file.tripartite_meeting_date, date(2017, 4, 3))
        file.action_next_step()
        with self.assertRaisesRegex(UserError, "preparation visit done"):
            file.action_next_step()
        self.env["housing.visit"].create(
            {
                "accompaniment_id": file.id,
                "visit_type": "preparation",
                "state": "done",
                "visit_datetime": datetime(2017, 4, 10, 14, 0),
            }
        )
        file.action_next_step()
        self.assertEqual(file.stage_id, self._stage("ara_purchase"))
        # A worksite cannot start without its purchases and start date.
        with self.assertRaisesRegex(UserError, "material purchases"):
            file.action_next_step()
        file.write(
            {
                "budget_amount": 500.0,
                "purchase_line_ids": [
                    Command.create({"name": "Paint 10 L", "quantity": 3, "unit_cost": 45.5}),
                    Command.create({"name": "Rollers", "quantity": 4, "unit_cost": 6.25}),
                ],
                "worksite_start_date": date(2017, 5, 2),
            }
        )
        self.assertAlmostEqual(file.spent_amount, 161.5)
        self.assertAlmostEqual(file.budget_left, 338.5)
        with self.assertRaisesRegex(UserError, "Purchase receipts"):
            file.action_next_step()
        self._attach(file, "ara_receipts")
        file.action_next_step()
        self.assertEqual(file.stage_id, self._stage("ara_worksite"))
        file.write(
            {
                "work_item_ids": [
                    Command.create({"room": "living_room", "nature": "painting", "is_done": True})
                ],
                "worksite_end_date": date(2017, 5, 20),
                "household_hours": 30,
                "volunteer_hours": 12,
            }
        )
        file.action_next_step()
        self.assertEqual(file.stage_id, self._stage("ara_encouragement"))
        with self.assertRaisesRegex(UserError, "encouragement visit done"):
            file.action_next_step()
        self.env["housing.visit"].create(
            {
                "accompaniment_id": file.id,
                "visit_type": "encouragement",
                "state": "done",
                "visit_datetime": datetime(2017, 6, 20, 14, 0),
            }
        )
        self._attach(file, "ara_photos", raw=base64.b64decode(PNG_1PX))
        file.action_next_step()
        self.assertEqual(file.stage_id, self._stage("ara_review"))
        # An ARA cannot close without its review.
        with self.assertRaisesRegex(UserError, "Review visit"):
            file.action_next_step()
        file.write({"works_completed": "all", "continued_autonomously": True})
        self.env["housing.visit"].create(
            {
                "accompaniment_id": file.id,
                "visit_type": "review",
                "state": "done",
                "visit_datetime": datetime(2017, 9, 12, 10, 0),
                "with_referent": True,
                "with_facilitator": True,
            }
        )
        self.assertEqual(file.review_date, date(2017, 9, 12), "from the review visit")
        file.action_next_step()
        self.assertTrue(file.is_closed)
        self.assertEqual(file.outcome, "completed")

    def test_worksite_cannot_start_without_tripartite_meeting(self):
        file = self._ara_file()
        with self.assertRaisesRegex(UserError, "Tripartite meeting") as error:
            file.stage_id = self._stage("ara_worksite")
        self.assertIn("ask a manager to force", str(error.exception))
        self.assertEqual(file.stage_id, self._stage("ara_referral"))

    def test_refused_step_writes_nothing(self):
        """Fields saved together with a refused step are not kept either."""
        file = self._ara_file()
        with self.assertRaises(UserError):
            file.write({"stage_id": self._stage("ara_worksite").id, "budget_amount": 999})
        self.assertEqual(file.budget_amount, 0)
        # Filled together with the step they allow, they pass.
        without_facilitator = self._ara_file(
            household_id=self._household("M. Unassigned", referent_partner_id=self.referent.id).id,
            facilitator_id=False,
        )
        without_facilitator.write(
            {"stage_id": self._stage("ara_tripartite").id, "facilitator_id": self.facilitator.id}
        )
        self.assertEqual(without_facilitator.stage_id, self._stage("ara_tripartite"))

    def test_moving_back_needs_nothing(self):
        file = self._ara_file()
        file.action_next_step()
        file.stage_id = self._stage("ara_referral")
        self.assertEqual(file.stage_id, self._stage("ara_referral"))

    def test_manager_override_is_logged(self):
        file = self._ara_file()
        wizard = Form(
            self.env["housing.stage.override.wizard"]
            .with_user(self.manager)
            .with_context(default_accompaniment_id=file.id)
        )
        wizard.stage_id = self._stage("ara_worksite")
        self.assertIn("Tripartite meeting", wizard.missing)
        wizard.reason = "Urgent: water damage, the meeting is held on the worksite."
        wizard.save().action_confirm()
        self.assertEqual(file.stage_id, self._stage("ara_worksite"))
        message = file.message_ids[0]
        self.assertIn("Step forced", message.body)
        self.assertIn("water damage", message.body)

    def test_override_refused_to_non_manager(self):
        file = self._ara_file()
        wizard = self.env["housing.stage.override.wizard"].with_user(self.staff)
        with self.assertRaises(AccessError):  # the wizard is for managers
            wizard.create(
                {
                    "accompaniment_id": file.id,
                    "stage_id": self._stage("ara_worksite").id,
                    "reason": "no",
                }
            ).action_confirm()
        self.assertEqual(file.stage_id, self._stage("ara_referral"))

    def test_abandon_from_any_step(self):
        file = self._ara_file()
        wizard = self.env["housing.accompaniment.close.wizard"].create(
            {
                "accompaniment_id": file.id,
                "abandon_reason_id": self.env.ref("housing_accompaniment.abandon_reason_moved").id,
                "abandon_reason": "The household moved out of the region.",
                "close_date": date(2017, 6, 1),
            }
        )
        wizard.action_confirm()
        self.assertEqual(file.stage_id, self._stage("ara_closed"))
        self.assertEqual(file.outcome, "abandoned")
        self.assertEqual(file.close_date, date(2017, 6, 1))
        # Reopening clears the closing.
        file.stage_id = self._stage("ara_referral")
        self.assertFalse(file.close_date)
        self.assertFalse(file.outcome)

    def test_one_open_file_per_household_and_workflow(self):
        first = self._ara_file()
        with self.assertRaisesRegex(ValidationError, "already has an open file"):
            self._ara_file()
        # Another workflow is fine.
        self.Accompaniment.create({"household_id": self.tenant.id, "workflow": "new_entrant"})
        # Once the first is closed, a new ARA may start.
        first.write({"outcome": "abandoned", "abandon_reason": "x"})
        first.stage_id = self._stage("ara_closed")
        second = self._ara_file()
        self.assertEqual(second.stage_id, self._stage("ara_referral"))

    def test_stage_of_another_workflow_refused(self):
        file = self._ara_file()
        with self.assertRaisesRegex(ValidationError, "belongs to another workflow"):
            file.with_context(housing_stage_override=True).stage_id = self._stage("ne_contact")

    def test_board_columns(self):
        """Each board lists its own workflow's columns, the empty ones included."""
        self._ara_file()
        for workflow, codes in (
            (
                "ara",
                [
                    "ara_referral",
                    "ara_tripartite",
                    "ara_preparation",
                    "ara_purchase",
                    "ara_worksite",
                    "ara_encouragement",
                    "ara_review",
                    "ara_closed",
                ],
            ),
            (
                "new_entrant",
                [
                    "ne_designation",
                    "ne_contact",
                    "ne_interview",
                    "ne_possession",
                    "ne_rights",
                    "ne_appropriation",
                    "ne_orientation",
                    "ne_closed",
                ],
            ),
        ):
            Board = self.Accompaniment.with_context(default_workflow=workflow)
            groups = Board.web_read_group(
                [("workflow", "=", workflow)], ["stage_id"], ["stage_id"]
            )["groups"]
            self.assertEqual(
                [group["stage_id"][0] for group in groups],
                [self._stage(code).id for code in codes],
            )
        closed = self._stage("ara_closed")
        self.assertTrue(closed.fold and closed.is_closing)

    def test_quick_create_takes_the_board_workflow(self):
        form = Form(
            self.Accompaniment.with_context(default_workflow="ara"),
            view="housing_accompaniment.view_housing_accompaniment_form_quick_create",
        )
        form.household_id = self.tenant
        file = form.save()
        self.assertEqual(file.workflow, "ara")
        self.assertEqual(file.stage_id, self._stage("ara_referral"))

    def test_dates_and_days_in_step(self):
        with freeze_time("2017-03-21 09:00:00"):
            file = self._ara_file()
            self.assertEqual(file.start_date, date(2017, 3, 15), "starts on the referral")
            self.assertEqual(file.date_last_stage_update, datetime(2017, 3, 21, 9, 0))
        with freeze_time("2017-03-31 10:00:00"):
            file.invalidate_recordset(["days_in_stage"])
            self.assertEqual(file.days_in_stage, 10)
            file.action_next_step()
            self.assertEqual(file.date_last_stage_update, datetime(2017, 3, 31, 10, 0))
            file.invalidate_recordset(["days_in_stage"])
            self.assertEqual(file.days_in_stage, 0)
        with self.assertRaisesRegex(ValidationError, "closes before it starts"):
            file.close_date = file.start_date - timedelta(days=1)
        with self.assertRaisesRegex(ValidationError, "ends before it starts"):
            file.write(
                {"worksite_start_date": date(2017, 5, 2), "worksite_end_date": date(2017, 5, 1)}
            )

    def test_dwelling_kept_when_household_moves(self):
        file = self._ara_file()
        self.tenant.dwelling_id = self.dwellings[3]
        self.assertEqual(file.dwelling_id, self.dwellings[0], "the file keeps its dwelling")

    def test_planned_visit_schedules_an_activity(self):
        file = self._ara_file()
        file.activity_ids.unlink()  # the referral step's plan, tested in test_board_work
        visit = self.env["housing.visit"].create(
            {
                "accompaniment_id": file.id,
                "visit_type": "preparation",
                "visit_datetime": datetime(2030, 1, 15, 9, 0),
                "user_id": self.facilitator.id,
            }
        )
        # The planned visit is the file's next activity: the board's card shows it.
        self.assertEqual(file.activity_ids, visit.activity_id)
        self.assertEqual(file.activity_ids.user_id, self.facilitator)
        self.assertEqual(file.activity_ids.date_deadline, date(2030, 1, 15))
        visit.visit_datetime = datetime(2030, 1, 22, 9, 0)
        self.assertEqual(file.activity_ids.date_deadline, date(2030, 1, 22), "rescheduled")
        self.assertEqual(len(file.activity_ids), 1)
        with freeze_time("2030-01-22 18:00:00"):  # a visit is marked done once it took place
            visit.action_done()
        self.assertFalse(file.activity_ids, "done: the activity is marked done")
        self.assertIn("Visit done", file.message_ids[0].body)
        self.assertEqual(file.visit_count, 1)
        cancelled = self.env["housing.visit"].create(
            {"accompaniment_id": file.id, "visit_datetime": datetime(2030, 2, 1, 9, 0)}
        )
        self.assertEqual(len(file.activity_ids), 1)
        cancelled.action_cancel()
        self.assertFalse(file.activity_ids, "cancelled: the activity goes")

    def test_negative_values_refused(self):
        file = self._ara_file()
        with self.assertRaisesRegex(ValidationError, "quantity must be positive"):
            file.purchase_line_ids = [Command.create({"name": "x", "quantity": -1, "unit_cost": 2})]
        with self.assertRaisesRegex(ValidationError, "Hours cannot be negative"):
            file.household_hours = -3
        with self.assertRaisesRegex(ValidationError, "budget cannot be negative"):
            file.budget_amount = -1
