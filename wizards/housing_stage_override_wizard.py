from odoo import api, fields, models
from odoo.exceptions import UserError


class HousingStageOverrideWizard(models.TransientModel):
    """Lets a manager move a file to a step whose needs are not all met, with a reason."""

    _name = "housing.stage.override.wizard"
    _description = "Force a step"

    accompaniment_id = fields.Many2one("housing.accompaniment", string="File", required=True)
    workflow = fields.Selection(related="accompaniment_id.workflow")
    stage_id = fields.Many2one(
        "housing.stage", string="Step", required=True, domain="[('workflow', '=', workflow)]"
    )
    missing = fields.Text(compute="_compute_missing")
    reason = fields.Text(
        required=True, help="Why the step is forced: it is kept in the file's history."
    )

    @api.depends("accompaniment_id", "stage_id")
    def _compute_missing(self):
        for wizard in self:
            if wizard.accompaniment_id and wizard.stage_id:
                wizard.missing = "\n".join(
                    wizard.accompaniment_id._missing_for_stage(wizard.stage_id)
                )
            else:
                wizard.missing = False

    def action_confirm(self):
        self.ensure_one()
        if not self.env.user.has_group("housing_accompaniment.group_housing_manager"):
            raise UserError(
                self.env._("Only a manager (Housing Accompaniment / Manager) can force a step.")
            )
        if not (self.reason or "").strip():
            raise UserError(self.env._("Give the reason why the step is forced."))
        file = self.accompaniment_id
        previous = file.stage_id
        file.with_context(housing_stage_override=True).stage_id = self.stage_id
        file.message_post(
            body=self.env._(
                "Step forced from “%(old)s” to “%(new)s” by %(user)s. Missing: %(missing)s. "
                "Reason: %(reason)s",
                old=previous.name,
                new=self.stage_id.name,
                user=self.env.user.name,
                missing=self.missing or self.env._("nothing"),
                reason=self.reason,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return {"type": "ir.actions.act_window_close"}
