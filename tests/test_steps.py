import io
from datetime import date

import openpyxl

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .steps_common import StepsCase, png_bytes
from .test_activity_report import sheet_values


@tagged("post_install", "-at_install")
class TestStepRequirements(StepsCase):
    """The checks the seed's steps were missing: each blocks, then lets through."""

    def test_committee_decision_needs_the_interview(self):
        household = self._household("M. Candidate", entry_type="new_entrant")
        file = self._create_at_step(
            {
                "household_id": household.id,
                "workflow": "new_entrant",
                "designation_date": date(2017, 2, 1),
                "contact_date": date(2017, 2, 6),
                "stage_id": self._stage("ne_interview").id,
                "committee_date": date(2017, 3, 2),
                "committee_decision": "allocated",
            }
        )
        self._attach(file, "ne_notification")
        self.assertIn("Interview before the committee", file.next_step_missing)
        with self.assertRaisesRegex(UserError, "Interview before the committee"):
            file.action_next_step()
        self.assertEqual(file.stage_id, self._stage("ne_interview"))
        file.interview_date = date(2017, 2, 20)
        self.assertFalse(file.next_step_missing)
        file.action_next_step()
        self.assertEqual(file.stage_id, self._stage("ne_possession"))

    def test_tripartite_meeting_needs_the_three_parties(self):
        file = self._ara_file("ara_tripartite", tripartite_meeting_date=date(2017, 4, 3))
        with self.assertRaisesRegex(UserError, "tripartite meeting done with the household"):
            file.action_next_step()
        visit = self._visit(
            file,
            "tripartite",
            date(2017, 4, 3),
            with_household=True,
            with_referent=False,
            with_facilitator=True,
        )
        self.assertFalse(visit.is_fully_attended)
        with self.assertRaisesRegex(UserError, "tripartite meeting done with the household"):
            file.action_next_step()
        # A planned (not done) visit with the three of them does not count either.
        self._visit(
            file,
            "tripartite",
            date(2017, 4, 10),
            state="planned",
            with_referent=True,
            with_facilitator=True,
        )
        with self.assertRaisesRegex(UserError, "tripartite meeting done with the household"):
            file.action_next_step()
        visit.absence_reason = "The referent was ill; she was called during the visit."
        file.action_next_step()
        self.assertEqual(file.stage_id, self._stage("ara_preparation"))

    def test_tripartite_meeting_with_everyone_passes(self):
        file = self._ara_file("ara_tripartite")
        visit = self._visit(
            file, "tripartite", date(2017, 4, 3), with_referent=True, with_facilitator=True
        )
        self.assertTrue(visit.is_fully_attended)
        self.assertEqual(file.tripartite_meeting_date, date(2017, 4, 3), "the date follows")
        file.action_next_step()
        self.assertEqual(file.stage_id, self._stage("ara_preparation"))

    def test_review_needs_an_encouragement_visit_and_the_photos(self):
        file = self._ara_file("ara_encouragement")
        self._worksite_done(file)
        with self.assertRaisesRegex(UserError, "encouragement visit done") as error:
            file.action_next_step()
        self.assertIn("Worksite photos", str(error.exception))
        self._visit(file, "encouragement", date(2017, 6, 1))
        with self.assertRaisesRegex(UserError, "Worksite photos") as error:
            file.action_next_step()
        self.assertNotIn("encouragement visit", str(error.exception))
        self._attach(file, "ara_photos", raw=png_bytes(), name="after.png")
        self.assertFalse(file.next_step_missing)
        file.action_next_step()
        self.assertEqual(file.stage_id, self._stage("ara_review"))

    def test_closing_needs_a_review_with_the_three_parties(self):
        file = self._ara_file("ara_review", review_date=date(2017, 9, 12), works_completed="all")
        self._worksite_done(file)
        self._visit(file, "encouragement", date(2017, 6, 1))
        self._attach(file, "ara_photos", raw=png_bytes(), name="after.png")
        with self.assertRaisesRegex(UserError, "tripartite review visit done"):
            file.stage_id = self._stage("ara_closed")
        self._visit(
            file,
            "review",
            date(2017, 9, 12),
            with_referent=True,
            with_facilitator=True,
        )
        file.stage_id = self._stage("ara_closed")
        self.assertTrue(file.is_closed)
        self.assertEqual(file.outcome, "completed")

    def test_manager_forces_a_step_past_the_new_requirements(self):
        file = self._ara_file("ara_encouragement")
        wizard = Form(
            self.env["housing.stage.override.wizard"]
            .with_user(self.manager)
            .with_context(default_accompaniment_id=file.id)
        )
        wizard.stage_id = self._stage("ara_review")
        self.assertIn("encouragement visit done", wizard.missing)
        self.assertIn("Worksite photos", wizard.missing)
        wizard.reason = "Photos on the association's camera, sent next week."
        wizard.save().action_confirm()
        self.assertEqual(file.stage_id, self._stage("ara_review"))
        self.assertIn("Worksite photos", file.message_ids[0].body)


