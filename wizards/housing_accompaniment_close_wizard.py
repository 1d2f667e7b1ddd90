from odoo import fields, models
from odoo.exceptions import UserError


class HousingAccompanimentCloseWizard(models.TransientModel):
    """Closes a file as abandoned, with its reason, from any step."""

    _name = "housing.accompaniment.close.wizard"
    _description = "Abandon a file"

    accompaniment_id = fields.Many2one("housing.accompaniment", string="File", required=True)
    abandon_reason_id = fields.Many2one(
        "housing.abandon.reason", string="Reason", required=True, ondelete="cascade"
    )
    requires_details = fields.Boolean(related="abandon_reason_id.requires_details")
    abandon_reason = fields.Text(string="Details")
    close_date = fields.Date(
        string="Closing date", required=True, default=fields.Date.context_today
    )

    def action_confirm(self):
        self.ensure_one()
        file = self.accompaniment_id
        if self.requires_details and not (self.abandon_reason or "").strip():
            raise UserError(
                self.env._(
                    "The reason “%(reason)s” needs details: say why the support of %(file)s stops.",
                    reason=self.abandon_reason_id.name,
                    file=file.display_name,
                )
            )
        closing = self.env["housing.stage"].search(
            [("workflow", "=", file.workflow), ("is_closing", "=", True)], limit=1
        )
        if not closing:
            raise UserError(
                self.env._(
                    "The workflow has no closing step: ask a manager to mark one step as closing."
                )
            )
        file.write(
            {
                "outcome": "abandoned",
                "abandon_reason_id": self.abandon_reason_id.id,
                "abandon_reason": self.abandon_reason,
                "close_date": self.close_date,
                "stage_id": closing.id,
            }
        )
        return {"type": "ir.actions.act_window_close"}
