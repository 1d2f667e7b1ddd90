"""The rules that keep the figures of past periods true after the anonymisation.

The reports count a person at a period's end ``D``: not at all when born after ``D``, a child
under 18 on ``D``, an adult from 18 (``housing.population._count_people``). No other age group
is read (the TFPB statement and the funding shares count households, not ages). A person's
*class* at ``D`` therefore changes on two days only: the birth and the 18th birthday.

A member of an anonymised household can be counted for a period whose end lies between the
household's first contact (its first file's start, or the first workshop a member came to) and
the anonymisation: before it the household was reached by nothing, after it nothing is left
to count. The birth date is replaced by the coarsest of the 1st of January of its year, the
1st of its month or the day itself that gives the same class on every day of that window:
neither the birth nor the 18th birthday falls between the coarse and the true date inside
the window. The 1st of January and the 1st of a month are never a 29th of February, so the
18th birthday of the coarse date is exact."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from .housing_population import ADULT_AGE


def adult_from(birth_date):
    """The first day on which a person born on ``birth_date`` counts as an adult (born on or
    before that day less 18 years, as ``_count_people`` reads it): someone born on a 29th of
    February is an adult from the 1st of March."""
    day = birth_date + relativedelta(years=ADULT_AGE)
    if day - relativedelta(years=ADULT_AGE) < birth_date:
        day += timedelta(days=1)
    return day


def same_classes(birth_date, coarse_date, first_day, last_day):
    """Whether a person born on ``coarse_date`` (on or before ``birth_date``) is counted the
    same way (not born, child, adult) as one born on ``birth_date`` on every day from
    ``first_day`` to ``last_day``: the days counted differently are those from the coarse
    birth to the true birth, and from the coarse 18th birthday to the true one."""
    for start, end in (
        (coarse_date, birth_date),
        (adult_from(coarse_date), adult_from(birth_date)),
    ):
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