@tagged("post_install", "-at_install")
class TestOrientToAra(StepsCase):
    def _new_entrant_at_appropriation(self):
        household = self._household(
            "Mme Newcomer",
            entry_type="new_entrant",
            dwelling_id=self.dwellings[2].id,
            referent_partner_id=self.referent.id,
        )
        return self._create_at_step(
            {
                "household_id": household.id,
                "workflow": "new_entrant",
                "designation_date": date(2017, 2, 1),
                "stage_id": self._stage("ne_appropriation").id,
                "user_id": self.staff.id,
            }
        )

    def test_orient_to_ara_links_both_files(self):
        file = self._new_entrant_at_appropriation()
        action = file.with_user(self.staff).action_orient_to_ara()
        ara = self.Accompaniment.browse(action["res_id"])
        self.assertEqual(ara.workflow, "ara")
        self.assertEqual(ara.household_id, file.household_id)
        self.assertEqual(ara.stage_id, self._stage("ara_referral"))
        self.assertEqual(ara.referent_partner_id, self.referent)
        self.assertEqual(ara.oriented_from_id, file)
        self.assertEqual(file.ara_referral_id, ara)
        self.assertEqual(file.with_user(self.staff).action_open_ara_referral()["res_id"], ara.id)
        self.assertEqual(ara.with_user(self.staff).action_open_oriented_from()["res_id"], file.id)
        self.assertIn(ara.name, file.message_ids[0].body)
        # Once: a second orientation while the ARA file is open is refused.
        with self.assertRaisesRegex(UserError, "already has an open ARA file"):
            file.action_orient_to_ara()

    def test_orient_only_from_the_appropriation_step(self):
        file = self._new_entrant_at_appropriation()
        file.with_context(housing_stage_override=True).stage_id = self._stage("ne_rights")
        with self.assertRaisesRegex(UserError, "appropriation step"):
            file.action_orient_to_ara()
        self.assertFalse(file.ara_referral_ids)

    def test_activity_report_counts_the_household_once(self):
        file = self._new_entrant_at_appropriation()
        file.action_orient_to_ara()
        other = self._household("M. Other", entry_type="new_entrant")
        self.Accompaniment.create(
            {"household_id": other.id, "workflow": "ara", "referral_date": date.today()}
        )
        today = date.today()
        figures = self.env["housing.activity.figures"]._period_figures(
            date(today.year, 1, 1), date(today.year, 12, 31)
        )
        self.assertEqual(figures.file_count, 3)
        self.assertEqual(figures.household_count, 2, "the oriented household counts once")
        self.assertEqual(figures.oriented_to_ara_count, 1)
        # The printed report says it too (to the staff: two households are under the
        # accountants' minimum cell size).
        wizard = (
            self.env["housing.activity.report.wizard"]
            .with_user(self.staff)
            .create({"date_from": date(today.year, 1, 1), "date_to": date(today.year, 12, 31)})
        )
        content, _format = (
            self.env["ir.actions.report"]
            .with_user(self.staff)
            ._render_xlsx(
                "housing_accompaniment.action_report_housing_activity_xlsx", wizard.ids, None
            )
        )
        values = sheet_values(openpyxl.load_workbook(io.BytesIO(content))["Summary"])
        self.assertEqual(values["Households reached"][0], 2)
        self.assertEqual(values["New entrants oriented to ARA"][0], 1)


