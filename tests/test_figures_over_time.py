from datetime import date

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import HousingCase

Y2017 = (date(2017, 1, 1), date(2017, 12, 31))


class FileSituationCase(HousingCase):
    """Two households with a file each (RSA and single-parent; DALO) and the helpers that read
    their files' situation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Figures = cls.env["housing.activity.figures"]
        cls.Situation = cls.env["housing.accompaniment.situation"]
        cls.Accompaniment = cls.env["housing.accompaniment"].with_context(
            housing_stage_override=True
        )
        cls.rsa = cls._household(
            "Mme RSA",
            dwelling_id=cls.dwellings[0].id,
            lease_start_date=date(2015, 12, 31),
            is_rsa_beneficiary=True,
            is_single_parent=True,
        )
        cls.dalo = cls._household(
            "M. DALO",
            dwelling_id=cls.dwellings[1].id,
            lease_start_date=date(2016, 1, 1),
            is_dalo=True,
        )
        cls.rsa_file = cls.Accompaniment.create(
            {"household_id": cls.rsa.id, "workflow": "ara", "referral_date": date(2017, 2, 1)}
        )
        cls.dalo_file = cls.Accompaniment.create(
            {
                "household_id": cls.dalo.id,
                "workflow": "new_entrant",
                "designation_date": date(2017, 1, 1),
            }
        )

    def _versions(self, file):
        """The file's versions, oldest first (the first one has no date)."""
        return self.Situation.search([("accompaniment_id", "=", file.id)])

    def _situation(self, file):
        """The file's latest version."""
        return self._versions(file)[-1:]

    def _profile(self, period=Y2017):
        return self.Figures._period_figures(*period).profile

    def _close(self, file, day):
        closed = self._stage("ara_closed" if file.workflow == "ara" else "ne_closed")
        file.write({"close_date": day, "outcome": "completed", "stage_id": closed.id})


