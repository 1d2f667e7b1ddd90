from odoo import api, fields, models
from odoo.exceptions import UserError


class HousingAnonymisationWizard(models.TransientModel):
    """Lets a manager see which households the retention rule anonymises, and run it."""

    _name = "housing.anonymisation.wizard"
    _description = "Anonymise households past their retention period"

    retention_months = fields.Integer(readonly=True)
    household_ids = fields.Many2many(
        "housing.household", string="Households to anonymise", readonly=True
    )
    household_count = fields.Integer(compute="_compute_household_count")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        households = self.env["housing.household"]._anonymisation_candidates(
            company=self.env.companies
        )
        values["household_ids"] = [fields.Command.set(households.ids)]
        values["retention_months"] = self.env.company.housing_retention_months
        return values

    @api.depends("household_ids")
    def _compute_household_count(self):
        for wizard in self:
            wizard.household_count = len(wizard.household_ids)

    def action_anonymise(self):
        self.ensure_one()
        if not self.env.user.has_group("housing_accompaniment.group_housing_manager"):
            raise UserError(self.env._("Only a manager can anonymise households."))
        # Check again: something may have changed since the preview.
        households = self.household_ids & self.env["housing.household"]._anonymisation_candidates(
            company=self.env.companies
        )
        households._anonymise()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("%(count)s households anonymised.", count=len(households)),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
