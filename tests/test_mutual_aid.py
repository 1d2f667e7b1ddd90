from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import HousingCase


@tagged("post_install", "-at_install")
class TestMutualAid(HousingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Accompaniment = cls.env["housing.accompaniment"]
        cls.helped = cls._household("Mme Chantier", dwelling_id=cls.dwellings[0].id)
        cls.helper = cls._household("M. Entraide", dwelling_id=cls.dwellings[1].id)
        cls.worksite = Accompaniment.create(
            {
                "household_id": cls.helped.id,
                "workflow": "ara",
                "referral_date": date(2017, 3, 1),
                "facilitator_id": cls.facilitator.id,
            }
        )
        cls.helper_worksite = Accompaniment.create(
            {
                "household_id": cls.helper.id,
                "workflow": "ara",
                "referral_date": date(2017, 3, 1),
                "facilitator_id": cls.other_facilitator.id,
            }
        )
        cls.new_entrant_file = Accompaniment.create(
            {"household_id": cls.helped.id, "workflow": "new_entrant", "request_type": "transfer"}
        )

    def _aid(self, **vals):
        return self.env["housing.mutual.aid"].create(
            dict(
                {
                    "helper_household_id": self.helper.id,
                    "accompaniment_id": self.worksite.id,
                    "aid_date": date(2017, 6, 3),
                    "hours": 3.5,
                },
                **vals,
            )
        )

    def test_aid_is_visible_on_both_households_and_the_file(self):
        with Form(self.worksite) as file_form:
            with file_form.mutual_aid_ids.new() as line:
                line.helper_household_id = self.helper
                line.aid_date = date(2017, 6, 3)
                line.hours = 3.5
                line.description = "Stripping wallpaper together"
        aid = self.worksite.mutual_aid_ids
        self.assertEqual(aid.helped_household_id, self.helped)
        self.assertEqual(self.helped.mutual_aid_received_ids, aid)
        self.assertEqual(self.helper.mutual_aid_given_ids, aid)
        self.assertFalse(self.helped.mutual_aid_given_ids)
        self.assertFalse(self.helper.mutual_aid_received_ids)
        self.assertEqual(aid.display_name, "M. Entraide helps Mme Chantier")

    def test_helper_with_history_is_archived_not_deleted(self):
        self._aid()
        with self.assertRaisesRegex(UserError, "archive it instead"):
            self.helper.sudo().with_context(active_test=False).unlink()

    def test_hours_must_be_positive(self):
        for hours in (0, -2):
            with (
                self.subTest(hours=hours),
                self.assertRaisesRegex(ValidationError, "positive number"),
            ):
                self._aid(hours=hours)
        aid = self._aid()
        with self.assertRaisesRegex(ValidationError, "positive number"):
            aid.hours = -1
        self.assertEqual(aid.hours, 3.5)

    def test_a_household_does_not_help_itself(self):
        with self.assertRaisesRegex(ValidationError, "cannot help on its own worksite"):
            self._aid(helper_household_id=self.helped.id)

    def test_aid_is_on_an_ara_worksite(self):
        with self.assertRaisesRegex(ValidationError, "not an ARA file"):
            self._aid(accompaniment_id=self.new_entrant_file.id)

    @freeze_time("2017-06-01")
    def test_aid_in_the_future_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot be in the future"):
            self._aid()

    def test_facilitators_record_aid_on_their_worksites(self):
        # A facilitator names only a helping household they follow: naming another one would
        # open it to them.
        with self.assertRaises(AccessError):
            self.env["housing.mutual.aid"].with_user(self.facilitator).create(
                {
                    "helper_household_id": self.helper.id,
                    "accompaniment_id": self.worksite.id,
                    "aid_date": date(2017, 6, 3),
                    "hours": 2,
                }
            )
        self.helper_worksite.facilitator_id = self.facilitator
        aid = (
            self.env["housing.mutual.aid"]
            .with_user(self.facilitator)
            .create(
                {
                    "helper_household_id": self.helper.id,
                    "accompaniment_id": self.worksite.id,
                    "aid_date": date(2017, 6, 3),
                    "hours": 2,
                }
            )
        )
        self.assertEqual(aid.helped_household_id, self.helped)
        with self.assertRaises(AccessError):
            aid.with_user(self.other_facilitator).read(["hours"])
        with self.assertRaises(AccessError):
            self.env["housing.mutual.aid"].with_user(self.other_facilitator).create(
                {
                    "helper_household_id": self.helper.id,
                    "accompaniment_id": self.worksite.id,
                    "aid_date": date(2017, 6, 3),
                    "hours": 2,
                }
            )
        with self.assertRaises(AccessError):
            aid.with_user(self.accountant).read(["hours"])
