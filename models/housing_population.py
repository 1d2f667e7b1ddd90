from collections import Counter, namedtuple

from odoo import api, models

from ..tools.columns import column, rows
from .housing_accompaniment_situation import SITUATION_FIELDS

ADULT_AGE = 18
# The activity report's age bands (key, first age, last age), by age on the period's last day.
AGE_BANDS = (
    ("0-5", 0, 5),
    ("6-17", 6, 17),
    ("18-25", 18, 25),
    ("26-59", 26, 59),
    ("60+", 60, None),
)


def spans_overlap(start_a, end_a, start_b, end_b):
    """Whether two spans of days, both ends included, share a day; an empty start or end is
    open on that side (always there, still there). Members' stays, tenancies and periods
    all go by it."""
    return (not start_a or not end_b or start_a <= end_b) and (
        not start_b or not end_a or start_b <= end_a
    )


def age_on(birth_date, on_date):
    """Full years of age on ``on_date``: one more on each birthday (someone born on 29
    February has it on 1 March in other years). The adults and the age bands go by it."""
    return (
        on_date.year
        - birth_date.year
        - ((on_date.month, on_date.day) < (birth_date.month, birth_date.day))
    )


# Where a household lived, as recorded on its latest file active in the period: ids, ``False``
# when unknown (a candidate before the allocation has no dwelling yet).
Place = namedtuple("Place", ["dwelling_id", "residence_id", "qpv_id", "landlord_id", "is_qpv"])

# What the population reads of each file, besides what a caller asks for.
PLACE_FIELDS = (
    "household_id",
    "workflow",
    "start_date",
    "dwelling_id",
    "residence_id",
    "qpv_id",
    "landlord_id",
    "is_qpv",
)


