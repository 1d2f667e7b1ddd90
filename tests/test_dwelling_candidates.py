import io
from datetime import date

import openpyxl

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import HousingCase


@tagged("post_install", "-at_install")
class TestDwellingCandidates(HousingCase):
    """The candidates designated for one dwelling, and the allocation committee's choice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dwelling = cls.dwellings[0]
        cls.candidates = cls.env["housing.accompaniment"]
        for index, name in enumerate(("Candidate A", "Candidate B", "Candidate C")):
            household = cls._household(name, entry_type="new_entrant")
            cls.candidates |= cls.env["housing.accompaniment"].create(
                {
                    "household_id": household.id,
                    "workflow": "new_entrant",
                    "designation_date": date(2026, 1, 10 + index),
                    "proposed_dwelling_id": cls.dwelling.id,
                }
            )
        other = cls._household("Elsewhere", entry_type="new_entrant")
        cls.elsewhere = cls.env["housing.accompaniment"].create(
            {
                "household_id": other.id,
                "workflow": "new_entrant",
                "designation_date": date(2026, 1, 10),
                "proposed_dwelling_id": cls.dwellings[1].id,
            }
        )

    def _allocate(self, file, **vals):
        action = file.with_user(self.staff).action_allocate_dwelling()
        self.assertEqual(action["res_model"], "housing.dwelling.allocation.wizard")
        form = Form(
            self.env["housing.dwelling.allocation.wizard"]
            .with_user(self.staff)
            .with_context(**action["context"])
        )
        for fname, value in vals.items():
            setattr(form, fname, value)
        return form.save()

    def test_candidates_are_grouped_by_dwelling(self):
        first, second, third = self.candidates
        self.assertEqual(first.candidate_ids, second | third)
        self.assertEqual(third.candidate_ids, first | second)
        self.assertFalse(self.elsewhere.candidate_ids)
        dwelling = self.dwelling.with_user(self.staff)
        self.assertEqual(dwelling.candidate_file_ids, self.candidates)
        self.assertEqual(dwelling.open_candidate_count, 3)
        self.assertEqual(self.dwellings[1].open_candidate_count, 1)

    def test_allocation_closes_the_others_as_not_retained(self):
        first, second, third = self.candidates
        wizard = self._allocate(second, committee_date=date(2026, 2, 3))
        self.assertEqual(wizard.other_candidate_ids, first | third)
        wizard.action_confirm()
        self.assertEqual(second.committee_decision, "allocated")
        self.assertEqual(second.committee_date, date(2026, 2, 3))
        self.assertEqual(second.dwelling_id, self.dwelling)
        self.assertFalse(second.is_closed)
        for other in first | third:
            self.assertTrue(other.is_closed)
            self.assertEqual(other.outcome, "not_retained")
            self.assertEqual(
                other.abandon_reason, "The committee allocated the dwelling to another candidate."
            )
            self.assertEqual(other.close_date, date(2026, 2, 3))
        self.assertEqual(self.dwelling.open_candidate_count, 1)
        self.assertFalse(self.elsewhere.is_closed)
        # Counted in the activity report: its Files sheet gives each file's outcome.
        wizard = self.env["housing.activity.report.wizard"].create(
            {"date_from": date(2026, 1, 1), "date_to": date(2026, 12, 31)}
        )
        content, _format = self.env["ir.actions.report"]._render_xlsx(
            "housing_accompaniment.action_report_housing_activity_xlsx", wizard.ids, None
        )
        sheet = openpyxl.load_workbook(io.BytesIO(content))["Files"]
        outcomes = {row[0]: row[9] for row in sheet.iter_rows(min_row=2, values_only=True)}
        self.assertEqual(outcomes[first.name], "Not retained by the committee")
        self.assertEqual(outcomes[third.name], "Not retained by the committee")
        self.assertIn(outcomes[second.name], ("", None))

    def test_allocation_keeps_the_others_open(self):
        first, second, third = self.candidates
        self._allocate(
            first, others_choice="keep", committee_decision="allocated_ranked"
        ).action_confirm()
        self.assertEqual(first.committee_decision, "allocated_ranked")
        for other in second | third:
            self.assertFalse(other.is_closed)
            self.assertFalse(other.outcome)
            self.assertFalse(other.proposed_dwelling_id, "free for another proposal")
        self.env.invalidate_all()
        self.assertFalse(first.candidate_ids)

    def test_closing_needs_a_reason(self):
        wizard = self._allocate(self.candidates[0])
        wizard.reason = "  "
        with self.assertRaisesRegex(UserError, "Give the reason"):
            wizard.action_confirm()
        self.assertFalse(self.candidates[1].is_closed)
        self.assertFalse(self.candidates[0].committee_decision)

    def test_no_proposed_dwelling(self):
        with self.assertRaisesRegex(UserError, "has no proposed dwelling"):
            self.elsewhere.proposed_dwelling_id = False
            self.elsewhere.action_allocate_dwelling()
