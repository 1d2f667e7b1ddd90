from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..models.housing_figures_values import Share
from ..models.housing_privacy import (
    MAX_YEAR,
    MIN_YEAR,
    is_valid_year,
    may_read_households,
    min_cell_size,
)
from ..models.housing_stage import WORKFLOWS

KEY_FIGURES = (
    "persons_count",
    "adult_count",
    "women_count",
    "men_count",
    "child_count",
    "unknown_age_count",
    "household_count",
    "file_count",
    "long_term_share",
    "dalo_first_time_share",
    "rsa_share",
    "single_parent_share",
    "qpv_share",
    "reviewed_count",
    "autonomy_rate",
    "workshops_held",
    "workshop_presences",
    "kit_units",
    "kit_money_saving",
    "landlord_household_share",
)
# The profile shares: only for users who may read households.
PROFILE_FIGURES = (
    "long_term_share",
    "dalo_first_time_share",
    "rsa_share",
    "single_parent_share",
    "qpv_share",
)
PROFILE_GROUP = "housing_accompaniment.group_housing_user"


class HousingActivityReportWizard(models.TransientModel):
    """Asks for the period and filters of the annual activity report."""

    _name = "housing.activity.report.wizard"
    _description = "Annual activity report"

    date_from = fields.Date(
        string="From", required=True, default=lambda self: self._default_period()[0]
    )
    date_to = fields.Date(
        string="To", required=True, default=lambda self: self._default_period()[1]
    )
    workflow = fields.Selection(WORKFLOWS, help="Leave empty for both workflows.")
    agreement_id = fields.Many2one(
        "housing.agreement",
        help="Only the actions this partnership agreement covers, and only its funding. "
        "Choosing it sets the period to the agreement's.",
    )
    landlord_id = fields.Many2one(
        "res.partner",
        help="Only the files about dwellings of this landlord.",
    )

    # Key figures shown on the dashboard (the same as the report's summary).
    persons_count = fields.Integer(string="Persons reached", compute="_compute_key_figures")
    adult_count = fields.Integer(string="Adults", compute="_compute_key_figures")
    women_count = fields.Integer(string="Women", compute="_compute_key_figures")
    men_count = fields.Integer(string="Men", compute="_compute_key_figures")
    child_count = fields.Integer(string="Children", compute="_compute_key_figures")
    unknown_age_count = fields.Integer(string="Age unknown", compute="_compute_key_figures")
    household_count = fields.Integer(string="Households reached", compute="_compute_key_figures")
    file_count = fields.Integer(string="Active files", compute="_compute_key_figures")
    long_term_share = fields.Float(
        string="Tenants for more than 2 years", compute="_compute_key_figures", groups=PROFILE_GROUP
    )
    dalo_first_time_share = fields.Float(
        string="DALO or first-time arrivals", compute="_compute_key_figures", groups=PROFILE_GROUP
    )
    rsa_share = fields.Float(
        string="RSA beneficiaries", compute="_compute_key_figures", groups=PROFILE_GROUP
    )
    single_parent_share = fields.Float(
        string="Single-parent families", compute="_compute_key_figures", groups=PROFILE_GROUP
    )
    qpv_share = fields.Float(
        string="Living in a QPV", compute="_compute_key_figures", groups=PROFILE_GROUP
    )
    reviewed_count = fields.Integer(string="ARA files reviewed", compute="_compute_key_figures")
    autonomy_rate = fields.Float(
        string="Continued on their own",
        compute="_compute_key_figures",
        help="Among the ARA files reviewed in the period, the share of households that "
        "continued the works on their own.",
    )
    workshops_held = fields.Integer(compute="_compute_key_figures")
    workshop_presences = fields.Integer(string="Attendance", compute="_compute_key_figures")
    kit_units = fields.Integer(string="Equipment fitted", compute="_compute_key_figures")
    currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.company.currency_id, readonly=True
    )
    kit_money_saving = fields.Monetary(
        string="Estimated yearly savings", compute="_compute_key_figures"
    )
    landlord_household_share = fields.Float(
        string="Households in the landlord's dwellings",
        compute="_compute_key_figures",
        help="Share of the households reached that live in the dwellings of the landlord of "
        "the company's TFPB programme (only for users who read the funding).",
    )
    min_cell_size = fields.Integer(string="Minimum cell size", compute="_compute_key_figures")
    is_small_population = fields.Boolean(
        string="Too few households",
        compute="_compute_key_figures",
        help="Fewer households than the minimum cell size, for a user who may not read "
        "households: the people reached are not shown.",
    )
    is_landlord_household_hidden = fields.Boolean(
        string="Landlord households hidden", compute="_compute_key_figures"
    )
    is_autonomy_hidden = fields.Boolean(string="Autonomy hidden", compute="_compute_key_figures")

    @api.onchange("agreement_id")
    def _onchange_agreement_id(self):
        if self.agreement_id:
            self.date_from = self.agreement_id.date_start
            self.date_to = self.agreement_id.date_end
            if not may_read_households(self.env) and self.date_from and self.date_to:
                # Accountants' periods are whole months: the months the agreement covers.
                self.date_from = self.date_from.replace(day=1)
                self.date_to = self.date_to + relativedelta(day=31)

    @api.depends("date_from", "date_to", "workflow", "landlord_id", "agreement_id")
    def _compute_key_figures(self):
        for wizard in self:
            wizard.min_cell_size = min_cell_size(self.env)
            wizard.is_small_population = False
            wizard.is_landlord_household_hidden = wizard.is_autonomy_hidden = False
            if wizard._period_error():
                # Shown while the period is being typed: zeros, not an error.
                wizard.update(dict.fromkeys(KEY_FIGURES, 0))
                continue
            figures = wizard._figures()
            if figures.small_population:
                wizard.is_small_population = True
                wizard.update(dict.fromkeys(KEY_FIGURES, 0))
                continue
            persons, profile, autonomy = figures.persons, figures.profile, figures.autonomy
            tenants = figures.funding.landlord_households if figures.funding else Share(0, 0.0)
            wizard.update(
                {
                    "persons_count": persons.total,
                    "adult_count": persons.adults,
                    "women_count": persons.women,
                    "men_count": persons.men,
                    "child_count": persons.children,
                    "unknown_age_count": persons.unknown,
                    "household_count": figures.household_count,
                    "file_count": figures.file_count,
                    "reviewed_count": autonomy.reviewed or 0,
                    "autonomy_rate": autonomy.rate or 0.0,
                    "is_autonomy_hidden": autonomy.autonomous is None,
                    "workshops_held": figures.workshops.held,
                    "workshop_presences": figures.workshops.presences,
                    "kit_units": figures.kits.units,
                    "kit_money_saving": figures.kits.money_saving_eur,
                    "landlord_household_share": tenants.share or 0.0,
                    "is_landlord_household_hidden": tenants.count is None,
                }
            )
            # The profile only for users who may read households (None for the others).
            wizard.update(
                {
                    "long_term_share": profile.long_term_tenant.share,
                    "dalo_first_time_share": profile.dalo_or_first_time.share,
                    "rsa_share": profile.rsa.share,
                    "single_parent_share": profile.single_parent.share,
                    "qpv_share": profile.qpv.share,
                }
                if profile
                else dict.fromkeys(PROFILE_FIGURES, 0.0)
            )

    @api.model
    def _default_period(self):
        """The last full year for the report; the year so far on the dashboard."""
        if self.env.context.get("housing_dashboard"):
            today = fields.Date.context_today(self)
            if not may_read_households(self.env):
                # Accountants' periods are whole months: the months of the year so far.
                return today.replace(month=1, day=1), today + relativedelta(day=31)
            return today.replace(month=1, day=1), today
        return self.env["housing.activity.figures"]._default_period()

    def _period_error(self):
        """Why the period cannot be counted for this user, or ``None``: it must be set, lie
        between 1900 and 2100 and not end before it starts; for users who may not read
        households (accountants) it is made of whole months, so that two close periods never
        differ by a few days (and so by one household)."""
        self.ensure_one()
        _ = self.env._
        start, end = self.date_from, self.date_to
        if not (start and end):
            return _("Enter the first and the last day of the period.")
        if not (is_valid_year(start) and is_valid_year(end)):
            return _(
                "The period must lie between %(min)s and %(max)s: check the years of "
                "%(start)s and %(end)s.",
                min=MIN_YEAR,
                max=MAX_YEAR,
                start=start,
                end=end,
            )
        if end < start:
            return _(
                "The period ends (%(end)s) before it starts (%(start)s): choose an end "
                "date on or after the start date.",
                end=end,
                start=start,
            )
        if not may_read_households(self.env) and (
            start.day != 1 or end != end + relativedelta(day=31)
        ):
            return _(
                "Your figures are for whole months: start the period on the first day of a "
                "month and end it on the last day of a month (for example from %(start)s to "
                "%(end)s).",
                start=start.replace(day=1),
                end=end + relativedelta(day=31),
            )
        return None

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for wizard in self:
            error = wizard._period_error()
            if error:
                raise ValidationError(error)

    def _check_report_access(self):
        if not (
            self.env.user.has_group("housing_accompaniment.group_housing_user")
            or self.env.user.has_group("housing_accompaniment.group_housing_accountant")
        ):
            raise UserError(
                self.env._(
                    "The activity report is for social-support users and accountants "
                    "(Housing Accompaniment groups)."
                )
            )

    def _figures(self):
        """The report's figures. Read with superuser rights once the user's group is
        checked: the report shows aggregates and references, never a person's name."""
        self.ensure_one()
        self._check_report_access()
        error = self._period_error()
        if error:
            raise ValidationError(error)
        return (
            self.env["housing.activity.figures"]
            .with_context(allowed_company_ids=self.env.companies.ids)
            ._period_figures(
                self.date_from, self.date_to, self.workflow, self.landlord_id, self.agreement_id
            )
        )

    def _filters_label(self):
        parts = []
        if self.workflow:
            parts.append(
                dict(self._fields["workflow"]._description_selection(self.env))[self.workflow]
            )
        if self.landlord_id:
            parts.append(self.landlord_id.name)
        if self.agreement_id:
            parts.append(self.agreement_id.name)
        return " · ".join(parts)

    def _report_file_name(self):
        """The name of the downloaded file, in the user's language."""
        self.ensure_one()
        return self.env._(
            "Activity report %(start)s-%(end)s",
            start=self.date_from.strftime("%Y%m%d"),
            end=self.date_to.strftime("%Y%m%d"),
        )

    def action_print(self):
        self.ensure_one()
        self._check_report_access()
        return self.env.ref(
            "housing_accompaniment.action_report_housing_activity_xlsx"
        ).report_action(self)
