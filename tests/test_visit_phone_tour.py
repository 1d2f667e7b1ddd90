from datetime import date, datetime, time, timedelta

import pytz

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestVisitPhoneTour(HttpCase):
    """A facilitator at the worksite, on a phone (375 px wide), records today's visit."""

    browser_size = "375x667"
    touch_enabled = True

    def test_my_visits_today_on_a_phone(self):
        facilitator = new_test_user(
            self.env,
            "tour_phone_facilitator",
            groups="housing_accompaniment.group_housing_facilitator",
            name="Phone Facilitator",
            tz="Europe/Paris",
        )
        residence = self.env["housing.residence"].create(
            {
                "name": "Phone Residence",
                "code": "R-PHONE",
                "street": "12 rue des Tests",
                "zip": "13090",
                "landlord_id": self.env["res.partner"].create({"name": "Phone Landlord"}).id,
                "city": "Aix-en-Provence",
            }
        )
        dwelling = self.env["housing.dwelling"].create(
            {
                "name": "P1",
                "residence_id": residence.id,
                "access_notes": "Building B, door code 1234",
            }
        )
        Household = self.env["housing.household"]
        household = Household.create(
            {
                "tenant_partner_id": self.env["res.partner"]
                .create({"name": "Phone Household", "mobile": "+33 6 12 34 56 78"})
                .id,
                "dwelling_id": dwelling.id,
            }
        )
        tomorrow_household = Household.create(
            {"tenant_partner_id": self.env["res.partner"].create({"name": "Tomorrow Household"}).id}
        )
        Accompaniment = self.env["housing.accompaniment"]
        files = Accompaniment.create(
            [
                {
                    "household_id": h.id,
                    "workflow": "ara",
                    "referral_date": date(2017, 3, 15),
                    "facilitator_id": facilitator.id,
                }
                for h in (household, tomorrow_household)
            ]
        )
        # Noon today and tomorrow where the browser is: the "Today" filter is the web
        # client's, in the browser's time zone (the machine's, for the headless browser), which
        # is not the facilitator's setting between 23:00 and midnight UTC.
        local = datetime.now().astimezone().tzinfo
        today = datetime.now(local).date()

        def noon(day):
            return (
                datetime.combine(day, time(12, 0), tzinfo=local)
                .astimezone(pytz.utc)
                .replace(tzinfo=None)
            )

        Visit = self.env["housing.visit"]
        visit = Visit.create(
            {
                "accompaniment_id": files[0].id,
                "visit_type": "preparation",
                "visit_datetime": noon(today),
                "user_id": facilitator.id,
            }
        )
        Visit.create(
            {
                "accompaniment_id": files[1].id,
                "visit_type": "preparation",
                "visit_datetime": noon(today + timedelta(days=1)),
                "user_id": facilitator.id,
            }
        )
        self.start_tour(
            "/odoo", "housing_visit_phone_tour", login="tour_phone_facilitator", timeout=180
        )
        visit.invalidate_recordset()
        self.assertEqual(visit.state, "done")
        self.assertTrue(visit.with_referent)
        self.assertEqual(visit.household_hours, 2.5)
        self.assertEqual(visit.volunteer_hours, 1.0)
        files[0].invalidate_recordset()
        self.assertEqual(files[0].household_hours, 2.5, "the visit's hours reach the file")
        self.assertEqual(files[0].volunteer_hours, 1.0)
