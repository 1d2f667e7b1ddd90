from datetime import date, datetime

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestWorkshopTour(HttpCase):
    def test_attendance_in_a_few_clicks(self):
        """A facilitator takes the attendance of a workshop held: all present, one
        unticked, a family added in one go."""
        facilitator = new_test_user(
            self.env,
            "tour_workshop_facilitator",
            groups="housing_accompaniment.group_housing_facilitator",
            name="Tour Workshop Facilitator",
        )
        Household = self.env["housing.household"]
        regular = Household.create(
            {"tenant_partner_id": self.env["res.partner"].create({"name": "Tour Regular"}).id}
        )
        family = Household.create(
            {
                "tenant_partner_id": self.env["res.partner"].create({"name": "Tour Family"}).id,
                "member_ids": [
                    Command.create({"name": "Tour Family", "relationship": "head"}),
                    Command.create({"name": "Tour Child", "relationship": "child"}),
                ],
            }
        )
        # The facilitator follows the family's worksite, so they can pick the household.
        self.env["housing.accompaniment"].create(
            {
                "household_id": family.id,
                "workflow": "ara",
                "referral_date": date(2018, 1, 3),
                "facilitator_id": facilitator.id,
            }
        )
        volunteer = self.env["res.partner"].create({"name": "Tour Volunteer"})
        workshop = self.env["housing.workshop"].create(
            {
                "name": "Tour DIY workshop",
                "start_datetime": datetime(2018, 1, 10, 13, 0),
                "theme_id": self.env.ref("housing_accompaniment.workshop_theme_diy").id,
                "facilitator_ids": [Command.set(facilitator.ids)],
                "state": "held",
                "attendance_ids": [
                    Command.create({"member_id": member.id})
                    for member in regular.member_ids | family.member_ids[:1]
                ]
                + [Command.create({"partner_id": volunteer.id})],
            }
        )
        self.start_tour(
            f"/odoo/action-housing_accompaniment.action_housing_workshop/{workshop.id}",
            "housing_workshop_attendance_tour",
            login="tour_workshop_facilitator",
            timeout=120,
        )
        workshop.invalidate_recordset()
        self.assertEqual(workshop.registered_count, 4)
        self.assertEqual(workshop.present_count, 3)
        self.assertEqual(workshop.household_count, 2)
        self.assertFalse(
            workshop.attendance_ids.filtered(lambda a: a.partner_id == volunteer).is_present
        )
