from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

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
        string="Tenants for more than 2 years", compute="_compute_key_figures"
    )
    dalo_first_time_share = fields.Float(
        string="DALO or first-time arrivals", compute="_compute_key_figures"
    )
    rsa_share = fields.Float(string="RSA beneficiaries", compute="_compute_key_figures")
    single_parent_share = fields.Float(
        string="Single-parent families", compute="_compute_key_figures"
    )
    qpv_share = fields.Float(string="Living in a QPV", compute="_compute_key_figures")
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
    kit_money_saving = fields.Float(
        string="Estimated yearly savings (€)", compute="_compute_key_figures"
    )
    landlord_household_share = fields.Float(
        string="Households in the landlord's dwellings",
        compute="_compute_key_figures",
        help="Share of the households reached that live in the dwellings of the landlord of "
        "the company's TFPB programme (only for users who read the funding).",
    )

    @api.onchange("agreement_id")
    def _onchange_agreement_id(self):
        if self.agreement_id:
            self.date_from = self.agreement_id.date_start
            self.date_to = self.agreement_id.date_end

    @api.depends("date_from", "date_to", "workflow", "landlord_id", "agreement_id")
    def _compute_key_figures(self):
        for wizard in self:
            if not (wizard.date_from and wizard.date_to) or wizard.date_to < wizard.date_from:
                wizard.update(dict.fromkeys(KEY_FIGURES, 0))
                continue
            figures = wizard._figures()
            persons, profile = figures["persons"], figures["profile"]
            funding = figures.get("funding") or {}
            wizard.update(
                {
                    "persons_count": persons["total"],
                    "adult_count": persons["adults"],
                    "women_count": persons["women"],
                    "men_count": persons["men"],
                    "child_count": persons["children"],
                    "unknown_age_count": persons["unknown"],
                    "household_count": figures["household_count"],
                    "file_count": figures["file_count"],
                    "long_term_share": profile["long_term_tenant"][1],
                    "dalo_first_time_share": profile["dalo_or_first_time"][1],
                    "rsa_share": profile["rsa"][1],
                    "single_parent_share": profile["single_parent"][1],
                    "qpv_share": profile["qpv"][1],
                    "reviewed_count": figures["autonomy"][0],
                    "autonomy_rate": figures["autonomy"][2],
                    "workshops_held": figures["workshops_held"],
                    "workshop_presences": figures["workshop_presences"],
                    "kit_units": figures["kit_units"],
                    "kit_money_saving": figures["kit_money_saving_eur"],
                    "landlord_household_share": funding.get("landlord_households", (0, 0.0))[1],
                }
            )

    @api.model
    def _default_period(self):
        """The last full year for the report; the year so far on the dashboard."""
        if self.env.context.get("housing_dashboard"):
            today = fields.Date.context_today(self)
            return today.replace(month=1, day=1), today
        return self.env["housing.activity.figures"]._default_period()

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for wizard in self:
            if wizard.date_to < wizard.date_from:
                raise ValidationError(
                    self.env._(
                        "The period ends (%(end)s) before it starts (%(start)s): choose an end "
                        "date on or after the start date.",
                        end=wizard.date_to,
                        start=wizard.date_from,
                    )
                )

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
        return (
            self.env["housing.activity.figures"]
            .with_context(allowed_company_ids=self.env.companies.ids)
            ._compute(
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

    def action_print(self):
        self.ensure_one()
        self._check_report_access()
        return self.env.ref(
            "housing_accompaniment.action_report_housing_activity_xlsx"
        ).report_action(self)