@tagged("post_install", "-at_install")
class TestPurchasesAgainstBudget(StepsCase):
    def _over_budget_activities(self, file):
        # The step's activity plan schedules its own activities on the file: leave them out.
        return file.activity_ids.filtered(lambda a: a.summary == "Worksite over budget")

    def test_going_over_the_budget_needs_a_reason_and_notifies(self):
        file = self._ara_file("ara_purchase", budget_amount=100.0, user_id=self.staff.id)
        Purchase = self.env["housing.purchase.line"].with_user(self.facilitator)
        Purchase.create(
            {"accompaniment_id": file.id, "name": "Paint", "quantity": 2, "unit_cost": 40}
        )
        with self.assertRaisesRegex(UserError, "over its budget .*give the reason"):
            Purchase.create(
                {"accompaniment_id": file.id, "name": "Rollers", "quantity": 3, "unit_cost": 10}
            )
        self.assertEqual(len(file.purchase_line_ids), 1, "nothing written")
        self.assertFalse(self._over_budget_activities(file))
        Purchase.create(
            {
                "accompaniment_id": file.id,
                "name": "Rollers",
                "quantity": 3,
                "unit_cost": 10,
                "over_budget_reason": "The walls needed a second coat.",
            }
        )
        self.assertAlmostEqual(file.spent_amount, 110.0)
        activity = self._over_budget_activities(file)
        self.assertEqual(activity.user_id, self.staff, "the support staff are notified")
        self.assertEqual(activity.summary, "Worksite over budget")
        self.assertIn("second coat", activity.note)
        self.assertIn("second coat", file.message_ids[0].body)

    def test_within_budget_or_without_budget_asks_nothing(self):
        file = self._ara_file("ara_purchase", budget_amount=100.0)
        line = self.env["housing.purchase.line"].create(
            {"accompaniment_id": file.id, "name": "Paint", "quantity": 1, "unit_cost": 100}
        )
        self.assertFalse(self._over_budget_activities(file))
        with self.assertRaisesRegex(UserError, "over its budget"):
            line.quantity = 2
        line.unit_cost = 50  # lowering needs no reason
        no_budget = self._ara_file(household_id=self._household("M. Free").id)
        self.env["housing.purchase.line"].create(
            {"accompaniment_id": no_budget.id, "name": "Tools", "quantity": 1, "unit_cost": 999}
        )
        self.assertFalse(self._over_budget_activities(no_budget))

    def test_accountant_sees_amounts_per_reference_without_names(self):
        file = self._ara_file("ara_purchase", budget_amount=100.0)
        file.purchase_line_ids = [
            Command.create(
                {
                    "name": "Paint",
                    "quantity": 3,
                    "unit_cost": 45,
                    "over_budget_reason": "Bigger room than measured.",
                }
            )
        ]
        other = self._ara_file(household_id=self._household("M. Budget").id, budget_amount=300)
        Budget = self.env["housing.worksite.budget"].with_user(self.accountant)
        rows = Budget.search_read(
            [("name", "in", [file.name, other.name])],
            ["name", "budget_amount", "spent_amount", "over_budget_amount", "is_over_budget"],
        )
        by_name = {row["name"]: row for row in rows}
        self.assertEqual(
            {key: by_name[file.name][key] for key in ("budget_amount", "spent_amount")},
            {"budget_amount": 100.0, "spent_amount": 135.0},
        )
        self.assertEqual(by_name[file.name]["over_budget_amount"], 35.0)
        self.assertTrue(by_name[file.name]["is_over_budget"])
        self.assertEqual(by_name[other.name]["spent_amount"], 0.0)
        self.assertFalse(by_name[other.name]["is_over_budget"])
        self.assertNotIn("household_id", Budget._fields, "no way to a household")
        # The accountant still reads neither the files nor the purchases.
        self.assertFalse(
            self.env["housing.purchase.line"].with_user(self.accountant).has_access("read")
        )


