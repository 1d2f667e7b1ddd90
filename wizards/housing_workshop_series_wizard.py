from datetime import timedelta

import pytz
from dateutil.relativedelta import relativedelta, weekday

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date

from ..models.housing_privacy import MAX_YEAR, MIN_YEAR, is_valid_year

FREQUENCIES = [
    ("weekly", "Every week"),
    ("bimonthly", "Every two weeks"),
    ("monthly", "Every month"),
]
MAX_SESSIONS = 200


class HousingWorkshopSeriesWizard(models.TransientModel):
    """Plans a series of workshops on the weekday and time of a first session, every week,
    every two weeks or every month over a period; the user removes the dates to skip."""

    _name = "housing.workshop.series.wizard"
    _description = "Plan a series of workshops"

    theme_id = fields.Many2one("housing.workshop.theme", required=True)
    name = fields.Char(
        string="Title",
        compute="_compute_name",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        help="The title of every workshop of the series; the theme's name by default.",
    )
    venue_id = fields.Many2one("res.partner")
    facilitator_ids = fields.Many2many(
        "res.users",
        string="Facilitators",
        domain="[('share', '=', False)]",
        default=lambda self: self.env.user,
    )
    duration = fields.Float(string="Duration (hours)", default=2.0, required=True)
    has_shared_meal = fields.Boolean(string="Shared meal")
    start_datetime = fields.Datetime(
        string="First session",
        required=True,
        help="Date and time of the first workshop: the series keeps its weekday and time.",
    )
    end_date = fields.Date(
        string="Until", required=True, help="No workshop is planned after this date."
    )
    frequency = fields.Selection(
        FREQUENCIES,
        required=True,
        default="bimonthly",
        help="Every month keeps the same weekday in the same week of the month (for instance the "
        "second Wednesday); a first session in the fifth week gives the last such weekday.",
    )
    line_ids = fields.One2many(
        "housing.workshop.series.wizard.line",
        "wizard_id",
        string="Dates",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
        help="Remove the dates when no workshop takes place (holidays, closures) before creating.",
    )
    session_count = fields.Integer(string="Workshops", compute="_compute_session_count")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    @api.depends("theme_id")
    def _compute_name(self):
        for wizard in self:
            if wizard.theme_id:
                wizard.name = wizard.theme_id.name

    @api.depends("start_datetime", "end_date", "frequency")
    def _compute_line_ids(self):
        for wizard in self:
            wizard.line_ids = [Command.clear()] + [
                Command.create({"start_datetime": start}) for start in wizard._series_datetimes()
            ]

    @api.depends("line_ids")
    def _compute_session_count(self):
        for wizard in self:
            wizard.session_count = len(wizard.line_ids)

    def _series_datetimes(self):
        """The sessions' start times (naive UTC) from the first session to the end date,
        keeping the local weekday and time of the first session (across daylight saving)."""
        self.ensure_one()
        if not (self.start_datetime and self.end_date and self.frequency):
            return []
        if not (is_valid_year(self.start_datetime.date()) and is_valid_year(self.end_date)):
            return []  # refused by _check_period, with a message
        tz = pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")
        first = pytz.utc.localize(self.start_datetime).astimezone(tz).replace(tzinfo=None)
        sessions = []
        for index in range(MAX_SESSIONS + 1):
            local = self._occurrence(first, index)
            if local.date() > self.end_date:
                break
            sessions.append(tz.localize(local).astimezone(pytz.utc).replace(tzinfo=None))
        return sessions

    def _occurrence(self, first, index):
        """The ``index``-th session (0 is ``first``), in local time."""
        if self.frequency == "weekly":
            return first + timedelta(weeks=index)
        if self.frequency == "bimonthly":
            return first + timedelta(weeks=2 * index)
        # Monthly: the same weekday in the same week of the month, or the last one.
        day_of_week = weekday(first.weekday())
        week_of_month = (first.day - 1) // 7
        month_start = first.replace(day=1) + relativedelta(months=index)
        if week_of_month >= 4:
            return month_start + relativedelta(day=31, weekday=day_of_week(-1))
        return month_start + relativedelta(weekday=day_of_week(week_of_month + 1))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            missing = [
                fname
                for fname in ("theme_id", "start_datetime", "end_date")
                if not (vals.get(fname) or self.env.context.get(f"default_{fname}"))
            ]
            self._check_required(dict(dict.fromkeys(missing, False), **vals))
        return super().create(vals_list)

    def write(self, vals):
        self._check_required(vals)
        return super().write(vals)

    @api.model
    def _check_required(self, vals):
        """Refuse an empty title, theme or date before the database does, with a message."""
        if "name" in vals and not (vals["name"] or "").strip():
            raise ValidationError(
                self.env._(
                    "Give the series a title: every workshop of the series is named after it."
                )
            )
        for fname in ("theme_id", "start_datetime", "end_date"):
            if fname in vals and not vals[fname]:
                raise ValidationError(
                    self.env._(
                        "Fill in “%(field)s” to plan the series.",
                        field=self._fields[fname]._description_string(self.env),
                    )
                )

    @api.constrains("start_datetime", "end_date")
    def _check_period(self):
        for wizard in self:
            if not (is_valid_year(wizard.start_datetime.date()) and is_valid_year(wizard.end_date)):
                raise ValidationError(
                    self.env._(
                        "Plan the series between %(min)s and %(max)s: check the years of the "
                        "first session and of the end date.",
                        min=MIN_YEAR,
                        max=MAX_YEAR,
                    )
                )
            start = fields.Date.context_today(wizard, wizard.start_datetime)
            if wizard.end_date < start:
                raise ValidationError(
                    self.env._(
                        "The series ends on %(end)s, before its first session on %(start)s: "
                        "choose an end date after the first session.",
                        end=wizard.end_date,
                        start=start,
                    )
                )

    @api.constrains("duration")
    def _check_duration(self):
        for wizard in self:
            if wizard.duration <= 0:
                raise ValidationError(
                    self.env._("Workshops must last some time: enter a positive duration in hours.")
                )

    def action_create_workshops(self):
        """Create the workshops of the dates kept, in one batch, and show them."""
        self.ensure_one()
        if not self.line_ids:
            raise UserError(
                self.env._("No date is left to plan: widen the period or keep at least one date.")
            )
        if len(self.line_ids) > MAX_SESSIONS:
            raise UserError(
                self.env._(
                    "A series cannot have more than %(max)s workshops: plan a shorter period.",
                    max=MAX_SESSIONS,
                )
            )
        workshops = self.env["housing.workshop"].create(
            [
                {
                    "name": self.name,
                    "start_datetime": line.start_datetime,
                    "duration": self.duration,
                    "theme_id": self.theme_id.id,
                    "venue_id": self.venue_id.id,
                    "facilitator_ids": [Command.set(self.facilitator_ids.ids)],
                    "has_shared_meal": self.has_shared_meal,
                    "company_id": self.company_id.id,
                }
                for line in self.line_ids.sorted("start_datetime")
            ]
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "housing_accompaniment.action_housing_workshop"
        )
        action.update(
            {
                "domain": [("id", "in", workshops.ids)],
                "view_mode": "list,calendar,kanban,form",
                "views": [(False, "list"), (False, "calendar"), (False, "kanban"), (False, "form")],
                "context": {},
            }
        )
        return action


class HousingWorkshopSeriesWizardLine(models.TransientModel):
    """A proposed date of the series, removable before the workshops are created."""

    _name = "housing.workshop.series.wizard.line"
    _description = "Proposed workshop date"
    _order = "start_datetime"

    wizard_id = fields.Many2one("housing.workshop.series.wizard", required=True, ondelete="cascade")
    start_datetime = fields.Datetime(string="Date and time", required=True)
    day_name = fields.Char(string="Day", compute="_compute_day_name")

    @api.depends("start_datetime")
    def _compute_day_name(self):
        for line in self:
            line.day_name = line.start_datetime and format_date(
                line.env, line.start_datetime, date_format="EEEE"
            )
