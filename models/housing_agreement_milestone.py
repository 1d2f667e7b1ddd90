from odoo import fields, models

MILESTONE_KINDS = [
    ("first_contact", "First contact"),
    ("meeting", "Meeting"),
    ("signature", "Signature"),
    ("renewal", "Renewal"),
    ("other", "Other"),
]


class HousingAgreementMilestone(models.Model):
    """A dated step in the history of a partnership (first contact, meetings, signature,
    renewal)."""

    _name = "housing.agreement.milestone"
    _description = "Partnership milestone"
    _order = "date, id"

    agreement_id = fields.Many2one(
        "housing.agreement", required=True, ondelete="cascade", index=True, check_company=True
    )
    date = fields.Date(required=True)
    kind = fields.Selection(MILESTONE_KINDS, required=True, default="meeting")
    description = fields.Char()
    company_id = fields.Many2one(related="agreement_id.company_id", store=True, index=True)
