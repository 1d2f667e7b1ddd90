from odoo import fields, models


class HousingActivityReportXlsx(models.AbstractModel):
    """The annual activity report: the seed's own analysis for a period, and the detail
    behind it. Aggregates only: no name of a person is written."""

    _name = "report.housing_accompaniment.activity_report_xlsx"
    _inherit = "report.housing_accompaniment.xlsx_common"
    _description = "Annual activity report (XLSX)"

    def generate_xlsx_report(self, workbook, data, wizards):
        wizard = wizards[:1]
        figures = wizard._figures()
        formats = self._formats(workbook)
        self._write_summary(workbook, figures, wizard, formats)
        self._write_files(workbook, figures, formats)
        self._write_workshops(workbook, figures, formats)
        if figures.get("funding"):
            self._write_funding(workbook, figures, formats)

    # ------------------------------------------------------------------
    def _write_summary(self, workbook, figures, wizard, formats):
        _ = self.env._
        sheet = workbook.add_worksheet(_("Summary"))
        sheet.set_column(0, 0, 58)
        sheet.set_column(1, 2, 16)
        sheet.write(0, 0, _("Annual activity report"), formats["title"])
        sheet.write(
            1,
            0,
            _(
                "From %(start)s to %(end)s",
                start=figures["date_from"].strftime("%d/%m/%Y"),
                end=figures["date_to"].strftime("%d/%m/%Y"),
            ),
            formats["subtitle"],
        )
        filters = wizard._filters_label()
        if filters:
            sheet.write(2, 0, filters, formats["subtitle"])
        row = 4
        if not figures["file_count"] and not figures.get("workshops_held"):
            sheet.write(row, 0, _("No activity in this period."), formats["note"])
            row += 2

        row = self._section(sheet, row, _("People reached"), formats)
        persons = figures["persons"]
        for label, value in (
            (_("Persons reached"), persons["total"]),
            (_("Adults"), persons["adults"]),
            (_("of whom women"), persons["women"]),
            (_("of whom men"), persons["men"]),
            (_("Children"), persons["children"]),
            (_("Age unknown"), persons["unknown"]),
            (_("Households reached"), figures["household_count"]),
            (_("Accompaniment files active in the period"), figures["file_count"]),
        ):
            row = self._line(sheet, row, label, value, formats)

        row = self._section(sheet, row + 1, _("Profile of the households reached"), formats)
        sheet.write(row, 1, _("Households"), formats["header"])
        sheet.write(row, 2, _("Share"), formats["header"])
        row += 1
        profile = figures["profile"]
        for key, label in (
            ("long_term_tenant", _("Tenants of record for more than 2 years")),
            ("dalo_or_first_time", _("DALO or first-time arrivals")),
            ("rsa", _("RSA beneficiaries")),
            ("single_parent", _("Single-parent families")),
            ("qpv", _("Living in a QPV")),
        ):
            count, share = profile[key]
            row = self._line(sheet, row, label, count, formats, share=share)

        row = self._section(sheet, row + 1, _("Files by workflow and step reached"), formats)
        workflows = dict(
            self.env["housing.accompaniment"]._fields["workflow"]._description_selection(self.env)
        )
        for workflow, stage, count in figures["by_step"]:
            label = f"{workflows[workflow]} · {stage.name}"
            row = self._line(sheet, row, label, count, formats)

        row = self._section(sheet, row + 1, _("Assisted self-renovation (ARA)"), formats)
        reviewed, autonomous, rate = figures["autonomy"]
        row = self._line(sheet, row, _("Files reviewed in the period"), reviewed, formats)
        row = self._line(
            sheet,
            row,
            _("Households that continued the works on their own"),
            autonomous,
            formats,
            share=rate,
        )

        row = self._write_abandons(sheet, row, figures["abandons"], formats)

        row = self._section(sheet, row + 1, _("Collective workshops"), formats)
        for label, value in (
            (_("Workshops held"), figures["workshops_held"]),
            (_("of which with a shared meal"), figures["workshops_with_meal"]),
            (_("Attendance (people present, session by session)"), figures["workshop_presences"]),
            (_("Different people present"), figures["workshop_persons"]),
            (_("Households represented"), figures["workshop_households"]),
        ):
            row = self._line(sheet, row, label, value, formats)
        for theme, held, present in figures["workshops_by_theme"]:
            row = self._line(
                sheet,
                row,
                _("Theme %(theme)s: workshops held", theme=theme.name or _("none")),
                held,
                formats,
            )
            row = self._line(
                sheet,
                row,
                _("Theme %(theme)s: attendance", theme=theme.name or _("none")),
                present,
                formats,
            )

        row = self._section(sheet, row + 1, _("Energy savings and mutual aid"), formats)
        for label, value, fmt in (
            (_("Energy-saving equipment fitted (units)"), figures["kit_units"], "integer"),
            (_("Households equipped"), figures["kit_households"], "integer"),
            (
                _("Estimated yearly water savings (litres)"),
                figures["kit_water_saving_liters"],
                "integer",
            ),
            (
                _("Estimated yearly energy savings (kWh)"),
                figures["kit_energy_saving_kwh"],
                "integer",
            ),
            (_("Estimated yearly savings (euros)"), figures["kit_money_saving_eur"], "money"),
            (_("Mutual aid on worksites (times)"), figures["mutual_aid_count"], "integer"),
            (_("Mutual aid on worksites (hours)"), figures["mutual_aid_hours"], "number"),
        ):
            sheet.write(row, 0, label, formats["label"])
            sheet.write(row, 1, value, formats[fmt])
            row += 1

        funding = figures.get("funding")
        if funding:
            row = self._section(sheet, row + 1, _("Partner funding"), formats)
            sheet.write(row, 0, _("Action and funder"), formats["header"])
            sheet.write(row, 1, _("Committed"), formats["header"])
            sheet.write(row, 2, _("Share of the action"), formats["header"])
            row += 1
            for action, funder, committed, _received, share, _is_landlord in funding["lines"]:
                row = self._line(
                    sheet, row, f"{action.name} · {funder.name}", committed, formats, share=share
                )
            for action, total in funding["totals"].items():
                row = self._line(
                    sheet,
                    row,
                    _("%(action)s: all funders", action=action.name),
                    float(total),
                    formats,
                    share=1.0 if total else 0.0,
                )
            row = self._section(sheet, row + 1, _("Households reached by landlord"), formats)
            sheet.write(row, 0, _("Landlord"), formats["header"])
            sheet.write(row, 1, _("Households"), formats["header"])
            sheet.write(row, 2, _("Share"), formats["header"])
            row += 1
            for partner, count, share in funding["landlords"]:
                row = self._line(
                    sheet, row, partner.name or _("No dwelling yet"), count, formats, share=share
                )
            count, share = funding["landlord_households"]
            row = self._line(
                sheet,
                row,
                _("Households reached living in the landlord's dwellings"),
                count,
                formats,
                share=share,
            )
        return row

    def _write_abandons(self, sheet, row, abandons, formats):
        """Files abandoned in the period, by reason, with each reason's share."""
        _ = self.env._
        row = self._section(sheet, row + 1, _("Files abandoned in the period, by reason"), formats)
        total = sum(count for _reason, count in abandons)
        for reason, count in abandons:
            label = reason.name if reason else _("No reason from the list")
            row = self._line(sheet, row, label, count, formats, share=count / total)
        return self._line(sheet, row, _("Files abandoned"), total, formats)

    def _section(self, sheet, row, title, formats):
        sheet.write(row, 0, title, formats["section"])
        return row + 1

    def _line(self, sheet, row, label, value, formats, share=None):
        sheet.write(row, 0, label, formats["label"])
        sheet.write(
            row, 1, value, formats["integer"] if isinstance(value, int) else formats["money"]
        )
        if share is not None:
            sheet.write(row, 2, share, formats["percent"])
        return row + 1

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
        files = figures["files"]
        # The names of the related records, in one query per model however many files.
        for related in (
            files.stage_id,
            files.household_id,
            files.residence_id,
            files.qpv_id,
            files.landlord_id,
        ):
            related.fetch(["name"])
        yes, no = _("Yes"), _("No")
        rows = [
            [
                file.name,
                workflows[file.workflow],
                file.stage_id.name,
                file.household_id.name,
                file.residence_id.name or "",
                file.qpv_id.name or "",
                file.landlord_id.name or "",
                file.start_date,
                file.close_date,
                outcomes.get(file.outcome, ""),
                (yes if file.continued_autonomously else no) if file.review_date else "",
            ]
            for file in files
        ]
        self._write_table(sheet, 0, columns, rows, formats)
        sheet.freeze_panes(1, 0)

    # ------------------------------------------------------------------
    def _write_workshops(self, workbook, figures, formats):
        _ = self.env._
        sheet = workbook.add_worksheet(_("Workshops"))
        workshops = (
            self.env["housing.workshop"]
            .sudo()
            .search_read(
                figures["workshop_domain"],
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
        lines = figures["funding"]["lines"]
        rows = [
            [action.name, funder.name, _("Yes") if is_landlord else "", committed, received, share]
            for action, funder, committed, received, share, is_landlord in lines
        ]
        self._write_table(sheet, 0, columns, rows, formats)
        sheet.freeze_panes(1, 0)
