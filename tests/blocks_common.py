import io
from datetime import date, datetime

import openpyxl

from odoo import Command

from .common import HousingCase

PERIOD = {"date_from": date(2021, 1, 1), "date_to": date(2021, 12, 31)}


class ActivityBlocksCase(HousingCase):
    """Records of 2021 for the activity report's blocks, each figure with its own value and
    the period's first and last days on the boundaries (the expected figures are worked out
    in tests/test_activity_report_blocks.py)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"housing_landlord_partner_id": cls.landlord.id})
        Partner = cls.env["res.partner"]
        cls.org_a = Partner.create({"name": "Département CMS Nord", "is_company": True})
        cls.org_b = Partner.create({"name": "CCAS d'Aix", "is_company": True})
        referent_a1 = Partner.create({"name": "Referent A1", "parent_id": cls.org_a.id})
        referent_a2 = Partner.create({"name": "Referent A2", "parent_id": cls.org_a.id})
        referent_b = Partner.create({"name": "Referent B", "parent_id": cls.org_b.id})
        lone_referent = Partner.create({"name": "Independent referent"})
        cls.service_1 = Partner.create({"name": "Maison de la solidarité", "is_company": True})
        cls.service_2 = Partner.create({"name": "CAF accueil", "is_company": True})
        cls.qpv_b = cls.env["housing.qpv"].create({"name": "QPV Beisson", "code": "QN-BLK-B"})
        cls.residence_b = residence_b = cls.env["housing.residence"].create(
            {"name": "Residence Beisson", "landlord_id": cls.landlord.id, "qpv_id": cls.qpv_b.id}
        )
        Dwelling = cls.env["housing.dwelling"]
        dwellings_b = Dwelling.create(
            [{"name": f"B{index}", "residence_id": residence_b.id} for index in range(3)]
        )
        dwelling_out_2 = Dwelling.create({"name": "O2", "residence_id": cls.residence_out.id})
        d = cls.dwellings
        # Ages on 2021-12-31: exactly 18 (born 2003-12-31) is an adult of 18 to 25; born
        # 2004-01-01 is 17; born 2015-12-31 is 6; born 2016-01-01 is 5.
        h1 = cls._household(
            "H1",
            members=[
                ("H1 girl", "child", "female", date(2016, 1, 1)),
                ("H1 boy", "child", "male", date(2015, 12, 31)),
                ("H1 teen", "child", "male", date(2004, 1, 1)),
            ],
            head_birth_date=date(1980, 1, 1),
            dwelling_id=d[0].id,
        )
        h2 = cls._household(
            "H2",
            members=[
                ("H2 girl", "child", "female", date(2010, 4, 2)),
                ("H2 baby", "child", "male", date(2019, 7, 3)),
            ],
            head_birth_date=date(1975, 2, 2),
            dwelling_id=d[1].id,
        )
        h3 = cls._household(
            "H3",
            head_gender="male",
            head_birth_date=date(1950, 6, 1),
            dwelling_id=cls.dwelling_out.id,
        )
        h4 = cls._household("H4", head_birth_date=date(2003, 12, 31), dwelling_id=d[3].id)
        h5 = cls._household(
            "H5",
            head_gender="male",
            head_birth_date=date(1990, 3, 3),
            dwelling_id=dwelling_out_2.id,
        )
        h6 = cls._household("H6", head_birth_date=date(1960, 1, 1), dwelling_id=d[2].id)
        h7 = cls._household(
            "H7",
            members=[
                ("H7 boy", "child", "male", date(2018, 5, 5)),
                ("H7 girl", "child", "female", date(2012, 6, 6)),
                ("H7 teen", "child", "female", date(2008, 7, 7)),
            ],
            head_birth_date=date(1985, 8, 8),
            dwelling_id=dwellings_b[0].id,
        )
        h8 = cls._household(
            "H8",
            head_gender="male",
            head_birth_date=date(1999, 9, 9),
            dwelling_id=dwellings_b[1].id,
        )
        h9 = cls._household(
            "H9",
            members=[
                ("H9 aunt", "other", "female", False),
                ("H9 cousin", "other", "other", date(1995, 1, 1)),
            ],
            head_birth_date=date(1970, 10, 10),
            dwelling_id=dwellings_b[2].id,
        )
        h10 = cls._household("H10", head_birth_date=date(1988, 11, 11), dwelling_id=d[4].id)
        cls.h1 = h1
        skills = {
            code: cls.env.ref(f"housing_accompaniment.skill_{code}")
            for code in ("painting", "wall_preparation", "small_plumbing")
        }
        cls.skills = skills
        Accompaniment = cls.env["housing.accompaniment"].with_context(housing_stage_override=True)

        def ara(household, referral, referent, **vals):
            return Accompaniment.create(
                dict(
                    {
                        "household_id": household.id,
                        "workflow": "ara",
                        "referral_date": referral,
                        "referent_partner_id": referent.id,
                    },
                    **vals,
                )
            )

        # Referrals in 2021: A 3 (first and last day), B 2, no organisation 1; 2020-12-31 not.
        f1 = ara(
            h1,
            date(2021, 1, 1),
            referent_a1,
            worksite_end_date=date(2021, 6, 30),
            works_completed="all",
            household_hours=12.5,
            volunteer_hours=3.0,
            budget_amount=1000.0,
            skill_ids=[Command.set([skills["painting"].id, skills["wall_preparation"].id])],
        )
        f2 = ara(
            h2,
            date(2021, 5, 10),
            referent_a2,
            worksite_end_date=date(2021, 12, 31),
            works_completed="partly",
            household_hours=7.25,
            volunteer_hours=1.5,
            budget_amount=200.0,
            skill_ids=[Command.set([skills["painting"].id])],
        )
        ara(
            h3,
            date(2021, 8, 1),
            referent_b,
            # Ended the day after the period: neither its hours nor its skills count.
            worksite_end_date=date(2022, 1, 1),
            works_completed="none",
            household_hours=100.0,
            budget_amount=400.0,
            skill_ids=[Command.set([skills["small_plumbing"].id])],
        )
        ara(h4, date(2021, 12, 31), referent_a1, budget_amount=50.0)
        ara(h5, date(2021, 9, 15), referent_b)
        ara(h9, date(2020, 12, 31), referent_b)
        ara(h10, date(2021, 7, 7), lone_referent)
        Purchase = cls.env["housing.purchase.line"]
        Purchase.create(
            [
                {
                    "accompaniment_id": f1.id,
                    "name": "Paint",
                    "category": "paint",
                    "quantity": 1,
                    "unit_cost": 300.0,
                    "purchase_date": date(2021, 1, 1),
                },
                {
                    "accompaniment_id": f1.id,
                    "name": "Floor",
                    "category": "flooring",
                    "quantity": 3,
                    "unit_cost": 150.0,
                    "purchase_date": date(2021, 12, 31),
                },
                {
                    "accompaniment_id": f2.id,
                    "name": "Seals",
                    "category": "plumbing",
                    "quantity": 2,
                    "unit_cost": 130.0,
                    "purchase_date": date(2021, 4, 1),
                    "over_budget_reason": "Old pipes: more seals than planned.",
                },
                {
                    "accompaniment_id": f2.id,
                    "name": "Bulbs",
                    "category": "electricity",
                    "quantity": 1,
                    "unit_cost": 40.0,
                    "purchase_date": date(2020, 12, 31),
                    "over_budget_reason": "The seals cost more than planned.",
                },
            ]
        )

        def new_entrant(household, designation, **vals):
            return Accompaniment.create(
                dict(
                    {
                        "household_id": household.id,
                        "workflow": "new_entrant",
                        "designation_date": designation,
                    },
                    **vals,
                )
            )

        # Orientations in 2021: service 1 twice (last day, mid-year), service 2 once (first
        # day); one on 2022-01-01 not.
        n1 = new_entrant(
            h6,
            date(2021, 2, 1),
            mainstream_service_id=cls.service_1.id,
            orientation_date=date(2021, 12, 31),
        )
        n2 = new_entrant(
            h7,
            date(2021, 2, 2),
            mainstream_service_id=cls.service_2.id,
            orientation_date=date(2021, 1, 1),
        )
        n3 = new_entrant(
            h8,
            date(2021, 2, 3),
            mainstream_service_id=cls.service_1.id,
            orientation_date=date(2021, 6, 1),
        )
        new_entrant(
            h1,
            date(2021, 3, 3),
            mainstream_service_id=cls.service_2.id,
            orientation_date=date(2022, 1, 1),
        )

        def right(file, code, status, day):
            line = file.right_line_ids.filtered(
                lambda line: (
                    line.right_type_id == cls.env.ref(f"housing_accompaniment.right_type_{code}")
                )
            )
            line.write({"status": status, "status_date": day})

        # Rights opened in 2021: APL 3, FSL 2, insurance 1; not the requested one, nor the one
        # opened on 2020-12-31.
        for file, day in ((n1, date(2021, 3, 1)), (n2, date(2021, 1, 1)), (n3, date(2021, 12, 31))):
            right(file, "apl", "opened", day)
        right(n1, "fsl", "opened", date(2021, 5, 5))
        right(n2, "fsl", "opened", date(2021, 6, 6))
        right(n3, "fsl", "requested", date(2021, 6, 6))
        right(n1, "insurance", "opened", date(2021, 2, 2))
        right(n2, "insurance", "opened", date(2020, 12, 31))
        # Workshops: March 2 held, attendance 5; May 1 held, attendance 4; a cancelled one.
        theme = cls.env["housing.workshop.theme"].search([], limit=1)

        def workshop(start, members, state="held"):
            cls.env["housing.workshop"].create(
                {
                    "name": "DIY",
                    "theme_id": theme.id,
                    "start_datetime": start,
                    "state": state,
                    "attendance_ids": [
                        Command.create({"member_id": member.id, "is_present": True})
                        for member in members
                    ],
                }
            )

        workshop(datetime(2021, 3, 5, 13, 0), h1.member_ids[:3])
        workshop(datetime(2021, 3, 19, 13, 0), h2.member_ids[:2])
        workshop(datetime(2021, 5, 12, 13, 0), h7.member_ids)
        workshop(datetime(2021, 5, 26, 13, 0), [], state="cancelled")
        Funding = cls.env["housing.funding"]
        action = cls.env.ref("housing_accompaniment.action_ara")
        state_funder = Partner.create({"name": "État", "is_company": True})
        for funder, amount in ((cls.landlord, 3000.0), (state_funder, 7000.0)):
            Funding.create(
                {
                    "funder_id": funder.id,
                    "action_id": action.id,
                    "year": 2021,
                    "amount_committed": amount,
                }
            )

    def _content(self, user):
        wizard = self.env["housing.activity.report.wizard"].with_user(user).create(PERIOD)
        content, _format = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_xlsx(
                "housing_accompaniment.action_report_housing_activity_xlsx", wizard.ids, None
            )
        )
        return content

    def _book(self, user):
        return openpyxl.load_workbook(io.BytesIO(self._content(user)))
