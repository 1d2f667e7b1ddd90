from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..models.housing_stage import WORKFLOWS


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
    landlord_id = fields.Many2one(
        "res.partner",
        string="Landlord",
        help="Only the files about dwellings of this landlord.",
    )

    @api.model
    def _default_period(self):
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
            ._compute(self.date_from, self.date_to, self.workflow, self.landlord_id)
        )

    def _filters_label(self):
        parts = []
        if self.workflow:
            parts.append(
                dict(self._fields["workflow"]._description_selection(self.env))[self.workflow]
            )
        if self.landlord_id:
            parts.append(self.landlord_id.name)
        return " · ".join(parts)

    def action_print(self):
        self.ensure_one()
        self._check_report_access()
        return self.env.ref(
            "housing_accompaniment.action_report_housing_activity_xlsx"
        ).report_action(self)
