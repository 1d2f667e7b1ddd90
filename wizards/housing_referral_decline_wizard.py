from odoo import fields, models


class HousingReferralDeclineWizard(models.TransientModel):
    """The coordinator declines a referral, with the reason sent back to the referent."""

    _name = "housing.referral.decline.wizard"
    _description = "Decline a referral"

    accompaniment_id = fields.Many2one("housing.accompaniment", string="File", required=True)
    decline_reason = fields.Text(
        string="Reason",
        required=True,
        help="Sent to the social referent: say why, and where the household may turn instead.",
    )

    def action_confirm(self):
        self.ensure_one()
        self.accompaniment_id._decline_referral(self.decline_reason)
        return {"type": "ir.actions.act_window_close"}
