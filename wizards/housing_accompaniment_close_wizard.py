from odoo import fields, models
from odoo.exceptions import UserError


class HousingAccompanimentCloseWizard(models.TransientModel):
    """Closes a file as abandoned, with its reason, from any step."""

    _name = "housing.accompaniment.close.wizard"
    _description = "Abandon a file"

    accompaniment_id = fields.Many2one("housing.accompaniment", string="File", required=True)
    abandon_reason = fields.Text(string="Reason", required=True)
    close_date = fields.Date(
        string="Closing date", required=True, default=fields.Date.context_today
    )

    def action_confirm(self):
        self.ensure_one()
        file = self.accompaniment_id
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
                "abandon_reason": self.abandon_reason,
                "close_date": self.close_date,
                "stage_id": closing.id,
            }
        )
        return {"type": "ir.actions.act_window_close"}
