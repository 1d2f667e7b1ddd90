from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from .calendar_event import FILE_EVENT_FIELDS
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
        "decline_reason",
        "works_wished",
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
    # A colour index, not an amount: never summed (the boards' count of each column then
    # reads the boards' index alone).
    color = fields.Integer(aggregator=None)
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

    # ------------------------------------------------------------------
    # Step requirements
    # ------------------------------------------------------------------

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
        self.env["housing.accompaniment.situation"]._follow_households(files, open_only=False)
        self.env["housing.accompaniment.stage.log"]._log_entry(files, on_start=True)
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
        # An open file follows its household's situation; a reopened one follows it again.
        follows = {"household_id", "close_date"} & set(vals) or (
            "stage_id" in vals and self._closes_or_reopens(vals["stage_id"])
        )
        if "stage_id" in vals:
            result = self._write_with_step(vals)
        else:
            result = super().write(vals)
        if counted:
            self.env["housing.tfpb.year"]._mark_stale(scope | self._tfpb_scope())
        if CALENDAR_FIELDS & set(vals):
            self._sync_calendar_events()
        if follows:
            self.env["housing.accompaniment.situation"]._follow_households(
                self.filtered(lambda f: not f.close_date)
            )
        return result

    def unlink(self):
        scope = self._tfpb_scope()
        result = super().unlink()
        self.env["housing.tfpb.year"]._mark_stale(scope)
        return result

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

    # ------------------------------------------------------------------
    # The work a step brings: activity plans, calendar, closing
    # ------------------------------------------------------------------

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    # ------------------------------------------------------------------
    # Scheduled jobs
    # ------------------------------------------------------------------

    # ------------------------------------------------------------------
    # Energy-saving kits
    # ------------------------------------------------------------------
