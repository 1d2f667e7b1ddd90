from odoo import fields, models

RIGHT_STATUSES = [
    ("to_do", "To do"),
    ("requested", "Requested"),
    ("opened", "Opened"),
    ("refused", "Refused"),
    ("not_applicable", "Not applicable"),
]
PENDING_RIGHT_STATUSES = ("to_do", "requested")


class HousingRightLine(models.Model):
    """The status of one right on a new entrant's file."""

    _name = "housing.right.line"
    _description = "Right opened for a household"
    _inherit = ["housing.personal.data.mixin"]
    _order = "accompaniment_id, sequence, id"
    _housing_personal_fields = ["notes"]
    _housing_household_paths = ["accompaniment_id.household_id"]

    accompaniment_id = fields.Many2one(
        "housing.accompaniment", required=True, index=True, ondelete="cascade", check_company=True
    )
    right_type_id = fields.Many2one("housing.right.type", string="Right", required=True)
    sequence = fields.Integer(related="right_type_id.sequence", store=True)
    status = fields.Selection(RIGHT_STATUSES, required=True, default="to_do")
    status_date = fields.Date(string="Date", help="Date of the request or of the decision.")
    notes = fields.Char()
    company_id = fields.Many2one(related="accompaniment_id.company_id", store=True)

    _sql_constraints = [
        (
            "right_unique",
            "unique(accompaniment_id, right_type_id)",
            "This right is already on the checklist of this file.",
        ),
    ]
