from datetime import date

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestBoardTour(HttpCase):
    def _facilitator_file(self, login, prefix):
        """A facilitator (``login``) and a new ARA referral of theirs, named after ``prefix``."""
        facilitator = new_test_user(
            self.env,
            login,
            groups="housing_accompaniment.group_housing_facilitator",
            name=f"{prefix} Facilitator",
        )
        tenant = self.env["res.partner"].create({"name": f"{prefix} Household"})
        referent = self.env["res.partner"].create({"name": f"{prefix} Referent"})
        household = self.env["housing.household"].create(
            {"tenant_partner_id": tenant.id, "referent_partner_id": referent.id}
        )
        file = self.env["housing.accompaniment"].create(
            {
                "household_id": household.id,
                "workflow": "ara",
                "referral_date": date(2017, 3, 15),
                "facilitator_id": facilitator.id,
            }
        )
        return facilitator, file

    def test_ara_board_tour(self):
        """A facilitator opens the ARA board, drags a card to the next step and sees what
        that step requires."""
        facilitator, file = self._facilitator_file("tour_facilitator", "Tour")
        self.assertEqual(file.stage_id, self.env.ref("housing_accompaniment.stage_ara_referral"))
        self.start_tour("/odoo", "housing_ara_board_tour", login="tour_facilitator", timeout=120)
        file.invalidate_recordset()
        self.assertEqual(file.stage_id, self.env.ref("housing_accompaniment.stage_ara_tripartite"))

    def test_board_plan_and_calendar_tour(self):
        """Moving a file into a step schedules the step's plan; the meeting booked on the file
        is on the calendar."""
        facilitator, file = self._facilitator_file("plan_tour_facilitator", "Plan Tour")
        self.start_tour(
            "/odoo", "housing_board_plan_tour", login="plan_tour_facilitator", timeout=120
        )
        file.invalidate_recordset()
        self.assertEqual(file.stage_id, self.env.ref("housing_accompaniment.stage_ara_tripartite"))
        self.assertIn("Plan the first preparation visit", file.activity_ids.mapped("summary"))
        event = self.env["calendar.event"].search(
            [("res_model", "=", file._name), ("res_id", "=", file.id)]
        )
        self.assertEqual(event.start_date, file.tripartite_meeting_date)
        self.assertIn(facilitator.partner_id, event.partner_ids)

    def test_board_reopen_tour(self):
        """Dragging a closed file back to an open step asks for confirmation and logs it."""
        new_test_user(
            self.env,
            "reopen_tour_staff",
            groups="housing_accompaniment.group_housing_user",
            name="Reopen Tour Staff",
        )
        tenant = self.env["res.partner"].create({"name": "Reopen Tour Household"})
        household = self.env["housing.household"].create({"tenant_partner_id": tenant.id})
        file = self.env["housing.accompaniment"].create(
            {"household_id": household.id, "workflow": "ara", "referral_date": date(2017, 3, 15)}
        )
        self.env["housing.accompaniment.close.wizard"].create(
            {
                "accompaniment_id": file.id,
                "abandon_reason_id": self.env.ref(
                    "housing_accompaniment.abandon_reason_unreachable"
                ).id,
            }
        ).action_confirm()
        self.assertTrue(file.is_closed)
        self.start_tour(
            "/odoo", "housing_board_reopen_tour", login="reopen_tour_staff", timeout=120
        )
        file.invalidate_recordset()
        self.assertEqual(file.stage_id, self.env.ref("housing_accompaniment.stage_ara_referral"))
        self.assertFalse(file.outcome)
        self.assertTrue(
            file.message_ids.filtered(lambda m: "File reopened by Reopen Tour Staff" in m.body),
            "the reopening is logged",
        )
