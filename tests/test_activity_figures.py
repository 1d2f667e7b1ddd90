from datetime import date

from odoo import Command
from odoo.tests import tagged

from .common import HousingCase


class ActivityDataCase(HousingCase):
    """A dataset worked out by hand: the seed's 2017 public and files around the period."""

    _cohort_number = 0

    @classmethod
    def _seed_cohort(cls):
        """The seed's 2017 public: 18 households, 69 persons, 24 adults (18 women, 6 men)
        and 45 children on 31/12/2017; 12 single-parent RSA households, 6 DALO or
        first-time arrivals, 12 tenants for more than 2 years, 13 in a QPV."""
        children = [4, 3, 2, 3, 1, 2, 3, 2, 4, 2, 3, 2, 1, 3, 2, 3, 2, 3]
        ActivityDataCase._cohort_number += 1
        prefix = f"SEED{ActivityDataCase._cohort_number}-"
        dwellings = cls.env["housing.dwelling"].create(
            [
                {
                    "name": f"{prefix}{index}",
                    "residence_id": (cls.residence_qpv if index < 13 else cls.residence_out).id,
                }
                for index in range(18)
            ]
        )
        households = cls.env["housing.household"]
        for index, count in enumerate(children):
            with_spouse = index % 3 == 2
            members = [
                (f"Child {index}-{k}", "child", "male" if k % 2 else "female", date(2005 + k, 6, 1))
                for k in range(count)
            ]
            if with_spouse:
                members.append((f"Spouse {index}", "spouse", "male", date(1975, 1, 1)))
            households |= cls._household(
                f"Seed head {index}",
                members=members,
                dwelling_id=dwellings[index].id,
                lease_start_date=date(2010, 1, 1) if index < 12 else date(2017, 2, 1),
                is_rsa_beneficiary=not with_spouse,
                is_single_parent=not with_spouse,
                is_dalo=index >= 15,
                is_first_time_arrival=12 <= index < 15,
            )
        return households

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Figures = cls.env["housing.activity.figures"]
        cls.cohort = cls._seed_cohort()
        Accompaniment = cls.env["housing.accompaniment"].with_context(housing_stage_override=True)
        cls.files = Accompaniment.create(
            [
                {
                    "household_id": household.id,
                    "workflow": "ara" if index < 12 else "new_entrant",
                    "start_date": date(2017, 1 + index % 12, 1),
                    "referral_date": date(2017, 1 + index % 12, 1) if index < 12 else False,
                }
                for index, household in enumerate(cls.cohort)
            ]
        )
        # Ten ARA files reviewed in 2017, four of which went on on their own.
        for index, file in enumerate(cls.files[:10]):
            file.write(
                {
                    "review_date": date(2017, 11, 1),
                    "works_completed": "all",
                    "continued_autonomously": index < 4,
                    "outcome": "completed",
                    "close_date": date(2017, 11, 2),
                    "stage_id": cls._stage("ara_closed").id,
                }
            )
        # Outside the period: a file closed in 2016 and one starting in 2018.
        cls.before = cls._household(
            "Closed before", members=[("Kid", "child", "male", date(2010, 1, 1))]
        )
        Accompaniment.create(
            {
                "household_id": cls.before.id,
                "workflow": "ara",
                "start_date": date(2016, 1, 10),
                "referral_date": date(2016, 1, 10),
                "close_date": date(2016, 12, 31),
                "outcome": "abandoned",
                "abandon_reason": "x",
                "stage_id": cls._stage("ara_closed").id,
            }
        )
        cls.after = cls._household("Starts after")
        Accompaniment.create(
            {"household_id": cls.after.id, "workflow": "ara", "referral_date": date(2018, 1, 2)}
        )


@tagged("post_install", "-at_install")
class TestActivityFigures(ActivityDataCase):
    """The activity figures (files active, households at their latest file, people by age on
    the last day, profile shares, autonomy rate), on datasets worked out by hand."""

    def test_seed_2017_figures(self):
        figures = self.Figures._period_figures(date(2017, 1, 1), date(2017, 12, 31))
        self.assertEqual(figures.household_count, 18)
        self.assertEqual(figures.file_count, 18)
        self.assertEqual(
            figures.persons._asdict(),
            {"total": 69, "adults": 24, "women": 18, "men": 6, "children": 45, "unknown": 0},
        )
        profile = figures.profile
        self.assertEqual(profile.long_term_tenant, (12, 12 / 18))
        self.assertEqual(profile.dalo_or_first_time, (6, 6 / 18))
        self.assertEqual(profile.rsa, (12, 12 / 18))
        self.assertEqual(profile.single_parent, (12, 12 / 18))
        self.assertEqual(profile.qpv.count, 13)
        self.assertAlmostEqual(profile.qpv.share, 0.7222, places=4)
        self.assertEqual(figures.autonomy, (10, 4, 0.4))
        by_step = {(workflow, stage.code): count for workflow, stage, count in figures.by_step}
        self.assertEqual(by_step[("ara", "ara_closed")], 10)
        self.assertEqual(by_step[("ara", "ara_referral")], 2)
        self.assertEqual(by_step[("new_entrant", "ne_designation")], 6)

    def test_period_bounds(self):
        # A file closed on the first day of the period is active in it.
        figures = self.Figures._period_figures(date(2016, 12, 31), date(2016, 12, 31))
        self.assertEqual(figures.household_count, 1)
        self.assertEqual(figures.persons.children, 1)
        figures = self.Figures._period_figures(date(2018, 1, 1), date(2018, 12, 31))
        self.assertIn(self.after, figures.files.household_id)
        self.assertNotIn(self.before, figures.files.household_id)
        # The eight ARA and new-entrant files still open in 2018 plus the one starting then.
        self.assertEqual(figures.household_count, 9)

    def test_filters(self):
        figures = self.Figures._period_figures(
            date(2017, 1, 1), date(2017, 12, 31), workflow="new_entrant"
        )
        self.assertEqual(figures.household_count, 6)
        self.assertEqual(figures.autonomy, (0, 0, 0.0))
        figures = self.Figures._period_figures(
            date(2017, 1, 1), date(2017, 12, 31), landlord=self.other_landlord
        )
        self.assertEqual(figures.household_count, 5)

    def test_age_unknown_and_eighteenth_birthday(self):
        household = self._household(
            "Mme Ages",
            members=[
                ("No birth date", "child", "female", False),
                ("Eighteen on the last day", "child", "male", date(2001, 12, 31)),
                ("Eighteen the day after", "child", "female", date(2002, 1, 1)),
            ],
        )
        people = self.Figures._reached_people(household)
        counts = self.env["housing.population"]._count_people(people, date(2019, 12, 31))
        self.assertEqual(
            counts, {"total": 4, "adults": 2, "women": 1, "men": 1, "children": 1, "unknown": 1}
        )
        # A baby registered later was not reached in the period.
        household.member_ids = [
            Command.create(
                {"name": "Baby", "relationship": "child", "birth_date": date(2020, 3, 1)}
            )
        ]
        counts = self.env["housing.population"]._count_people(
            self.Figures._reached_people(household), date(2019, 12, 31)
        )
        self.assertEqual(counts["total"], 4)

    def test_default_period_is_last_full_year(self):
        self.assertEqual(
            self.Figures._default_period(date(2026, 11, 24)), (date(2025, 1, 1), date(2025, 12, 31))
        )
