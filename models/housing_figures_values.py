"""The figures of a period as named, typed values (what ``housing.activity.figures`` returns).

Small results are named tuples, so that they still compare equal to plain tuples; the whole
is a frozen dataclass. A count hidden under the minimum cell size is ``None``."""

from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple


class Persons(NamedTuple):
    """People reached, each once: adults (18 or more on the period's last day) split into
    women and men, children, and people without a birth date counted apart."""

    total: int
    adults: int
    women: int
    men: int
    children: int
    unknown: int


class Share(NamedTuple):
    """A number of households and its share of the households reached (0.5 for 50%)."""

    count: int | None
    share: float | None


class Profile(NamedTuple):
    """The households reached, each as recorded on its latest file active in the period."""

    long_term_tenant: Share
    dalo_or_first_time: Share
    rsa: Share
    single_parent: Share
    qpv: Share


class StepCount(NamedTuple):
    workflow: str
    stage: Any  # housing.stage
    count: int


class Autonomy(NamedTuple):
    """ARA files reviewed in the period, those whose household continued on its own, and
    the rate (``None`` when hidden under the minimum cell size)."""

    reviewed: int | None
    autonomous: int | None
    rate: float | None


class ThemeWorkshops(NamedTuple):
    theme: Any  # housing.workshop.theme (empty for none)
    held: int
    present: int


class Workshops(NamedTuple):
    """Workshops held (not cancelled) in the period and who was there."""

    held: int
    presences: int
    persons: int
    households: int
    with_meal: int
    by_theme: list
    domain: list  # of the workshops held, for the detail sheet


class Kits(NamedTuple):
    """Energy-saving equipment fitted in the period and its estimated yearly savings."""

    units: int
    households: int
    water_saving_liters: float
    energy_saving_kwh: float
    money_saving_eur: float


class CountRow(NamedTuple):
    """One row of a block: what is counted (a record, a selection key, or empty/``False`` for
    none recorded) and how many (``None`` when hidden under the minimum cell size)."""

    key: Any
    count: int | None


class Breakdown(NamedTuple):
    """A total and its rows (``CountRow``); the total stays shown when rows are hidden."""

    total: int
    rows: list


class AgeGroup(NamedTuple):
    """The people reached of one age band on the period's last day, by gender (``other``:
    another gender or none recorded); ``None`` cells are hidden."""

    band: str  # a key of AGE_BANDS, or "unknown"
    women: int | None
    men: int | None
    other: int | None


class MonthWorkshops(NamedTuple):
    month: date  # its first day
    held: int
    present: int


class Worksites(NamedTuple):
    """ARA worksites ended in the period (worksite end date in it): how much of the planned
    works was done, the hours worked on them and the skills the households gained."""

    ended: int
    by_completion: list  # of CountRow (works_completed key or False)
    household_hours: float
    volunteer_hours: float
    by_skill: list  # of CountRow (housing.skill)


class PurchaseCategory(NamedTuple):
    category: str | bool  # a key of MATERIAL_CATEGORIES, False for none
    count: int
    amount: float


class Purchases(NamedTuple):
    """The budgets of the ARA worksites active in the period against the purchases recorded
    on them (all dates), and the purchases dated in the period, by material category."""

    worksites: int
    budget: float
    spent: float
    over_budget: int
    in_period: float
    by_category: list  # of PurchaseCategory


class MutualAid(NamedTuple):
    count: int
    hours: float


class FundingLine(NamedTuple):
    """One funder's funding of one action for the years of the period."""

    action: Any  # housing.action
    funder: Any  # res.partner
    committed: float
    received: float
    share: float
    is_landlord: bool


class LandlordHouseholds(NamedTuple):
    """The households reached living in one landlord's dwellings (an empty partner for
    those without a dwelling yet); count and share ``None`` when hidden."""

    partner: Any  # res.partner
    count: int | None
    share: float | None


class FundingFigures(NamedTuple):
    lines: list  # of FundingLine
    totals: dict  # {action: committed}
    landlords: list  # of LandlordHouseholds
    landlord_households: Share  # of the landlord(s) of the companies' TFPB programme


@dataclass(frozen=True)
class ActivityFigures:
    """Every figure of the activity report for a period.

    ``detailed`` tells whether the profile and the per-file detail are there (users who may
    read households); without it ``profile`` and ``by_step`` are ``None`` and, when fewer
    households than ``min_cell_size`` were reached, ``small_population`` is set and the
    people must not be shown. ``funding`` is ``None`` for users who may not read it."""

    date_from: date
    date_to: date
    detailed: bool
    min_cell_size: int
    small_population: bool
    files: Any  # housing.accompaniment
    file_count: int
    household_count: int
    oriented_to_ara_count: int
    persons: Persons
    profile: Profile | None
    by_step: list | None  # of StepCount
    autonomy: Autonomy
    abandons: list  # of (housing.abandon.reason or empty, count)
    workshops: Workshops
    kits: Kits
    mutual_aid: MutualAid
    funding: FundingFigures | None
    # The action's other blocks (housing_activity_blocks.py); rows hidden under the minimum
    # cell size have a count of None for users who may not read households.
    referrals: Breakdown  # by referent organisation (empty partner: none)
    rights: Breakdown  # by housing.right.type
    orientations: Breakdown  # by mainstream service (empty partner: none recorded)
    worksites: Worksites
    purchases: Purchases
    households_by_qpv: Breakdown  # by housing.qpv (empty: not in a QPV)
    households_by_residence: Breakdown  # by housing.residence (empty: no dwelling yet)
    age_groups: list | None  # of AgeGroup; None when the people are not shown
    workshops_by_month: list  # of MonthWorkshops

    @property
    def has_activity(self):
        return bool(self.file_count or self.workshops.held)
