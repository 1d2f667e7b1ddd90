import io

import openpyxl

from odoo import Command
from odoo.tests import tagged

from .funding_common import FundingCase


@tagged("post_install", "-at_install")
class TestTfpbStatement(FundingCase):
    """The TFPB statement, read back with openpyxl: per QPV and axis, planned, realised,
    gap, the justifications, and totals per QPV and per axis."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The landlord's ARA households of 2017: 3 in QPV A, 3 in QPV B, 1 in QPV C.
        for residence, count in ((cls.res_a, 3), (cls.res_b, 3), (cls.res_c, 1)):
            for _index in range(count):
                cls._accompanied(residence)
        cls._funding(cls.landlord, 1000.00)
        cls.programme = cls.env["housing.tfpb.year"].create(
            {
                "year": 2017,
                "line_ids": [
                    Command.create(
                        {"qpv_id": qpv.id, "axis_id": cls.axis_7.id, "planned_amount": planned}
                    )
                    for qpv, planned in ((cls.qpv_a, 500), (cls.qpv_b, 300), (cls.qpv_c, 100))
                ]
                + [
                    Command.create(
                        {"qpv_id": cls.qpv_c.id, "axis_id": cls.axis_6.id, "planned_amount": 80}
                    )
                ],
            }
        )
        line_c7 = cls.programme.line_ids.filtered(
            lambda line: line.qpv_id == cls.qpv_c and line.axis_id == cls.axis_7
        )
        line_c7.write(
            {
                "adjustment_amount": 57.14,
                "adjustment_justification": "Workshop room rented for the QPV C households.",
            }
        )

    def _render(self, user):
        content, report_format = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_xlsx(
                "housing_accompaniment.action_report_housing_tfpb_statement_xlsx",
                self.programme.ids,
                None,
            )
        )
        self.assertEqual(report_format, "xlsx")
        return openpyxl.load_workbook(io.BytesIO(content))["TFPB 2017"]

    def _rows(self, sheet):
        return [row for row in sheet.iter_rows(values_only=True) if any(v is not None for v in row)]

    def test_statement_values_a_stale_year(self):
        """Printed after the funding changed, the statement gives today's figures."""
        funding = self.env["housing.funding"].search(
            [("funder_id", "=", self.landlord.id), ("year", "=", 2017)]
        )
        funding.amount_committed = 700.00
        self.assertTrue(self.programme.is_stale)
        rows = self._rows(self._render(self.accountant))
        line_a = next(row for row in rows if row[0] == self.qpv_a.display_name)
        self.assertEqual(line_a[3], 300.00, "the realised amount of the 700.00")
        self.assertFalse(self.programme.is_stale)

    def test_statement_lines_and_totals(self):
        sheet = self._render(self.accountant)
        rows = self._rows(sheet)
        self.assertEqual(rows[0][0], "TFPB abatement statement 2017")
        header = rows.index(
            ("QPV", "Axis", "Planned", "Realised (computed)", "Adjustment", "Realised", "Gap")
        )
        self.assertEqual(sheet.freeze_panes, "A5")
        lines = rows[header + 1 : header + 5]
        axis_7 = self.axis_7.display_name
        axis_6 = self.axis_6.display_name
        qpv_a, qpv_b, qpv_c = (qpv.display_name for qpv in (self.qpv_a, self.qpv_b, self.qpv_c))
        self.assertEqual(
            lines,
            [
                (qpv_a, axis_7, 500, 428.57, 0, 428.57, 71.43),
                (qpv_b, axis_7, 300, 428.57, 0, 428.57, -128.57),
                (qpv_c, axis_6, 80, 0, 0, 0, 80),
                (qpv_c, axis_7, 100, 142.86, 57.14, 200, -100),
            ],
        )
        total = rows[header + 5]
        self.assertEqual(total[0], "Total")
        self.assertEqual(total[2], 980)
        self.assertAlmostEqual(total[5], 1057.14)
        self.assertAlmostEqual(total[6], 980 - 1057.14)
        # Totals per QPV, then per axis (planned, realised, gap in columns C to E).
        per_qpv = rows.index(("Totals per QPV",) + (None,) * 6)
        per_axis = rows.index(("Totals per axis",) + (None,) * 6)
        qpv_totals = {row[0]: row[2:5] for row in rows[per_qpv + 2 : per_axis]}
        self.assertEqual(qpv_totals[qpv_c], (180, 200, -20))
        self.assertEqual(qpv_totals[qpv_a], (500, 428.57, 71.43))
        axis_totals = {row[0]: row[2:5] for row in rows[per_axis + 2 : per_axis + 4]}
        self.assertAlmostEqual(axis_totals[axis_7][1], 1057.14)
        self.assertEqual(axis_totals[axis_6], (80, 0, 80))
        justification = next(row for row in rows if row[3] and "Workshop room" in str(row[3]))
        self.assertEqual(justification[:3], (qpv_c, axis_7, 57.14))

    def test_no_personal_data(self):
        sheet = self._render(self.accountant)
        households = self.env["housing.household"].search([("company_id", "=", self.company.id)])
        names = set(households.tenant_partner_id.mapped("name"))
        for row in self._rows(sheet):
            for value in row:
                self.assertNotIn(value, names)

    def test_print_button(self):
        action = self.programme.with_user(self.accountant).action_print_statement()
        self.assertEqual(action["report_name"], "housing_accompaniment.tfpb_statement_xlsx")
