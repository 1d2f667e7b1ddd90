from datetime import date

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .housing_privacy import (
    MAX_YEAR,
    MIN_YEAR,
    hidden_cells,
    is_valid_year,
    may_read_households,
    min_cell_size,
)


class HousingFunding(models.Model):
    """What one funder commits to one action for one year, under an agreement, and what it
    actually paid."""

    _name = "housing.funding"
    _description = "Partner funding"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "year desc, action_id, amount_committed desc, id"
    _check_company_auto = True

    funder_id = fields.Many2one(
        "res.partner", required=True, index=True, tracking=True, check_company=True
    )
    agreement_id = fields.Many2one(
        "housing.agreement",
        index=True,
        tracking=True,
        check_company=True,
        help="The agreement under which the funder commits the amount; the year must lie within "
        "its period.",
    )
    action_id = fields.Many2one("housing.action", required=True, index=True, ondelete="restrict")
    action_code = fields.Selection(related="action_id.code", store=True, string="Action code")
    year = fields.Integer(
        required=True,
        index=True,
        tracking=True,
        aggregator=False,
        default=lambda self: fields.Date.context_today(self).year,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_committed = fields.Monetary(string="Committed", tracking=True, aggregator="sum")
    payment_ids = fields.One2many("housing.funding.payment", "funding_id", string="Payments")
    amount_received = fields.Monetary(
        string="Received", compute="_compute_amount_received", store=True, aggregator="sum"
    )
    amount_to_receive = fields.Monetary(
        string="To receive",
        compute="_compute_amount_received",
        store=True,
        aggregator="sum",
        help="Committed minus received; negative when more was received than committed.",
    )
    last_payment_date = fields.Date(compute="_compute_amount_received", store=True)
    is_over_committed_confirmed = fields.Boolean(
        string="Confirm received above committed",
        tracking=True,
        help="Tick to accept that the funder paid more than it committed (for example a "
        "top-up not yet written in the agreement).",
    )
    action_total_committed = fields.Monetary(
        string="Action total",
        compute="_compute_share_of_action",
        help="All funders' committed amounts for the same action and year.",
    )
    share_of_action = fields.Float(
        string="Share of the action",
        compute="_compute_share_of_action",
        digits=(5, 4),
        help="This funder's committed amount over all funders' committed amounts for the same "
        "action and year (in 2017, the landlord's funding was about 30% of the ARA funding).",
    )
    landlord_household_count = fields.Integer(
        string="Tenant households",
        compute="_compute_landlord_household_share",
        help="When the funder is a landlord: the households accompanied in the year that live "
        "in its dwellings.",
    )
    landlord_household_share = fields.Float(
        string="Tenant share",
        compute="_compute_landlord_household_share",
        digits=(5, 4),
        help="When the funder is a landlord: the share of the households accompanied in the "
        "year (whatever the action) that live in its dwellings, to set beside its share of the "
        "action's funding (in 2017: about 30% of the funding for about 80% of the households "
        "being the landlord's tenants). A household with an accompaniment active in the year "
        "counts once, at the dwelling of its latest such accompaniment.",
    )
    is_landlord_household_hidden = fields.Boolean(
        string="Tenant households hidden",
        compute="_compute_landlord_household_share",
        help="Fewer tenant households than the company's minimum cell size (or a count that "
        "would let such a one be recomputed): not shown to users who may not read households.",
    )
    notes = fields.Text()
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("funder_id", "action_id", "year")
    def _compute_display_name(self):
        for funding in self:
            funding.display_name = " · ".join(
                part
                for part in (
                    funding.funder_id.name,
                    funding.action_id.name,
                    str(funding.year) if funding.year else "",
                )
                if part
            )

    @api.depends("payment_ids.amount", "payment_ids.date", "amount_committed")
    def _compute_amount_received(self):
        for funding in self:
            funding.amount_received = sum(funding.payment_ids.mapped("amount"))
            funding.amount_to_receive = funding.amount_committed - funding.amount_received
            dates = funding.payment_ids.filtered("date").mapped("date")
            funding.last_payment_date = max(dates) if dates else False

    @api.depends("amount_committed", "action_id", "year", "company_id")
    def _compute_share_of_action(self):
        totals = {}
        saved = self.filtered(lambda f: f.action_id and f.year)
        if saved:
            groups = self._read_group(
                [
                    ("action_id", "in", saved.action_id.ids),
                    ("year", "in", list(set(saved.mapped("year")))),
                    ("company_id", "in", saved.company_id.ids),
                ],
                ["action_id", "year", "company_id"],
                ["amount_committed:sum"],
            )
            totals = {
                (action.id, year, company.id): total for action, year, company, total in groups
            }
        for funding in self:
            total = totals.get((funding.action_id.id, funding.year, funding.company_id.id), 0.0)
            funding.action_total_committed = total
            funding.share_of_action = funding.amount_committed / total if total else 0.0

    @api.depends("funder_id", "year", "company_id")
    def _compute_landlord_household_share(self):
        """Users who may not read households see the counts of households per landlord under
        the company's minimum cell size, as in the activity report: hidden, with zeros."""
        detailed = may_read_households(self.env)
        shares_by_key, hidden_by_key = {}, {}
        for funding in self:
            funding.is_landlord_household_hidden = False
            if not (funding.year and funding.funder_id and is_valid_year(date(funding.year, 1, 1))):
                funding.landlord_household_count = 0
                funding.landlord_household_share = 0.0
                continue
            key = (funding.year, funding.company_id.id)
            if key not in shares_by_key:
                shares = shares_by_key[key] = self.env["housing.population"]._landlord_shares(
                    date(funding.year, 1, 1),
                    date(funding.year, 12, 31),
                    companies=funding.company_id,
                )
                hidden_by_key[key] = (
                    set()
                    if detailed
                    else hidden_cells(
                        {partner: count for partner, (count, _share) in shares.items()},
                        min_cell_size(self.env, funding.company_id),
                    )
                )
            if funding.funder_id in hidden_by_key[key]:
                funding.is_landlord_household_hidden = True
                funding.landlord_household_count = 0
                funding.landlord_household_share = 0.0
                continue
            count, share = shares_by_key[key].get(funding.funder_id, (0, 0.0))
            funding.landlord_household_count = count
            funding.landlord_household_share = share

    @api.onchange("agreement_id")
    def _onchange_agreement_id(self):
        """Propose the agreement's first year when the year lies outside its period."""
        agreement = self.agreement_id
        if (
            agreement.date_start
            and agreement.date_end
            and not (agreement.date_start.year <= self.year <= agreement.date_end.year)
        ):
            self.year = agreement.date_start.year

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("amount_committed")
    def _check_amount_committed(self):
        for funding in self:
            if funding.amount_committed < 0:
                raise ValidationError(
                    self.env._(
                        "The committed amount of %(funding)s cannot be negative.",
                        funding=funding.display_name,
                    )
                )

    @api.constrains("amount_committed", "is_over_committed_confirmed", "payment_ids")
    def _check_amount_received(self):
        for funding in self:
            received = sum(funding.payment_ids.mapped("amount"))
            if (
                funding.currency_id.compare_amounts(received, funding.amount_committed) > 0
                and not funding.is_over_committed_confirmed
            ):
                raise ValidationError(
                    self.env._(
                        "%(funding)s: %(received)s received is more than the %(committed)s "
                        "committed. Correct the payments, or tick “Confirm received above "
                        "committed” if the funder really paid more.",
                        funding=funding.display_name,
                        received=received,
                        committed=funding.amount_committed,
                    )
                )

    @api.constrains("year", "agreement_id")
    def _check_year_in_agreement(self):
        for funding in self:
            if not MIN_YEAR <= funding.year <= MAX_YEAR:
                raise ValidationError(
                    self.env._(
                        "%(year)s is not a year: enter the funding year with four digits "
                        "(for example 2017).",
                        year=funding.year,
                    )
                )
            agreement = funding.agreement_id
            if agreement and not (
                agreement.date_start.year <= funding.year <= agreement.date_end.year
            ):
                raise ValidationError(
                    self.env._(
                        "Funding year %(year)s lies outside agreement %(agreement)s, which runs "
                        "from %(start)s to %(end)s: choose a year of that period or another "
                        "agreement.",
                        year=funding.year,
                        agreement=agreement.display_name,
                        start=agreement.date_start,
                        end=agreement.date_end,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD: the TFPB programme values the landlord's funding
    # ------------------------------------------------------------------
    def _tfpb_scope(self):
        """The (company, year) pairs whose TFPB figures these lines feed: the lines of the
        company's landlord."""
        # sudo: the lines' funder and company decide which TFPB years to refresh, whoever
        # changes them.
        return {
            (funding.company_id, funding.year, funding.year)
            for funding in self.sudo()
            if funding.funder_id == funding.company_id._housing_landlord_partner()
        }

    @api.model_create_multi
    def create(self, vals_list):
        fundings = super().create(vals_list)
        self.env["housing.tfpb.year"]._mark_stale(fundings._tfpb_scope())
        return fundings

    def write(self, vals):
        if not {"funder_id", "action_id", "year", "amount_committed", "company_id"} & set(vals):
            return super().write(vals)
        scope = self._tfpb_scope()
        result = super().write(vals)
        self.env["housing.tfpb.year"]._mark_stale(scope | self._tfpb_scope())
        return result

    def unlink(self):
        scope = self._tfpb_scope()
        result = super().unlink()
        self.env["housing.tfpb.year"]._mark_stale(scope)
        return result