class HousingPopulation(models.AbstractModel):
    """Who was accompanied, where, in a period: the one place that answers it.

    - A file is *active* in a period when it started on or before the period's end and was
      not closed before its start. Archived files count too, so that the figures of a past
      period stay true after archiving.
    - A household is *accompanied* in the period when one of its files is active; it is taken
      as recorded on its latest such file (latest start, then latest created). Its *place*
      (dwelling, residence, QPV, landlord) is its last dwelling of the period in its dwelling
      history, else (not moved in yet) its latest file's dwelling.
    - The household's social profile is the situation recorded on that latest file.
    - A member counts for the period while in the household: present on some day of it.
    - A person is counted at a date when born on or before it: an adult at 18 or more on that
      date (women and men are counted among adults), a child under 18; a person without a
      birth date is counted apart as "age unknown", never guessed.

    The activity figures, the funding's tenant shares, the TFPB valuation and the households'
    own stored counts read it; it reads files and members only, and calls none of them back.
    Every answer takes a fixed number of queries, whatever the size of the period."""

    _name = "housing.population"
    _description = "Households and people accompanied in a period"

    # ------------------------------------------------------------------
    # Files and households
    # ------------------------------------------------------------------
    @api.model
    def _active_files_domain(
        self, date_from, date_to, workflow=False, landlord=False, companies=None
    ):
        """Files active in ``[date_from, date_to]``, of ``workflow`` (one, or a list of
        workflows), of ``landlord`` and of ``companies`` (the user's current companies by
        default)."""
        domain = [
            ("company_id", "in", (companies or self.env.companies).ids),
            ("start_date", "<=", date_to),
            "|",
            ("close_date", "=", False),
            ("close_date", ">=", date_from),
            # A declined referral was never an accompaniment.
            ("referral_state", "!=", "declined"),
        ]
        if isinstance(workflow, list | tuple):
            domain.append(("workflow", "in", list(workflow)))
        elif workflow:
            domain.append(("workflow", "=", workflow))
        if landlord:
            domain.append(("landlord_id", "=", landlord.id))
        return domain

    @api.model
    def _active_files(
        self, date_from, date_to, workflow=False, landlord=False, companies=None, fnames=()
    ):
        """The files active in the period, oldest start first, read in one query with their
        place and ``fnames``.

        As superuser: accountants may not read files, yet need the counts. Callers hand out
        counts and aggregates only, never what they read of a file to users who may not."""
        return (
            self.env["housing.accompaniment"]
            .sudo()
            .with_context(active_test=False)
            .search_fetch(
                self._active_files_domain(date_from, date_to, workflow, landlord, companies),
                list(dict.fromkeys(PLACE_FIELDS + tuple(fnames))),
                order="start_date, id",
            )
        )

    @api.model
    def _latest_files(self, files):
        """``{household id: its latest file's id}`` among ``files`` (as ``_active_files``
        orders them): each household is taken as recorded on its latest file of the
        period."""
        return dict(zip(column(files, "household_id"), files._ids, strict=True))

    @api.model
    def _places(self, files, date_from, date_to, tenancies=None):
        """``{household id: Place}``: where each household of ``files`` lived in the period:
        its last dwelling of the period in its dwelling history (``housing.tenancy``), else
        (a candidate not moved in yet) its latest file's dwelling. A later move does not
        change a past period. ``tenancies`` (from ``_period_tenancies``) saves the query
        when the caller asks for several places of one period."""
        if tenancies is None:
            tenancies = self._period_tenancies(files, date_from, date_to)
        latest = self._latest_files(files)
        on_file = {row[0]: Place._make(row[1:]) for row in rows(files, Place._fields)}
        return {
            household_id: tenancies[household_id] if household_id in tenancies else on_file[file_id]
            for household_id, file_id in latest.items()
        }

    @api.model
    def _period_tenancies(self, files, date_from, date_to):
        """``{household id: Place}``: where each household of ``files`` lived last in the
        period by its dwelling history, in one query."""
        return self.env["housing.tenancy"]._places_at(files.household_id.ids, date_from, date_to)

    @api.model
    def _landlord_shares(self, date_from, date_to, workflow=None, companies=None, places=None):
        """The tenant share of each landlord: the share of the households accompanied in the
        period that live in its dwellings (at their latest file's dwelling).

        Returns ``{landlord partner: (household count, share)}``, the share as a fraction of
        all accompanied households (0.8 for 80%); households without a dwelling yet
        (candidates before the allocation) count in the total under the empty partner.
        ``places``: the ``_places`` of these same files and period, when the caller has them."""
        if places is None:
            files = self._active_files(date_from, date_to, workflow, companies=companies)
            places = self._places(files, date_from, date_to)
        counts = Counter(place.landlord_id for place in places.values())
        Partner = self.env["res.partner"]
        return {
            Partner.browse(landlord_id): (count, count / len(places))
            for landlord_id, count in counts.items()
        }

    @api.model
    def _qpv_counts(self, places, landlord):
        """How the households of ``places`` that live in ``landlord``'s dwellings spread over
        the QPV: ``({qpv id: household count}, landlord household count)``. The second counts
        them all, in a QPV or not, so the QPV counts may add up to less."""
        counts = Counter(
            place.qpv_id for place in places.values() if place.landlord_id == landlord.id
        )
        total = sum(counts.values())
        counts.pop(False, None)
        return dict(counts), total

    @api.model
    def _situations(self, files, on_date):
        """``{household id: its situation}``: the social profile each household of ``files`` had
        on ``on_date`` (the period's last day) as recorded on its latest file
        (``housing.accompaniment.situation``: the version valid that day, the latest one from
        ``on_date`` or before, else the file's first), read in one query. A household whose
        file has no situation gets an empty one."""
        latest = self._latest_files(files)
        Situation = self.env["housing.accompaniment.situation"].sudo()
        # Every version of these files, oldest first (the first one has no date): the last one
        # from on_date or before wins; a file with none that early keeps its first.
        versions = Situation.search_fetch(
            [("accompaniment_id", "in", list(latest.values()))],
            ["accompaniment_id", "date_from", *SITUATION_FIELDS],
            order="accompaniment_id, date_from ASC NULLS FIRST, id",
        )
        by_file = {}
        for version_id, file_id, date_from in rows(versions, ("accompaniment_id", "date_from")):
            if file_id not in by_file or not date_from or date_from <= on_date:
                by_file[file_id] = version_id
        # Each one keeps the others as its prefetch set: what a caller reads of them is one
        # query for all.
        return {
            household_id: Situation.browse(by_file.get(file_id, ())).with_prefetch(
                versions._prefetch_ids
            )
            for household_id, file_id in latest.items()
        }

    # ------------------------------------------------------------------
    # People
    # ------------------------------------------------------------------
    @api.model
    def _present_members_domain(self, date_from, date_to):
        """Members in their household on some day of ``[date_from, date_to]``: arrived on
        or before its last day and not left before its first (an empty date: always
        there). The departure date is the member's last day in the household."""
        return [
            "|",
            ("arrival_date", "=", False),
            ("arrival_date", "<=", date_to),
            "|",
            ("departure_date", "=", False),
            ("departure_date", ">=", date_from),
        ]

    @api.model
    def _is_present(self, member, date_from, date_to):
        """``_present_members_domain`` for one member already read (the households' stored
        counts, from the cache)."""
        return spans_overlap(member.arrival_date, member.departure_date, date_from, date_to)

    @api.model
    def _member_persons(self, domain):
        """The members matching ``domain`` (archived households included) and ``{member id:
        {birth_date, gender}}``, read in one query and taken from the cache in bulk
        (thousands of members in a year). As superuser, like ``_active_files``."""
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
    def _count_people(self, people, on_date):
        """The one rule that counts people, for the figures and the households alike:
        ``people`` are dicts with ``birth_date`` and ``gender``. A person born after
        ``on_date`` is not counted; an adult is 18 or more on ``on_date`` and counts as a
        woman or a man (other genders: among the adults only); a person without a birth date
        counts apart as "unknown". Returns ``{total, adults, women, men, children,
        unknown}``."""
        counts = dict.fromkeys(("total", "adults", "women", "men", "children", "unknown"), 0)
        for person in people:
            birth_date = person.get("birth_date")
            if birth_date and birth_date > on_date:
                continue  # not born yet: not reached at that date
            counts["total"] += 1
            if not birth_date:
                counts["unknown"] += 1
            elif age_on(birth_date, on_date) >= ADULT_AGE:
                counts["adults"] += 1
                if person.get("gender") == "female":
                    counts["women"] += 1
                elif person.get("gender") == "male":
                    counts["men"] += 1
            else:
                counts["children"] += 1
        return counts
