from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import HousingCase


@tagged("post_install", "-at_install")
class TestWorkshop(HousingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.diy = cls.env.ref("housing_accompaniment.workshop_theme_diy")
        cls.energy = cls.env.ref("housing_accompaniment.workshop_theme_energy_savings")
        cls.centre = cls.env["res.partner"].create(
            {"name": "Test social centre", "is_company": True}
        )
        cls.family = cls._household(
            "Mme Atelier",
            members=[
                ("M. Atelier", "spouse", "male", date(1983, 2, 1)),
                ("Léa Atelier", "child", "female", date(2010, 9, 1)),
            ],
            dwelling_id=cls.dwellings[0].id,
        )
        cls.head, cls.spouse, cls.child = (
            cls.family.member_ids.filtered(lambda m, name=name: m.name == name)
            for name in ("Mme Atelier", "M. Atelier", "Léa Atelier")
        )
        cls.neighbour = cls._household("M. Voisin", dwelling_id=cls.dwellings[1].id)
        cls.volunteer = cls.env["res.partner"].create({"name": "Volunteer Bénévole"})
        cls.workshop = cls._workshop()

    @classmethod
    def _workshop(cls, **vals):
        return cls.env["housing.workshop"].create(
            dict(
                {
                    "name": "DIY workshop",
                    "start_datetime": datetime(2018, 1, 10, 13, 0),
                    "duration": 2.5,
                    "theme_id": cls.diy.id,
                    "venue_id": cls.centre.id,
                    "facilitator_ids": [Command.set(cls.facilitator.ids)],
                    "has_shared_meal": True,
                },
                **vals,
            )
        )

    def _line(self, workshop=None, **vals):
        return self.env["housing.workshop.attendance"].create(
            dict({"workshop_id": (workshop or self.workshop).id}, **vals)
        )

    def test_attendance_counts(self):
        self._line(member_id=self.head.id, is_present=True)
        child = self._line(member_id=self.child.id)
        self._line(member_id=self.neighbour.member_ids.id, is_present=True)
        other = self._line(partner_id=self.volunteer.id)
        workshop = self.workshop
        self.assertEqual(workshop.registered_count, 4)
        self.assertEqual(workshop.present_count, 2)
        self.assertEqual(workshop.household_count, 2)
        self.assertEqual(child.household_id, self.family)
        self.assertFalse(other.household_id)
        self.assertEqual(other.person_name, "Volunteer Bénévole")
        other.is_present = True
        child.is_present = True
        self.assertEqual(workshop.present_count, 4)
        self.assertEqual(workshop.household_count, 2, "two members of one household count once")
        child.unlink()
        self.assertEqual((workshop.registered_count, workshop.present_count), (3, 3))

    def test_all_present_in_one_click(self):
        self.workshop.attendance_ids = [
            Command.create({"member_id": self.head.id}),
            Command.create({"member_id": self.spouse.id}),
            Command.create({"partner_id": self.volunteer.id}),
        ]
        self.assertEqual(self.workshop.present_count, 0)
        self.workshop.with_user(self.facilitator).action_all_present()
        self.assertEqual(self.workshop.present_count, 3)
        self.assertEqual(self.workshop.household_count, 1)

    def test_add_households_members(self):
        self._line(member_id=self.head.id, is_present=True)
        self.workshop.action_held()
        action = self.workshop.action_add_households()
        found = self.env["housing.household"].name_search("Mme Atelier")
        self.assertEqual([hid for hid, _name in found], self.family.ids, "found by the tenant")
        wizard_form = Form(self.env[action["res_model"]].with_context(**action["context"]))
        wizard_form.household_ids.add(self.family)
        wizard_form.household_ids.add(self.neighbour)
        self.assertEqual(len(wizard_form.member_ids), 4, "the members of both households")
        self.assertTrue(wizard_form.is_present, "the workshop was held")
        wizard_form.member_ids.remove(id=self.child.id)
        wizard_form.save().action_confirm()
        self.assertEqual(
            self.workshop.attendance_ids.member_id,
            self.head | self.spouse | self.neighbour.member_ids,
            "the head already listed is not added twice; the child was removed",
        )
        self.assertEqual(self.workshop.present_count, 3)
        self.assertEqual(self.workshop.household_count, 2)

    def test_other_person_who_is_a_member_is_registered_as_the_member(self):
        with Form(self.workshop) as workshop_form:
            with workshop_form.attendance_ids.new() as line:
                line.partner_id = self.family.tenant_partner_id
                self.assertEqual(line.member_id, self.head)
        self.assertEqual(self.workshop.attendance_ids.member_id, self.head)
        self.assertEqual(self.workshop.attendance_ids.household_id, self.family)

    def test_a_person_is_listed_once(self):
        self._line(member_id=self.head.id)
        self._line(partner_id=self.volunteer.id)
        with self.assertRaisesRegex(ValidationError, "Mme Atelier is listed twice"):
            self._line(member_id=self.head.id, is_present=True)
        with self.assertRaisesRegex(ValidationError, "listed twice"):
            self._line(partner_id=self.volunteer.id)
        with self.assertRaisesRegex(ValidationError, "listed twice"):
            # The tenant's contact is the head of household already listed.
            self._line(partner_id=self.family.tenant_partner_id.id)
        with self.assertRaisesRegex(ValidationError, "listed twice"):
            self.workshop.attendance_ids = [
                Command.create({"member_id": self.spouse.id}),
                Command.create({"member_id": self.spouse.id}),
            ]
        self.assertEqual(self.workshop.registered_count, 2)
        # The same person may of course come to another workshop.
        other = self._workshop(start_datetime=datetime(2018, 1, 24, 13, 0))
        self._line(workshop=other, member_id=self.head.id)
        self.assertEqual(other.registered_count, 1)

    def test_a_line_names_someone(self):
        with self.assertRaisesRegex(ValidationError, "names nobody"):
            self._line(is_present=True)

    def test_no_attendance_on_a_cancelled_workshop(self):
        registered = self._line(member_id=self.head.id)
        self.workshop.action_cancel()
        self.assertEqual(self.workshop.state, "cancelled")
        with self.assertRaisesRegex(ValidationError, "is cancelled"):
            self._line(member_id=self.spouse.id)
        with self.assertRaisesRegex(ValidationError, "is cancelled"):
            registered.is_present = True
        with self.assertRaisesRegex(UserError, "is cancelled"):
            self.workshop.action_all_present()
        self.assertFalse(registered.is_present)
        # Back to planned, it takes attendance again.
        self.workshop.action_reset_planned()
        registered.is_present = True
        self.assertEqual(self.workshop.present_count, 1)

    def test_cancelling_with_people_present_is_refused(self):
        self._line(member_id=self.head.id, is_present=True)
        with self.assertRaisesRegex(ValidationError, "people are marked present"):
            self.workshop.action_cancel()
        self.assertEqual(self.workshop.state, "planned")

    def test_duration_must_be_positive(self):
        for duration in (0, -1.5):
            with (
                self.subTest(duration=duration),
                self.assertRaisesRegex(ValidationError, "positive duration"),
            ):
                self._workshop(duration=duration)
        with self.assertRaisesRegex(ValidationError, "positive duration"):
            self.workshop.duration = -2
        self.assertEqual(self.workshop.duration, 2.5)

    @freeze_time("2018-01-09 12:00:00")
    def test_held_once_started(self):
        with self.assertRaisesRegex(ValidationError, "once it has started"):
            self.workshop.action_held()
        self.assertEqual(self.workshop.state, "planned")
        with freeze_time("2018-01-10 13:30:00"):
            self.workshop.action_held()
        self.assertEqual(self.workshop.state, "held")

    def test_end_from_start_and_duration(self):
        self.assertEqual(self.workshop.end_datetime, datetime(2018, 1, 10, 15, 30))

    def test_workshops_attended_from_household_and_member(self):
        later = self._workshop(start_datetime=datetime(2018, 1, 24, 13, 0), theme_id=self.energy.id)
        self._line(member_id=self.head.id, is_present=True)
        self._line(member_id=self.child.id, is_present=True)
        self._line(workshop=later, member_id=self.child.id, is_present=True)
        self._line(workshop=later, member_id=self.spouse.id)  # registered, absent
        self.assertEqual(self.family.workshop_count, 2)
        self.assertEqual(self.child.workshop_count, 2)
        self.assertEqual(self.head.workshop_count, 1)
        self.assertEqual(self.spouse.workshop_count, 0, "absent: not attended")
        self.assertEqual(self.neighbour.workshop_count, 0)
        Workshop = self.env["housing.workshop"]
        self.assertEqual(
            Workshop.search(self.family.action_view_workshops()["domain"]), self.workshop | later
        )
        self.assertEqual(
            Workshop.search(self.head.action_view_workshops()["domain"]), self.workshop
        )
        self.assertFalse(Workshop.search(self.spouse.action_view_workshops()["domain"]))

    def test_household_with_attendance_is_archived_not_deleted(self):
        self._line(member_id=self.neighbour.member_ids.id, is_present=True)
        with self.assertRaisesRegex(UserError, "archive it instead"):
            self.neighbour.unlink()
        self.assertTrue(self.neighbour.exists())

    def test_attendance_by_theme_and_month(self):
        """What the attendance analysis shows: people present at workshops held."""
        january_energy = self._workshop(
            start_datetime=datetime(2018, 1, 24, 13, 0), theme_id=self.energy.id
        )
        february_diy = self._workshop(start_datetime=datetime(2018, 2, 7, 13, 0))
        self._line(member_id=self.head.id, is_present=True)
        self._line(member_id=self.spouse.id, is_present=True)
        self._line(member_id=self.child.id)  # absent
        self._line(workshop=january_energy, member_id=self.head.id, is_present=True)
        self._line(workshop=february_diy, partner_id=self.volunteer.id, is_present=True)
        (self.workshop | january_energy | february_diy).action_held()
        action = self.env.ref("housing_accompaniment.action_housing_workshop_attendance_analysis")
        self.assertIn("search_default_filter_present", action.context)
        groups = self.env["housing.workshop.attendance"]._read_group(
            [
                ("workshop_id", "in", (self.workshop | january_energy | february_diy).ids),
                ("is_present", "=", True),
                ("workshop_state", "=", "held"),
            ],
            ["theme_id", "workshop_date:month"],
            ["__count"],
        )
        self.assertEqual(
            {(theme.name, month.strftime("%Y-%m")): count for theme, month, count in groups},
            {
                ("DIY lessons", "2018-01"): 2,
                ("Energy savings", "2018-01"): 1,
                ("DIY lessons", "2018-02"): 1,
            },
        )

    def test_access(self):
        # Association staff plan workshops and take the attendance.
        workshop = (
            self.env["housing.workshop"]
            .with_user(self.facilitator)
            .create(
                {
                    "name": "Painting",
                    "start_datetime": datetime(2018, 3, 7, 13, 0),
                    "theme_id": self.diy.id,
                }
            )
        )
        self.assertEqual(workshop.facilitator_ids, self.facilitator, "by default, its creator")
        workshop.write({"notes": "<p>Painting a door</p>"})
        line = (
            self.env["housing.workshop.attendance"]
            .with_user(self.facilitator)
            .create(
                {"workshop_id": workshop.id, "partner_id": self.volunteer.id, "is_present": True}
            )
        )
        self.assertEqual(workshop.present_count, 1)
        line.unlink()
        with self.assertRaises(AccessError):
            workshop.unlink()
        with self.assertRaises(AccessError):
            self.diy.with_user(self.facilitator).name = "Other"
        # Accountants read the counts, never the names.
        self._line(member_id=self.head.id, is_present=True)
        as_accountant = self.workshop.with_user(self.accountant)
        self.assertEqual(as_accountant.present_count, 1)
        with self.assertRaises(AccessError):
            as_accountant.read(["attendance_ids"])
        with self.assertRaises(AccessError):
            self.env["housing.workshop.attendance"].with_user(self.accountant).search([])
        with self.assertRaises(AccessError):
            as_accountant.name = "Renamed"
        # Managers may delete a workshop.
        workshop.with_user(self.manager).unlink()
        self.assertFalse(workshop.exists())

    def test_anonymisation_keeps_the_counts(self):
        """At the end of the retention period, names go from the attendance; counts stay."""
        self._line(member_id=self.child.id, is_present=True)
        self._line(member_id=self.neighbour.member_ids.id, is_present=True)
        self.family._anonymise()
        line = self.workshop.attendance_ids.filtered(lambda a: a.household_id == self.family)
        self.assertNotIn("Atelier", line.person_name)
        self.assertEqual(line.person_name, self.child.name)
        self.assertEqual((self.workshop.present_count, self.workshop.household_count), (2, 2))
        self.assertEqual(self.family.workshop_count, 1)

    def test_coming_to_a_workshop_is_a_contact_for_retention(self):
        """A household whose files are long closed but who still comes to workshops keeps
        its data until two years after its last workshop."""
        regular = self._household("Mme Fidèle", dwelling_id=self.dwellings[2].id)
        absent = self._household("M. Absent", dwelling_id=self.dwellings[3].id)
        # Registered in January 2017, with no file since.
        self.env.cr.execute(
            "UPDATE housing_household SET create_date = '2017-01-05' WHERE id IN %s",
            [tuple((regular | absent).ids)],
        )
        (regular | absent).invalidate_recordset(["create_date"])
        september = self._workshop(start_datetime=datetime(2018, 9, 5, 12, 0))
        self._line(workshop=september, member_id=regular.member_ids.id, is_present=True)
        self._line(workshop=september, member_id=absent.member_ids.id)
        september.action_held()
        Household = self.env["housing.household"]
        with freeze_time("2019-07-01"):
            candidates = Household._anonymisation_candidates()
            self.assertNotIn(regular, candidates, "present on 5 September 2018")
            self.assertIn(absent, candidates, "registered but absent: no contact")
        with freeze_time("2020-09-06"):
            self.assertIn(regular, Household._anonymisation_candidates())

    def test_a_members_contact_counts_for_their_household(self):
        line = self._line(partner_id=self.neighbour.tenant_partner_id.id, is_present=True)
        self.assertEqual(line.member_id, self.neighbour.member_ids)
        self.assertFalse(line.partner_id)
        self.assertEqual(line.household_id, self.neighbour)
        self.assertEqual(self.workshop.household_count, 1)
