from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..models.housing_privacy import MAX_YEAR, MIN_YEAR


class HousingAgreementReviewWizard(models.TransientModel):
    """Asks for the year of the partnership's yearly review and prints it (PDF)."""

    _name = "housing.agreement.review.wizard"
    _description = "Partnership's yearly review"

    agreement_id = fields.Many2one("housing.agreement", required=True)
    year = fields.Integer(
        required=True,
        default=lambda self: self._default_year(),
        help="The calendar year the review reports on. By default the latest year that is "
        "over and in which the agreement ran for at least half of the year.",
    )

    @api.model
    def _default_year(self):
        agreement = self.env["housing.agreement"].browse(
            self.env.context.get("default_agreement_id")
        )
        if agreement.exists():
            return agreement._review_default_year()
        return fields.Date.context_today(self).year - 1

    @api.constrains("year")
    def _check_year(self):
        for wizard in self:
            if not MIN_YEAR <= wizard.year <= MAX_YEAR:
                raise ValidationError(
                    self.env._(
                        "Choose a year between %(min)s and %(max)s for the review.",
                        min=MIN_YEAR,
                        max=MAX_YEAR,
                    )
                )

    def action_print(self):
        self.ensure_one()
        return self.env.ref(
            "housing_accompaniment.action_report_housing_agreement_review"
        ).report_action(self.agreement_id, data={"year": self.year})
