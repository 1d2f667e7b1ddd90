"""The rules that keep the figures of past periods true after the anonymisation.

The reports count a person at a period's end ``D``: not at all when born after ``D``, a child
under 18 on ``D``, an adult from 18 (``housing.population._count_people``), and in the activity
report's age bands (``AGE_BANDS``: 0-5, 6-17, 18-25, 26-59, 60+). A person's *class* at ``D``
therefore changes on a few days only: the birth and the birthdays that start a band or
adulthood (``AGE_THRESHOLDS``: 6, 18, 26 and 60 years).

A member of an anonymised household can be counted for a period whose end lies between the
household's first contact (its first file's start, or the first workshop a member came to) and
the anonymisation: before it the household was reached by nothing, after it nothing is left
to count. The birth date is replaced by the coarsest of the 1st of January of its year, the
1st of its month or the day itself that gives the same class on every day of that window:
neither the birth nor any of those birthdays falls between the coarse and the true date
inside the window. The 1st of January and the 1st of a month are never a 29th of February, so
the birthdays of the coarse date are exact."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from .housing_population import ADULT_AGE, AGE_BANDS

# Every age, in years, at which a person changes class in some report.
AGE_THRESHOLDS = tuple(sorted({ADULT_AGE} | {low for _key, low, _high in AGE_BANDS if low}))


def age_from(birth_date, years):
    """The first day on which a person born on ``birth_date`` is ``years`` old (born on or
    before that day less ``years``, as the reports read it): someone born on a 29th of
    February has their birthday on the 1st of March in other years."""
    day = birth_date + relativedelta(years=years)
    if day - relativedelta(years=years) < birth_date:
        day += timedelta(days=1)
    return day


def adult_from(birth_date):
    """The first day on which a person born on ``birth_date`` counts as an adult."""
    return age_from(birth_date, ADULT_AGE)


def same_classes(birth_date, coarse_date, first_day, last_day):
    """Whether a person born on ``coarse_date`` (on or before ``birth_date``) is counted the
    same way (not born, in which age band, child or adult) as one born on ``birth_date`` on
    every day from ``first_day`` to ``last_day``: the days counted differently are those from
    the coarse birth to the true birth, and from each coarse threshold birthday to the true
    one."""
    spans = [(coarse_date, birth_date)] + [
        (age_from(coarse_date, years), age_from(birth_date, years)) for years in AGE_THRESHOLDS
    ]
    for start, end in spans:
        # The days in [start, end) are counted differently; none may fall in the window.
        if start < end and start <= last_day and end > first_day:
            return False
    return True


def coarsest_birth_date(birth_date, first_day, last_day):
    """The 1st of January of ``birth_date``'s year, else the 1st of its month, else the day
    itself: the first that counts the person the same on every day of ``[first_day,
    last_day]`` (see ``same_classes``)."""
    for coarse_date in (birth_date.replace(month=1, day=1), birth_date.replace(day=1)):
        if same_classes(birth_date, coarse_date, first_day, last_day):
            return coarse_date
    return birth_date