@tagged("post_install", "-at_install")
class TestVisitAtTheWorksite(StepsCase):
    """What a facilitator records at the household's home, on the visit itself."""

    def test_facilitator_records_the_visit(self):
        self.dwellings[0].access_notes = "Building B, door code 1234"
        self.tenant.tenant_partner_id.mobile = "+33 6 12 34 56 78"
        file = self._ara_file("ara_worksite", budget_amount=200.0)
        visit = (
            self.env["housing.visit"]
            .with_user(self.facilitator)
            .create(
                {
                    "accompaniment_id": file.id,
                    "visit_type": "encouragement",
                    "visit_datetime": "2017-06-01 08:00:00",
                    "user_id": self.facilitator.id,
                }
            )
        )
        self.assertEqual(visit.visit_address, "1 rue du Test, 13090 Aix-en-Provence")
        self.assertIn("openstreetmap.org/search?query=1+rue+du+Test", visit.map_url)
        self.assertEqual(visit.household_mobile, "+33 6 12 34 56 78")
        self.assertEqual(visit.access_notes, "Building B, door code 1234")
        Attachment = self.env["ir.attachment"].with_user(self.facilitator)
        photo = Attachment.create(
            {"name": "wall.png", "raw": png_bytes(), "res_model": "housing.visit"}
        )
        receipt = Attachment.create({"name": "receipt.png", "raw": png_bytes("green")})
        visit.write(
            {
                "household_hours": 3.0,
                "volunteer_hours": 1.5,
                "photo_ids": [Command.link(photo.id)],
                "work_item_ids": [
                    Command.create(
                        {
                            "accompaniment_id": file.id,
                            "room": "kitchen",
                            "nature": "painting",
                            "is_done": True,
                        }
                    )
                ],
                "purchase_line_ids": [
                    Command.create(
                        {
                            "accompaniment_id": file.id,
                            "name": "Paint",
                            "quantity": 2,
                            "unit_cost": 30,
                            "receipt_ids": [Command.link(receipt.id)],
                        }
                    )
                ],
            }
        )
        self.assertEqual(file.household_hours, 0.0, "planned: the hours do not count yet")
        visit.action_done()
        self.assertEqual((file.household_hours, file.volunteer_hours), (3.0, 1.5))
        visit.household_hours = 4.0
        self.assertEqual(file.household_hours, 4.0, "corrected, not added twice")
        self.assertEqual(file.work_item_ids.visit_id, visit)
        self.assertEqual(file.purchase_line_ids.visit_id, visit)
        self.assertEqual(file.spent_amount, 60.0)
        self.assertEqual(photo.housing_document_type_id, self._type("ara_photos"))
        self.assertEqual(receipt.housing_document_type_id, self._type("ara_receipts"))
        self.assertEqual(receipt.res_model, "housing.purchase.line")
        statuses = {line.document_type_id: line.status for line in file.document_ids}
        self.assertEqual(statuses[self._type("ara_photos")], "received")
        self.assertEqual(statuses[self._type("ara_receipts")], "received")
        visit.unlink()
        self.assertEqual(file.household_hours, 0.0, "a deleted visit takes its hours back")

    def test_a_photo_must_be_a_picture(self):
        file = self._ara_file("ara_worksite")
        visit = self._visit(file, "encouragement", date(2017, 6, 1))
        pdf = self.env["ir.attachment"].create(
            {"name": "photo.pdf", "raw": b"%PDF-1.4\n%%EOF\n", "res_model": "housing.visit"}
        )
        with self.assertRaisesRegex(UserError, "cannot be read as a picture"):
            visit.photo_ids = [Command.link(pdf.id)]
        self.assertFalse(visit.photo_ids, "nothing written")
