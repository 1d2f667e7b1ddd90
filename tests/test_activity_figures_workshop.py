from datetime import date, datetime

from odoo import Command
from odoo.tests import tagged

from .common import HousingCase


@tagged("post_install", "-at_install")
class TestActivityFiguresWorkshop(HousingCase):
    """The workshops, kits and mutual aid in the activity figures, on a 2016 dataset worked
    out by hand (Europe/Paris: UTC+1 in winter, UTC+2 from 27 March 2016)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Figures = cls.env["housing.activity.figures"].with_context(tz="Europe/Paris")
        cls.diy = cls.env.ref("housing_accompaniment.workshop_theme_diy")
        cls.energy = cls.env.ref("housing_accompaniment.workshop_theme_energy_savings")
        cls.family = cls._household(
            "Mme Famille",
            members=[
                ("M. Famille", "spouse", "male", date(1983, 2, 1)),
                ("Enfant Famille", "child", "female", date(2010, 9, 1)),
            ],
            dwelling_id=cls.dwellings[0].id,
        )
        cls.head, cls.spouse, cls.child = (
            cls.family.member_ids.filtered(lambda m, name=name: m.name == name)
            for name in ("Mme Famille", "M. Famille", "Enfant Famille")
        )
        cls.neighbour = cls._household("Mme Voisine", dwelling_id=cls.dwellings[1].id)
        Partner = cls.env["res.partner"]
        cls.volunteer = Partner.create({"name": "Bénévole Un"})
        cls.volunteer_2 = Partner.create({"name": "Bénévole Deux"})

        def workshop(start, theme, people, state="held", meal=False):
            return cls.env["housing.workshop"].create(
                {
                    "name": "Workshop",
                    "start_datetime": start,
                    "theme_id": theme.id,
                    "has_shared_meal": meal,
                    "attendance_ids": [
                        Command.create(dict(person, is_present=present))
                        for person, present in people
                    ],
                    "state": state,
                }
            )

        # Held in 2016: head, child and volunteer present, spouse absent; with a meal.
        workshop(
            datetime(2016, 3, 9, 13, 0),
            cls.diy,
            [
                ({"member_id": cls.head.id}, True),
                ({"member_id": cls.child.id}, True),
                ({"member_id": cls.spouse.id}, False),
                ({"partner_id": cls.volunteer.id}, True),
            ],
            meal=True,
        )
        # The head again (counted once), and the neighbour registered by her contact.
        workshop(
            datetime(2016, 3, 23, 13, 0),
            cls.energy,
            [
                ({"member_id": cls.head.id}, True),
                ({"partner_id": cls.neighbour.tenant_partner_id.id}, True),
            ],
        )
        # Cancelled: not held, nobody present.
        workshop(
            datetime(2016, 4, 6, 12, 0), cls.diy, [({"member_id": cls.head.id}, False)]
        ).action_cancel()
        # 23:30 on 31 December 2016 in Aix: in 2016.
        workshop(
            datetime(2016, 12, 31, 22, 30), cls.diy, [({"partner_id": cls.volunteer_2.id}, True)]
        )
        # 00:30 on 1 January 2016 in Aix (still 2015 in UTC): in 2016.
        workshop(datetime(2015, 12, 31, 23, 30), cls.diy, [({"member_id": cls.spouse.id}, True)])
        # 1 January 2017 at 00:30 in Aix (still 2016 in UTC): in 2017.
        workshop(datetime(2016, 12, 31, 23, 30), cls.diy, [({"member_id": cls.child.id}, True)])

        cls.file = cls.env["housing.accompaniment"].create(
            {
                "household_id": cls.family.id,
                "workflow": "ara",
                "referral_date": date(2016, 1, 10),
                "facilitator_id": cls.facilitator.id,
            }
        )
        aerator = cls.env["housing.equipment"].create(
            {
                "name": "Test aerator",
                "water_saving_liters": 5000,
                "energy_saving_kwh": 100,
                "money_saving_eur": 30,
            }
        )
        cls.env["housing.kit.installation"].create(
            [
                {
                    "accompaniment_id": cls.file.id,
                    "equipment_id": aerator.id,
                    "quantity": 2,
                    "installation_date": date(2016, 5, 10),
                },
                {
                    "accompaniment_id": cls.file.id,
                    "equipment_id": aerator.id,
                    "quantity": 1,
                    "installation_date": date(2017, 2, 1),
                },
            ]
        )
        cls.env["housing.mutual.aid"].create(
            [
                {
                    "helper_household_id": cls.neighbour.id,
                    "accompaniment_id": cls.file.id,
                    "aid_date": aid_date,
                    "hours": hours,
                }
                for aid_date, hours in ((date(2016, 6, 1), 3.5), (date(2017, 3, 1), 2))
            ]
        )

    def test_people_present_at_workshops(self):
        people = self.Figures._workshop_people(date(2016, 1, 1), date(2016, 12, 31))
        self.assertEqual(
            set(people),
            {
                ("member", self.head.id),
                ("member", self.child.id),
                ("member", self.spouse.id),
                ("member", self.neighbour.member_ids.id),
                ("partner", self.volunteer.id),
                ("partner", self.volunteer_2.id),
            },
        )
        counts = self.env["housing.population"]._count_people(people.values(), date(2016, 12, 31))
        self.assertEqual(
            counts, {"total": 6, "adults": 3, "women": 2, "men": 1, "children": 1, "unknown": 2}
        )

    def test_workshop_kit_and_aid_figures(self):
        people = self.Figures._workshop_people(date(2016, 1, 1), date(2016, 12, 31))
        workshops = self.Figures._workshop_figures(date(2016, 1, 1), date(2016, 12, 31), people)
        self.assertEqual(workshops.held, 4)
        self.assertEqual(workshops.presences, 7)
        self.assertEqual(workshops.persons, 6)
        self.assertEqual(workshops.households, 2)
        self.assertEqual(workshops.with_meal, 1)
        self.assertEqual(
            {theme.name: (held, present) for theme, held, present in workshops.by_theme},
            {"DIY lessons": (3, 5), "Energy savings": (1, 2)},
        )
        kits = self.Figures._kit_figures(date(2016, 1, 1), date(2016, 12, 31), self.file)
        self.assertEqual(kits.units, 2)
        self.assertEqual(kits.households, 1)
        self.assertEqual(kits.water_saving_liters, 10000)
        self.assertEqual(kits.energy_saving_kwh, 200)
        self.assertEqual(kits.money_saving_eur, 60)
        aid = self.Figures._mutual_aid_figures(date(2016, 1, 1), date(2016, 12, 31), self.file)
        self.assertEqual((aid.count, aid.hours), (1, 3.5))

    def test_persons_reached_include_workshop_people_once(self):
        figures = self.Figures._period_figures(date(2016, 1, 1), date(2016, 12, 31))
        self.assertEqual(figures.household_count, 1, "the family's file")
        # The family's three members, the neighbour and the two volunteers.
        self.assertEqual(figures.persons.total, 6)
        self.assertEqual(figures.persons.unknown, 2)
        self.assertEqual(figures.workshops.held, 4)
