from odoo import api, fields, models
from odoo.exceptions import UserError

from .housing_accompaniment import COMMITTEE_DECISIONS, DESIGNATION_TYPES, REQUEST_TYPES


class HousingAccompanimentEntrant(models.Model):
    """The new-entrant and transfer workflow's data on a file: the Préfecture's designation,
    the candidates for one dwelling, the allocation committee, the lease and move-in, the rights
    checklist and the orientation to mainstream services."""

    # One model in several files (each under ~450 lines), each a part of the file.
    _inherit = "housing.accompaniment"  # pylint: disable=consider-merging-classes-inherited

    # New entrants and transfer requests
    request_type = fields.Selection(
        REQUEST_TYPES,
        compute="_compute_request_type",
        store=True,
        precompute=True,
        readonly=False,
        help="A transfer request has no Préfecture designation.",
    )

    designation_date = fields.Date(tracking=True)

    designation_reference = fields.Char()

    designation_type = fields.Selection(DESIGNATION_TYPES, string="Designated as")

    reservation_holder_id = fields.Many2one(
        "res.partner",
        string="Reservation holder",
        help="Who designated the candidate: the Préfecture (contingent préfectoral), Action "
        "Logement or another reservation holder.",
    )

    proposed_dwelling_id = fields.Many2one(
        "housing.dwelling",
        string="Proposed dwelling",
        index=True,
        tracking=True,
        check_company=True,
        help="The dwelling the candidate is designated for. The allocation committee examines "
        "the candidates of a dwelling together (usually three).",
    )

    candidate_ids = fields.Many2many(
        "housing.accompaniment",
        string="Other candidates",
        compute="_compute_candidate_ids",
        help="The other files designated for the same dwelling.",
    )

    contact_date = fields.Date(string="First contact")

    appointment_datetime = fields.Datetime(string="Appointment")

    interview_date = fields.Date(string="Interview before the committee")

    committee_date = fields.Date(string="Allocation committee (CAL)")

    committee_decision = fields.Selection(COMMITTEE_DECISIONS, tracking=True)

    lease_signature_date = fields.Date(tracking=True)

    move_in_date = fields.Date(tracking=True)

    right_line_ids = fields.One2many(
        "housing.right.line",
        "accompaniment_id",
        string="Rights",
        groups="housing_accompaniment.group_housing_user",
    )

    appropriation_notes = fields.Html(
        string="Appropriation follow-up",
        groups="housing_accompaniment.group_housing_user",
        help="How the household takes over and invests in the dwelling.",
    )

    mainstream_service_id = fields.Many2one(
        "res.partner",
        string="Oriented to",
        check_company=True,
        help="The mainstream service (droit commun) the household was oriented to at the end.",
    )

    orientation_date = fields.Date()

    @api.depends("household_id", "workflow")
    def _compute_request_type(self):
        for file in self:
            if file.workflow != "new_entrant":
                file.request_type = False
            elif not file.request_type:
                file.request_type = (
                    "transfer" if file.household_id.entry_type == "transfer" else "new_entrant"
                )

    @api.depends("proposed_dwelling_id")
    def _compute_candidate_ids(self):
        dwellings = self.proposed_dwelling_id
        candidates = self.search(
            [("proposed_dwelling_id", "in", dwellings.ids), ("workflow", "=", "new_entrant")]
        )
        by_dwelling = candidates.grouped("proposed_dwelling_id")
        for file in self:
            file.candidate_ids = (
                by_dwelling.get(file.proposed_dwelling_id, self.browse()) - file._origin
                if file.proposed_dwelling_id
                else False
            )

    def _add_rights_checklist(self):
        if not self:
            return  # the association's coordinator creates ARA files: no checklist to read
        right_types = self.env["housing.right.type"].search([])
        # One create for every file: a batch of files costs as many queries as one.
        self.env["housing.right.line"].create(
            [
                {"accompaniment_id": file.id, "right_type_id": right_type.id}
                for file in self
                for right_type in right_types
            ]
        )

    def action_allocate_dwelling(self):
        """Record the committee's allocation of the proposed dwelling to this candidate."""
        self.ensure_one()
        if not self.proposed_dwelling_id:
            raise UserError(
                self.env._(
                    "%(file)s has no proposed dwelling: fill in the dwelling the candidate is "
                    "designated for first.",
                    file=self.display_name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Allocate the dwelling"),
            "res_model": "housing.dwelling.allocation.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_accompaniment_id": self.id},
        }
