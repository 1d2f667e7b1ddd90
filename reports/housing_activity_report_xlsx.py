from odoo import fields, models

from ..tools.columns import rows as record_rows
from .housing_xlsx_common import Line


class HousingActivityReportXlsx(models.AbstractModel):
    """The annual activity report: the seed's own analysis for a period, and the detail
    behind it. Aggregates only: no name of a person is written. The profile of the
    households and the list of files are only for users who may read households."""

    _name = "report.housing_accompaniment.activity_report_xlsx"
    _inherit = "report.housing_accompaniment.xlsx_common"
    _description = "Annual activity report (XLSX)"

    def generate_xlsx_report(self, workbook, data, wizards):
        wizard = wizards[:1]
        figures = wizard._figures()
        formats = self._formats(workbook)
        self._write_summary(workbook, figures, wizard, formats)
        if figures.detailed:
            self._write_files(workbook, figures, formats)
        self._write_workshops(workbook, figures, formats)
        if figures.funding:
            self._write_funding(workbook, figures, formats)
        self._write_block_sheets(workbook, figures, formats)

    # ------------------------------------------------------------------
    # Summary: one method per section, each giving its lines
    # ------------------------------------------------------------------
    def _write_summary(self, workbook, figures, wizard, formats):
        _ = self.env._
        sheet = workbook.add_worksheet(_("Summary"))
        sheet.set_column(0, 0, 58)
        sheet.set_column(1, 2, 16)
        row = self._write_heading(sheet, figures, wizard, formats)
        share_header = (None, _("Households"), _("Share"))
        sections = [
            (
                _("People reached"),
                _(
                    "Members of the households with a file active in the period and people "
                    "present at a workshop held in it, each once; ages on the period's last day."
                ),
                None,
                self._people_lines(figures),
            )
        ]
        if figures.detailed:
            sections += [
                (
                    _("Profile of the households reached"),
                    _(
                        "Shares of the households reached, each as recorded on its latest "
                        "file active in the period."
                    ),
                    share_header,
                    self._profile_lines(figures),
                ),
                (
                    _("Files by workflow and step reached"),
                    _("Files active in the period, by the step they are in."),
                    None,
                    self._step_lines(figures),
                ),
                (
                    _("Files abandoned in the period, by reason"),
                    _("Files abandoned, the closing date in the period, by the reason given."),
                    None,
                    self._abandon_lines(figures),
                ),
            ]
        sections += [
            (
                _("Assisted self-renovation (ARA)"),
                _("ARA files whose review visit took place in the period."),
                None,
                self._autonomy_lines(figures),
            ),
            (
                _("Collective workshops"),
                _("Workshop sessions held (not cancelled) in the period and the people present."),
                None,
                self._workshop_lines(figures),
            ),
            (
                _("Energy savings and mutual aid"),
                _(
                    "Equipment fitted and mutual aid given in the period, on the files active "
                    "in it."
                ),
                None,
                self._saving_lines(figures),
            ),
        ]
        sections += self._block_sections(figures)
        if figures.funding:
            sections += [
                (
                    _("Partner funding"),
                    _("Funding committed for the years of the period, by action and funder."),
                    (_("Action and funder"), _("Committed"), _("Share of the action")),
                    self._funding_lines(figures),
                ),
                (
                    _("Households reached by landlord"),
                    _(
                        "Households reached, each at the landlord of the dwelling on its "
                        "latest file active in the period."
                    ),
                    (_("Landlord"), _("Households"), _("Share")),
                    self._landlord_lines(figures),
                ),
            ]
        for title, explanation, header, lines in sections:
            row = self._section(sheet, row, title, formats)
            self._write_cell(sheet, row, 0, explanation, formats["subtitle"])
            row = self._write_lines(sheet, row + 1, lines, formats, header=header) + 1
        return row

    def _write_heading(self, sheet, figures, wizard, formats):
        _ = self.env._
        self._write_cell(sheet, 0, 0, _("Annual activity report"), formats["title"])
        period = _(
            "From %(start)s to %(end)s",
            start=self._date(figures.date_from),
            end=self._date(figures.date_to),
        )
        self._write_cell(sheet, 1, 0, period, formats["subtitle"])
        filters = wizard._filters_label()
        if filters:
            self._write_cell(sheet, 2, 0, filters, formats["subtitle"])
        row = 4
        if not figures.has_activity:
            self._write_cell(sheet, row, 0, _("No activity in this period."), formats["note"])
            row += 2
        if figures.small_population:
            note = _(
                "Fewer than %(size)s households: the people reached are not counted here.",
                size=figures.min_cell_size,
            )
            self._write_cell(sheet, row, 0, note, formats["note"])
            row += 2
        return row

    def _people_lines(self, figures):
        if figures.small_population:
            return []
        _ = self.env._
        persons = figures.persons
        return [
            Line(_("Persons reached"), persons.total, "integer"),
            Line(_("Adults"), persons.adults, "integer"),
            Line(_("of whom women"), persons.women, "integer"),
            Line(_("of whom men"), persons.men, "integer"),
            Line(_("Children"), persons.children, "integer"),
            Line(_("Age unknown"), persons.unknown, "integer"),
            Line(_("Households reached"), figures.household_count, "integer"),
            Line(_("Accompaniment files active in the period"), figures.file_count, "integer"),
        ]

    def _profile_lines(self, figures):
        _ = self.env._
        profile = figures.profile
        return [
            Line(label, share.count, "integer", share.share)
            for label, share in (
                (_("Tenants of record for more than 2 years"), profile.long_term_tenant),
                (_("DALO or first-time arrivals"), profile.dalo_or_first_time),
                (_("RSA beneficiaries"), profile.rsa),
                (_("Single-parent families"), profile.single_parent),
                (_("Living in a QPV"), profile.qpv),
            )
        ]

    def _step_lines(self, figures):
        workflows = dict(
            self.env["housing.accompaniment"]._fields["workflow"]._description_selection(self.env)
        )
        return [
            Line(f"{workflows[step.workflow]} · {step.stage.name}", step.count, "integer")
            for step in figures.by_step
        ]

    def _autonomy_lines(self, figures):
        _ = self.env._
        autonomy = figures.autonomy
        hidden = f"< {figures.min_cell_size}"
        reviewed_label = _("Files reviewed in the period")
        autonomous_label = _("Households that continued the works on their own")
        return [
            Line(reviewed_label, hidden, "text")
            if autonomy.reviewed is None
            else Line(reviewed_label, autonomy.reviewed, "integer"),
            Line(autonomous_label, hidden, "text", hidden, "text")
            if autonomy.autonomous is None
            else Line(autonomous_label, autonomy.autonomous, "integer", autonomy.rate),
        ]

    def _workshop_lines(self, figures):
        _ = self.env._
        workshops = figures.workshops
        lines = [
            Line(_("Workshops held"), workshops.held, "integer"),
            Line(_("of which with a shared meal"), workshops.with_meal, "integer"),
            Line(
                _("Attendance (people present, session by session)"),
                workshops.presences,
                "integer",
            ),
            Line(_("Different people present"), workshops.persons, "integer"),
            Line(_("Households represented"), workshops.households, "integer"),
        ]
        for theme in workshops.by_theme:
            name = theme.theme.name or _("none")
            lines += [
                Line(_("Theme %(theme)s: workshops held", theme=name), theme.held, "integer"),
                Line(_("Theme %(theme)s: attendance", theme=name), theme.present, "integer"),
            ]
        return lines

    def _saving_lines(self, figures):
        _ = self.env._
        kits, aid = figures.kits, figures.mutual_aid
        return [
            Line(_("Energy-saving equipment fitted (units)"), kits.units, "integer"),
            Line(_("Households equipped"), kits.households, "integer"),
            Line(_("Estimated yearly water savings (litres)"), kits.water_saving_liters, "integer"),
            Line(_("Estimated yearly energy savings (kWh)"), kits.energy_saving_kwh, "integer"),
            Line(_("Estimated yearly savings"), kits.money_saving_eur, "money"),
            Line(_("Mutual aid on worksites (times)"), aid.count, "integer"),
            Line(_("Mutual aid on worksites (hours)"), aid.hours, "number"),
        ]

    def _funding_lines(self, figures):
        _ = self.env._
        funding = figures.funding
        return [
            Line(f"{line.action.name} · {line.funder.name}", line.committed, "money", line.share)
            for line in funding.lines
        ] + [
            Line(
                _("%(action)s: all funders", action=action.name),
                total,
                "money",
                1.0 if total else 0.0,
            )
            for action, total in funding.totals.items()
        ]

    def _abandon_lines(self, figures):
        """Files abandoned in the period, by reason, with each reason's share."""
        _ = self.env._
        total = sum(count for _reason, count in figures.abandons)
        return [
            Line(
                reason.name if reason else _("No reason from the list"),
                count,
                "integer",
                count / total,
            )
            for reason, count in figures.abandons
        ] + [Line(_("Files abandoned"), total, "integer")]

    def _landlord_lines(self, figures):
        _ = self.env._
        funding = figures.funding
        rows = [
            (partner.name or _("No dwelling yet"), count, share)
            for partner, count, share in funding.landlords
        ]
        rows.append(
            (_("Households reached living in the landlord's dwellings"),)
            + tuple(funding.landlord_households)
        )
        hidden = f"< {figures.min_cell_size}"
        return [
            Line(label, hidden, "text", hidden, "text")
            if count is None
            else Line(label, count, "integer", share)
            for label, count, share in rows
        ]

    # ------------------------------------------------------------------
    # Detail sheets
    # ------------------------------------------------------------------
    def _write_files(self, workbook, figures, formats):
        _ = self.env._
        sheet = workbook.add_worksheet(_("Files"))
        Accompaniment = self.env["housing.accompaniment"]
        workflows = dict(Accompaniment._fields["workflow"]._description_selection(self.env))
        outcomes = dict(Accompaniment._fields["outcome"]._description_selection(self.env))
        columns = [
            (_("Reference"), 16, "text"),
            (_("Workflow"), 34, "text"),
            (_("Step"), 34, "text"),
            (_("Household"), 14, "text"),
            (_("Residence"), 28, "text"),
            (_("QPV"), 20, "text"),
            (_("Landlord"), 32, "text"),
            (_("Start"), 12, "date"),
            (_("Closed on"), 12, "date"),
            (_("Outcome"), 14, "text"),
            (_("Continued on their own"), 14, "text"),
        ]
        files = figures.files
        # The names of the related records, in one query per model however many files, and
        # the files' fields a column at a time (tens of thousands of files in a year).
        names = {}
        for fname in ("stage_id", "household_id", "residence_id", "qpv_id", "landlord_id"):
            related = files[fname]
            names[fname] = {
                record_id: name or "" for record_id, name in record_rows(related, ("name",))
            }
            names[fname][False] = ""
        yes, no = _("Yes"), _("No")
        rows = [
            [
                name,
                workflows[workflow],
                names["stage_id"][stage_id],
                names["household_id"][household_id],
                names["residence_id"][residence_id],
                names["qpv_id"][qpv_id],
                names["landlord_id"][landlord_id],
                start_date,
                close_date,
                outcomes.get(outcome, ""),
                (yes if continued else no) if review_date else "",
            ]
            for (
                _id,
                name,
                workflow,
                stage_id,
                household_id,
                residence_id,
                qpv_id,
                landlord_id,
                start_date,
                close_date,
                outcome,
                continued,
                review_date,
            ) in record_rows(
                files,
                (
                    "name",
                    "workflow",
                    "stage_id",
                    "household_id",
                    "residence_id",
                    "qpv_id",
                    "landlord_id",
                    "start_date",
                    "close_date",
                    "outcome",
                    "continued_autonomously",
                    "review_date",
                ),
            )
        ]
        self._write_table(sheet, 0, columns, rows, formats)
        sheet.freeze_panes(1, 0)

    def _write_workshops(self, workbook, figures, formats):
        _ = self.env._
        sheet = workbook.add_worksheet(_("Workshops"))
        # sudo: the workshops the figures counted (read as superuser), so that the sheet and the
        # totals agree.
        workshops = (
            self.env["housing.workshop"]
            .sudo()
            .search_read(
                figures.workshops.domain,
                [
                    "start_datetime",
                    "name",
                    "theme_id",
                    "venue_id",
                    "duration",
                    "has_shared_meal",
                    "registered_count",
                    "present_count",
                    "household_count",
                ],
                order="start_datetime",
            )
        )
        columns = [
            (_("Date"), 12, "date"),
            (_("Workshop"), 40, "text"),
            (_("Theme"), 26, "text"),
            (_("Venue"), 36, "text"),
            (_("Duration (hours)"), 10, "number"),
            (_("Shared meal"), 10, "text"),
            (_("Registered"), 11, "integer"),
            (_("Present"), 10, "integer"),
            (_("Households represented"), 14, "integer"),
        ]
        rows = [
            [
                fields.Date.context_today(self, workshop["start_datetime"]),
                workshop["name"],
                workshop["theme_id"] and workshop["theme_id"][1] or "",
                workshop["venue_id"] and workshop["venue_id"][1] or "",
                workshop["duration"],
                _("Yes") if workshop["has_shared_meal"] else _("No"),
                workshop["registered_count"],
                workshop["present_count"],
                workshop["household_count"],
            ]
            for workshop in workshops
        ]
        self._write_table(sheet, 0, columns, rows, formats)
        sheet.freeze_panes(1, 0)

    def _write_funding(self, workbook, figures, formats):
        _ = self.env._
        sheet = workbook.add_worksheet(_("Funding"))
        columns = [
            (_("Action"), 34, "text"),
            (_("Funder"), 40, "text"),
            (_("Landlord"), 10, "text"),
            (_("Committed"), 14, "money"),
            (_("Received"), 14, "money"),
            (_("Share of the action"), 14, "percent"),
        ]
        rows = [
            [
                line.action.name,
                line.funder.name,
                _("Yes") if line.is_landlord else "",
                line.committed,
                line.received,
                line.share,
            ]
            for line in figures.funding.lines
        ]
        row = self._write_table(sheet, 0, columns, rows, formats)
        sheet.freeze_panes(1, 0)
        self._write_funding_split(workbook, sheet, row + 1, figures, formats)
