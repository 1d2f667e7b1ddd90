from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.housing_accompaniment import ALLOCATED_DECISIONS, COMMITTEE_DECISIONS

OTHERS_CHOICES = [
    ("close", "Close their files: not retained by the committee"),
    ("keep", "Keep their files open for another proposal"),
]


class HousingDwellingAllocationWizard(models.TransientModel):
    """Records the allocation committee's decision for a dwelling: one candidate is
    allocated the dwelling; the other candidates are closed as not retained, with the
    reason, or kept open for another proposal."""

    _name = "housing.dwelling.allocation.wizard"
    _description = "Allocate a dwelling to a candidate"

    accompaniment_id = fields.Many2one("housing.accompaniment", string="Candidate", required=True)
    dwelling_id = fields.Many2one(related="accompaniment_id.proposed_dwelling_id")
    committee_date = fields.Date(
        string="Allocation committee (CAL)", required=True, default=fields.Date.context_today
    )
    committee_decision = fields.Selection(
        [item for item in COMMITTEE_DECISIONS if item[0] in ALLOCATED_DECISIONS],
        string="Decision",
        required=True,
        default="allocated",
    )
    other_candidate_ids = fields.Many2many(
        "housing.accompaniment",
        string="Other candidates",
        compute="_compute_other_candidate_ids",
        help="The other open files designated for this dwelling.",
    )
    others_choice = fields.Selection(
        OTHERS_CHOICES, string="The other candidates", required=True, default="close"
    )
    reason = fields.Text(
        default=lambda self: self.env._(
            "The committee allocated the dwelling to another candidate."
        ),
        help="Kept on the files closed as not retained.",
    )

    @api.depends("accompaniment_id")
    def _compute_other_candidate_ids(self):
        for wizard in self:
            wizard.other_candidate_ids = wizard.accompaniment_id.candidate_ids.filtered(
                lambda file: not file.is_closed
            )

    def action_confirm(self):
        self.ensure_one()
        file = self.accompaniment_id
        if file.is_closed:
            raise UserError(
                self.env._(
                    "%(file)s is closed: reopen it before allocating it a dwelling.",
                    file=file.display_name,
                )
            )
        others = self.other_candidate_ids
        if others and self.others_choice == "close" and not (self.reason or "").strip():
            raise UserError(
                self.env._(
                    "Give the reason why the other candidates are not retained: it is kept on "
                    "their files."
                )
            )
        file.write(
            {
                "committee_date": self.committee_date,
                "committee_decision": self.committee_decision,
                "dwelling_id": self.dwelling_id.id,
            }
        )
        if not others:
            return {"type": "ir.actions.act_window_close"}
        if self.others_choice == "keep":
            # Free for another proposal: they are no longer candidates for this dwelling
            # (the file's history keeps it).
            others.write({"proposed_dwelling_id": False})
            return {"type": "ir.actions.act_window_close"}
        for workflow, files in others.grouped("workflow").items():
            closing = self.env["housing.stage"].search(
                [("workflow", "=", workflow), ("is_closing", "=", True)], limit=1
            )
            if not closing:
                raise UserError(
                    self.env._(
                        "The workflow has no closing step: ask a manager to mark one step as "
                        "closing."
                    )
                )
            files.write(
                {
                    "committee_date": self.committee_date,
                    "outcome": "not_retained",
                    "abandon_reason": self.reason,
                    "close_date": self.committee_date,
                    "stage_id": closing.id,
                }
            )
        return {"type": "ir.actions.act_window_close"}