@tagged("post_install", "-at_install")
class TestFileSituation(FileSituationCase):
    """The household's social profile recorded on each file: followed while the file is open,
    kept once it is closed, and what the figures of a period read."""

    def test_situation_recorded_on_creation(self):
        situation = self._situation(self.rsa_file)
        self.assertEqual(len(situation), 1)
        self.assertEqual(
            (
                situation.lease_start_date,
                situation.is_rsa_beneficiary,
                situation.is_single_parent,
                situation.is_dalo,
                situation.is_first_time_arrival,
            ),
            (date(2015, 12, 31), True, True, False, False),
        )
        self.assertTrue(self._situation(self.dalo_file).is_dalo)

    def test_open_file_follows_the_household(self):
        self.rsa.write({"is_rsa_beneficiary": False, "is_first_time_arrival": True})
        situation = self._situation(self.rsa_file)
        self.assertFalse(situation.is_rsa_beneficiary)
        self.assertTrue(situation.is_first_time_arrival)
        self.assertEqual(situation.date_from, fields.Date.today(), "a version from today")
        # This year's figures see it; 2017's keep the version valid then.
        today = fields.Date.today()
        profile = self._profile((today.replace(month=1, day=1), today))
        self.assertEqual(profile.rsa.count, 0)
        self.assertEqual(profile.dalo_or_first_time.count, 2)
        self.assertEqual(self._profile().rsa.count, 1)
        self.assertEqual(self._profile().dalo_or_first_time.count, 1)

    def _write_queries(self, households, vals):
        self.env.flush_all()
        count = self.env.cr.sql_log_count
        households.write(vals)
        self.env.flush_all()
        return self.env.cr.sql_log_count - count

    def test_batch_of_households_in_one_statement(self):
        """Two households' files follow them in as many queries as one household's."""
        # Warm-up: the first write also reads the user's time zone (for today's date).
        self._write_queries(self.dalo, {"is_first_time_arrival": True})
        one = self._write_queries(self.rsa, {"is_first_time_arrival": True})
        both = self._write_queries(self.rsa | self.dalo, {"is_single_parent": True})
        self.assertEqual(both, one)
        self.assertTrue(self._situation(self.dalo_file).is_single_parent)
        self.assertTrue(self._situation(self.rsa_file).is_single_parent)
        self.assertTrue(self._situation(self.rsa_file).is_first_time_arrival)
        # Other fields leave the situations alone (no statement at all).
        self.assertLess(self._write_queries(self.rsa | self.dalo, {"color": 3}), one)

    def test_closed_file_keeps_its_situation(self):
        self._close(self.rsa_file, date(2017, 12, 31))
        before = self._profile()
        self.assertEqual((before.rsa.count, before.single_parent.count), (1, 1))
        # Years later: RSA ends, the family is no longer single-parent, the lease is new.
        self.rsa.write(
            {
                "is_rsa_beneficiary": False,
                "is_single_parent": False,
                "lease_start_date": date(2020, 5, 1),
            }
        )
        situation = self._situation(self.rsa_file)
        self.assertTrue(situation.is_rsa_beneficiary)
        self.assertEqual(situation.lease_start_date, date(2015, 12, 31))
        self.assertEqual(self._profile(), before)

    def test_reopened_file_follows_again(self):
        self._close(self.rsa_file, date(2017, 6, 30))
        self.rsa.is_rsa_beneficiary = False
        self.assertTrue(self._situation(self.rsa_file).is_rsa_beneficiary)
        self.rsa_file.with_context(housing_stage_override=True).write(
            {"stage_id": self._stage("ara_worksite").id}
        )
        self.assertFalse(self.rsa_file.close_date, "moved to an open step: reopened")
        self.assertFalse(self._situation(self.rsa_file).is_rsa_beneficiary)

    def test_latest_file_of_the_period_gives_the_profile(self):
        """Closed in 2017 as RSA, a new file in 2019 after RSA ended: 2017 counts the RSA,
        2019 does not; tenant for more than two years is taken at each period's end."""
        self._close(self.rsa_file, date(2017, 10, 31))
        self.rsa.is_rsa_beneficiary = False
        self.Accompaniment.create(
            {"household_id": self.rsa.id, "workflow": "ara", "referral_date": date(2019, 3, 1)}
        )
        profile_2017 = self._profile()
        self.assertEqual(profile_2017.rsa, (1, 0.5))
        # Two years before 31/12/2017 is 31/12/2015: a lease signed that day is not "more
        # than 2 years" old, nor is the DALO household's (01/01/2016).
        self.assertEqual(profile_2017.long_term_tenant.count, 0)
        profile_2019 = self._profile((date(2019, 1, 1), date(2019, 12, 31)))
        self.assertEqual(profile_2019.rsa.count, 0)
        self.assertEqual(profile_2019.long_term_tenant.count, 2)
        # On 1 January 2018, the lease of 31/12/2015 is more than two years old.
        profile = self._profile((date(2017, 2, 1), date(2018, 1, 1)))
        self.assertEqual(profile.long_term_tenant.count, 1)

    def test_backfill_of_existing_files(self):
        self.env.flush_all()
        self.env.cr.execute(
            "DELETE FROM housing_accompaniment_situation WHERE accompaniment_id = %s",
            [self.dalo_file.id],
        )
        self.Situation.invalidate_model()
        self.assertFalse(self._situation(self.dalo_file))
        self.Situation.init()
        situation = self._situation(self.dalo_file)
        self.assertTrue(situation.is_dalo)
        self.assertEqual(situation.lease_start_date, date(2016, 1, 1))
        self.assertEqual(len(self._versions(self.dalo_file)), 1)
        self.assertEqual(len(self._versions(self.rsa_file)), 1, "left as it was")
        self.assertFalse(self._versions(self.dalo_file).date_from, "the first version")
        # Run again (each upgrade), it adds nothing.
        self.Situation.init()
        self.assertEqual(len(self._versions(self.dalo_file)), 1)

    def test_step_on_the_period_end(self):
        """Files per step: the step entered by the period's last day, not today's."""
        Log = self.env["housing.accompaniment.stage.log"]
        self.rsa_file.stage_id = self._stage("ara_worksite")
        self._close(self.dalo_file, date(2018, 2, 1))
        by_step = {
            stage.code: count for _workflow, stage, count in self._period_figures_by_step(Y2017)
        }
        self.assertEqual(by_step, {"ara_referral": 1, "ne_designation": 1})
        by_step = {
            stage.code: count
            for _workflow, stage, count in self._period_figures_by_step(
                (date(2018, 1, 1), date(2018, 12, 31))
            )
        }
        self.assertEqual(by_step, {"ara_referral": 1, "ne_closed": 1}, "closed on 01/02/2018")
        today = date.today()
        this_year = (today.replace(month=1, day=1), today.replace(month=12, day=31))
        by_step = {
            stage.code: count for _workflow, stage, count in self._period_figures_by_step(this_year)
        }
        self.assertEqual(by_step, {"ara_worksite": 1})
        # Existing databases: a file without a log entered its step on its start date.
        self.env.flush_all()
        self.env.cr.execute(
            "DELETE FROM housing_accompaniment_stage_log WHERE accompaniment_id = %s",
            [self.rsa_file.id],
        )
        Log.invalidate_model()
        Log.init()
        log = Log.search([("accompaniment_id", "=", self.rsa_file.id)])
        self.assertEqual((log.stage_id, log.date), (self._stage("ara_worksite"), date(2017, 2, 1)))

    def _period_figures_by_step(self, period):
        return self.Figures._period_figures(*period).by_step

    def test_not_readable_by_staff_or_accountants(self):
        for user in (self.staff, self.facilitator, self.accountant):
            self.assertFalse(self.Situation.with_user(user).has_access("read"))
            self.assertFalse(
                self.env["housing.accompaniment.stage.log"].with_user(user).has_access("read")
            )


