from datetime import date

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestBoardTour(HttpCase):
    def test_ara_board_tour(self):
        """A facilitator opens the ARA board, drags a card to the next step and sees what
        that step requires."""
        facilitator = new_test_user(
            self.env,
            "tour_facilitator",
            groups="housing_accompaniment.group_housing_facilitator",
            name="Tour Facilitator",
        )
        tenant = self.env["res.partner"].create({"name": "Tour Household"})
        referent = self.env["res.partner"].create({"name": "Tour Referent"})
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
        self.assertEqual(file.stage_id, self.env.ref("housing_accompaniment.stage_ara_referral"))
        self.start_tour("/odoo", "housing_ara_board_tour", login="tour_facilitator", timeout=120)
        file.invalidate_recordset()
        self.assertEqual(file.stage_id, self.env.ref("housing_accompaniment.stage_ara_tripartite"))

    def test_board_plan_and_calendar_tour(self):
        """Moving a file into a step schedules the step's plan; the meeting booked on the file
        is on the calendar."""
        facilitator = new_test_user(
            self.env,
            "plan_tour_facilitator",
            groups="housing_accompaniment.group_housing_facilitator",
            name="Plan Tour Facilitator",
        )
        tenant = self.env["res.partner"].create({"name": "Plan Tour Household"})
        referent = self.env["res.partner"].create({"name": "Plan Tour Referent"})
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
