from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .calendar_event import FILE_EVENT_FIELDS, SYNC_CONTEXT_KEY, changed_values
from .housing_right_line import PENDING_RIGHT_STATUSES
from .housing_stage import WORKFLOWS

DESIGNATION_TYPES = [("dalo", "DALO"), ("contingent", "Contingent préfectoral")]
REQUEST_TYPES = [("new_entrant", "New entrant"), ("transfer", "Transfer request")]
COMMITTEE_DECISIONS = [
    ("allocated", "Allocated"),
    ("allocated_ranked", "Allocated in second or third rank"),
    ("postponed", "Postponed"),
    ("refused", "Refused"),
]
ALLOCATED_DECISIONS = ("allocated", "allocated_ranked")
OUTCOMES = [
    ("completed", "Completed"),
    ("abandoned", "Abandoned"),
    ("not_retained", "Not retained by the committee"),
]
# Outcomes that close a file from any step, with their reason.
EARLY_OUTCOMES = ("abandoned", "not_retained")
WORKS_COMPLETED = [
    ("all", "All the planned works"),
    ("partly", "Part of the planned works"),
    ("none", "None of the planned works"),
]
# Fields of a file that change who is counted where for the tenant shares and the TFPB split
# (the start date follows the designation and referral dates). A step changes it only when
# it closes or reopens the file (its closing date).
COUNTED_FIELDS = {
    "household_id",
    "dwelling_id",
    "workflow",
    "start_date",
    "designation_date",
    "referral_date",
    "close_date",
    "company_id",
    "active",
}

# What a technical facilitator may not change on their files: re-pointing a file to another
# household would open that household to them.
FACILITATOR_LOCKED_FIELDS = {"household_id", "workflow", "facilitator_id", "user_id", "company_id"}
# The association's coordinator assigns the facilitator of the ARA files.
COORDINATOR_EDITABLE_FIELDS = {"facilitator_id"}

KANBAN_STATES = [("normal", "In progress"), ("done", "Ready for next step"), ("blocked", "Blocked")]
BOARD_STATUSES = [("on_time", "On time"), ("late", "Late"), ("blocked", "Blocked")]
# The dates of a file that a visit of this type holds when it takes place on that day.
VISIT_TYPE_OF_DATE = {"tripartite_meeting_date": "tripartite", "review_date": "review"}
# Fields of a file that change its meetings on the calendar (dates, people, place).
CALENDAR_FIELDS = set(FILE_EVENT_FIELDS) | {
    "user_id",
    "facilitator_id",
    "referent_partner_id",
    "dwelling_id",
    "household_id",
}