@tagged("post_install", "-at_install")
class TestMemberPresence(HousingCase):
    """Members' arrival and departure: who counts in a period, and the one-step changes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Figures = cls.env["housing.activity.figures"]
        cls.household = cls._household(
            "Mme Présence",
            dwelling_id=cls.dwellings[0].id,
            members=[
                ("Left the day before", "spouse", "male", date(1980, 2, 1)),
                ("Left on the first day", "child", "female", date(1998, 3, 1)),
                ("Arrived on the last day", "other_relative", "female", date(1950, 4, 1)),
                ("Arrived the day after", "other", "male", date(1990, 5, 1)),
                ("Always there", "child", "male", date(2010, 6, 1)),
            ],
        )
        members = {member.name: member for member in cls.household.member_ids}
        members["Left the day before"].departure_date = date(2016, 12, 31)
        members["Left on the first day"].departure_date = date(2017, 1, 1)
        members["Arrived on the last day"].arrival_date = date(2017, 12, 31)
        members["Arrived the day after"].arrival_date = date(2018, 1, 1)
        cls.members = members
        cls.env["housing.accompaniment"].with_context(housing_stage_override=True).create(
            {
                "household_id": cls.household.id,
                "workflow": "ara",
                "referral_date": date(2016, 5, 1),
            }
        )

    def test_period_boundaries(self):
        persons = self.Figures._period_figures(*Y2017).persons
        # Counted: the head (woman), left on the first day (adult woman), arrived on the
        # last day (adult woman), always there (child).
        self.assertEqual(tuple(persons), (4, 3, 3, 0, 1, 0))
        persons_2018 = self.Figures._period_figures(date(2018, 1, 1), date(2018, 12, 31)).persons
        # 2018: the head, the relative, the man who arrived on 1 January, the child.
        self.assertEqual(tuple(persons_2018), (4, 3, 2, 1, 1, 0))
        persons_2016 = self.Figures._period_figures(date(2016, 1, 1), date(2016, 12, 31)).persons
        # 2016: the head, the spouse (left on its last day), the daughter (18 in March),
        # the child.
        self.assertEqual(tuple(persons_2016), (4, 3, 2, 1, 1, 0))

    def test_household_counts_today(self):
        self.assertEqual(self.household.member_count, 4)
        self.assertEqual(self.household.men_count, 1)
        self.assertFalse(self.members["Left the day before"].is_present)
        self.assertTrue(self.members["Arrived the day after"].is_present)

    def test_departure_before_arrival(self):
        member = self.members["Always there"]
        member.arrival_date = date(2012, 1, 1)
        with self.assertRaisesRegex(ValidationError, "before arriving"):
            member.write({"departure_date": date(2011, 12, 31)})
        self.assertFalse(member.departure_date)

    def test_arrival_before_birth(self):
        with self.assertRaisesRegex(ValidationError, "before being born"):
            self.members["Always there"].arrival_date = date(2010, 5, 31)

    def test_same_person_in_two_households(self):
        partner = self.env["res.partner"].create({"name": "Moving partner"})
        member = self.env["housing.member"].create(
            {
                "household_id": self.household.id,
                "name": "Moving partner",
                "partner_id": partner.id,
                "relationship": "spouse",
                "departure_date": date(2018, 6, 30),
            }
        )
        other = self._household("Mme Ailleurs", dwelling_id=self.dwellings[1].id)
        vals = {
            "household_id": other.id,
            "name": "Moving partner",
            "partner_id": partner.id,
            "relationship": "spouse",
            "arrival_date": date(2018, 6, 30),
        }
        with self.assertRaisesRegex(ValidationError, "over the same dates"):
            self.env["housing.member"].create(vals)
        self.assertEqual(other.member_count, 1, "nothing written")
        # Arriving the day after leaving is a move, not a clash.
        self.env["housing.member"].create(dict(vals, arrival_date=date(2018, 7, 1)))
        self.assertEqual(other.member_count, 2)
        with self.assertRaisesRegex(ValidationError, "over the same dates"):
            member.departure_date = False

    def _wizard(self, change):
        return Form(
            self.env["housing.member.change.wizard"].with_context(
                default_household_id=self.household.id, default_change=change
            )
        )

    def test_wizard_birth(self):
        form = self._wizard("birth")
        form.name = "Baby"
        form.gender = "female"
        form.change_date = date(2019, 8, 15)
        form.save().action_confirm()
        baby = self.household.member_ids.filtered(lambda m: m.name == "Baby")
        self.assertEqual(
            (baby.relationship, baby.birth_date, baby.arrival_date),
            ("child", date(2019, 8, 15), date(2019, 8, 15)),
        )
        self.assertEqual(self.Figures._period_figures(*Y2017).persons.total, 4)

    def test_wizard_new_member_and_departure(self):
        form = self._wizard("arrival")
        self.assertEqual(form.relationship, "spouse")
        form.name = "New partner"
        form.gender = "male"
        form.birth_date = date(1984, 9, 9)
        form.change_date = date(2020, 2, 1)
        form.save().action_confirm()
        partner = self.household.member_ids.filtered(lambda m: m.name == "New partner")
        self.assertEqual((partner.relationship, partner.arrival_date), ("spouse", date(2020, 2, 1)))

        form = self._wizard("departure")
        form.member_id = self.members["Always there"]
        form.change_date = date(2021, 9, 1)
        form.save().action_confirm()
        self.assertEqual(self.members["Always there"].departure_date, date(2021, 9, 1))

    def test_wizard_refuses_the_head_and_departure_before_arrival(self):
        head = self.household.member_ids.filtered("is_head")
        wizard = self.env["housing.member.change.wizard"].create(
            {"household_id": self.household.id, "change": "departure", "member_id": head.id}
        )
        with self.assertRaisesRegex(UserError, "head of household"):
            wizard.action_confirm()
        self.assertFalse(head.departure_date)
        wizard = self.env["housing.member.change.wizard"].create(
            {
                "household_id": self.household.id,
                "change": "departure",
                "member_id": self.members["Arrived the day after"].id,
                "change_date": date(2017, 6, 1),
            }
        )
        with self.assertRaisesRegex(ValidationError, "before arriving"):
            wizard.action_confirm()
        self.assertFalse(self.members["Arrived the day after"].departure_date)

    def test_household_form_members_one_step(self):
        """Adding a member with dates through the household form keeps the one-head rule."""
        self.household.write(
            {
                "member_ids": [
                    Command.create(
                        {
                            "name": "Cousin",
                            "relationship": "other_relative",
                            "arrival_date": date(2017, 7, 1),
                            "departure_date": date(2017, 8, 31),
                        }
                    )
                ]
            }
        )
        persons = self.Figures._period_figures(*Y2017).persons
        self.assertEqual((persons.total, persons.unknown), (5, 1))
        self.assertEqual(self.household.member_count, 4, "gone today")
