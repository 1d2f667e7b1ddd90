from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression

from .housing_funding import MAX_YEAR, MIN_YEAR

TFPB_STATES = [("draft", "Open"), ("locked", "Locked")]
# Fields of a TFPB year that a lock freezes.
LOCKED_YEAR_FIELDS = {"year", "company_id", "line_ids"}


def split_pro_rata(amount, weights, total_weight, digits=2):
    """Split ``amount`` between the keys of ``weights``, each getting
    ``amount × weight / total_weight``, rounded to ``digits`` decimals so that the parts add
    up exactly to ``amount × sum(weights) / total_weight`` rounded to ``digits`` decimals.

    ``total_weight`` may exceed the sum of the weights: what the keys do not take is left out
    (the TFPB programme splits an amount between QPV pro rata to households, and households
    outside QPV take their share without being listed). Rounding uses the largest-remainder
    method: every part is first rounded down to the cent, and the cents still missing go to
    the parts with the largest remainders (ties: larger weight, then smaller key).
    Returns ``{key: part}``; ``{}`` when ``total_weight`` is 0.
    """
    if total_weight <= 0 or not weights:
        return {}
    share_weight = sum(weights.values())
    if share_weight > total_weight or min(weights.values()) < 0:
        raise ValueError("weights must be non-negative and add up to at most total_weight")
    units = int(Decimal(str(amount)).scaleb(digits).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if units < 0:
        raise ValueError("only a non-negative amount can be split")
    # The rounded total of the share, half up, in integer arithmetic.
    target = (2 * units * share_weight + total_weight) // (2 * total_weight)
    parts, remainders = {}, []
    for key, weight in weights.items():
        part, remainder = divmod(units * weight, total_weight)
        parts[key] = part
        remainders.append((-remainder, -weight, key))
    for _remainder, _weight, key in sorted(remainders)[: target - sum(parts.values())]:
        parts[key] += 1
    scale = 10**digits
    return {key: part / scale for key, part in parts.items()}


class HousingTfpbYear(models.Model):
    """The landlord's TFPB abatement programme for one year: per QPV and axis, the amounts
    planned, realised (valued from the partnership) and the gap. Locked once reported."""

    _name = "housing.tfpb.year"
    _description = "TFPB programme year"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    # Set by the lock and the valuation only (``action_lock``, ``action_unlock``, ``_value``):
    # never by a write, so that a year cannot be marked locked, or its lock antedated or
    # credited to someone else, over JSON-RPC.
    _housing_protected_fields = ("state", "locked_date", "locked_by_id", "has_later_changes")
    _order = "year desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    year = fields.Integer(
        required=True,
        aggregator=False,
        tracking=True,
        default=lambda self: fields.Date.context_today(self).year,
    )
    state = fields.Selection(
        TFPB_STATES,
        string="Status",
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
        help="Lock the year (button) once its statement is reported; only a manager unlocks it.",
    )
    locked_date = fields.Datetime(string="Locked on", readonly=True, copy=False)
    locked_by_id = fields.Many2one("res.users", string="Locked by", readonly=True, copy=False)
    has_later_changes = fields.Boolean(
        string="Data changed since the lock",
        readonly=True,
        copy=False,
        help="The current funding or accompaniments give other realised figures than the "
        "locked ones. The locked figures stay as reported; unlock the year (manager) to "
        "recompute them.",
    )
    last_recompute_date = fields.Datetime(string="Last computed on", readonly=True, copy=False)
    is_stale = fields.Boolean(
        string="To be valued again",
        readonly=True,
        copy=False,
        index=True,
        help="A file, funding line, action or company that feeds the programme changed since "
        "it was last valued: it is valued again when opened or printed, and every night.",
    )
    line_ids = fields.One2many("housing.tfpb.line", "year_id", string="Lines", copy=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    planned_total = fields.Monetary(string="Planned", compute="_compute_totals", store=True)
    realised_total = fields.Monetary(string="Realised", compute="_compute_totals", store=True)
    gap_total = fields.Monetary(string="Gap", compute="_compute_totals", store=True)
    notes = fields.Html()
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    _sql_constraints = [
        (
            "year_company_unique",
            "unique(year, company_id)",
            "There is already a TFPB programme for this year: open it instead of creating another.",
        ),
    ]

    @api.depends("year")
    def _compute_name(self):
        for programme in self:
            programme.name = self.env._("TFPB programme %(year)s", year=programme.year)

    @api.depends("line_ids.planned_amount", "line_ids.realised_amount")
    def _compute_totals(self):
        for programme in self:
            programme.planned_total = sum(programme.line_ids.mapped("planned_amount"))
            programme.realised_total = sum(programme.line_ids.mapped("realised_amount"))
            programme.gap_total = programme.planned_total - programme.realised_total

    # ------------------------------------------------------------------
    # Constraints and the lock
    # ------------------------------------------------------------------
    @api.constrains("year")
    def _check_year(self):
        for programme in self:
            if not MIN_YEAR <= programme.year <= MAX_YEAR:
                raise ValidationError(
                    self.env._(
                        "%(year)s is not a year: enter the programme year with four digits.",
                        year=programme.year,
                    )
                )

    def _raise_if_locked(self):
        locked = self.filtered(lambda p: p.state == "locked")
        if locked:
            raise UserError(
                self.env._(
                    "%(programme)s is locked: its figures were reported and cannot change. "
                    "Ask a manager to unlock it first.",
                    programme=locked[0].name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        years = super().create(vals_list)
        # Value the new programme from the funding and files already there.
        self._programme_years([("id", "in", years.ids)])._value()
        return years

    def write(self, vals):
        if LOCKED_YEAR_FIELDS & set(vals):
            self._raise_if_locked()
        if vals.get("state") == "draft" and any(p.state == "locked" for p in self):
            self._check_can_unlock()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self._raise_if_locked()

    def _check_can_unlock(self):
        if not (
            self.env.su or self.env.user.has_group("housing_accompaniment.group_housing_manager")
        ):
            raise AccessError(
                self.env._("Only a manager can unlock a TFPB programme year that was reported.")
            )

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def action_recompute(self):
        self._raise_if_locked()
        self._programme_years([("id", "in", self.ids)])._value()
        return True

    def action_print_statement(self):
        return self.env.ref(
            "housing_accompaniment.action_report_housing_tfpb_statement_xlsx"
        ).report_action(self)

    def action_lock(self):
        # Lock the figures of today's data, not those of the last valuation.
        self._value_if_stale()
        for programme in self:
            if programme.state == "locked":
                continue
            programme.check_access("write")
            # sudo: the lock's state, date and author are set here only, never by a write.
            programme.sudo().write(
                {
                    "state": "locked",
                    "locked_date": fields.Datetime.now(),
                    "locked_by_id": self.env.user.id,
                    "has_later_changes": False,
                }
            )
            programme.message_post(
                body=self.env._(
                    "Locked as reported: planned %(planned)s, realised %(realised)s, gap %(gap)s.",
                    planned=programme.planned_total,
                    realised=programme.realised_total,
                    gap=programme.gap_total,
                )
            )
        return True

    def action_unlock(self):
        self._check_can_unlock()
        for programme in self.filtered(lambda p: p.state == "locked"):
            programme.check_access("write")
            # sudo: see action_lock.
            programme.sudo().write({"state": "draft", "locked_date": False, "locked_by_id": False})
            programme.message_post(
                body=self.env._(
                    "Unlocked by %(user)s: the figures can change again.",
                    user=self.env.user.name,
                )
            )
        return True

    def action_view_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "housing_accompaniment.action_housing_tfpb_line"
        )
        action["domain"] = [("year_id", "=", self.id)]
        action["context"] = {"default_year_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Reading: stale years are valued first
    # ------------------------------------------------------------------
    def web_read(self, specification):
        self._value_if_stale()
        return super().web_read(specification)

    # It may write (the valuation of stale years): never on a read-only cursor of a replica.
    web_read._readonly = False

    def _value_if_stale(self):
        """Value those of these years that are stale, unless the cursor cannot write (the
        nightly job will)."""
        stale = self.filtered("is_stale")
        if stale and not self.env.cr.readonly:
            self._programme_years([("id", "in", stale.ids)])._value()

    # ------------------------------------------------------------------
    # Valuation: marked stale on the write path, valued when read
    # ------------------------------------------------------------------
    @api.model
    def _programme_years(self, domain=()):
        """The programme years matching ``domain``, as superuser: the one place where the
        valuation gains rights. The files, funding lines and actions that feed a programme
        are changed by users who may not read it (social-support staff, facilitators), and
        its valuation counts files accountants may not read; only amounts come out of it."""
        return (
            self.sudo()
            .with_context(active_test=False)
            .search_fetch(list(domain), ["year", "company_id", "state", "is_stale"])
        )

    @api.model
    def _mark_stale(self, scope=None):
        """Mark stale the programme years a change may alter: ``scope`` holds ``(company,
        first year, last year)`` (a bound ``None``: no limit); ``None``: every year.

        A cheap write, whatever the data: one search, and one update of the years not stale
        yet (years already stale are not written again, so concurrent changes, such as
        drags on a board, do not fight over their rows). The valuation waits for a reader
        (``_value_if_stale``) or the nightly job."""
        if scope is None:
            domain = []
        else:
            domain = expression.OR(
                [
                    [
                        ("company_id", "=", company.id),
                        ("year", ">=", first_year or MIN_YEAR),
                        ("year", "<=", last_year or MAX_YEAR),
                    ]
                    for company, first_year, last_year in scope
                ]
            )
            if not domain:
                return
        self._programme_years(expression.AND([domain, [("is_stale", "=", False)]])).write(
            {"is_stale": True}
        )

    def _value(self):
        """Value these programme years from today's data: the realised figures of open years
        are written on their lines; locked years, whose figures never change, note (once)
        that today's data give other figures. The years are no longer stale."""
        todo = self.filtered(lambda p: p.state == "draft" or not p.has_later_changes)
        for programme, figures in todo._realised_figures().items():
            if programme.state == "locked":
                programme._flag_if_changed(figures)
            else:
                programme._write_realised(figures)
        self.filtered("is_stale").is_stale = False

    def _write_realised(self, figures):
        """Write ``figures`` (``{(qpv_id, axis_id): amount}``) on the lines, adding the lines
        a QPV and axis with realised amounts lack."""
        self.ensure_one()
        currency = self.company_id.currency_id
        existing = {(line.qpv_id.id, line.axis_id.id): line for line in self.line_ids}
        for key, line in existing.items():
            amount = figures.get(key, 0.0)
            if currency.compare_amounts(line.realised_computed, amount):
                line.realised_computed = amount
        self.env["housing.tfpb.line"].create(
            [
                {
                    "year_id": self.id,
                    "qpv_id": qpv_id,
                    "axis_id": axis_id,
                    "realised_computed": amount,
                }
                for (qpv_id, axis_id), amount in figures.items()
                if (qpv_id, axis_id) not in existing
            ]
        )
        self.last_recompute_date = fields.Datetime.now()

    def _realised_figures(self):
        """Value the realised amounts of each programme year, per (QPV, axis).

        For each action mapped to a TFPB axis, the landlord's committed funding of the action
        for the year (committed rather than received: the programme reports the landlord's
        commitment for the year, whenever it is paid) is split between the QPV pro rata to the
        landlord's households accompanied by the action in the year (households whose file of
        the action's workflow, or of any workflow when it has none, is active in the year, at
        the dwelling of their latest such file): a QPV gets
        ``amount × its households / all the landlord's households``. Households outside QPV
        take their share too, which is left out of the programme. The parts are rounded to the
        cent by the largest-remainder method (``split_pro_rata``).

        Returns ``{programme: {(qpv_id, axis_id): amount}}``.
        """
        Funding = self.env["housing.funding"]
        Population = self.env["housing.population"]
        result = {}
        for programme in self:
            company = programme.company_id
            landlord = company._housing_landlord_partner()
            digits = company.currency_id.decimal_places
            groups = Funding._read_group(
                [
                    ("funder_id", "=", landlord.id),
                    ("year", "=", programme.year),
                    ("company_id", "=", company.id),
                ],
                ["action_id"],
                ["amount_committed:sum"],
            )
            figures = defaultdict(float)
            files = None
            for action, amount in groups:
                axis = action.tfpb_axis_id
                if not (axis and action.active and amount):
                    continue
                year_start, year_end = date(programme.year, 1, 1), date(programme.year, 12, 31)
                if files is None:  # one query for every action of the year
                    files = Population._active_files(year_start, year_end, companies=company)
                    tenancies = Population._period_tenancies(files, year_start, year_end)
                counted = files.filtered(
                    lambda file, action=action: (
                        not action.workflow or file.workflow == action.workflow
                    )
                )
                places = Population._places(counted, year_start, year_end, tenancies)
                qpv_counts, total = Population._qpv_counts(places, landlord)
                for qpv_id, part in split_pro_rata(amount, qpv_counts, total, digits).items():
                    figures[(qpv_id, axis.id)] = round(figures[(qpv_id, axis.id)] + part, digits)
            result[programme] = dict(figures)
        return result

    def _flag_if_changed(self, figures):
        """On a locked year, note when today's figures (``figures``) differ from the locked
        ones."""
        self.ensure_one()
        currency = self.company_id.currency_id
        current = {
            (line.qpv_id.id, line.axis_id.id): line.realised_computed for line in self.line_ids
        }
        if any(
            currency.compare_amounts(current.get(key, 0.0), figures.get(key, 0.0))
            for key in set(current) | set(figures)
        ):
            # sudo: the flag is the valuation's own (see _housing_protected_fields).
            self.sudo().has_later_changes = True
            self.message_post(
                body=self.env._(
                    "The funding or the accompaniments changed after the lock: the current "
                    "data give other realised figures. The locked figures stay as reported."
                )
            )

    @api.model
    def _cron_recompute(self):
        """Nightly: value every programme year, stale or not, which also catches the changes
        no write marks (a residence moved into a QPV, …)."""
        self._programme_years()._value()
