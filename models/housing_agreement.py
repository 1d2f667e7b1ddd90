from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .housing_privacy import MAX_YEAR, MIN_YEAR, is_valid_year

AGREEMENT_STATES = [
    ("draft", "Draft"),
    ("signed", "Signed"),
    ("in_force", "In force"),
    ("expired", "Expired"),
    ("renewed", "Renewed"),
]
# States in which an agreement is a commitment that will end: they get the end reminder.
RUNNING_STATES = ("signed", "in_force")


class HousingAgreement(models.Model):
    """A partnership agreement (convention de partenariat) between the landlord and its
    partners: what it covers, its period, its life (signature, renewal) and its funding."""

    _name = "housing.agreement"
    _description = "Partnership agreement"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    reference = fields.Char(copy=False, help="The agreement's reference, as written on it.")
    partner_ids = fields.Many2many(
        "res.partner",
        "housing_agreement_partner_rel",
        "agreement_id",
        "partner_id",
        string="Partners",
        check_company=True,
        help="The organisations that sign the agreement (landlord, association, funders…).",
    )
    object = fields.Text(help="What the partners commit to, in a few lines.")
    action_ids = fields.Many2many(
        "housing.action",
        "housing_agreement_action_rel",
        "agreement_id",
        "action_id",
        string="Actions covered",
    )
    signature_date = fields.Date(tracking=True, copy=False)
    date_start = fields.Date(string="Start", required=True, tracking=True)
    date_end = fields.Date(string="End", required=True, tracking=True)
    state = fields.Selection(
        AGREEMENT_STATES,
        string="Status",
        required=True,
        default="draft",
        tracking=True,
        copy=False,
        index=True,
    )
    renewed_agreement_id = fields.Many2one(
        "housing.agreement",
        string="Renews",
        tracking=True,
        copy=False,
        index=True,
        check_company=True,
        help="The earlier agreement this one renews.",
    )
    renewal_agreement_ids = fields.One2many("housing.agreement", "renewed_agreement_id")
    renewal_agreement_id = fields.Many2one(
        "housing.agreement",
        string="Renewed by",
        compute="_compute_renewal_agreement_id",
        store=True,
        help="The later agreement that renews this one.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    yearly_budget = fields.Monetary(
        tracking=True, help="The yearly budget of the actions the agreement covers."
    )
    user_id = fields.Many2one(
        "res.users",
        string="In charge",
        tracking=True,
        index=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
        check_company=True,
        help="Gets the reminder activity before the agreement ends.",
    )
    milestone_ids = fields.One2many(
        "housing.agreement.milestone", "agreement_id", string="Milestones", copy=False
    )
    funding_ids = fields.One2many(
        "housing.funding",
        "agreement_id",
        groups="housing_accompaniment.group_housing_accountant",
    )
    funding_count = fields.Integer(
        compute="_compute_funding_figures", groups="housing_accompaniment.group_housing_accountant"
    )
    amount_committed = fields.Monetary(
        string="Committed",
        compute="_compute_funding_figures",
        groups="housing_accompaniment.group_housing_accountant",
        help="Total committed by the funders under this agreement, all years.",
    )
    amount_received = fields.Monetary(
        string="Received",
        compute="_compute_funding_figures",
        groups="housing_accompaniment.group_housing_accountant",
    )
    end_reminder_date = fields.Date(
        string="Reminder scheduled for end",
        readonly=True,
        copy=False,
        help="The end date for which the reminder activity was scheduled: a reminder is "
        "scheduled once per end date.",
    )
    notes = fields.Html()
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    active = fields.Boolean(default=True)

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("renewal_agreement_ids")
    def _compute_renewal_agreement_id(self):
        for agreement in self:
            agreement.renewal_agreement_id = agreement.renewal_agreement_ids[:1]

    def _compute_funding_figures(self):
        groups = self.env["housing.funding"]._read_group(
            [("agreement_id", "in", self.ids)],
            ["agreement_id"],
            ["__count", "amount_committed:sum", "amount_received:sum"],
        )
        figures = {agreement: rest for agreement, *rest in groups}
        for agreement in self:
            count, committed, received = figures.get(agreement, (0, 0.0, 0.0))
            agreement.funding_count = count
            agreement.amount_committed = committed
            agreement.amount_received = received

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for agreement in self:
            if not (is_valid_year(agreement.date_start) and is_valid_year(agreement.date_end)):
                raise ValidationError(
                    self.env._(
                        "Agreement %(agreement)s must run between %(min)s and %(max)s: check the "
                        "years of its start and end dates.",
                        agreement=agreement.display_name,
                        min=MIN_YEAR,
                        max=MAX_YEAR,
                    )
                )
            if agreement.date_end < agreement.date_start:
                raise ValidationError(
                    self.env._(
                        "Agreement %(agreement)s ends before it starts: its end date must be on "
                        "or after %(start)s.",
                        agreement=agreement.display_name,
                        start=agreement.date_start,
                    )
                )
        # The funding lines must stay within the new period.
        # sudo: every funding line of the agreement must fit the new period, also those the user's
        # rules hide.
        self.sudo().funding_ids._check_year_in_agreement()

    @api.constrains("renewed_agreement_id")
    def _check_renewed_agreement(self):
        for agreement in self:
            renewed = agreement.renewed_agreement_id
            if not renewed:
                continue
            if renewed == agreement:
                raise ValidationError(
                    self.env._(
                        "Agreement %(agreement)s cannot renew itself: choose the earlier "
                        "agreement it renews.",
                        agreement=agreement.display_name,
                    )
                )
            seen = agreement
            while renewed:
                if renewed in seen:
                    raise ValidationError(
                        self.env._(
                            "Agreement %(agreement)s would renew an agreement that renews it "
                            "(directly or through others): choose an earlier agreement.",
                            agreement=agreement.display_name,
                        )
                    )
                seen |= renewed
                renewed = renewed.renewed_agreement_id
            others = self.search(
                [
                    ("renewed_agreement_id", "=", agreement.renewed_agreement_id.id),
                    ("id", "!=", agreement.id),
                ],
                limit=1,
            )
            if others:
                raise ValidationError(
                    self.env._(
                        "Agreement %(renewed)s is already renewed by %(other)s: an agreement is "
                        "renewed once; renew the latest agreement instead.",
                        renewed=agreement.renewed_agreement_id.display_name,
                        other=others.display_name,
                    )
                )

    @api.constrains("yearly_budget")
    def _check_yearly_budget(self):
        for agreement in self:
            if agreement.yearly_budget < 0:
                raise ValidationError(
                    self.env._(
                        "The yearly budget of agreement %(agreement)s cannot be negative.",
                        agreement=agreement.display_name,
                    )
                )

    @api.constrains("state", "signature_date")
    def _check_signature_date(self):
        for agreement in self:
            if agreement.state != "draft" and not agreement.signature_date:
                raise ValidationError(
                    self.env._(
                        "Agreement %(agreement)s is no longer a draft: enter its signature date.",
                        agreement=agreement.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Status buttons
    # ------------------------------------------------------------------
    def action_sign(self):
        """Mark the agreements signed; a renewal marks the agreement it renews as renewed."""
        for agreement in self:
            if agreement.state != "draft":
                raise UserError(
                    self.env._(
                        "Only a draft agreement can be signed: %(agreement)s is already past that.",
                        agreement=agreement.display_name,
                    )
                )
            if not agreement.signature_date:
                raise UserError(
                    self.env._(
                        "Enter the signature date of %(agreement)s before marking it signed.",
                        agreement=agreement.display_name,
                    )
                )
            agreement.state = "signed"
            agreement._add_milestone("signature", agreement.signature_date)
            renewed = agreement.renewed_agreement_id
            if renewed and renewed.state != "renewed":
                renewed.state = "renewed"
                renewed._add_milestone(
                    "renewal",
                    agreement.signature_date,
                    self.env._("Renewed by %(agreement)s", agreement=agreement.name),
                )
        self._update_states()
        return True

    def action_set_in_force(self):
        for agreement in self:
            if agreement.state != "signed":
                raise UserError(
                    self.env._(
                        "Only a signed agreement can come into force: sign %(agreement)s first.",
                        agreement=agreement.display_name,
                    )
                )
        self.state = "in_force"
        return True

    def action_expire(self):
        for agreement in self:
            if agreement.state not in RUNNING_STATES:
                raise UserError(
                    self.env._(
                        "Only a signed or running agreement can expire; %(agreement)s is not.",
                        agreement=agreement.display_name,
                    )
                )
        self.state = "expired"
        return True

    def action_reset_to_draft(self):
        for agreement in self:
            if agreement.state != "signed":
                raise UserError(
                    self.env._(
                        "Only a signed agreement that has not come into force can go back to "
                        "draft; %(agreement)s cannot.",
                        agreement=agreement.display_name,
                    )
                )
        self.state = "draft"
        return True

    def action_renew(self):
        """Prepare the draft agreement that renews this one, for the same length of time,
        starting the day after it ends."""
        self.ensure_one()
        if self.renewal_agreement_id:
            raise UserError(
                self.env._(
                    "%(agreement)s is already renewed by %(renewal)s.",
                    agreement=self.display_name,
                    renewal=self.renewal_agreement_id.display_name,
                )
            )
        start = self.date_end + timedelta(days=1)
        length = relativedelta(self.date_end + timedelta(days=1), self.date_start)
        renewal = self.copy(
            {
                "name": self.env._("%(agreement)s (renewal)", agreement=self.name),
                "renewed_agreement_id": self.id,
                "date_start": start,
                "date_end": start + length - timedelta(days=1),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": renewal.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_view_funding(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "housing_accompaniment.action_housing_funding"
        )
        action["domain"] = [("agreement_id", "=", self.id)]
        action["context"] = {"default_agreement_id": self.id}
        return action

    def action_open_review_wizard(self):
        """Ask for the year of the partnership's yearly review (PDF)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Yearly review"),
            "res_model": "housing.agreement.review.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_agreement_id": self.id},
        }

    def _review_default_year(self, today=None):
        """The year the yearly review prints by default: the latest calendar year that is
        over and in which the agreement ran for at least half of the year (the March 2017
        agreement, renewed in March 2018: 2017); else the latest year over that it touches;
        else the year it starts."""
        self.ensure_one()
        today = today or fields.Date.context_today(self)
        last = min(self.date_end.year, today.year - 1)
        years = range(self.date_start.year, last + 1)
        for year in reversed(years):
            start = max(self.date_start, date(year, 1, 1))
            end = min(self.date_end, date(year, 12, 31))
            if (end - start).days + 1 >= 183:
                return year
        return last if years else self.date_start.year

    def _add_milestone(self, kind, on_date, description=False):
        """Record the milestone ``kind`` on ``on_date`` unless it is already there."""
        for agreement in self:
            if not agreement.milestone_ids.filtered(
                lambda m, k=kind, d=on_date: m.kind == k and m.date == d
            ):
                agreement.milestone_ids = [
                    fields.Command.create(
                        {"kind": kind, "date": on_date, "description": description}
                    )
                ]

    def _update_states(self, today=None):
        """Bring signed agreements into force from their start, and running ones to
        expired after their end."""
        today = today or fields.Date.context_today(self)
        running = self.filtered(lambda a: a.state in RUNNING_STATES)
        running.filtered(lambda a: a.date_end < today).state = "expired"
        running.filtered(
            lambda a: a.state == "signed" and a.date_start <= today <= a.date_end
        ).state = "in_force"

    # ------------------------------------------------------------------
    # Scheduled jobs
    # ------------------------------------------------------------------
    @api.model
    def _cron_update_states(self):
        self.search([("state", "in", RUNNING_STATES)])._update_states()

    @api.model
    def _cron_schedule_end_reminders(self):
        """Schedule one to-do for the person in charge of each running agreement, on the day
        that lies the company's number of reminder days before its end. The activity is
        created once that day has come, once per end date (moving the end date re-arms it)."""
        today = fields.Date.context_today(self)
        agreements = self.search(
            [
                ("state", "in", RUNNING_STATES),
                ("date_end", ">=", today),
                ("user_id", "!=", False),
            ]
        )
        for agreement in agreements:
            if agreement.end_reminder_date == agreement.date_end:
                continue
            days = agreement.company_id.housing_agreement_reminder_days
            reminder_date = agreement.date_end - timedelta(days=days)
            if reminder_date > today:
                continue
            agreement.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=reminder_date,
                summary=self.env._("Agreement ends on %(date)s", date=agreement.date_end),
                note=self.env._(
                    "Agreement %(agreement)s ends on %(date)s: prepare its renewal with the "
                    "partners, or its closing.",
                    agreement=agreement.name,
                    date=agreement.date_end,
                ),
                user_id=agreement.user_id.id,
            )
            agreement.end_reminder_date = agreement.date_end
