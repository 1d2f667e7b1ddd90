from odoo import models

from .housing_xlsx_common import Line

# Where a block sheet's table starts: a title, its one-line explanation, a blank row.
TABLE_ROW = 3


class HousingActivityReportBlocks(models.AbstractModel):
    """The activity report's blocks beyond the seed's 2017 analysis: their summary sections,
    a sheet per block that has rows, and the native charts drawn from the cells the report
    writes (so that they follow any change made in Excel or LibreOffice). A count hidden
    under the minimum cell size reads "< N" and its share stays blank."""

    _inherit = "report.housing_accompaniment.activity_report_xlsx"

    # ------------------------------------------------------------------
    # Summary sections
    # ------------------------------------------------------------------
    def _block_sections(self, figures):
        """``(title, explanation, header, lines)`` of the blocks, for the summary."""
        _ = self.env._
        return [
            (
                _("Referrals by referent organisation"),
                _(
                    "ARA referrals received in the period (referral date in it), declined ones "
                    "included, by the social referent's organisation."
                ),
                None,
                self._referral_lines(figures),
            ),
            (
                _("Rights opened"),
                _("Rights recorded as opened on the files, the decision dated in the period."),
                None,
                [Line(_("Rights opened, all rights"), figures.rights.total, "integer")],
            ),
            (
                _("Orientations to mainstream services"),
                _(
                    "New entrants' files oriented to a mainstream service, the orientation "
                    "dated in the period; new entrants oriented to ARA: their ARA file is "
                    "active in the period."
                ),
                None,
                self._orientation_lines(figures),
            ),
            (
                _("Worksites completed and skills gained"),
                _(
                    "ARA worksites ended in the period (worksite end date in it): the works "
                    "done, the hours worked on them and the skills the households gained."
                ),
                None,
                self._worksite_lines(figures),
            ),
            (
                _("Material purchases against budgets"),
                _(
                    "ARA worksites with a file active in the period: their budgets and every "
                    "purchase recorded on them; the purchases dated in the period apart."
                ),
                None,
                self._purchase_lines(figures),
            ),
            (
                _("Households by QPV and residence"),
                _(
                    "Households reached (a file active in the period), each at the QPV and "
                    "residence of its latest file."
                ),
                None,
                [
                    Line(
                        _("QPV with households reached"),
                        sum(1 for row in figures.households_by_qpv.rows if row.key),
                        "integer",
                    ),
                    Line(
                        _("Residences with households reached"),
                        sum(1 for row in figures.households_by_residence.rows if row.key),
                        "integer",
                    ),
                ],
            ),
        ]

    def _referral_lines(self, figures):
        _ = self.env._
        referrals = figures.referrals
        return [
            Line(_("Referrals received"), referrals.total, "integer"),
            Line(
                _("Referent organisations"),
                sum(1 for row in referrals.rows if row.key),
                "integer",
            ),
        ]

    def _orientation_lines(self, figures):
        _ = self.env._
        orientations = figures.orientations
        return [
            Line(_("Files oriented to mainstream services"), orientations.total, "integer"),
            Line(
                _("Mainstream services"),
                sum(1 for row in orientations.rows if row.key),
                "integer",
            ),
            Line(_("New entrants oriented to ARA"), figures.oriented_to_ara_count, "integer"),
        ]

    def _worksite_lines(self, figures):
        _ = self.env._
        worksites = figures.worksites
        labels = self._selection_labels("housing.accompaniment", "works_completed")
        return (
            [Line(_("Worksites ended"), worksites.ended, "integer")]
            + [
                self._count_line(
                    _("Works done: %(what)s", what=labels.get(row.key) or _("not recorded")),
                    row.count,
                    figures,
                )
                for row in worksites.by_completion
            ]
            + [
                Line(_("Hours worked by the households"), worksites.household_hours, "number"),
                Line(_("Hours worked by volunteers"), worksites.volunteer_hours, "number"),
            ]
        )

    def _purchase_lines(self, figures):
        _ = self.env._
        purchases = figures.purchases
        return [
            Line(_("ARA worksites active in the period"), purchases.worksites, "integer"),
            Line(_("Budgets of these worksites"), purchases.budget, "money"),
            Line(_("Purchases recorded on them"), purchases.spent, "money"),
            Line(_("Budget left"), purchases.budget - purchases.spent, "money"),
            Line(_("Worksites over budget"), purchases.over_budget, "integer"),
            Line(_("Purchases dated in the period"), purchases.in_period, "money"),
        ]

    # ------------------------------------------------------------------
    # Block sheets
    # ------------------------------------------------------------------
    def _write_block_sheets(self, workbook, figures, formats):
        """A sheet per block that has rows, with its charts."""
        _ = self.env._
        if figures.age_groups:
            self._write_age_sheet(workbook, figures, formats)
        if figures.workshops_by_month:
            self._write_month_sheet(workbook, figures, formats)
        none = {
            "referrals": _("No organisation recorded"),
            "orientations": _("No service recorded"),
            "qpv": _("Not in a QPV"),
            "residence": _("No dwelling yet"),
        }
        for breakdown, sheet_name, explanation, column, empty, chart in (
            (
                figures.referrals,
                _("Referrals"),
                _("ARA referrals received in the period, by the social referent's organisation."),
                _("Organisation"),
                none["referrals"],
                False,
            ),
            (
                figures.rights,
                _("Rights opened"),
                _("Rights recorded as opened, the decision dated in the period, by right."),
                _("Right"),
                "",
                False,
            ),
            (
                figures.orientations,
                _("Orientations"),
                _("New entrants' files oriented to a mainstream service in the period."),
                _("Mainstream service"),
                none["orientations"],
                False,
            ),
            (
                figures.households_by_qpv,
                _("Households by QPV"),
                _("Households reached, each at the QPV of its latest file active in the period."),
                _("QPV"),
                none["qpv"],
                True,
            ),
            (
                figures.households_by_residence,
                _("Households by residence"),
                _(
                    "Households reached, each at the residence of its latest file active in "
                    "the period."
                ),
                _("Residence"),
                none["residence"],
                False,
            ),
        ):
            if breakdown.rows:
                sheet, first, last = self._write_breakdown_sheet(
                    workbook, sheet_name, explanation, column, empty, breakdown, figures, formats
                )
                if chart:
                    self._insert_bar_chart(workbook, sheet, sheet_name, first, last)
        if figures.worksites.by_skill:
            self._write_skill_sheet(workbook, figures, formats)
        if figures.purchases.by_category:
            self._write_purchase_sheet(workbook, figures, formats)

    def _block_sheet(self, workbook, name, explanation, formats):
        sheet = workbook.add_worksheet(name)
        self._write_cell(sheet, 0, 0, name, formats["title"])
        self._write_cell(sheet, 1, 0, explanation, formats["subtitle"])
        return sheet

    def _write_breakdown_sheet(
        self, workbook, name, explanation, column, empty, breakdown, figures, formats
    ):
        """A sheet of ``breakdown``'s rows with their shares and the total; returns the
        sheet and its first and last data rows."""
        _ = self.env._
        sheet = self._block_sheet(workbook, name, explanation, formats)
        hidden = self._hidden(figures)
        total = breakdown.total
        rows = [
            [
                row.key.display_name if row.key else empty,
                hidden if row.count is None else row.count,
                None if row.count is None or not total else row.count / total,
            ]
            for row in breakdown.rows
        ]
        columns = [
            (column, 48, "text"),
            (_("Count"), 12, "integer"),
            (_("Share"), 12, "percent"),
        ]
        self._write_table(
            sheet,
            TABLE_ROW,
            columns,
            rows,
            formats,
            total_row=[(_("Total"), "label_bold"), (total, "integer_bold"), (None, "percent")],
        )
        return sheet, TABLE_ROW + 1, TABLE_ROW + len(rows)

    def _write_skill_sheet(self, workbook, figures, formats):
        _ = self.env._
        name = _("Skills gained")
        sheet = self._block_sheet(
            workbook,
            name,
            _("ARA worksites ended in the period, by the skill the household gained."),
            formats,
        )
        hidden = self._hidden(figures)
        self._write_table(
            sheet,
            TABLE_ROW,
            [(_("Skill"), 48, "text"), (_("Worksites"), 12, "integer")],
            [
                [row.key.name, hidden if row.count is None else row.count]
                for row in figures.worksites.by_skill
            ],
            formats,
        )

    def _write_purchase_sheet(self, workbook, figures, formats):
        _ = self.env._
        name = _("Purchases")
        sheet = self._block_sheet(
            workbook,
            name,
            _("Material purchases dated in the period on the ARA worksites, by category."),
            formats,
        )
        labels = self._selection_labels("housing.purchase.line", "category")
        rows = [
            [labels.get(row.category) or _("No category"), row.count, row.amount]
            for row in figures.purchases.by_category
        ]
        self._write_table(
            sheet,
            TABLE_ROW,
            [
                (_("Category"), 36, "text"),
                (_("Purchases"), 12, "integer"),
                (_("Amount"), 14, "money"),
            ],
            rows,
            formats,
            total_row=[
                (_("Total"), "label_bold"),
                (sum(row[1] for row in rows), "integer_bold"),
                (figures.purchases.in_period, "money_bold"),
            ],
        )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _hidden(self, figures):
        return f"< {figures.min_cell_size}"

    def _count_line(self, label, count, figures):
        if count is None:
            return Line(label, self._hidden(figures), "text")
        return Line(label, count, "integer")

    def _selection_labels(self, model, fname):
        return dict(self.env[model]._fields[fname]._description_selection(self.env))
