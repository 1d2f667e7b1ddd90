from odoo import api, fields, models
from odoo.exceptions import UserError

from .housing_accompaniment import (
    ALLOCATED_DECISIONS,
    EARLY_OUTCOMES,
    HousingAccompaniment,
)
from .housing_right_line import PENDING_RIGHT_STATUSES


class HousingAccompanimentStage(models.Model):
    """How a file moves through the steps of its workflow: what each step requires (the
    table of requirements), what the next step and a quick-created file still need, the checks
    that refuse a step, and the move itself (closing, reopening, forcing, abandoning)."""

    # One model in several files (each under ~450 lines), each a part of the file.
    _inherit = "housing.accompaniment"  # pylint: disable=consider-merging-classes-inherited

    next_step_missing = fields.Text(
        string="What the next step needs",
        compute="_compute_next_step_missing",
        help="What is still missing before the file can move to its next step.",
    )

    creation_missing = fields.Text(
        string="What this column needs",
        compute="_compute_creation_missing",
        help="What a new file still needs to be created directly in this step.",
    )

    @api.depends(
        "stage_id",
        "request_type",
        "designation_date",
        "contact_date",
        "committee_date",
        "committee_decision",
        "dwelling_id",
        "lease_signature_date",
        "move_in_date",
        "referral_date",
        "referent_partner_id",
        "facilitator_id",
        "tripartite_meeting_date",
    )
    def _compute_creation_missing(self):
        """For a file being created in a column other than the first (the board's quick
        create): what that step needs and the new file does not have yet."""
        first_stages = {}
        for file in self:
            file.creation_missing = False
            if file._origin.id or not file.stage_id or not file.workflow:
                continue
            if file.workflow not in first_stages:
                first_stages[file.workflow] = self.env["housing.stage"].search(
                    [("workflow", "=", file.workflow)], limit=1
                )
            if file.stage_id == first_stages[file.workflow]:
                continue
            missing = file._missing_for_stage(file.stage_id)
            if missing:
                file.creation_missing = self.env._(
                    "To create a file in “%(step)s”, it needs: %(missing)s. What cannot be "
                    "entered here is added on the file: create it in an earlier step, then "
                    "move it.",
                    step=file.stage_id.name,
                    missing=", ".join(missing),
                )

    def _next_stage(self):
        self.ensure_one()
        return self.env["housing.stage"].search(
            [("workflow", "=", self.workflow), ("sequence", ">", self.stage_id.sequence)], limit=1
        )

    def _compute_next_step_missing(self):
        for file in self:
            next_stage = file.stage_id and not file.is_closed and file._next_stage()
            missing = next_stage and file._missing_for_stage(next_stage)
            file.next_step_missing = (
                self.env._(
                    "To move to “%(step)s”: %(missing)s",
                    step=next_stage.name,
                    missing=", ".join(missing),
                )
                if missing
                else False
            )

    def _requirements_for_code(self, code):
        """What entering the step of technical ``code`` needs, as a list of
        ``(is_met, label)``. Only the data of that step is read: a facilitator has no access
        to the new-entrant checklist, and needs none to move an ARA file."""
        self.ensure_one()
        label = self._field_label
        requirements = {
            # New entrants and transfer requests
            "ne_contact": lambda: [
                (
                    self.request_type == "transfer" or self.designation_date,
                    label("designation_date"),
                ),
            ],
            "ne_interview": lambda: [(self.contact_date, label("contact_date"))],
            "ne_possession": lambda: [
                (self.interview_date, label("interview_date")),
                (self.committee_date, label("committee_date")),
                (
                    self.committee_decision in ALLOCATED_DECISIONS,
                    self.env._("a committee decision that allocates the dwelling"),
                ),
            ],
            "ne_rights": lambda: [
                (self.dwelling_id, label("dwelling_id")),
                (self.lease_signature_date, label("lease_signature_date")),
                (self.move_in_date, label("move_in_date")),
            ],
            "ne_appropriation": lambda: [
                (self.right_line_ids, self.env._("the rights checklist")),
                (
                    not self.right_line_ids.filtered(lambda r: r.status in PENDING_RIGHT_STATUSES),
                    self.env._("a decision on every right of the checklist"),
                ),
            ],
            "ne_orientation": lambda: [(self.appropriation_notes, label("appropriation_notes"))],
            "ne_closed": lambda: [(self.mainstream_service_id, label("mainstream_service_id"))],
            # ARA
            "ara_tripartite": lambda: [
                (self.referral_date, label("referral_date")),
                (self.referent_partner_id, label("referent_partner_id")),
                (self.facilitator_id, label("facilitator_id")),
            ],
            "ara_preparation": lambda: [
                (self.tripartite_meeting_date, label("tripartite_meeting_date")),
                (
                    self._tripartite_attended("tripartite"),
                    self.env._(
                        "a tripartite meeting done with the household, the social referent and "
                        "the facilitator (or the reason one was absent)"
                    ),
                ),
            ],
            "ara_purchase": lambda: [
                (
                    self.visit_ids.filtered(
                        lambda v: v.state == "done" and v.visit_type == "preparation"
                    ),
                    self.env._("a preparation visit done"),
                ),
            ],
            "ara_worksite": lambda: [
                (self.purchase_line_ids, self.env._("the material purchases")),
                (self.worksite_start_date, label("worksite_start_date")),
            ],
            "ara_encouragement": lambda: [
                (self.work_item_ids, self.env._("the work items")),
                (self.worksite_end_date, label("worksite_end_date")),
            ],
            "ara_review": lambda: [
                (
                    self.visit_ids.filtered(
                        lambda v: v.state == "done" and v.visit_type == "encouragement"
                    ),
                    self.env._("an encouragement visit done"),
                ),
            ],
            "ara_closed": lambda: [
                (self.review_date, label("review_date")),
                (self.works_completed, label("works_completed")),
                (
                    self._tripartite_attended("review"),
                    self.env._(
                        "a tripartite review visit done with the household, the social referent "
                        "and the facilitator (or the reason one was absent)"
                    ),
                ),
            ],
        }
        return requirements[code]() if code in requirements else []

    def _field_label(self, fname):
        return self._fields[fname]._description_string(self.env)

    def _missing_for_stage(self, stage):
        """Labels of what the file lacks to enter ``stage``: the needs of every step up to it.

        An abandoned file may be closed from any step: it only needs its reason."""
        self.ensure_one()
        if stage.is_closing and self.outcome == "abandoned":
            if not (self.abandon_reason_id or self.abandon_reason):
                return [self._field_label("abandon_reason_id")]
            if self.abandon_reason_id.requires_details and not self.abandon_reason:
                return [self._field_label("abandon_reason")]
            return []
        if stage.is_closing and self.outcome in EARLY_OUTCOMES:
            return [] if self.abandon_reason else [self._field_label("abandon_reason")]
        steps = self.env["housing.stage"].search(
            [("workflow", "=", stage.workflow), ("sequence", "<=", stage.sequence)]
        )
        missing = []
        for step in steps | stage:
            for is_met, label in self._requirements_for_code(step.code):
                if not is_met and label not in missing:
                    missing.append(label)
        for is_met, label in self._document_requirements(steps | stage):
            if not is_met and label not in missing:
                missing.append(label)
        return missing

    def _check_stage_requirements(self, stage):
        for file in self:
            if file.stage_id == stage or (
                stage.sequence <= file.stage_id.sequence and not stage.is_closing
            ):
                continue  # staying or moving back needs nothing
            missing = file._missing_for_stage(stage)
            if missing:
                raise UserError(
                    self.env._(
                        "%(file)s cannot move to “%(step)s” yet. Missing: %(missing)s.\n"
                        "Fill them in on the file, or ask a manager to force the step with a "
                        "reason.",
                        file=file.display_name,
                        step=stage.name,
                        missing=", ".join(missing),
                    )
                )

    def _check_creation_requirements(self):
        """A file created directly in a later step (the board's quick create in that column)
        needs what every step up to it needs."""
        self.ensure_one()
        missing = self._missing_for_stage(self.stage_id)
        if missing:
            raise UserError(
                self.env._(
                    "%(file)s cannot be created in “%(step)s”. Missing: %(missing)s.\n"
                    "Create it in an earlier step and move it on once the rest is recorded, or "
                    "ask a manager to force the step.",
                    file=self.display_name,
                    step=self.stage_id.name,
                    missing=", ".join(missing),
                )
            )

    def _closes_or_reopens(self, stage_id):
        stage = self.env["housing.stage"].browse(stage_id)
        return any(file.is_closed != stage.is_closing for file in self)

    def _write_with_step(self, vals):
        """Write ``vals``, which move the files to another step."""
        stage = self.env["housing.stage"].browse(vals["stage_id"])
        other_vals = {key: value for key, value in vals.items() if key != "stage_id"}
        # The form saves the step together with the fields just filled in: check the step
        # against them, and write nothing at all when it is refused.
        with self.env.cr.savepoint():
            if other_vals:
                super().write(other_vals)
            if not self.env.context.get("housing_stage_override"):
                self._check_stage_requirements(stage)
            self._write_stage(stage, set(other_vals))
        return True

    def _write_stage(self, stage, written_fields):
        """Enter ``stage``: stamp the date, close or reopen the files, and launch the step's
        activity plan on the files that enter it."""
        entering = self.filtered(lambda f: f.stage_id != stage)
        vals = {"stage_id": stage.id, "date_last_stage_update": fields.Datetime.now()}
        if "kanban_state" not in written_fields:
            vals["kanban_state"] = "normal"
        if not stage.is_closing:
            reopened = self.filtered("is_closed")
            previous_steps = {file: file.stage_id for file in reopened}
            # The main class's ``write`` checks the step: write below it, once checked.
            super(HousingAccompaniment, self - reopened).write(vals)
            if reopened:
                super(HousingAccompaniment, reopened).write(
                    dict(
                        vals,
                        close_date=False,
                        outcome=False,
                        abandon_reason_id=False,
                        abandon_reason=False,
                    )
                )
                reopened._log_reopening(previous_steps)
                reopened._sync_calendar_events()
            self.env["housing.accompaniment.stage.log"]._log_entry(entering)
            entering._launch_stage_plan()
            return
        closing = self.filtered(lambda f: not f.is_closed)
        today = fields.Date.context_today(self)
        for file in self:
            file_vals = dict(vals)
            if not file.close_date:
                file_vals["close_date"] = today
            if not file.outcome:
                file_vals["outcome"] = "completed"
            super(HousingAccompaniment, file).write(file_vals)
        self.env["housing.accompaniment.stage.log"]._log_entry(entering)
        closing._cancel_open_work()

    def action_next_step(self):
        """Move each file to the next step of its workflow, checking what the step needs."""
        for file in self:
            next_stage = file._next_stage()
            if not next_stage:
                raise UserError(
                    self.env._("%(file)s is already at the last step.", file=file.display_name)
                )
            file.stage_id = next_stage
        return True

    def action_abandon(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Abandon the file"),
            "res_model": "housing.accompaniment.close.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_accompaniment_id": self.id},
        }

    def action_force_step(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Force a step"),
            "res_model": "housing.stage.override.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_accompaniment_id": self.id},
        }
