from collections import Counter

from odoo import api, models
from odoo.osv import expression

from .housing_figures_values import (
    AgeGroup,
    Breakdown,
    CountRow,
    MonthWorkshops,
    PurchaseCategory,
    Purchases,
    Worksites,
)
from .housing_population import AGE_BANDS, age_on
from .housing_privacy import hidden_cells
from .housing_purchase_line import MATERIAL_CATEGORIES

# Age bands of the people reached, on the period's last day: (key, from age, to age included).


class HousingActivityFigures(models.AbstractModel):
    """The blocks of the activity report beyond the seed's 2017 analysis: the referrals per
    referent organisation, the rights opened, the orientations, the worksites, hours and
    skills, the purchases against budgets, the households per QPV and residence, the people
    by age band and gender, the workshops per month.

    Each block is one grouped read (``_read_group``), whatever the size of the period. For
    users who may not read households, the counts of a partition follow the minimum cell
    size (``hidden_cells``): a hidden count is ``None``."""

    _inherit = "housing.activity.figures"

    @api.model
    def _block_figures(self, date_from, date_to, files, people, options):
        """The blocks as keyword arguments of ``ActivityFigures``: ``files`` the files active
        in the period, ``people`` the people reached; ``options`` holds the ``workflow`` and
        ``landlord`` filters, whether ``workshops`` count, whether the user sees the
        ``detailed`` figures, the minimum ``cell_size`` and the ``places`` of the files
        (``housing.population._places``)."""
        workflow, landlord = options["workflow"], options["landlord"]
        detailed, cell_size = options["detailed"], options["cell_size"]

        def mask(rows):
            return rows if detailed else self._masked_rows(rows, cell_size)

        def breakdown(rows):
            return Breakdown(sum(row.count for row in rows), mask(rows))

        workflows = self._workflows(workflow)
        places = options["places"]
        small_population = not detailed and 0 < len(places) < cell_size
        return {
            "referrals": breakdown(
                self._referrals_by_organisation(date_from, date_to, workflows, landlord)
            ),
            "rights": breakdown(self._rights_opened(date_from, date_to, workflows, landlord)),
            "orientations": breakdown(self._orientations(date_from, date_to, workflows, landlord)),
            "worksites": self._worksites(date_from, date_to, workflows, landlord, mask),
            "purchases": self._purchases(date_from, date_to, files),
            "households_by_qpv": breakdown(
                self._count_places(places, "qpv_id", self.env["housing.qpv"])
            ),
            "households_by_residence": breakdown(
                self._count_places(places, "residence_id", self.env["housing.residence"])
            ),
            "age_groups": None
            if small_population
            else self._age_groups(people, date_to, None if detailed else cell_size),
            "workshops_by_month": self._workshops_by_month(
                date_from, date_to, options["workshops"]
            ),
        }

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    @api.model
    def _workflows(self, workflow):
        """``workflow`` (False, one, or a list) as a list, ``None`` for every workflow."""
        if not workflow:
            return None
        return [workflow] if isinstance(workflow, str) else list(workflow)

    @api.model
    def _file_domain(self, workflows, landlord, prefix=""):
        """The company, workflow and landlord conditions on files (``prefix`` is the path to
        the file from the model read)."""
        domain = [(f"{prefix}company_id", "in", self.env.companies.ids)]
        if workflows is not None:
            domain.append((f"{prefix}workflow", "in", workflows))
        if landlord:
            domain.append((f"{prefix}landlord_id", "=", landlord.id))
        return domain

    @api.model
    def _masked_rows(self, rows, cell_size):
        """``rows`` (``CountRow``) with the counts under ``cell_size`` hidden (``None``), and
        the next smallest when one alone is hidden."""
        hidden = hidden_cells({index: row.count for index, row in enumerate(rows)}, cell_size)
        return [
            CountRow(row.key, None) if index in hidden else row for index, row in enumerate(rows)
        ]

    @api.model
    def _sorted_rows(self, counts):
        """``{record or key: count}`` as ``CountRow`` rows, most counted first, the rows of
        nothing recorded last."""
        return sorted(
            (CountRow(key, count) for key, count in counts.items()),
            key=lambda row: (not row.key, -row.count, getattr(row.key, "id", 0)),
        )

    # ------------------------------------------------------------------
    # Partners: referrals, rights, orientations
    # ------------------------------------------------------------------
    @api.model
    def _referrals_by_organisation(self, date_from, date_to, workflows, landlord):
        """ARA referrals dated in the period, declined ones included, by the organisation
        (company) of the social referent; referents outside any organisation and files
        without referent count under the empty partner."""
        if workflows is not None and "ara" not in workflows:
            return []
        domain = self._file_domain(["ara"], landlord) + [
            ("referral_date", ">=", date_from),
            ("referral_date", "<=", date_to),
        ]
        # sudo: aggregates, also for users who may not read the files (accountants).
        groups = (
            self.env["housing.accompaniment"]
            .sudo()
            .with_context(active_test=False)
            ._read_group(domain, ["referent_partner_id"], ["__count"])
        )
        referents = self.env["res.partner"].sudo().browse([ref.id for ref, _n in groups if ref])
        referents.fetch(["commercial_partner_id"])
        referents.commercial_partner_id.fetch(["name", "is_company"])
        counts = Counter()
        for referent, count in groups:
            organisation = referent.commercial_partner_id
            counts[organisation if organisation.is_company else referents.browse()] += count
        return self._sorted_rows(counts)

    @api.model
    def _rights_opened(self, date_from, date_to, workflows, landlord):
        """Rights recorded as opened on the files, the decision dated in the period, by
        right, in the order of the managed list."""
        domain = self._file_domain(workflows, landlord, "accompaniment_id.") + [
            ("status", "=", "opened"),
            ("status_date", ">=", date_from),
            ("status_date", "<=", date_to),
        ]
        groups = (
            self.env["housing.right.line"]
            .sudo()
            .with_context(active_test=False)
            ._read_group(domain, ["right_type_id"], ["__count"])
        )
        return sorted(
            (CountRow(right, count) for right, count in groups),
            key=lambda row: (row.key.sequence, row.key.id),
        )

    @api.model
    def _orientations(self, date_from, date_to, workflows, landlord):
        """New entrants' files oriented to a mainstream service, the orientation dated in the
        period, by service (the empty partner: no service recorded)."""
        if workflows is not None and "new_entrant" not in workflows:
            return []
        domain = self._file_domain(["new_entrant"], landlord) + [
            ("orientation_date", ">=", date_from),
            ("orientation_date", "<=", date_to),
        ]
        groups = (
            self.env["housing.accompaniment"]
            .sudo()
            .with_context(active_test=False)
            ._read_group(domain, ["mainstream_service_id"], ["__count"])
        )
        return self._sorted_rows(dict(groups))

    # ------------------------------------------------------------------
    # Worksites, hours, skills and purchases
    # ------------------------------------------------------------------
    @api.model
    def _worksites(self, date_from, date_to, workflows, landlord, mask):
        """ARA worksites ended in the period, as ``Worksites``; ``mask`` hides small counts
        of the partitions."""
        if workflows is not None and "ara" not in workflows:
            return Worksites(0, [], 0.0, 0.0, [])
        domain = self._file_domain(["ara"], landlord) + [
            ("worksite_end_date", ">=", date_from),
            ("worksite_end_date", "<=", date_to),
        ]
        Accompaniment = self.env["housing.accompaniment"].sudo().with_context(active_test=False)
        groups = Accompaniment._read_group(
            domain,
            ["works_completed"],
            ["__count", "household_hours:sum", "volunteer_hours:sum"],
        )
        order = [key for key, _label in Accompaniment._fields["works_completed"].selection]
        by_completion = sorted(
            (CountRow(key, count) for key, count, _h, _v in groups),
            key=lambda row: order.index(row.key) if row.key in order else len(order),
        )
        skills = Accompaniment._read_group(domain, ["skill_ids"], ["__count"])
        by_skill = sorted(
            (CountRow(skill, count) for skill, count in skills if skill),
            key=lambda row: (row.key.sequence, row.key.id),
        )
        return Worksites(
            ended=sum(count for _key, count, _h, _v in groups),
            by_completion=mask(by_completion),
            household_hours=sum(hours or 0.0 for _k, _c, hours, _v in groups),
            volunteer_hours=sum(hours or 0.0 for _k, _c, _h, hours in groups),
            # A worksite gains several skills: not a partition, each count masked alone.
            by_skill=[mask([row])[0] for row in by_skill],
        )

    @api.model
    def _purchases(self, date_from, date_to, files):
        """The budgets and purchases of the ARA files active in the period (read with the
        files), and their purchases dated in the period by category, as ``Purchases``."""
        worksites = files.filtered(lambda file: file.workflow == "ara")
        groups = (
            self.env["housing.purchase.line"]
            .sudo()
            ._read_group(
                [
                    ("accompaniment_id", "in", worksites.ids),
                    ("purchase_date", ">=", date_from),
                    ("purchase_date", "<=", date_to),
                ],
                ["category"],
                ["__count", "total_amount:sum"],
            )
        )
        order = [key for key, _label in MATERIAL_CATEGORIES]
        return Purchases(
            worksites=len(worksites),
            budget=sum(worksites.mapped("budget_amount")),
            spent=sum(worksites.mapped("spent_amount")),
            over_budget=len(
                worksites.filtered(
                    lambda file: file.budget_amount and file.spent_amount > file.budget_amount
                )
            ),
            in_period=sum(amount or 0.0 for _c, _n, amount in groups),
            by_category=sorted(
                (
                    PurchaseCategory(category, count, amount or 0.0)
                    for category, count, amount in groups
                ),
                key=lambda row: order.index(row.category) if row.category in order else len(order),
            ),
        )

    # ------------------------------------------------------------------
    # Places, people, workshops per month
    # ------------------------------------------------------------------
    @api.model
    def _count_places(self, places, fname, model):
        """Households of ``places`` (``{household id: Place}``) per value of ``fname``
        (``qpv_id``, ``residence_id``), as ``CountRow`` of ``model`` records."""
        counts = Counter(getattr(place, fname) for place in places.values())
        records = model.sudo().browse([key for key in counts if key])
        # What their display names read (a residence and a QPV show their code): in one query,
        # however many (the prefetch would read a thousand at a time).
        records.fetch(["name", "code"])
        # Iterated, not browsed one by one: each record keeps the others as its prefetch set,
        # so whatever the writer reads of them later is one query for all.
        by_id = {record.id: record for record in records}
        return self._sorted_rows(
            {by_id[key] if key else model.sudo().browse(): count for key, count in counts.items()}
        )

    @api.model
    def _age_groups(self, people, on_date, cell_size=None):
        """The people reached by age band on ``on_date`` and gender, as ``AgeGroup`` rows
        (the last one for the people without a birth date); with a ``cell_size``, the cells
        under it are hidden."""
        cells = Counter()
        for person in people:
            birth_date = person.get("birth_date")
            if birth_date and birth_date > on_date:
                continue  # not born yet, as housing.population counts
            gender = person.get("gender")
            column = gender if gender in ("female", "male") else "other"
            cells[(self._age_band(birth_date, on_date), column)] += 1
        hidden = hidden_cells(dict(cells), cell_size) if cell_size else set()
        bands = [key for key, _low, _high in AGE_BANDS] + ["unknown"]
        return [
            AgeGroup(
                band,
                *(
                    None if (band, column) in hidden else cells[(band, column)]
                    for column in ("female", "male", "other")
                ),
            )
            for band in bands
            if band != "unknown"
            or any(cells[(band, column)] for column in ("female", "male", "other"))
        ]

    @api.model
    def _age_band(self, birth_date, on_date):
        if not birth_date:
            return "unknown"
        age = age_on(birth_date, on_date)
        return next(
            key for key, low, high in AGE_BANDS if age >= low and (high is None or age <= high)
        )

    @api.model
    def _workshops_by_month(self, date_from, date_to, enabled=True):
        """The workshops held in the period per month (of the user's time zone), as
        ``MonthWorkshops``."""
        domain = self._held_workshops_domain(date_from, date_to)
        if not enabled:
            domain = expression.FALSE_DOMAIN
        tz = self.env.context.get("tz") or self.env.user.tz or "UTC"
        groups = (
            self.env["housing.workshop"]
            .sudo()
            .with_context(tz=tz)
            ._read_group(domain, ["start_datetime:month"], ["__count", "present_count:sum"])
        )
        return [
            MonthWorkshops(month.date() if hasattr(month, "date") else month, held, present or 0)
            for month, held, present in groups
        ]
