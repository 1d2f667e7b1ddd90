from collections import Counter
from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.osv import expression

from ..tools.columns import rows
from .housing_figures_values import (
    ActivityFigures,
    Autonomy,
    FundingFigures,
    FundingLine,
    Kits,
    LandlordHouseholds,
    MutualAid,
    Persons,
    Profile,
    Share,
    StepCount,
    ThemeWorkshops,
    Workshops,
)
from .housing_household import LONG_TERM_TENANCY_YEARS
from .housing_kit_installation import SAVING_FIELDS
from .housing_privacy import hidden_cells, may_read_households, min_cell_size

PROFILE_KEYS = (
    "long_term_tenant",
    "dalo_or_first_time",
    "rsa",
    "single_parent",
    "qpv",
)


class HousingActivityFigures(models.AbstractModel):
    """The figures of the annual activity report, for a period ``[date_from, date_to]``.

    Files, households and people come from ``housing.population`` (which states how files
    are active, households taken at their latest file and people counted). Profile shares are
    shares of the households reached, each as recorded on its latest file; the autonomy rate
    is, among ARA files reviewed in the period, the share whose household continued the works
    on its own; workshops held are the sessions that took place, not cancelled, in the period.

    Everything is read in a fixed number of batched queries, whatever the size of the period:
    the activity report, the dashboard and the benchmark all use these methods. The figures
    are aggregates: callers that show them to accountants must not add names."""

    _name = "housing.activity.figures"
    _description = "Activity figures of a period"

    # What the figures and the report's list of files read of each file, besides its place:
    # fetched with the search, in one query however many files there are.
    _FILE_FIELDS = (
        "name",
        "stage_id",
        "start_date",
        "close_date",
        "outcome",
        "review_date",
        "continued_autonomously",
        "oriented_from_id",
        # The budgets of the worksites, for the purchases against budgets.
        "budget_amount",
        "spent_amount",
    )

    @api.model
    def _active_files(self, date_from, date_to, workflow=False, landlord=False):
        return self.env["housing.population"]._active_files(
            date_from, date_to, workflow, landlord, fnames=self._FILE_FIELDS
        )

    @api.model
    def _reached_people(self, households, workshop_people=None, date_from=None, date_to=None):
        """Members of the reached households (those present in ``[date_from, date_to]``
        when given) plus the people present at workshops (``workshop_people``, as
        ``_workshop_people`` gives them), each person once, as a list of ``{birth_date,
        gender}``."""
        Population = self.env["housing.population"]
        domain = [("household_id", "in", households.ids)]
        if date_from and date_to:
            domain += Population._present_members_domain(date_from, date_to)
        _members, persons = Population._member_persons(domain)
        people = {("member", member_id): person for member_id, person in persons.items()}
        for key, person in (workshop_people or {}).items():
            people.setdefault(key, person)
        return list(people.values())

    # ------------------------------------------------------------------
    # The whole report
    # ------------------------------------------------------------------
    @api.model
    def _period_figures(self, date_from, date_to, workflow=False, landlord=False, agreement=False):
        """Count every figure of the activity report for the period, as an
        ``ActivityFigures``. With an ``agreement``, only the actions it covers count (its
        workflows, its workshops and kits when it covers them) and only its funding.

        The social profile and the per-file detail are only for users who may read
        households; for the others, a population under the minimum cell size shows no
        figure of people, and households per landlord follow that cell size."""
        workshops = kits = True
        if agreement:
            # sudo: what the agreement covers is read in full, whatever the user's rules.
            codes = set(agreement.sudo().action_ids.mapped("code"))
            covered = {action.workflow for action in agreement.sudo().action_ids} - {False}
            workflow = sorted(covered & {workflow} if workflow else covered)
            workshops, kits = "workshop" in codes, "energy_kit" in codes
        files = self._active_files(date_from, date_to, workflow, landlord)
        households = files.household_id
        # Where each household lived in the period: one reading for the profile, the blocks
        # and, when the report is narrowed to no agreement, workflow or landlord (the same
        # files), the funding's tenant shares.
        places = self.env["housing.population"]._places(files, date_from, date_to)
        workshop_people = self._workshop_people(date_from, date_to) if workshops else {}
        people = self._reached_people(households, workshop_people, date_from, date_to)
        detailed = may_read_households(self.env)
        cell_size = min_cell_size(self.env)
        return ActivityFigures(
            date_from=date_from,
            date_to=date_to,
            detailed=detailed,
            min_cell_size=cell_size,
            small_population=not detailed and 0 < len(households) < cell_size,
            files=files,
            file_count=len(files),
            household_count=len(households),
            # New entrants oriented to ARA: their ARA file is active in the period (the
            # household itself is counted once above, whatever its number of files).
            oriented_to_ara_count=len(
                {
                    household_id
                    for _id, household_id, workflow, oriented_from in rows(
                        files, ("household_id", "workflow", "oriented_from_id")
                    )
                    if workflow == "ara" and oriented_from
                }
            ),
            persons=Persons(**self.env["housing.population"]._count_people(people, date_to)),
            profile=self._profile_shares(files, date_to, places) if detailed else None,
            by_step=self._files_by_step(files, date_to) if detailed else None,
            autonomy=self._autonomy_cells(
                self._autonomy(date_from, date_to, workflow, landlord), detailed, cell_size
            ),
            # Why files were abandoned is part of the social detail (staff and managers).
            abandons=self._abandons_by_reason(date_from, date_to, workflow, landlord)
            if detailed
            else [],
            workshops=self._workshop_figures(date_from, date_to, workshop_people, workshops),
            kits=self._kit_figures(date_from, date_to, files if kits else files.browse()),
            mutual_aid=self._mutual_aid_figures(date_from, date_to, files),
            funding=self._funding_figures(
                date_from,
                date_to,
                agreement,
                None if agreement or workflow or landlord else places,
            ),
            **self._block_figures(
                date_from,
                date_to,
                files,
                people,
                {
                    "workflow": workflow,
                    "landlord": landlord,
                    "workshops": workshops,
                    "detailed": detailed,
                    "cell_size": cell_size,
                    "places": places,
                },
            ),
        )

    @api.model
    def _profile_shares(self, files, date_to, places):
        """Shares of the reached households, each taken as recorded on its latest file
        active in the period (its situation then, not the household's today; its QPV: where it
        lived in the period, ``places`` from ``housing.population._places``), as a
        ``Profile`` of ``(count, share)``."""
        situations = self.env["housing.population"]._situations(files, date_to)
        # What the profile reads of the situations, in bulk (thousands of households).
        versions = self.env["housing.accompaniment.situation"].sudo().union(*situations.values())
        values = {
            row[0]: row[1:]
            for row in rows(
                versions,
                (
                    "lease_start_date",
                    "is_dalo",
                    "is_first_time_arrival",
                    "is_rsa_beneficiary",
                    "is_single_parent",
                ),
            )
        }
        none = (False, False, False, False, False)  # a file without a situation
        long_term_limit = date_to - relativedelta(years=LONG_TERM_TENANCY_YEARS)
        counts = Counter()
        for household_id, situation in situations.items():
            lease, dalo, first_time, rsa, single_parent = values.get(situation.id, none)
            counts["long_term_tenant"] += bool(lease and lease < long_term_limit)
            counts["dalo_or_first_time"] += bool(dalo or first_time)
            counts["rsa"] += rsa
            counts["single_parent"] += single_parent
            counts["qpv"] += places[household_id].is_qpv
        total = len(situations)
        return Profile(
            **{
                key: Share(counts[key], counts[key] / total if total else 0.0)
                for key in PROFILE_KEYS
            }
        )

    @api.model
    def _files_by_step(self, files, date_to=None):
        """``[StepCount]`` in the boards' order: each file at the step it was at on
        ``date_to`` (``housing.accompaniment.stage.log``), today's step without it."""
        if date_to:
            stage_ids = self.env["housing.accompaniment.stage.log"]._stages_on(files, date_to)
        else:
            stage_ids = dict(rows(files, ("stage_id",)))
        by_step = Counter(
            (workflow, stage_ids[file_id]) for file_id, workflow in rows(files, ("workflow",))
        )
        Stage = self.env["housing.stage"].sudo()
        stages = {stage.id: stage for stage in Stage.browse({key[1] for key in by_step})}
        return sorted(
            (
                StepCount(workflow, stages[stage_id], count)
                for (workflow, stage_id), count in by_step.items()
            ),
            key=lambda row: (row[0], row[1].sequence, row[1].id),
        )

    @api.model
    def _autonomy(self, date_from, date_to, workflow=False, landlord=False):
        """Among ARA files reviewed in the period, how many households continued the works
        on their own, as an ``Autonomy``."""
        workflows = [workflow] if isinstance(workflow, str) else workflow
        if workflows is not None and workflows is not False and "ara" not in workflows:
            return Autonomy(0, 0, 0.0)
        domain = [
            ("company_id", "in", self.env.companies.ids),
            ("workflow", "=", "ara"),
            ("review_date", ">=", date_from),
            ("review_date", "<=", date_to),
        ]
        if landlord:
            domain.append(("landlord_id", "=", landlord.id))
        # sudo: aggregates, also for users who may not read the records (accountants).
        groups = dict(
            self.env["housing.accompaniment"]
            .sudo()
            .with_context(active_test=False)
            ._read_group(domain, ["continued_autonomously"], ["__count"])
        )
        autonomous = groups.get(True, 0)
        reviewed = autonomous + groups.get(False, 0)
        return Autonomy(reviewed, autonomous, autonomous / reviewed if reviewed else 0.0)

    @api.model
    def _abandons_by_reason(self, date_from, date_to, workflow=False, landlord=False):
        """Files abandoned in the period (closing date in it), by reason in the order of the
        managed list: ``[(reason or empty, count)]``, files with no reason from the list
        last."""
        domain = [
            ("company_id", "in", self.env.companies.ids),
            ("outcome", "=", "abandoned"),
            ("close_date", ">=", date_from),
            ("close_date", "<=", date_to),
        ]
        if workflow:
            workflows = [workflow] if isinstance(workflow, str) else workflow
            domain.append(("workflow", "in", workflows))
        if landlord:
            domain.append(("landlord_id", "=", landlord.id))
        groups = (
            self.env["housing.accompaniment"]
            .sudo()
            .with_context(active_test=False)
            ._read_group(domain, ["abandon_reason_id"], ["__count"])
        )
        return sorted(groups, key=lambda row: (not row[0], row[0].sequence, row[0].id))

    @api.model
    def _autonomy_cells(self, autonomy, detailed, cell_size):
        """``autonomy`` as shown: for users who may not read households, the households
        that did or did not continue on their own follow the minimum cell size (both hidden,
        ``None``, when one is under it); so does the number of files reviewed."""
        if detailed:
            return autonomy
        reviewed, autonomous, _rate = autonomy
        if hidden_cells({True: autonomous, False: reviewed - autonomous}, cell_size):
            reviewed = reviewed if reviewed >= cell_size else None
            return Autonomy(reviewed, None, None)
        return autonomy

    @api.model
    def _default_period(self, today=None):
        """The last full calendar year."""
        today = today or fields.Date.context_today(self)
        return today.replace(year=today.year - 1, month=1, day=1), today.replace(
            year=today.year - 1, month=12, day=31
        )

    # ------------------------------------------------------------------
    # Workshops, energy-saving kits and mutual aid
    # ------------------------------------------------------------------
    @api.model
    def _period_bounds_utc(self, date_from, date_to):
        """The period's first and last instants as naive UTC datetimes, the days being
        those of the user's time zone: ``[start, end)``."""
        tz = pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")

        def to_utc(day):
            return tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc)

        return (
            to_utc(date_from).replace(tzinfo=None),
            to_utc(date_to + timedelta(days=1)).replace(tzinfo=None),
        )

    @api.model
    def _held_workshops_domain(self, date_from, date_to):
        start, end = self._period_bounds_utc(date_from, date_to)
        return [
            ("company_id", "in", self.env.companies.ids),
            ("state", "=", "held"),
            ("start_datetime", ">=", start),
            ("start_datetime", "<", end),
        ]

    @api.model
    def _presence_domain(self, date_from, date_to):
        start, end = self._period_bounds_utc(date_from, date_to)
        return [
            ("company_id", "in", self.env.companies.ids),
            ("is_present", "=", True),
            ("workshop_state", "=", "held"),
            ("workshop_date", ">=", start),
            ("workshop_date", "<", end),
        ]

    @api.model
    def _workshop_people(self, date_from, date_to):
        """People present at the workshops held in the period: household members keyed
        ``("member", id)`` like the members of the reached households; other people keyed
        ``("partner", id)``, of unknown age, unless their contact is a member's."""
        people = {}
        # sudo: aggregates, also for users who may not read the records (accountants).
        lines = (
            self.env["housing.workshop.attendance"]
            .sudo()
            .search_fetch(
                self._presence_domain(date_from, date_to), ["member_id", "partner_id"], order="id"
            )
        )
        line_rows = rows(lines, ("member_id", "partner_id"))
        partner_ids = {
            partner_id for _id, member_id, partner_id in line_rows if partner_id and not member_id
        }
        members, persons = self.env["housing.population"]._member_persons(
            ["|", ("id", "in", lines.member_id.ids), ("partner_id", "in", list(partner_ids))]
        )
        member_of_partner = {
            partner_id: member_id
            for member_id, partner_id in rows(members, ("partner_id",))
            if partner_id in partner_ids
        }
        for _id, member_id, partner_id in line_rows:
            member_id = member_id or member_of_partner.get(partner_id)
            if member_id:
                people.setdefault(("member", member_id), persons[member_id])
            else:
                people.setdefault(("partner", partner_id), {"birth_date": False, "gender": False})
        return people

    @api.model
    def _workshop_figures(self, date_from, date_to, workshop_people, enabled=True):
        """The workshops held in the period (none when ``enabled`` is false: an agreement
        that does not cover them), as ``Workshops``."""
        Workshop = self.env["housing.workshop"].sudo()
        held_domain = self._held_workshops_domain(date_from, date_to)
        presence_domain = self._presence_domain(date_from, date_to)
        if not enabled:
            held_domain = presence_domain = expression.FALSE_DOMAIN
        [(held, presences)] = Workshop._read_group(
            held_domain, [], ["__count", "present_count:sum"]
        )
        [(households,)] = (
            self.env["housing.workshop.attendance"]
            .sudo()
            ._read_group(presence_domain, [], ["household_id:count_distinct"])
        )
        return Workshops(
            held=held,
            presences=presences or 0,
            persons=len(workshop_people),
            households=households,
            with_meal=Workshop.search_count(held_domain + [("has_shared_meal", "=", True)]),
            by_theme=[
                ThemeWorkshops(theme, count, present or 0)
                for theme, count, present in Workshop._read_group(
                    held_domain, ["theme_id"], ["__count", "present_count:sum"]
                )
            ],
            domain=held_domain,
        )

    @api.model
    def _kit_figures(self, date_from, date_to, files):
        """The energy-saving equipment fitted in the period on ``files``, as ``Kits``."""
        [(units, households, *savings)] = (
            self.env["housing.kit.installation"]
            .sudo()
            ._read_group(
                [
                    ("accompaniment_id", "in", files.ids),
                    ("installation_date", ">=", date_from),
                    ("installation_date", "<=", date_to),
                ],
                [],
                ["quantity:sum", "household_id:count_distinct"]
                + [f"{fname}:sum" for fname in SAVING_FIELDS],
            )
        )
        return Kits(units or 0, households, *(total or 0 for total in savings))

    @api.model
    def _mutual_aid_figures(self, date_from, date_to, files):
        """The mutual aid given in the period on ``files``, as ``MutualAid``."""
        [(count, hours)] = (
            self.env["housing.mutual.aid"]
            .sudo()
            ._read_group(
                [
                    ("accompaniment_id", "in", files.ids),
                    ("aid_date", ">=", date_from),
                    ("aid_date", "<=", date_to),
                ],
                [],
                ["__count", "hours:sum"],
            )
        )
        return MutualAid(count, hours or 0.0)

    # ------------------------------------------------------------------
    # Partner funding
    # ------------------------------------------------------------------
    @api.model
    def _funding_figures(self, date_from, date_to, agreement=False, places=None):
        """The funding of the years of the period, as ``FundingFigures``: each funder's committed
        amount and share of each action's funding (``FundingLine``), each action's total,
        and each landlord's share of the households reached (the tenant share:
        ``LandlordHouseholds``), with that of the landlord(s) of the companies' TFPB
        programme. With an ``agreement``, only its funding. ``None`` for users who may not
        read the funding."""
        Funding = self.env["housing.funding"]
        if not Funding.has_access("read"):
            return None
        companies = self.env.companies
        landlords = {company._housing_landlord_partner() for company in companies}
        domain = [
            ("year", "in", list(range(date_from.year, date_to.year + 1))),
            ("company_id", "in", companies.ids),
        ]
        if agreement:
            domain.append(("agreement_id", "=", agreement.id))
        groups = Funding._read_group(
            domain,
            ["action_id", "funder_id"],
            ["amount_committed:sum", "amount_received:sum"],
        )
        totals = Counter()
        for action, _funder, committed, _received in groups:
            totals[action] += committed
        lines = sorted(
            (
                FundingLine(
                    action,
                    funder,
                    committed,
                    received,
                    committed / totals[action] if totals[action] else 0.0,
                    funder in landlords,
                )
                for action, funder, committed, received in groups
            ),
            key=lambda line: (
                line.action.sequence,
                line.action.id,
                -line.committed,
                line.funder.name or "",
            ),
        )
        shares = self.env["housing.population"]._landlord_shares(
            date_from, date_to, companies=companies, places=places
        )
        reached = sum(count for count, _share in shares.values())
        tenants = sum(shares.get(landlord, (0, 0.0))[0] for landlord in landlords)
        # Households per landlord follow the minimum cell size for users who may not read
        # households: a hidden count (and its share) is None.
        hidden = set()
        if not may_read_households(self.env):
            hidden = hidden_cells(
                {partner: count for partner, (count, _share) in shares.items()},
                min_cell_size(self.env, companies),
            )
        landlord_rows = sorted(
            (
                LandlordHouseholds(partner, None, None)
                if partner in hidden
                else LandlordHouseholds(partner, count, share)
                for partner, (count, share) in shares.items()
            ),
            key=lambda row: -shares[row.partner][0],
        )
        tenant_share = Share(tenants, tenants / reached if reached else 0.0)
        if hidden & landlords:
            tenant_share = Share(None, None)
        return FundingFigures(lines, dict(totals), landlord_rows, tenant_share)
