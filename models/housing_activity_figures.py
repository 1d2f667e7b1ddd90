from collections import Counter

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from .housing_household import ADULT_AGE, LONG_TERM_TENANCY_YEARS

PROFILE_KEYS = (
    "long_term_tenant",
    "dalo_or_first_time",
    "rsa",
    "single_parent",
    "qpv",
)


class HousingActivityFigures(models.AbstractModel):
    """The figures of the annual activity report, for a period, as DESIGN.md counts them.

    Everything is read in a fixed number of batched queries, whatever the size of the period:
    the activity report, the dashboard and the benchmark all use these methods. The figures
    are aggregates: callers that show them to accountants must not add names."""

    _name = "housing.activity.figures"
    _description = "Activity figures of a period"

    # ------------------------------------------------------------------
    # Selection of the files
    # ------------------------------------------------------------------
    @api.model
    def _active_files_domain(self, date_from, date_to, workflow=False, landlord=False):
        """Files active in the period: started on or before its end and not closed before
        its start."""
        domain = [
            ("company_id", "in", self.env.companies.ids),
            ("start_date", "<=", date_to),
            "|",
            ("close_date", "=", False),
            ("close_date", ">=", date_from),
        ]
        if workflow:
            domain.append(("workflow", "=", workflow))
        if landlord:
            domain.append(("landlord_id", "=", landlord.id))
        return domain

    # What the figures and the report's list of files read of each file: fetched with the
    # search, in one query however many files there are.
    _FILE_FIELDS = (
        "name",
        "household_id",
        "workflow",
        "stage_id",
        "residence_id",
        "qpv_id",
        "is_qpv",
        "landlord_id",
        "start_date",
        "close_date",
        "outcome",
        "review_date",
        "continued_autonomously",
    )

    @api.model
    def _active_files(self, date_from, date_to, workflow=False, landlord=False):
        return (
            self.env["housing.accompaniment"]
            .sudo()
            .with_context(active_test=False)
            .search_fetch(
                self._active_files_domain(date_from, date_to, workflow, landlord),
                self._FILE_FIELDS,
                order="start_date, id",
            )
        )

    # ------------------------------------------------------------------
    # People
    # ------------------------------------------------------------------
    @api.model
    def _people_counts(self, people, on_date):
        """Count ``people`` (dicts with ``birth_date`` and ``gender``) as DESIGN.md does:
        adults are 18 or more on ``on_date`` and split into women and men; people without
        a birth date are counted apart."""
        adult_born_before = on_date - relativedelta(years=ADULT_AGE)
        counts = dict.fromkeys(("total", "adults", "women", "men", "children", "unknown"), 0)
        for person in people:
            counts["total"] += 1
            birth_date = person.get("birth_date")
            if not birth_date:
                counts["unknown"] += 1
            elif birth_date <= adult_born_before:
                counts["adults"] += 1
                if person.get("gender") == "female":
                    counts["women"] += 1
                elif person.get("gender") == "male":
                    counts["men"] += 1
            else:
                counts["children"] += 1
        return counts

    @api.model
    def _reached_people(self, households, date_from, date_to):
        """Members of the reached households plus anyone present at a workshop held in the
        period, each person once, as a list of ``{birth_date, gender}``."""
        _members, persons = self._member_persons([("household_id", "in", households.ids)])
        people = {("member", member_id): person for member_id, person in persons.items()}
        for key, person in self._workshop_people(date_from, date_to).items():
            people.setdefault(key, person)
        return list(people.values())

    @api.model
    def _member_persons(self, domain):
        """The members matching ``domain`` and ``{member id: {birth_date, gender}}``, read in
        one query and taken from the cache in bulk (thousands of members in a year)."""
        members = (
            self.env["housing.member"]
            .sudo()
            .with_context(active_test=False)
            .search_fetch(domain, ["birth_date", "gender", "partner_id"], order="id")
        )
        persons = {
            member_id: {"birth_date": birth_date, "gender": gender}
            for member_id, birth_date, gender in zip(
                members._ids, members.mapped("birth_date"), members.mapped("gender"), strict=True
            )
        }
        return members, persons

    @api.model
    def _workshop_people(self, date_from, date_to):
        """People present at workshops of the period, keyed like ``_reached_people``.
        Extended by the workshops."""
        return {}

    # ------------------------------------------------------------------
    # The whole report
    # ------------------------------------------------------------------
    @api.model
    def _compute(self, date_from, date_to, workflow=False, landlord=False):
        files = self._active_files(date_from, date_to, workflow, landlord)
        households = files.household_id
        people = self._reached_people(households, date_from, date_to)
        figures = {
            "date_from": date_from,
            "date_to": date_to,
            "files": files,
            "file_count": len(files),
            "household_count": len(households),
            "persons": self._people_counts(people, date_to),
            "profile": self._profile_shares(files, date_to),
            "by_step": self._files_by_step(files),
            "autonomy": self._autonomy(date_from, date_to, workflow, landlord),
        }
        figures.update(self._extra_figures(date_from, date_to, files))
        return figures

    @api.model
    def _extra_figures(self, date_from, date_to, files):
        """Figures of the other parts of the app (workshops, kits, funding)."""
        return {}

    @api.model
    def _profile_shares(self, files, date_to):
        """Shares of the reached households, each taken as recorded on its latest file
        active in the period: ``{key: (count, share)}`` and the household total."""
        latest = {}
        for file in files:  # ordered by start date: the last one wins
            latest[file.household_id] = file
        # One query for all the households (not one per thousand, as reading them would).
        files.household_id.fetch(
            [
                "lease_start_date",
                "is_dalo",
                "is_first_time_arrival",
                "is_rsa_beneficiary",
                "is_single_parent",
            ]
        )
        long_term_limit = date_to - relativedelta(years=LONG_TERM_TENANCY_YEARS)
        counts = Counter()
        for household, file in latest.items():
            lease = household.lease_start_date
            counts["long_term_tenant"] += bool(lease and lease < long_term_limit)
            counts["dalo_or_first_time"] += bool(
                household.is_dalo or household.is_first_time_arrival
            )
            counts["rsa"] += household.is_rsa_beneficiary
            counts["single_parent"] += household.is_single_parent
            counts["qpv"] += file.is_qpv
        total = len(latest)
        return {key: (counts[key], counts[key] / total if total else 0.0) for key in PROFILE_KEYS}

    @api.model
    def _files_by_step(self, files):
        """``[(workflow, stage, count)]`` in the boards' order."""
        by_step = Counter((file.workflow, file.stage_id) for file in files)
        return sorted(
            ((workflow, stage, count) for (workflow, stage), count in by_step.items()),
            key=lambda row: (row[0], row[1].sequence, row[1].id),
        )

    @api.model
    def _autonomy(self, date_from, date_to, workflow=False, landlord=False):
        """Among ARA files reviewed in the period, how many households continued the works
        on their own: ``(reviewed, autonomous, rate)``."""
        if workflow and workflow != "ara":
            return (0, 0, 0.0)
        domain = [
            ("company_id", "in", self.env.companies.ids),
            ("workflow", "=", "ara"),
            ("review_date", ">=", date_from),
            ("review_date", "<=", date_to),
        ]
        if landlord:
            domain.append(("landlord_id", "=", landlord.id))
        groups = dict(
            self.env["housing.accompaniment"]
            .sudo()
            .with_context(active_test=False)
            ._read_group(domain, ["continued_autonomously"], ["__count"])
        )
        autonomous = groups.get(True, 0)
        reviewed = autonomous + groups.get(False, 0)
        return (reviewed, autonomous, autonomous / reviewed if reviewed else 0.0)

    @api.model
    def _default_period(self, today=None):
        """The last full calendar year."""
        today = today or fields.Date.context_today(self)
        return today.replace(year=today.year - 1, month=1, day=1), today.replace(
            year=today.year - 1, month=12, day=31
        )
