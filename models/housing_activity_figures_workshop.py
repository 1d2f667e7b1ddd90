from datetime import datetime, time, timedelta

import pytz

from odoo import api, models

from .housing_kit_installation import SAVING_FIELDS


# Each part of the app adds its own figures, as the funding does.
class HousingActivityFigures(models.AbstractModel):
    """The activity figures of the workshops, the energy-saving kits and the mutual aid."""

    _inherit = "housing.activity.figures"  # pylint: disable=consider-merging-classes-inherited

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
        people = super()._workshop_people(date_from, date_to)
        lines = (
            self.env["housing.workshop.attendance"]
            .sudo()
            .search_fetch(
                self._presence_domain(date_from, date_to), ["member_id", "partner_id"], order="id"
            )
        )
        partner_ids = set(lines.filtered(lambda line: not line.member_id).partner_id.ids)
        members, persons = self._member_persons(
            ["|", ("id", "in", lines.member_id.ids), ("partner_id", "in", list(partner_ids))]
        )
        member_of_partner = {
            member.partner_id.id: member.id
            for member in members
            if member.partner_id.id in partner_ids
        }
        for line in lines:
            member_id = line.member_id.id or member_of_partner.get(line.partner_id.id)
            if member_id:
                people.setdefault(("member", member_id), persons[member_id])
            else:
                people.setdefault(
                    ("partner", line.partner_id.id), {"birth_date": False, "gender": False}
                )
        return people

    @api.model
    def _extra_figures(self, date_from, date_to, files):
        figures = super()._extra_figures(date_from, date_to, files)
        Workshop = self.env["housing.workshop"].sudo()
        held_domain = self._held_workshops_domain(date_from, date_to)
        [(held, presences)] = Workshop._read_group(
            held_domain, [], ["__count", "present_count:sum"]
        )
        meals = Workshop.search_count(held_domain + [("has_shared_meal", "=", True)])
        [(households,)] = (
            self.env["housing.workshop.attendance"]
            .sudo()
            ._read_group(
                self._presence_domain(date_from, date_to), [], ["household_id:count_distinct"]
            )
        )
        Kit = self.env["housing.kit.installation"].sudo()
        kit_domain = [
            ("accompaniment_id", "in", files.ids),
            ("installation_date", ">=", date_from),
            ("installation_date", "<=", date_to),
        ]
        [(units, kit_households, *savings)] = Kit._read_group(
            kit_domain,
            [],
            ["quantity:sum", "household_id:count_distinct"]
            + [f"{fname}:sum" for fname in SAVING_FIELDS],
        )
        [(aid_count, aid_hours)] = (
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
        figures.update(
            {
                "workshops_held": held,
                "workshop_presences": presences or 0,
                "workshop_persons": len(self._workshop_people(date_from, date_to)),
                "workshop_households": households,
                "workshops_with_meal": meals,
                "workshops_by_theme": [
                    (theme, count, present or 0)
                    for theme, count, present in Workshop._read_group(
                        held_domain, ["theme_id"], ["__count", "present_count:sum"]
                    )
                ],
                "kit_units": units or 0,
                "kit_households": kit_households,
                **{
                    f"kit_{fname}": total or 0
                    for fname, total in zip(SAVING_FIELDS, savings, strict=True)
                },
                "mutual_aid_count": aid_count,
                "mutual_aid_hours": aid_hours or 0.0,
            }
        )
        return figures
