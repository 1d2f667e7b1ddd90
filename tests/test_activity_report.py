import io
from datetime import date

import openpyxl

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval, time

from .test_activity_figures import ActivityDataCase


def sheet_values(sheet):
    """``{label in column A: [values of the following columns]}`` of a summary sheet."""
    values = {}
    for row in sheet.iter_rows(values_only=True):
        if row and isinstance(row[0], str):
            values.setdefault(row[0], list(row[1:]))
    return values


@tagged("post_install", "-at_install")
class TestActivityReport(ActivityDataCase):
    """The XLSX activity report, read back with openpyxl."""

    def _render(self, user=None, **vals):
        Wizard = self.env["housing.activity.report.wizard"]
        if user:
            Wizard = Wizard.with_user(user)
        wizard = Wizard.create(
            dict({"date_from": date(2017, 1, 1), "date_to": date(2017, 12, 31)}, **vals)
        )
        content, report_format = (
            self.env["ir.actions.report"]
            .with_user(user or self.env.user)
            ._render_xlsx(
                "housing_accompaniment.action_report_housing_activity_xlsx", wizard.ids, None
            )
        )
        self.assertEqual(report_format, "xlsx")
        return openpyxl.load_workbook(io.BytesIO(content))

    def test_summary_reproduces_the_seed(self):
        book = self._render(user=self.staff)
        self.assertEqual(book.sheetnames[:2], ["Summary", "Files"])
        summary = sheet_values(book["Summary"])
        self.assertEqual(summary["Persons reached"][0], 69)
        self.assertEqual(summary["Adults"][0], 24)
        self.assertEqual(summary["of whom women"][0], 18)
        self.assertEqual(summary["of whom men"][0], 6)
        self.assertEqual(summary["Children"][0], 45)
        self.assertEqual(summary["Age unknown"][0], 0)
        self.assertEqual(summary["Households reached"][0], 18)
        self.assertEqual(summary["Tenants of record for more than 2 years"][:2], [12, 12 / 18])
        self.assertEqual(summary["DALO or first-time arrivals"][:2], [6, 6 / 18])
        self.assertEqual(summary["RSA beneficiaries"][0], 12)
        self.assertEqual(summary["Single-parent families"][0], 12)
        self.assertEqual(summary["Living in a QPV"][0], 13)
        self.assertAlmostEqual(summary["Living in a QPV"][1], 13 / 18)
        self.assertEqual(summary["Households that continued the works on their own"][:2], [4, 0.4])
        self.assertEqual(summary["Files reviewed in the period"][0], 10)
        self.assertEqual(
            summary["Assisted self-renovation (ARA) · Closed"][0], 10, "files by step reached"
        )
        share_cell = next(
            row[2] for row in book["Summary"].iter_rows() if row[0].value == "Living in a QPV"
        )
        self.assertEqual(share_cell.number_format, "0.0%")

    def test_files_sheet(self):
        book = self._render(user=self.staff)
        sheet = book["Files"]
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertTrue(sheet.auto_filter.ref)
        header = [cell.value for cell in sheet[1]]
        self.assertEqual(header[:4], ["Reference", "Workflow", "Step", "Household"])
        self.assertEqual(sheet.max_row, 1 + 18)
        references = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
        self.assertEqual(references, set(self.files.mapped("name")))

    def test_typed_text_stays_text(self):
        """A name typed as a formula or a link is written as the text it is: opening the
        report never runs a formula nor offers a link someone typed in a residence's name."""
        residence = self.files.residence_id[:1]
        residence.name = '=HYPERLINK("https://example.org","Open")'
        other = (self.files.residence_id - residence)[:1]
        other.name = "https://example.org/phish"
        # xlsxwriter's write() makes "{=…}" an array formula whatever the workbook's options.
        array = self.files.qpv_id[:1]
        self.assertTrue(array, "a QPV in the Files sheet")
        array.name = '{=HYPERLINK("https://example.org","Open")}'
        book = self._render(user=self.staff)
        sheet = book["Files"]
        cells = {cell.value: cell for row in sheet.iter_rows(min_row=2) for cell in row}
        self.assertEqual(cells[residence.name].data_type, "s", "not a formula")
        self.assertEqual(cells[other.name].data_type, "s")
        self.assertEqual(cells[array.name].data_type, "s", "not an array formula")
        self.assertFalse(any(cell.hyperlink for cell in cells.values()), "no link")
        # The report writes no formula anywhere: none can come from typed text.
        formulas = [
            (sheet.title, cell.coordinate)
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.data_type == "f"
        ]
        self.assertEqual(formulas, [])
        # The filters' line names the landlord the report is narrowed to.
        self.files.landlord_id[:1].name = '{=HYPERLINK("https://example.org","Landlord")}'
        summary = self._render(user=self.staff, landlord_id=self.files.landlord_id[:1].id)
        cells = [cell for row in summary["Summary"].iter_rows() for cell in row if cell.value]
        self.assertTrue(any("{=HYPERLINK" in str(cell.value) for cell in cells))
        self.assertFalse([cell.coordinate for cell in cells if cell.data_type == "f"])

    def test_accountant_gets_figures_and_no_names(self):
        book = self._render(user=self.accountant)
        summary = sheet_values(book["Summary"])
        self.assertEqual(summary["Persons reached"][0], 69)
        # 10 files reviewed: 4 households continued on their own, under the cell size of 5
        # (and so the 6 others, which would give them back).
        self.assertEqual(summary["Files reviewed in the period"][0], 10)
        self.assertEqual(
            summary["Households that continued the works on their own"][:2], ["< 5", "< 5"]
        )
        dashboard = (
            self.env["housing.activity.report.wizard"]
            .with_user(self.accountant)
            .create({"date_from": date(2017, 1, 1), "date_to": date(2017, 12, 31)})
        )
        self.assertEqual(
            (dashboard.is_autonomy_hidden, dashboard.autonomy_rate, dashboard.household_count),
            (True, 0.0, 18),
        )
        names = set(self.cohort.member_ids.mapped("name")) | set(
            self.cohort.tenant_partner_id.mapped("name")
        )
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                for value in row:
                    self.assertNotIn(value, names, f"a name leaks in sheet {sheet.title}")

    def test_facilitator_cannot_print(self):
        with self.assertRaisesRegex(AccessError, "Social-support user"):
            self._render(user=self.facilitator)

    def test_empty_period_says_so(self):
        Wizard = self.env["housing.activity.report.wizard"]
        wizard = Wizard.create({"date_from": date(2001, 1, 1), "date_to": date(2001, 12, 31)})
        content, _fmt = self.env["ir.actions.report"]._render_xlsx(
            "housing_accompaniment.action_report_housing_activity_xlsx", wizard.ids, None
        )
        summary = sheet_values(openpyxl.load_workbook(io.BytesIO(content))["Summary"])
        self.assertIn("No activity in this period.", summary)
        self.assertEqual(summary["Persons reached"][0], 0)

    def test_period_ending_before_it_starts(self):
        with self.assertRaisesRegex(ValidationError, "ends .* before it starts"):
            self.env["housing.activity.report.wizard"].create(
                {"date_from": date(2017, 12, 31), "date_to": date(2017, 1, 1)}
            )

    def test_default_period_and_print_action(self):
        wizard = self.env["housing.activity.report.wizard"].with_user(self.staff).create({})
        # The user's today (their time zone), as the wizard takes it.
        today = fields.Date.context_today(wizard)
        self.assertEqual(wizard.date_from, date(today.year - 1, 1, 1))
        self.assertEqual(wizard.date_to, date(today.year - 1, 12, 31))
        action = wizard.action_print()
        self.assertEqual(action["report_type"], "xlsx")
        self.assertEqual(action["report_name"], "housing_accompaniment.activity_report_xlsx")

    def _report_query_count(self):
        self.env.flush_all()
        self.env.invalidate_all()
        wizard = self.env["housing.activity.report.wizard"].create(
            {"date_from": date(2017, 1, 1), "date_to": date(2017, 12, 31)}
        )
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self.env["ir.actions.report"]._render_xlsx(
            "housing_accompaniment.action_report_housing_activity_xlsx", wizard.ids, None
        )
        return self.env.cr.sql_log_count - before

    def test_query_count_does_not_grow_with_the_data(self):
        self._report_query_count()  # warms the caches that live across transactions
        small = self._report_query_count()
        # Ten times more households and files in the period.
        for _round in range(9):
            self._seed_more()
        large = self._report_query_count()
        self.assertEqual(small, large, "the report makes one query per record somewhere")

    def _seed_more(self):
        households = self._seed_cohort()
        self.env["housing.accompaniment"].with_context(housing_stage_override=True).create(
            [
                {"household_id": household.id, "workflow": "ara", "referral_date": date(2017, 3, 1)}
                for household in households
            ]
        )

    def test_workshops_and_kits(self):
        theme = self.env.ref("housing_accompaniment.workshop_theme_diy")
        venue = self.env["res.partner"].create({"name": "Test social centre", "is_company": True})
        Workshop = self.env["housing.workshop"]
        members = self.cohort[:3].member_ids.filtered("is_head")
        outsider = self.env["res.partner"].create({"name": "Neighbour"})
        held = Workshop.create(
            [
                {
                    "name": f"DIY {day}",
                    "start_datetime": f"2017-10-{day:02d} 12:00:00",
                    "duration": 2,
                    "theme_id": theme.id,
                    "venue_id": venue.id,
                    "has_shared_meal": day == 18,
                    "attendance_ids": [
                        Command.create({"member_id": member.id, "is_present": True})
                        for member in members
                    ]
                    + [Command.create({"partner_id": outsider.id, "is_present": True})],
                }
                for day in (4, 18)
            ]
        )
        held.action_held()
        Workshop.create(
            {
                "name": "Cancelled",
                "start_datetime": "2017-11-08 12:00:00",
                "duration": 2,
                "theme_id": theme.id,
            }
        ).action_cancel()
        aerator = self.env.ref("housing_accompaniment.equipment_tap_aerator")
        self.env["housing.kit.installation"].create(
            {
                "accompaniment_id": self.files[0].id,
                "equipment_id": aerator.id,
                "quantity": 3,
                "installation_date": date(2017, 4, 2),
            }
        )
        book = self._render(user=self.staff)
        summary = sheet_values(book["Summary"])
        self.assertEqual(summary["Workshops held"][0], 2)
        self.assertEqual(summary["of which with a shared meal"][0], 1)
        self.assertEqual(summary["Attendance (people present, session by session)"][0], 8)
        self.assertEqual(summary["Different people present"][0], 4)
        self.assertEqual(summary["Households represented"][0], 3)
        # The neighbour joins the people reached, of unknown age.
        self.assertEqual(summary["Persons reached"][0], 70)
        self.assertEqual(summary["Age unknown"][0], 1)
        self.assertEqual(summary["Energy-saving equipment fitted (units)"][0], 3)
        self.assertEqual(
            summary["Estimated yearly water savings (litres)"][0],
            3 * aerator.water_saving_liters,
        )
        sheet = book["Workshops"]
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        self.assertEqual([row[1] for row in rows], ["DIY 4", "DIY 18"], "held ones only")
        self.assertEqual(rows[0][7], 4, "present")
        self.assertEqual(rows[0][8], 3, "households represented")
        self.assertNotIn("Funding", book.sheetnames, "social-support users do not read funding")

    def test_dashboard_key_figures(self):
        dashboard = (
            self.env["housing.activity.report.wizard"]
            .with_user(self.staff)
            .create({"date_from": date(2017, 1, 1), "date_to": date(2017, 12, 31)})
        )
        self.assertEqual(
            (
                dashboard.persons_count,
                dashboard.adult_count,
                dashboard.women_count,
                dashboard.men_count,
                dashboard.child_count,
                dashboard.household_count,
            ),
            (69, 24, 18, 6, 45, 18),
        )
        self.assertAlmostEqual(dashboard.qpv_share, 13 / 18)
        self.assertAlmostEqual(dashboard.autonomy_rate, 0.4)
        views = (
            self.env["housing.activity.report.wizard"]
            .with_user(self.staff)
            .get_views(
                [
                    (
                        self.env.ref(
                            "housing_accompaniment.view_housing_activity_dashboard_form"
                        ).id,
                        "form",
                    )
                ]
            )
        )
        self.assertIn("persons_count", views["views"]["form"]["arch"])
        # A period ending before it starts shows zeros while it is being typed, not an error.
        form = Form(dashboard, view="housing_accompaniment.view_housing_activity_dashboard_form")
        form.date_to = date(2016, 1, 1)
        self.assertEqual(form.persons_count, 0)

    def test_dashboard_defaults_to_the_year_so_far(self):
        dashboard = (
            self.env["housing.activity.report.wizard"]
            .with_context(housing_dashboard=True)
            .create({})
        )
        # Today in the user's time zone, as the dashboard counts it (not the server's).
        today = fields.Date.context_today(dashboard)
        self.assertEqual((dashboard.date_from, dashboard.date_to), (date(today.year, 1, 1), today))

    def test_formats_follow_the_language_and_the_currency(self):
        """Dates in the user's language, amounts in the company's currency, the file named
        in the user's language (not French and euros whatever the user)."""
        wizard = self.env["housing.activity.report.wizard"].create(
            {"date_from": date(2017, 1, 1), "date_to": date(2017, 12, 31)}
        )
        report = self.env.ref("housing_accompaniment.action_report_housing_activity_xlsx")
        self.assertEqual(
            safe_eval(report.print_report_name, {"object": wizard, "time": time}),
            "Activity report 20170101-20171231",
        )

        def cell(book, sheet, label):
            return next(row[1] for row in book[sheet].iter_rows() if row[0].value == label)

        self.company.currency_id = self.env.ref("base.EUR")
        book = self._render(user=self.staff)
        self.assertEqual(book["Summary"]["A2"].value, "From 01/01/2017 to 12/31/2017")
        self.assertEqual(book["Files"]["H2"].number_format, "mm/dd/yyyy")
        self.assertEqual(
            cell(book, "Summary", "Estimated yearly savings").number_format, '#,##0.00 "€"'
        )
        # A French user (the web client puts the user's language in the context).
        self.env["res.lang"]._activate_lang("fr_FR")
        self.company.currency_id = self.env.ref("base.USD")
        content, _format = (
            self.env["ir.actions.report"]
            .with_user(self.staff)
            .with_context(lang="fr_FR")
            ._render_xlsx(
                "housing_accompaniment.action_report_housing_activity_xlsx", wizard.ids, None
            )
        )
        book = openpyxl.load_workbook(io.BytesIO(content))
        self.assertIn("01/01/2017", book.worksheets[0]["A2"].value)
        self.assertIn("31/12/2017", book.worksheets[0]["A2"].value)
        self.assertEqual(book.worksheets[1]["H2"].number_format, "dd/mm/yyyy")
        self.assertEqual(
            next(
                row[1].number_format
                for row in book.worksheets[0].iter_rows()
                if row[1].number_format and "$" in row[1].number_format
            ),
            '"$" #,##0.00',
        )
