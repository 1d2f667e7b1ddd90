from datetime import date, datetime

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import HousingCase


@tagged("post_install", "-at_install")
class TestWorkshopSeries(HousingCase):
    """Dates are naive UTC, as stored; the users work in Europe/Paris (UTC+1 in winter,
    UTC+2 from 25 March 2018): a 14:00 workshop is at 13:00 UTC, then 12:00 UTC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.diy = cls.env.ref("housing_accompaniment.workshop_theme_diy")
        cls.centre = cls.env["res.partner"].create(
            {"name": "Test social centre", "is_company": True}
        )
        cls.Wizard = cls.env["housing.workshop.series.wizard"].with_context(tz="Europe/Paris")

    def _form(self, first, until, frequency="bimonthly"):
        wizard_form = Form(self.Wizard.with_user(self.facilitator))
        wizard_form.theme_id = self.diy
        wizard_form.venue_id = self.centre
        wizard_form.start_datetime = first
        wizard_form.end_date = until
        wizard_form.frequency = frequency
        return wizard_form

    @staticmethod
    def _dates(wizard_form):
        return [
            fields.Datetime.to_datetime(vals["start_datetime"])
            for vals in wizard_form.line_ids._records
        ]

    def test_bimonthly_series_with_skipped_dates(self):
        wizard_form = self._form(datetime(2018, 1, 10, 13, 0), date(2018, 4, 18))
        self.assertEqual(wizard_form.name, "DIY lessons", "the theme's name by default")
        wizard_form.name = "DIY workshop"
        wizard_form.duration = 2.5
        wizard_form.has_shared_meal = True
        wizard_form.facilitator_ids.add(self.other_facilitator)
        expected = [
            datetime(2018, 1, 10, 13, 0),
            datetime(2018, 1, 24, 13, 0),
            datetime(2018, 2, 7, 13, 0),
            datetime(2018, 2, 21, 13, 0),
            datetime(2018, 3, 7, 13, 0),
            datetime(2018, 3, 21, 13, 0),
            datetime(2018, 4, 4, 12, 0),  # summer time: still 14:00 in Aix
            datetime(2018, 4, 18, 12, 0),  # the end date is included
        ]
        self.assertEqual(self._dates(wizard_form), expected)
        self.assertEqual(wizard_form.session_count, 8)
        # Winter and spring school holidays: no workshop on 21 February and 18 April.
        wizard_form.line_ids.remove(index=7)
        wizard_form.line_ids.remove(index=3)
        self.assertEqual(wizard_form.session_count, 6)
        wizard = wizard_form.save()
        action = wizard.action_create_workshops()
        workshops = self.env["housing.workshop"].search(action["domain"], order="start_datetime")
        self.assertEqual(
            workshops.mapped("start_datetime"),
            [d for i, d in enumerate(expected) if i not in (3, 7)],
        )
        for workshop in workshops:
            self.assertEqual(workshop.name, "DIY workshop")
            self.assertEqual(workshop.theme_id, self.diy)
            self.assertEqual(workshop.venue_id, self.centre)
            self.assertEqual(workshop.facilitator_ids, self.facilitator | self.other_facilitator)
            self.assertEqual(workshop.duration, 2.5)
            self.assertTrue(workshop.has_shared_meal)
            self.assertEqual(workshop.state, "planned")

    def test_weekly_series(self):
        wizard_form = self._form(datetime(2018, 1, 10, 13, 0), date(2018, 1, 31), "weekly")
        self.assertEqual(
            self._dates(wizard_form),
            [datetime(2018, 1, day, 13, 0) for day in (10, 17, 24, 31)],
        )

    def test_monthly_series_keeps_the_week_of_the_month(self):
        # 10 January 2018 is the second Wednesday of the month.
        wizard_form = self._form(datetime(2018, 1, 10, 13, 0), date(2018, 6, 30), "monthly")
        self.assertEqual(
            self._dates(wizard_form),
            [
                datetime(2018, 1, 10, 13, 0),
                datetime(2018, 2, 14, 13, 0),
                datetime(2018, 3, 14, 13, 0),
                datetime(2018, 4, 11, 12, 0),
                datetime(2018, 5, 9, 12, 0),
                datetime(2018, 6, 13, 12, 0),
            ],
        )

    def test_monthly_series_from_a_fifth_week_takes_the_last_weekday(self):
        # 31 January 2018 is the last (fifth) Wednesday of the month.
        wizard_form = self._form(datetime(2018, 1, 31, 13, 0), date(2018, 4, 30), "monthly")
        self.assertEqual(
            self._dates(wizard_form),
            [
                datetime(2018, 1, 31, 13, 0),
                datetime(2018, 2, 28, 13, 0),
                datetime(2018, 3, 28, 12, 0),
                datetime(2018, 4, 25, 12, 0),
            ],
        )

    def test_changing_the_frequency_proposes_new_dates(self):
        wizard_form = self._form(datetime(2018, 1, 10, 13, 0), date(2018, 1, 31), "weekly")
        self.assertEqual(wizard_form.session_count, 4)
        wizard_form.frequency = "bimonthly"
        self.assertEqual(
            self._dates(wizard_form), [datetime(2018, 1, 10, 13, 0), datetime(2018, 1, 24, 13, 0)]
        )

    def test_end_before_start_is_refused(self):
        wizard_form = self._form(datetime(2018, 1, 10, 13, 0), date(2018, 1, 9))
        self.assertEqual(wizard_form.session_count, 0)
        with self.assertRaisesRegex(ValidationError, "before its first session"):
            wizard_form.save()
        self.assertFalse(self.env["housing.workshop"].search([("venue_id", "=", self.centre.id)]))

    def test_no_date_left_is_refused(self):
        wizard_form = self._form(datetime(2018, 1, 10, 13, 0), date(2018, 1, 20))
        wizard_form.line_ids.remove(index=0)
        wizard = wizard_form.save()
        with self.assertRaisesRegex(UserError, "No date is left"):
            wizard.action_create_workshops()
        self.assertFalse(self.env["housing.workshop"].search([("venue_id", "=", self.centre.id)]))

    def test_negative_duration_is_refused(self):
        wizard_form = self._form(datetime(2018, 1, 10, 13, 0), date(2018, 1, 20))
        wizard_form.duration = -1
        with self.assertRaisesRegex(ValidationError, "positive duration"):
            wizard_form.save()

    def test_too_long_a_series_is_refused(self):
        wizard_form = self._form(datetime(2018, 1, 10, 13, 0), date(2022, 12, 31), "weekly")
        wizard = wizard_form.save()
        with self.assertRaisesRegex(UserError, "more than 200 workshops"):
            wizard.action_create_workshops()
        self.assertFalse(self.env["housing.workshop"].search([("venue_id", "=", self.centre.id)]))
