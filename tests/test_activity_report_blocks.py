import importlib
import io
import os
import re
import sys
import zipfile
from datetime import date, datetime

import openpyxl

from odoo import Command
from odoo.tests import tagged

from .common import HousingCase
from .test_activity_report import sheet_values

PERIOD = {"date_from": date(2021, 1, 1), "date_to": date(2021, 12, 31)}


def table(sheet):
    """``{label in column A: [values of the following columns]}`` of a block sheet (its
    title and explanation lines come first, with no values)."""
    return sheet_values(sheet)


@tagged("post_install", "-at_install")
class TestActivityReportBlocks(HousingCase):
    """The blocks of the activity report beyond the seed's 2017 analysis, read back from the
    XLSX by label, with records where each figure has its own value and the period's first
    and last days on the boundaries; their charts point at the cells the report writes."""

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

    # ------------------------------------------------------------------
    # Figures
    # ------------------------------------------------------------------
    def test_summary_blocks(self):
        book = self._book(self.staff)
        summary = sheet_values(book["Summary"])
        self.assertEqual(summary["Households reached"][0], 10)
        self.assertEqual(summary["Referrals received"][0], 6)
        self.assertEqual(summary["Referent organisations"][0], 2)
        self.assertEqual(summary["Rights opened, all rights"][0], 6)
        self.assertEqual(summary["Files oriented to mainstream services"][0], 3)
        self.assertEqual(summary["Mainstream services"][0], 2)
        self.assertEqual(summary["Worksites ended"][0], 2)
        self.assertEqual(summary["Works done: All the planned works"][0], 1)
        self.assertEqual(summary["Works done: Part of the planned works"][0], 1)
        self.assertNotIn("Works done: None of the planned works", summary)
        self.assertEqual(summary["Hours worked by the households"][0], 19.75)
        self.assertEqual(summary["Hours worked by volunteers"][0], 4.5)
        self.assertEqual(summary["ARA worksites active in the period"][0], 7)
        self.assertEqual(summary["Budgets of these worksites"][0], 1650.0)
        self.assertEqual(summary["Purchases recorded on them"][0], 1050.0)
        self.assertEqual(summary["Budget left"][0], 600.0)
        self.assertEqual(summary["Worksites over budget"][0], 1)
        self.assertEqual(summary["Purchases dated in the period"][0], 1010.0)
        self.assertEqual(summary["QPV with households reached"][0], 2)
        self.assertEqual(summary["Residences with households reached"][0], 3)
        # Each block says what it counts, on the line under its title.
        rows = [row[0] for row in book["Summary"].iter_rows(values_only=True)]
        explanation = rows[rows.index("Referrals by referent organisation") + 1]
        self.assertIn("referral date in it", explanation)
        explanation = rows[rows.index("Worksites completed and skills gained") + 1]
        self.assertIn("worksite end date in it", explanation)

    def test_block_sheets(self):
        book = self._book(self.staff)
        referrals = table(book["Referrals"])
        self.assertEqual(referrals[self.org_a.name][:2], [3, 0.5])
        self.assertEqual(referrals[self.org_b.name][:2], [2, 2 / 6])
        self.assertEqual(referrals["No organisation recorded"][0], 1)
        self.assertEqual(referrals["Total"][0], 6)
        rights = table(book["Rights opened"])
        names = {
            code: self.env.ref(f"housing_accompaniment.right_type_{code}").display_name
            for code in ("apl", "fsl", "insurance")
        }
        self.assertEqual(rights[names["apl"]][0], 3)
        self.assertEqual(rights[names["fsl"]][0], 2)
        self.assertEqual(rights[names["insurance"]][0], 1)
        orientations = table(book["Orientations"])
        self.assertEqual(orientations[self.service_1.name][0], 2)
        self.assertEqual(orientations[self.service_2.name][0], 1)
        skills = table(book["Skills gained"])
        self.assertEqual(skills[self.skills["painting"].name][0], 2)
        self.assertEqual(skills[self.skills["wall_preparation"].name][0], 1)
        self.assertNotIn(self.skills["small_plumbing"].name, skills)
        purchases = table(book["Purchases"])
        self.assertEqual(purchases["Paint and coatings"][:2], [1, 300.0])
        self.assertEqual(purchases["Flooring"][:2], [1, 450.0])
        self.assertEqual(purchases["Plumbing"][:2], [1, 260.0])
        self.assertNotIn("Electricity", purchases)
        qpv = table(book["Households by QPV"])
        self.assertEqual(qpv[self.qpv.display_name][:2], [5, 0.5])
        self.assertEqual(qpv[self.qpv_b.display_name][:2], [3, 0.3])
        self.assertEqual(qpv["Not in a QPV"][:2], [2, 0.2])
        residences = table(book["Households by residence"])
        self.assertEqual(residences[self.residence_qpv.display_name][0], 5)
        self.assertEqual(residences[self.residence_b.display_name][0], 3)
        self.assertEqual(residences[self.residence_out.display_name][0], 2)
        months = table(book["Workshops by month"])
        self.assertEqual(months["March 2021"][:2], [2, 5])
        self.assertEqual(months["May 2021"][:2], [1, 4])
        self.assertNotIn("April 2021", months)

    def test_people_by_age_and_gender(self):
        ages = table(self._book(self.staff)["People by age"])
        # [women, men, other or not recorded, total]
        self.assertEqual(ages["Under 6"], [1, 2, 0, 3])
        self.assertEqual(ages["6 to 17"], [3, 2, 0, 5])
        self.assertEqual(ages["18 to 25"], [1, 1, 0, 2])
        self.assertEqual(ages["26 to 59"], [5, 1, 1, 7])
        self.assertEqual(ages["60 and over"], [1, 1, 0, 2])
        self.assertEqual(ages["Age unknown"], [1, 0, 0, 1])

    # ------------------------------------------------------------------
    # Charts
    # ------------------------------------------------------------------
    def _charts(self, content):
        """``{sheet name: [series references of each chart drawn on it]}``, from the
        drawings of the sheets and the charts' XML."""
        charts = {}
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            workbook = archive.read("xl/workbook.xml").decode()
            rels = archive.read("xl/_rels/workbook.xml.rels").decode()
            targets = {
                re.search(r'Id="([^"]+)"', rel).group(1): re.search(r'Target="([^"]+)"', rel).group(
                    1
                )
                for rel in re.findall(r"<Relationship [^>]+>", rels)
            }
            for sheet_name, rid in re.findall(
                r'<sheet name="([^"]+)" sheetId="\d+" r:id="(rId\d+)"', workbook
            ):
                sheet_file = targets[rid].split("/")[-1]
                sheet_rels = f"xl/worksheets/_rels/{sheet_file}.rels"
                if sheet_rels not in names:
                    continue
                drawings = re.findall(
                    r'Target="../drawings/(drawing\d+\.xml)"', archive.read(sheet_rels).decode()
                )
                for drawing in drawings:
                    drawing_rels = archive.read(f"xl/drawings/_rels/{drawing}.rels").decode()
                    for chart in re.findall(r'Target="../charts/(chart\d+\.xml)"', drawing_rels):
                        xml = archive.read(f"xl/charts/{chart}").decode()
                        charts.setdefault(sheet_name, []).append(
                            re.findall(r"<c:f>([^<]+)</c:f>", xml)
                        )
        return charts

    def test_charts_point_at_the_written_cells(self):
        charts = self._charts(self._content(self.staff))
        [age] = charts["People by age"]
        # Women and men (columns B and C) by age band (A5:A10), under the header on row 4.
        self.assertIn("'People by age'!$A$5:$A$10", age)
        self.assertIn("'People by age'!$B$5:$B$10", age)
        self.assertIn("'People by age'!$C$5:$C$10", age)
        [qpv] = charts["Households by QPV"]
        self.assertIn("'Households by QPV'!$A$5:$A$7", qpv)
        self.assertIn("'Households by QPV'!$B$5:$B$7", qpv)
        [months] = charts["Workshops by month"]
        self.assertIn("'Workshops by month'!$B$5:$B$6", months)
        self.assertIn("'Workshops by month'!$C$5:$C$6", months)
        pie, landlord = charts["Funding"]
        # Under the two funding lines (rows 1-3) and a blank row: the per-funder table.
        self.assertIn("Funding!$A$6:$A$7", pie)
        self.assertIn("Funding!$B$6:$B$7", pie)
        self.assertIn("Funding!$B$11:$B$12", landlord)
        funding = openpyxl.load_workbook(io.BytesIO(self._content(self.staff)))["Funding"]
        self.assertEqual(funding["A6"].value, "État")
        self.assertEqual(funding["B6"].value, 7000.0)
        self.assertEqual(funding["A7"].value, self.landlord.name)
        self.assertEqual(funding["C7"].value, 0.3)
        self.assertEqual(funding["B11"].value, 0.3, "the landlord's share of the funding")
        # 8 of the 10 households live in the landlord's dwellings (H3 and H5 do not).
        self.assertEqual(funding["B12"].value, 0.8, "the landlord's share of the households")

    # ------------------------------------------------------------------
    # Privacy and speed
    # ------------------------------------------------------------------
    def test_accountant_sees_small_cells_masked(self):
        self.company.housing_min_cell_size = 3
        book = self._book(self.accountant)
        qpv = table(book["Households by QPV"])
        self.assertEqual(qpv[self.qpv.display_name][0], 5)
        # "Not in a QPV" (2) is under 3, and the next smallest goes with it, so that no
        # hidden count comes back from the total.
        self.assertEqual(qpv[self.qpv_b.display_name][:2], ["< 3", None])
        self.assertEqual(qpv["Not in a QPV"][:2], ["< 3", None])
        self.assertEqual(qpv["Total"][0], 10)
        referrals = table(book["Referrals"])
        self.assertEqual(referrals[self.org_a.name][0], 3)
        self.assertEqual(referrals[self.org_b.name][0], "< 3")
        self.assertEqual(referrals["No organisation recorded"][0], "< 3")
        summary = sheet_values(book["Summary"])
        self.assertEqual(summary["Works done: All the planned works"][0], "< 3")
        self.assertEqual(summary["Purchases dated in the period"][0], 1010.0)
        skills = table(book["Skills gained"])
        self.assertEqual(skills[self.skills["painting"].name][0], "< 3")
        ages = table(book["People by age"])
        self.assertEqual(ages["26 to 59"][:2], [5, "< 3"])
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                self.assertNotIn("H1 girl", row, "no name of a person")
        # Staff see the same cells unmasked.
        self.assertEqual(table(self._book(self.staff)["Households by QPV"])["Not in a QPV"][0], 2)

    def test_query_count_is_the_same_with_more_blocks_data(self):
        def count():
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self._content(self.staff)
            return self.env.cr.sql_log_count - before

        count()
        small = count()
        Accompaniment = self.env["housing.accompaniment"].with_context(housing_stage_override=True)
        organisation = self.env["res.partner"].create({"name": "New org", "is_company": True})
        for index in range(6):
            referent = self.env["res.partner"].create(
                {"name": f"Referent {index}", "parent_id": organisation.id}
            )
            household = self._household(f"More {index}")
            file = Accompaniment.create(
                {
                    "household_id": household.id,
                    "workflow": "ara",
                    "referral_date": date(2021, 4, index + 1),
                    "referent_partner_id": referent.id,
                    "worksite_end_date": date(2021, 10, index + 1),
                    "works_completed": "all",
                    "skill_ids": [Command.set(self.skills["small_plumbing"].ids)],
                }
            )
            self.env["housing.purchase.line"].create(
                {
                    "accompaniment_id": file.id,
                    "name": "Tools",
                    "category": "tools",
                    "unit_cost": 10.0,
                    "purchase_date": date(2021, 4, 2),
                }
            )
        self.assertEqual(count(), small)

    def test_bench_floor_gives_the_report_figures(self):
        """The benchmark's hand-written SQL floor (bench/benchmark.py) counts the new blocks
        as the report does, so that its time comparison stays fair."""
        bench_dir = os.path.join(os.path.dirname(os.path.dirname(__file__)), "bench")
        sys.path.insert(0, bench_dir)
        try:
            benchmark = importlib.import_module("benchmark")
        finally:
            sys.path.remove(bench_dir)
        self.env.flush_all()
        report = benchmark.report_figures(self.env, **PERIOD)
        _queries, _seconds, floor = benchmark.floor(self.env, **PERIOD)
        self.assertEqual(report["referrals." + str(self.org_a.id)], 3)
        self.assertEqual(report["qpv." + str(self.qpv_b.id)], 3)
        self.assertEqual(report["purchases.in_period"], 1010.0)
        self.assertEqual(
            {key: value for key, value in report.items() if floor.get(key) != value},
            {},
            "the floor and the report count differently",
        )
