"""Who may see which figures, and the minimum cell size of the aggregates shown to the others.

Users who may read households (social-support users and managers) see every figure. The
others (accountants) see no profile share and no per-file detail; their counts of households
per landlord, QPV or funder read "< N" below the company's minimum cell size N, and a second
cell is hidden whenever the shown total would give a hidden one back by subtraction."""

from datetime import date

# The years a period or date may lie in: outside, date arithmetic overflows (year 1, 9999)
# and no accompaniment ever took place.
MIN_YEAR = 1900
MAX_YEAR = 2100
DEFAULT_MIN_CELL_SIZE = 5


def may_read_households(env):
    """Whether the figures of ``env`` may show the social profile and the per-file detail."""
    return env.su or env.user.has_group("housing_accompaniment.group_housing_user")


def min_cell_size(env, companies=None):
    """The smallest count shown to users who may not read households: the strictest of the
    companies' settings."""
    companies = (companies or env.companies).sudo()
    return max(companies.mapped("housing_min_cell_size") or [DEFAULT_MIN_CELL_SIZE])


def hidden_cells(counts, min_size, total_shown=True):
    """The keys of ``counts`` (``{key: count}``, a partition of a total) to hide: every count
    from 1 to ``min_size - 1``, and, when the total is shown and exactly one cell is hidden,
    the next smallest one too, so that no hidden count can be recomputed by subtraction."""
    hidden = {key for key, count in counts.items() if 0 < count < min_size}
    if total_shown and len(hidden) == 1:
        shown = sorted(
            (key for key, count in counts.items() if key not in hidden and count),
            key=lambda key: counts[key],
        )
        hidden.update(shown[:1])
    return hidden


def is_valid_year(day):
    return isinstance(day, date) and MIN_YEAR <= day.year <= MAX_YEAR
