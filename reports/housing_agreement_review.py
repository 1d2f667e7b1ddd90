"""The partnership's yearly review (PDF): the source document's own layout, from the data.

The figures are those of the activity report (``housing.activity.figures``): the whole
action the agreement covers, and the landlord's own tenants (the seed's "Analyse des publics
locataires de l'OPH PAHM"). Only aggregates are printed, never a name of a household."""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from odoo import api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import format_date

from ..models.housing_privacy import MAX_YEAR, MIN_YEAR, may_read_households
from . import housing_svg_charts as charts

REVIEW_GROUPS = (
    "housing_accompaniment.group_housing_user",
    "housing_accompaniment.group_housing_accountant",
)


@dataclass(frozen=True)
class AgreementReview:
    """What the review of one agreement prints for one calendar year."""

    agreement: Any  # housing.agreement
    year: int
    landlord: Any  # res.partner: the landlord of the agreement's company
    partners: Any  # res.partner: the agreement's partners
    action: Any  # ActivityFigures of the whole action the agreement covers
    tenants: Any  # ActivityFigures of the landlord's tenants only
    funding_lines: list  # FundingLine of the year, for the actions the agreement covers
    landlord_funding_share: float | None  # the landlord's share of those actions' funding
    tenant_share: Any  # Share: households of the action living in the landlord's dwellings
    file_counts: dict  # {workflow: files active in the year}
    qpv_counts: list  # [(qpv name, households)], the landlord's tenants, detailed users only
    workshops_by_month: list  # [(month label, workshops held)]
    skills_count: int | None  # ARA files reviewed in the year with the skills gained recorded
    referent_organisations: int  # organisations whose social referents followed a file
    referents: int
    milestones: Any  # housing.agreement.milestone: the partnership's timeline up to then
    charts: dict  # {name: SVG markup}

    @property
    def detailed(self):
        return self.tenants.detailed


class ReportHousingAgreementReview(models.AbstractModel):
    _name = "report.housing_accompaniment.report_agreement_review"
    _description = "Partnership's yearly review"

    @api.model
    def _get_report_values(self, docids, data=None):
        if not any(self.env.user.has_group(group) for group in REVIEW_GROUPS):
            raise AccessError(
                self.env._(
                    "Only social-support users, managers and accountants may print the "
                    "partnership's yearly review."
                )
            )
        agreements = self.env["housing.agreement"].browse(docids)
        agreements.check_access("read")
        year = (data or {}).get("year")
        reviews = [
            self._review(agreement, int(year) if year else agreement._review_default_year())
            for agreement in agreements
        ]
        return {
            "doc_ids": docids,
            "doc_model": "housing.agreement",
            "docs": agreements,
            "reviews": reviews,
        }

    @api.model
    def _review(self, agreement, year):
        """The ``AgreementReview`` of ``agreement`` for ``year``."""
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise UserError(
                self.env._(
                    "Choose a year between %(min)s and %(max)s for the review.",
                    min=MIN_YEAR,
                    max=MAX_YEAR,
                )
            )
        date_from, date_to = date(year, 1, 1), date(year, 12, 31)
        Figures = self.env["housing.activity.figures"].with_company(agreement.company_id)
        landlord = agreement.company_id._housing_landlord_partner()
        action = Figures._period_figures(date_from, date_to, agreement=agreement)
        tenants = Figures._period_figures(
            date_from, date_to, landlord=landlord, agreement=agreement
        )
        # The landlord's share of all the funding of the actions covered (not only the
        # agreement's own lines): the seed's "près de 30% des financements".
        funding = Figures._funding_figures(date_from, date_to)
        covered = agreement.sudo().action_ids
        lines = [line for line in funding.lines if line.action in covered] if funding else []
        total = sum(line.committed for line in lines)
        landlord_committed = sum(line.committed for line in lines if line.is_landlord)
        detailed = may_read_households(self.env)
        qpv_counts = self._qpv_counts(tenants, landlord, date_from, date_to) if detailed else []
        by_month = self._workshops_by_month(action, year)
        review = dict(
            agreement=agreement,
            year=year,
            landlord=landlord,
            partners=agreement.sudo().partner_ids,
            action=action,
            tenants=tenants,
            funding_lines=lines,
            landlord_funding_share=landlord_committed / total if total else None,
            tenant_share=funding.landlord_households if funding else None,
            file_counts=dict(Counter(action.files.mapped("workflow"))),
            qpv_counts=qpv_counts,
            workshops_by_month=by_month,
            skills_count=self._skills_count(action.files, date_from, date_to) if detailed else None,
            **self._referents(action.files),
            milestones=self._timeline(agreement),
        )
        review["charts"] = self._charts(tenants, qpv_counts, by_month)
        return AgreementReview(**review)

    @api.model
    def _qpv_counts(self, figures, landlord, date_from, date_to):
        """``[(QPV name, households)]`` of the landlord's tenants reached, largest first,
        then the households outside any QPV."""
        Population = self.env["housing.population"]
        counts, total = Population._qpv_counts(
            Population._places(figures.files, date_from, date_to), landlord
        )
        qpvs = self.env["housing.qpv"].sudo().browse(counts)
        rows = sorted(((qpv.name, counts[qpv.id]) for qpv in qpvs), key=lambda row: -row[1])
        if total - sum(counts.values()):
            rows.append((self.env._("Outside a QPV"), total - sum(counts.values())))
        return rows

    @api.model
    def _workshops_by_month(self, figures, year):
        """``[(month, workshops held)]`` for the twelve months of ``year``, from the activity
        report's workshops-per-month block."""
        held = Counter()
        for row in figures.workshops_by_month:
            if row.month.year == year:
                held[row.month.month] += row.held
        return [
            (format_date(self.env, date(year, month, 1), date_format="MMM"), held[month])
            for month in range(1, 13)
        ]

    @api.model
    def _skills_count(self, files, date_from, date_to):
        reviewed = files.filtered(
            lambda f: (
                f.workflow == "ara" and f.review_date and date_from <= f.review_date <= date_to
            )
        )
        return len(reviewed.filtered("skills_gained"))

    @api.model
    def _referents(self, files):
        """How many social referents, and of how many organisations, followed the files: the
        seed's "renforcement des liens partenariaux"."""
        referents = files.referent_partner_id
        return {
            "referents": len(referents),
            "referent_organisations": len(referents.commercial_partner_id),
        }

    @api.model
    def _timeline(self, agreement):
        """The milestones of the agreement and of the agreements it renews, oldest first."""
        chain = agreement.sudo()
        previous = chain.renewed_agreement_id
        while previous and previous not in chain:
            chain |= previous
            previous = previous.renewed_agreement_id
        return chain.milestone_ids.sorted(lambda m: (m.date, m.id))

    @api.model
    def _charts(self, tenants, qpv_counts, by_month):
        _ = self.env._
        persons = tenants.persons
        charts_ = {}
        if not tenants.small_population:
            rows = [
                (_("Women"), persons.women),
                (_("Men"), persons.men),
                (_("Children"), persons.children),
            ]
            if persons.unknown:
                rows.append((_("Age unknown"), persons.unknown))
            charts_["persons"] = charts.horizontal_bars(rows, title=_("Persons reached"))
        if qpv_counts:
            charts_["qpv"] = charts.horizontal_bars(qpv_counts, title=_("Households per QPV"))
        charts_["workshops"] = charts.vertical_bars(by_month, title=_("Workshops held per month"))
        return charts_
