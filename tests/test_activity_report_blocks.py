import importlib
import io
import os
import re
import sys
import zipfile
from datetime import date

import openpyxl

from odoo import Command
from odoo.tests import tagged

from .blocks_common import PERIOD, ActivityBlocksCase
from .test_activity_report import sheet_values


def table(sheet):
    """``{label in column A: [values of the following columns]}`` of a block sheet (its
    title and explanation lines come first, with no values)."""
    return sheet_values(sheet)


@tagged("post_install", "-at_install")
class TestActivityReportBlocks(ActivityBlocksCase):
    """The blocks of the activity report beyond the seed's 2017 analysis, read back from the
    XLSX by label; their charts point at the cells the report writes."""

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

    def test_age_bands_and_adults_follow_one_birthday_rule(self):
        """Born on 29 February: 17 on 28 February of a common year, 18 on 1 March, in the
        age bands as in the count of adults; anyone else turns 18 on their birthday."""
        Figures = self.env["housing.activity.figures"]
        Population = self.env["housing.population"]

        def band_and_adults(birth_date, on_date):
            people = [{"birth_date": birth_date, "gender": "female"}]
            [row] = [row for row in Figures._age_groups(people, on_date) if row.women]
            return row.band, Population._count_people(people, on_date)["adults"]

        leap = date(2004, 2, 29)
        self.assertEqual(band_and_adults(leap, date(2022, 2, 28)), ("6-17", 0))
        self.assertEqual(band_and_adults(leap, date(2022, 3, 1)), ("18-25", 1))
        self.assertEqual(band_and_adults(leap, date(2024, 2, 28)), ("18-25", 1))
        self.assertEqual(band_and_adults(date(2004, 3, 1), date(2022, 2, 28)), ("6-17", 0))
        self.assertEqual(band_and_adults(date(2004, 3, 1), date(2022, 3, 1)), ("18-25", 1))
        self.assertEqual(band_and_adults(date(1996, 12, 31), date(2022, 12, 30)), ("18-25", 1))
        self.assertEqual(band_and_adults(date(1996, 12, 31), date(2022, 12, 31)), ("26-59", 1))
        self.assertEqual(band_and_adults(date(2016, 12, 31), date(2022, 12, 31)), ("6-17", 0))
        self.assertEqual(band_and_adults(date(2017, 1, 1), date(2022, 12, 31)), ("0-5", 0))

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
        # A manager: the funding chart is only for users who may read the funding.
        charts = self._charts(self._content(self.manager))
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
        funding = openpyxl.load_workbook(io.BytesIO(self._content(self.manager)))["Funding"]
        self.assertEqual(funding["A6"].value, "État")
        self.assertEqual(funding["B6"].value, 7000.0)
        self.assertEqual(funding["A7"].value, self.landlord.name)
        self.assertEqual(funding["C7"].value, 0.3)
        self.assertEqual(funding["B11"].value, 0.3, "the landlord's share of the funding")
        # 8 of the 10 households live in the landlord's dwellings (H3 and H5 do not).
        self.assertEqual(funding["B12"].value, 0.8, "the landlord's share of the households")
        self.assertNotIn("Funding", self._charts(self._content(self.staff)), "no funding for staff")

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