class HousingAccompaniment(models.Model):
    """A case file: the support of one household along one workflow."""

    _name = "housing.accompaniment"
    _description = "Accompaniment file"
    _inherit = [
        "housing.reference.mixin",
        "housing.kit.savings.mixin",
        "housing.personal.data.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _sequence_code = "housing.accompaniment"
    _housing_kit_field = "accompaniment_id"
    _housing_personal_fields = [
        "referral_reason",
        "appropriation_notes",
        "abandon_reason",
        "skills_gained",
        "designation_reference",
    ]
    _order = "priority desc, date_last_stage_update desc, id desc"
    _check_company_auto = True

    workflow = fields.Selection(
        WORKFLOWS,
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.context.get("default_workflow") or "new_entrant",
    )
    household_id = fields.Many2one(
        "housing.household", required=True, index=True, tracking=True, check_company=True
    )
    dwelling_id = fields.Many2one(
        "housing.dwelling",
        compute="_compute_dwelling_id",
        store=True,
        precompute=True,
        readonly=False,
        index=True,
        tracking=True,
        check_company=True,
        help="The dwelling at the time of this file. A household may move later; the file keeps "
        "the dwelling it was about.",
    )
    residence_id = fields.Many2one(related="dwelling_id.residence_id", store=True, index=True)
    landlord_id = fields.Many2one(related="dwelling_id.landlord_id", store=True, index=True)
    qpv_id = fields.Many2one(related="dwelling_id.qpv_id", store=True, index=True)
    is_qpv = fields.Boolean(related="dwelling_id.is_qpv", store=True, string="In a QPV")
    stage_id = fields.Many2one(
        "housing.stage",
        string="Step",
        required=True,
        index=True,
        tracking=True,
        copy=False,
        ondelete="restrict",
        group_expand="_read_group_stage_ids",
        compute="_compute_stage_id",
        store=True,
        precompute=True,
        readonly=False,
        domain="[('workflow', '=', workflow)]",
    )
    stage_code = fields.Char(related="stage_id.code")
    is_closed = fields.Boolean(related="stage_id.is_closing", store=True, index=True)
    date_last_stage_update = fields.Datetime(
        string="Step entered on", default=fields.Datetime.now, copy=False, index=True, readonly=True
    )
    next_step_missing = fields.Text(
        string="What the next step needs",
        compute="_compute_next_step_missing",
        help="What is still missing before the file can move to its next step.",
    )
    days_in_stage = fields.Integer(
        string="Days in step",
        compute="_compute_days_in_stage",
        help="Days since the file entered its step.",
    )
    stage_deadline = fields.Date(
        string="Step deadline",
        compute="_compute_stage_deadline",
        store=True,
        index=True,
        help="The day the file should have left its step, from the step's target duration.",
    )
    is_late = fields.Boolean(
        string="Late",
        compute="_compute_is_late",
        store=True,
        index=True,
        help="The file is still in its step after the step's target duration.",
    )
    board_status = fields.Selection(
        BOARD_STATUSES,
        string="Deadline status",
        compute="_compute_board_status",
        store=True,
        help="Blocked, late (past the step's target duration) or on time.",
    )
    next_appointment_date = fields.Date(
        string="Next appointment",
        compute="_compute_next_appointment_date",
        store=True,
        help="The next date on the calendar of the file: appointment, committee, tripartite "
        "meeting, review or planned visit.",
    )
    calendar_event_count = fields.Integer(
        string="Meetings", compute="_compute_calendar_event_count"
    )
    creation_missing = fields.Text(
        string="What this column needs",
        compute="_compute_creation_missing",
        help="What a new file still needs to be created directly in this step.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Support staff",
        tracking=True,
        index=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
        check_company=True,
        help="The landlord's social-support staff in charge of the file.",
    )
    facilitator_id = fields.Many2one(
        "res.users",
        string="Technical facilitator",
        tracking=True,
        index=True,
        domain=lambda self: [
            ("share", "=", False),
            (
                "groups_id",
                "in",
                self.env.ref("housing_accompaniment.group_housing_facilitator").ids,
            ),
        ],
        check_company=True,
        help="For ARA: the partner association's technical facilitator who runs the worksite.",
    )
    referent_partner_id = fields.Many2one(
        "res.partner",
        string="Social referent",
        compute="_compute_referent_partner_id",
        store=True,
        precompute=True,
        readonly=False,
        tracking=True,
        check_company=True,
        help="The social worker who referred the household.",
    )
    start_date = fields.Date(
        compute="_compute_start_date",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        index=True,
        tracking=True,
        help="The date of the Préfecture designation or of the referral; today by default.",
    )
    close_date = fields.Date(string="Closing date", tracking=True, copy=False, index=True)
    priority = fields.Selection([("0", "Normal"), ("1", "Urgent")], default="0", index=True)
    tag_ids = fields.Many2many("housing.accompaniment.tag", string="Tags")
    color = fields.Integer()
    kanban_state = fields.Selection(
        KANBAN_STATES, default="normal", required=True, copy=False, tracking=True, string="Status"
    )
    outcome = fields.Selection(OUTCOMES, tracking=True, copy=False)
    abandon_reason_id = fields.Many2one(
        "housing.abandon.reason",
        string="Reason for abandoning",
        tracking=True,
        copy=False,
        ondelete="restrict",
    )
    abandon_reason = fields.Text(string="Details of the abandon", copy=False)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    active = fields.Boolean(default=True)

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

    # ARA
    referral_date = fields.Date(tracking=True)
    referral_reason = fields.Text()
    tripartite_meeting_date = fields.Date(
        string="Tripartite meeting",
        tracking=True,
        help="Meeting at the household's home with the social referent and the facilitator.",
    )
    visit_ids = fields.One2many("housing.visit", "accompaniment_id", string="Visits")
    visit_count = fields.Integer(compute="_compute_visit_count")
    purchase_line_ids = fields.One2many(
        "housing.purchase.line", "accompaniment_id", string="Material purchases"
    )
    budget_amount = fields.Monetary(string="Worksite budget", tracking=True)
    spent_amount = fields.Monetary(
        string="Spent", compute="_compute_spent_amount", store=True, aggregator="sum"
    )
    budget_left = fields.Monetary(string="Left", compute="_compute_spent_amount", store=True)
    worksite_start_date = fields.Date(tracking=True)
    worksite_end_date = fields.Date(tracking=True)
    work_item_ids = fields.One2many("housing.work.item", "accompaniment_id", string="Work items")
    household_hours = fields.Float(string="Hours by the household")
    volunteer_hours = fields.Float(string="Hours by volunteers")
    review_date = fields.Date(string="Review visit", tracking=True)
    works_completed = fields.Selection(WORKS_COMPLETED, tracking=True)
    continued_autonomously = fields.Boolean(
        string="Continued the works on their own",
        tracking=True,
        help="At the review, the household went on with works on its own: the autonomy rate "
        "of the activity report counts these files.",
    )
    skills_gained = fields.Text()
    kit_installation_ids = fields.One2many(
        "housing.kit.installation", "accompaniment_id", string="Energy-saving kit"
    )
    mutual_aid_ids = fields.One2many(
        "housing.mutual.aid",
        "accompaniment_id",
        string="Mutual aid",
        help="Other households who came to help on this worksite.",
    )

    _sql_constraints = [
        ("name_company_unique", "unique(name, company_id)", "This reference is already used."),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("household_id")
    def _compute_dwelling_id(self):
        for file in self:
            if file.household_id and not file.dwelling_id:
                file.dwelling_id = file.household_id.dwelling_id

    @api.depends("household_id")
    def _compute_referent_partner_id(self):
        for file in self:
            if file.household_id and not file.referent_partner_id:
                file.referent_partner_id = file.household_id.referent_partner_id

    @api.depends("household_id", "workflow")
    def _compute_request_type(self):
        for file in self:
            if file.workflow != "new_entrant":
                file.request_type = False
            elif not file.request_type:
                file.request_type = (
                    "transfer" if file.household_id.entry_type == "transfer" else "new_entrant"
                )

    @api.depends("workflow")
    def _compute_stage_id(self):
        first_stages = {
            workflow: self.env["housing.stage"].search([("workflow", "=", workflow)], limit=1)
            for workflow in set(self.mapped("workflow"))
        }
        for file in self:
            if not file.stage_id or file.stage_id.workflow != file.workflow:
                file.stage_id = first_stages.get(file.workflow)

    @api.depends("designation_date", "referral_date")
    def _compute_start_date(self):
        for file in self:
            file.start_date = (
                file.designation_date
                or file.referral_date
                or file.start_date
                or fields.Date.context_today(file)
            )

    @api.depends("date_last_stage_update")
    def _compute_days_in_stage(self):
        now = fields.Datetime.now()
        for file in self:
            entered = file.date_last_stage_update
            file.days_in_stage = (now - entered).days if entered else 0

    @api.depends("date_last_stage_update", "stage_id.target_duration_days", "is_closed")
    def _compute_stage_deadline(self):
        for file in self:
            days = file.stage_id.target_duration_days
            entered = file.date_last_stage_update
            file.stage_deadline = (
                fields.Date.to_date(entered) + timedelta(days=days)
                if days and entered and not file.is_closed
                else False
            )

    @api.depends("stage_deadline")
    def _compute_is_late(self):
        """Stored for the filters, sorting and grouping; the daily job marks the files whose
        deadline passed since."""
        today = fields.Date.context_today(self)
        for file in self:
            file.is_late = bool(file.stage_deadline and file.stage_deadline < today)

    @api.depends("is_late", "kanban_state")
    def _compute_board_status(self):
        for file in self:
            if file.kanban_state == "blocked":
                file.board_status = "blocked"
            else:
                file.board_status = "late" if file.is_late else "on_time"

    @api.depends(
        "appointment_datetime",
        "committee_date",
        "tripartite_meeting_date",
        "review_date",
        "is_closed",
        "visit_ids.visit_datetime",
        "visit_ids.state",
    )
    def _compute_next_appointment_date(self):
        """Stored for the board's cards; the daily job moves it on when the date passed."""
        today = fields.Date.context_today(self)
        for file in self:
            days = [
                fields.Date.context_today(file, file.appointment_datetime)
                if file.appointment_datetime
                else False,
                file.committee_date,
                file.tripartite_meeting_date,
                file.review_date,
            ] + [
                fields.Date.context_today(file, visit.visit_datetime)
                for visit in file.visit_ids
                if visit.state == "planned"
            ]
            upcoming = [day for day in days if day and day >= today]
            file.next_appointment_date = min(upcoming) if upcoming and not file.is_closed else False

    def _compute_calendar_event_count(self):
        counts = dict(
            self.env["calendar.event"]._read_group(
                self._calendar_events_domain(file_dates_only=False), ["res_id"], ["__count"]
            )
        )
        for file in self:
            file.calendar_event_count = counts.get(file._origin.id, 0)

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

    def _compute_visit_count(self):
        counts = dict(
            self.env["housing.visit"]._read_group(
                [("accompaniment_id", "in", self.ids)], ["accompaniment_id"], ["__count"]
            )
        )
        for file in self:
            file.visit_count = counts.get(file, 0)

    @api.depends("purchase_line_ids.total_amount", "budget_amount")
    def _compute_spent_amount(self):
        for file in self:
            file.spent_amount = sum(file.purchase_line_ids.mapped("total_amount"))
            file.budget_left = file.budget_amount - file.spent_amount

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        """Show every column of the board's workflow, empty ones included."""
        workflow = self.env.context.get("default_workflow")
        search_domain = [("id", "in", stages.ids)]
        if workflow:
            search_domain = ["|", ("workflow", "=", workflow)] + search_domain
        return stages.search(search_domain, order=stages._order)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("stage_id", "workflow")
    def _check_stage_workflow(self):
        for file in self:
            if file.stage_id.workflow != file.workflow:
                raise ValidationError(
                    self.env._(
                        "Step %(step)s belongs to another workflow: choose a step of the "
                        "%(workflow)s board.",
                        step=file.stage_id.name,
                        workflow=dict(self._fields["workflow"]._description_selection(self.env))[
                            file.workflow
                        ],
                    )
                )

    @api.constrains("household_id", "workflow", "stage_id", "active")
    def _check_one_open_file(self):
        open_files = self.filtered(lambda f: f.active and not f.is_closed)
        if not open_files:
            return
        others = (
            self.search(
                [
                    ("household_id", "in", open_files.household_id.ids),
                    ("is_closed", "=", False),
                    ("id", "not in", open_files.ids),
                ]
            )
            | open_files
        )
        # Grouped by household and workflow: a batch of files is checked in linear time.
        by_household = defaultdict(list)
        for other in others:
            by_household[(other.household_id, other.workflow)].append(other)
        for file in open_files:
            clash = [o for o in by_household[(file.household_id, file.workflow)] if o != file]
            if clash:
                raise ValidationError(
                    self.env._(
                        "Household %(household)s already has an open file in this workflow "
                        "(%(other)s). Close it, or continue it, instead of opening another.",
                        household=file.household_id.display_name,
                        other=clash[0].name,
                    )
                )

    @api.constrains("start_date", "close_date")
    def _check_dates(self):
        today = fields.Date.context_today(self)
        for file in self:
            if file.close_date and file.start_date and file.close_date < file.start_date:
                raise ValidationError(
                    self.env._(
                        "File %(file)s closes before it starts: the closing date must be on or "
                        "after %(start)s.",
                        file=file.name,
                        start=file.start_date,
                    )
                )
            if file.close_date and file.close_date > today:
                # A closing date to come would also hold back the end of the retention period.
                raise ValidationError(
                    self.env._(
                        "File %(file)s cannot close in the future (%(date)s): enter the day the "
                        "support ended, today at the latest.",
                        file=file.name,
                        date=file.close_date,
                    )
                )
            if file.start_date and file.start_date > today and not file.designation_date:
                raise ValidationError(
                    self.env._(
                        "File %(file)s starts in the future: enter the date of the designation or "
                        "of the referral.",
                        file=file.name,
                    )
                )

    @api.constrains("household_hours", "volunteer_hours", "budget_amount")
    def _check_positive_amounts(self):
        for file in self:
            if file.household_hours < 0 or file.volunteer_hours < 0:
                raise ValidationError(
                    self.env._(
                        "Hours cannot be negative: correct the hours of %(file)s.", file=file.name
                    )
                )
            if file.budget_amount < 0:
                raise ValidationError(
                    self.env._(
                        "The budget cannot be negative: correct the budget of %(file)s.",
                        file=file.name,
                    )
                )

    @api.constrains("worksite_start_date", "worksite_end_date")
    def _check_worksite_dates(self):
        for file in self:
            if (
                file.worksite_start_date
                and file.worksite_end_date
                and file.worksite_end_date < file.worksite_start_date
            ):
                raise ValidationError(
                    self.env._(
                        "The worksite of %(file)s ends before it starts: correct the end date.",
                        file=file.name,
                    )
                )

    # ------------------------------------------------------------------
    # Step requirements
    # ------------------------------------------------------------------
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

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        files = super().create(vals_list)
        if not self.env.context.get("housing_stage_override"):
            first_stages = {
                workflow: self.env["housing.stage"].search([("workflow", "=", workflow)], limit=1)
                for workflow in set(files.mapped("workflow"))
            }
            for file in files:
                if file.stage_id != first_stages[file.workflow]:
                    file._check_creation_requirements()
        files.filtered(
            lambda f: f.workflow == "new_entrant" and not f.right_line_ids
        )._add_rights_checklist()
        self.env["housing.tfpb.year"]._mark_stale(files._tfpb_scope())
        files.filtered(lambda f: not f.is_closed)._launch_stage_plan()
        files._sync_calendar_events()
        return files

    def write(self, vals):
        locked = FACILITATOR_LOCKED_FIELDS & set(vals)
        if self.env.user.has_group("housing_accompaniment.group_housing_coordinator"):
            locked -= COORDINATOR_EDITABLE_FIELDS
        if (
            locked
            and not self.env.su
            and not self.env.user.has_group("housing_accompaniment.group_housing_user")
        ):
            raise AccessError(
                self.env._(
                    "Only the landlord's social-support staff (Housing Accompaniment / "
                    "Social-support user) can change the household, workflow, people in charge or "
                    "company of a file: %(fields)s.",
                    fields=", ".join(sorted(self._field_label(fname) for fname in locked)),
                )
            )
        # The TFPB programme counts these files: mark it stale when that changes. A drag
        # between open steps changes nothing there, and writes nothing to it.
        counted = COUNTED_FIELDS & set(vals) or (
            "stage_id" in vals and self._closes_or_reopens(vals["stage_id"])
        )
        scope = self._tfpb_scope() if counted else set()
        if "stage_id" in vals:
            result = self._write_with_step(vals)
        else:
            result = super().write(vals)
        if counted:
            self.env["housing.tfpb.year"]._mark_stale(scope | self._tfpb_scope())
        if CALENDAR_FIELDS & set(vals):
            self._sync_calendar_events()
        return result

    def unlink(self):
        scope = self._tfpb_scope()
        result = super().unlink()
        self.env["housing.tfpb.year"]._mark_stale(scope)
        return result

    def _closes_or_reopens(self, stage_id):
        stage = self.env["housing.stage"].browse(stage_id)
        return any(file.is_closed != stage.is_closing for file in self)

    def _tfpb_scope(self):
        """The ``(company, first year, None)`` of the programme years these files may count
        in: every year from their start on."""
        first_years = {}
        # sudo: only the dates and company, to find the TFPB years to refresh; the user's access
        # to the files was checked by the change itself.
        for file in self.sudo():
            if file.start_date:
                year = file.start_date.year
                first_years[file.company_id] = min(first_years.get(file.company_id, year), year)
        return {(company, year, None) for company, year in first_years.items()}

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
        closing._cancel_open_work()

    # ------------------------------------------------------------------
    # The work a step brings: activity plans, calendar, closing
    # ------------------------------------------------------------------
    def _launch_stage_plan(self):
        """Schedule the activities of the step's plan, each for the person the plan names on
        the file and written in that person's language."""
        today = fields.Date.context_today(self)
        for file in self:
            plan = file.stage_id.activity_plan_id
            for template in plan.template_ids:
                responsible = template._determine_responsible(self.env["res.users"], file)[
                    "responsible"
                ] or (file.user_id or file.facilitator_id or self.env.user)
                localised = template.with_context(lang=responsible.lang or self.env.lang)
                file.activity_schedule(
                    activity_type_id=template.activity_type_id.id,
                    summary=localised.summary,
                    note=localised.note,
                    user_id=responsible.id,
                    date_deadline=template._get_date_deadline(today),
                )

    def _calendar_events_domain(self, file_dates_only=True):
        """The events of the files' own dates; with ``file_dates_only=False``, every meeting
        of the files (their visits' and those added from the calendar too)."""
        domain = [("res_model", "=", self._name), ("res_id", "in", self._origin.ids)]
        if file_dates_only:
            domain.append(("housing_date_field", "!=", False))
        return domain

    def _calendar_location(self):
        """The household's address: where the meetings take place."""
        self.ensure_one()
        place = self.dwelling_id or self.household_id.dwelling_id
        town = " ".join(filter(None, [place.zip, place.city]))
        return ", ".join(filter(None, [place.street, place.street2, town])) or False

    def _calendar_event_values(self, fname, event=None):
        """The event of the file's date ``fname``: named by its kind and the file's
        reference only, never by the household, in the organiser's language."""
        self.ensure_one()
        organiser = self.user_id or self.facilitator_id or self.env.user
        Event = self.env["calendar.event"].with_context(lang=organiser.lang or self.env.lang)
        kinds = dict(Event._fields["housing_date_field"]._description_selection(Event.env))
        partners = [organiser.partner_id, self.user_id.partner_id, self.facilitator_id.partner_id]
        if FILE_EVENT_FIELDS[fname]:
            partners.append(self.referent_partner_id)
        vals = {
            "name": f"{kinds[fname]} · {self.name}",
            "location": self._calendar_location(),
            "user_id": organiser.id,
            "partner_ids": Event._housing_partners(*partners),
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
            "housing_date_field": fname,
            # Only the people who attend see where and what: others see a busy slot.
            "privacy": "private",
        }
        value = self[fname]
        if fname == "appointment_datetime":
            duration = event.stop - event.start if event else timedelta(hours=1)
            vals.update(allday=False, start=value, stop=value + duration)
        else:
            # All-day events hold the day itself, from 8:00 to 18:00 as Odoo's calendar does.
            day = fields.Datetime.to_datetime(value)
            vals.update(allday=True, start=day.replace(hour=8), stop=day.replace(hour=18))
        return vals

    def _sync_calendar_events(self):
        """Create, move or remove the events of the files' dates, so that the calendar
        shows what the files say. A closed file gets no new event to come."""
        if self.env.context.get(SYNC_CONTEXT_KEY):
            return
        Event = self.env["calendar.event"].sudo().with_context(**{SYNC_CONTEXT_KEY: True})
        events = {
            (event.res_id, event.housing_date_field): event
            for event in Event.search(self._calendar_events_domain())
        }
        to_create, to_remove = [], Event
        now = fields.Datetime.now()
        for file in self.sudo():
            for fname in FILE_EVENT_FIELDS:
                event = events.get((file.id, fname))
                if not file[fname] or file._date_held_by_a_visit(fname):
                    to_remove |= event or Event
                    continue
                vals = file._calendar_event_values(fname, event)
                if not event:
                    if not (file.is_closed and vals["stop"] >= now):
                        to_create.append(vals)
                    continue
                changed = changed_values(event, vals)
                if changed:
                    event.write(changed)
        to_remove.unlink()
        if to_create:
            Event.create(to_create)

    def _date_held_by_a_visit(self, fname):
        """Whether a visit of the file (not cancelled) is the meeting of its date ``fname``:
        the visit's event is then the one on the calendar, not a second one."""
        visit_type = VISIT_TYPE_OF_DATE.get(fname)
        return visit_type and any(
            visit.visit_type == visit_type
            and visit.state != "cancelled"
            and fields.Date.context_today(visit, visit.visit_datetime) == self[fname]
            for visit in self.visit_ids
        )

    def _cancel_open_work(self):
        """A file that closes, completed or abandoned, keeps no work to do: its planned visits
        (and their events), its events to come and its open activities are cancelled."""
        now = fields.Datetime.now()
        for file in self:
            visits = file.visit_ids.filtered(lambda v: v.state == "planned")
            activities = file.activity_ids
            events = (
                self.env["calendar.event"]
                .sudo()
                .search(file._calendar_events_domain() + [("start", ">=", now)])
            )
            if not (visits or activities or events):
                continue
            visits.action_cancel()
            events.with_context(**{SYNC_CONTEXT_KEY: True}).unlink()
            # The activities may be assigned to others than the one who closes the file.
            file.sudo().activity_ids.exists().unlink()
            file.message_post(
                body=self.env._(
                    "File closed: %(visits)s planned visit(s), %(events)s meeting(s) to come and "
                    "%(activities)s open activity(ies) cancelled.",
                    visits=len(visits),
                    events=len(events),
                    activities=len(activities),
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _log_reopening(self, previous_steps):
        for file in self:
            file.message_post(
                body=self.env._(
                    "File reopened by %(user)s: moved from “%(old)s” back to “%(new)s”.",
                    user=self.env.user.name,
                    old=previous_steps[file].name,
                    new=file.stage_id.name,
                ),
                subtype_xmlid="mail.mt_note",
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

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
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

    def action_view_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "housing_accompaniment.action_housing_visit"
        )
        action["domain"] = [("accompaniment_id", "=", self.id)]
        action["context"] = {"default_accompaniment_id": self.id}
        return action

    def action_view_calendar_events(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("calendar.action_calendar_event")
        action.update(
            domain=self._calendar_events_domain(file_dates_only=False),
            context={
                "default_res_model_id": self.env["ir.model"]._get_id(self._name),
                "default_res_id": self.id,
                "default_partner_ids": [
                    partner.id for partner in (self.user_id | self.facilitator_id).partner_id
                ],
            },
        )
        return action

    # ------------------------------------------------------------------
    # Scheduled jobs
    # ------------------------------------------------------------------
    @api.model
    def _cron_refresh_board_dates(self):
        """Once a day: the files whose deadline passed become late, and the cards move on to
        the next appointment when the last one is over. Only the files that change are
        written."""
        today = fields.Date.context_today(self)
        stale = self.with_context(active_test=False).search(
            [
                "|",
                "|",
                "&",
                ("is_late", "=", False),
                ("stage_deadline", "<", today),
                "&",
                ("is_late", "=", True),
                "|",
                ("stage_deadline", "=", False),
                ("stage_deadline", ">=", today),
                ("next_appointment_date", "<", today),
            ]
        )
        for fname in ("is_late", "board_status", "next_appointment_date"):
            self.env.add_to_compute(self._fields[fname], stale)
        stale.flush_recordset()

    @api.model
    def _cron_send_late_digest(self):
        """Once a week: one e-mail to each support staff member and facilitator listing their
        late files, in their language; nobody who has none gets a mail."""
        self._cron_refresh_board_dates()
        late_files = self.search([("is_late", "=", True)], order="stage_deadline, id")
        files_by_person = {}
        for file in late_files:
            for person in file.user_id | file.facilitator_id:
                files_by_person.setdefault(person, self.browse())
                files_by_person[person] |= file
        template = self.env.ref("housing_accompaniment.mail_template_late_digest")
        for person, files in files_by_person.items():
            if person.active and not person.share and person.email:
                template.with_context(housing_late_file_ids=files.ids).send_mail(
                    person.id, email_layout_xmlid="mail.mail_notification_light"
                )

    # ------------------------------------------------------------------
    # Energy-saving kits
    # ------------------------------------------------------------------
    def action_view_kit_installations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "housing_accompaniment.action_housing_kit_installation"
        )
        action["domain"] = [("accompaniment_id", "=", self.id)]
        action["context"] = {"default_accompaniment_id": self.id}
        return action
