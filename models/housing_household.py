from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .housing_accompaniment_situation import SITUATION_FIELDS

ENTRY_TYPES = [
    ("new_entrant", "New entrant designated by the Préfecture"),
    ("transfer", "Transfer request"),
    ("in_place", "Tenant in place"),
]

LONG_TERM_TENANCY_YEARS = 2
# The household's stored counts, by the keys of ``housing.population._count_people``.
PEOPLE_COUNT_FIELDS = {
    "total": "member_count",
    "adults": "adult_count",
    "children": "child_count",
    "unknown": "unknown_age_count",
    "women": "women_count",
    "men": "men_count",
}


class HousingHousehold(models.Model):
    """A household (ménage): the tenant of record and the people living with them."""

    _name = "housing.household"
    _description = "Household"
    _inherit = [
        "housing.reference.mixin",
        "housing.kit.savings.mixin",
        "housing.workshop.count.mixin",
        "housing.personal.data.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _sequence_code = "housing.household"
    _housing_kit_field = "household_id"
    _housing_attendance_field = "household_id"
    _housing_personal_fields = ["notes", "application_number"]
    _housing_household_paths = ["id"]
    _order = "name desc"
    # Households are picked by their tenant's name (workshop attendance, mutual aid).
    _rec_names_search = ["name", "tenant_partner_id.name"]
    _check_company_auto = True
    # Set by the anonymisation only: a household marked anonymised leaves the retention job.
    _housing_protected_fields = ("anonymised_date",)

    tenant_partner_id = fields.Many2one(
        "res.partner",
        string="Tenant of record",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
        help="The head of household, who holds (or will hold) the lease.",
    )
    dwelling_id = fields.Many2one(
        "housing.dwelling",
        tracking=True,
        index=True,
        check_company=True,
        help="Empty for a candidate designated by the Préfecture: the dwelling comes with "
        "the lease.",
    )
    residence_id = fields.Many2one(
        related="dwelling_id.residence_id", store=True, index=True, string="Residence"
    )
    landlord_id = fields.Many2one(related="dwelling_id.landlord_id", store=True, string="Landlord")
    qpv_id = fields.Many2one(related="dwelling_id.qpv_id", store=True, string="QPV")
    is_qpv = fields.Boolean(
        related="dwelling_id.is_qpv", store=True, string="Lives in a QPV", index=True
    )
    lease_start_date = fields.Date(tracking=True)
    entry_type = fields.Selection(
        ENTRY_TYPES,
        string="Came to the support as",
        required=True,
        default="in_place",
        tracking=True,
    )
    application_number = fields.Char(
        string="Application number",
        tracking=True,
        index="btree_not_null",
        copy=False,
        groups="housing_accompaniment.group_housing_user",
        help="The unique number of the household's social-housing application (numéro unique "
        "départemental / SNE), as the Préfecture's designations give it.",
    )
    is_dalo = fields.Boolean(
        string="DALO",
        tracking=True,
        groups="housing_accompaniment.group_housing_user",
        help="Priority household designated by the préfet under the enforceable right to housing "
        "(droit au logement opposable).",
    )
    is_first_time_arrival = fields.Boolean(
        string="First-time arrival",
        tracking=True,
        groups="housing_accompaniment.group_housing_user",
    )
    is_rsa_beneficiary = fields.Boolean(
        string="RSA beneficiary",
        tracking=True,
        groups="housing_accompaniment.group_housing_user",
        help="Receives the RSA minimum income benefit.",
    )
    is_single_parent = fields.Boolean(
        string="Single-parent family",
        tracking=True,
        groups="housing_accompaniment.group_housing_user",
    )
    referent_partner_id = fields.Many2one(
        "res.partner",
        string="Social referent",
        tracking=True,
        groups="housing_accompaniment.group_housing_user",
        index=True,
        check_company=True,
        help="The social worker of a partner organisation who follows the household.",
    )
    member_ids = fields.One2many("housing.member", "household_id", string="Members")
    member_count = fields.Integer(compute="_compute_people_figures", store=True)
    adult_count = fields.Integer(
        string="Adults",
        compute="_compute_people_figures",
        store=True,
        help="Members in the household today aged 18 or more, from their birth date.",
    )
    child_count = fields.Integer(
        string="Children",
        compute="_compute_people_figures",
        store=True,
        help="Members in the household today under 18, from their birth date.",
    )
    unknown_age_count = fields.Integer(
        string="Age unknown",
        compute="_compute_people_figures",
        store=True,
        help="Members without a birth date: counted apart, never guessed.",
    )
    women_count = fields.Integer(
        string="Women", compute="_compute_people_figures", store=True, help="Adult women."
    )
    men_count = fields.Integer(
        string="Men", compute="_compute_people_figures", store=True, help="Adult men."
    )
    is_long_term_tenant = fields.Boolean(
        string="Tenant for more than 2 years",
        compute="_compute_is_long_term_tenant",
        store=True,
        help="The lease started more than two years ago (as of today).",
    )
    notes = fields.Html(
        help="Free-text observations of the support staff.",
        groups="housing_accompaniment.group_housing_user",
    )
    accompaniment_ids = fields.One2many(
        "housing.accompaniment", "household_id", string="Accompaniment files"
    )
    accompaniment_count = fields.Integer(compute="_compute_accompaniment_count")
    color = fields.Integer()
    anonymised_date = fields.Date(
        readonly=True,
        copy=False,
        index=True,
        help="The day the household's personal data was anonymised at the end of its retention "
        "period. It cannot be undone.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    active = fields.Boolean(default=True, tracking=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    mutual_aid_given_ids = fields.One2many(
        "housing.mutual.aid", "helper_household_id", string="Help given"
    )
    mutual_aid_received_ids = fields.One2many(
        "housing.mutual.aid", "helped_household_id", string="Help received"
    )

    _sql_constraints = [
        ("name_company_unique", "unique(name, company_id)", "This reference is already used."),
        (
            "application_number_company_unique",
            "unique(application_number, company_id)",
            "Another household already has this application number.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends(
        "member_ids.birth_date",
        "member_ids.gender",
        "member_ids.arrival_date",
        "member_ids.departure_date",
    )
    def _compute_people_figures(self):
        figures = self._people_figures(fields.Date.context_today(self))
        for household in self:
            for fname, value in figures[household.id].items():
                household[fname] = value

    def _people_figures(self, on_date):
        """Count the members of each household at ``on_date``, by the rule that counts the
        people reached (``housing.population._count_people``): members not in the
        household on ``on_date`` or born after it are not counted; adults are 18 or more
        on ``on_date``; women and men are counted among adults; members without a birth
        date are counted apart. Returns
        ``{household_id: {member_count, adult_count, …}}``."""
        Population = self.env["housing.population"]
        result = {}
        for household in self:
            people = [
                {"birth_date": member.birth_date, "gender": member.gender}
                for member in household.member_ids
                if Population._is_present(member, on_date, on_date)
            ]
            counts = Population._count_people(people, on_date)
            result[household.id] = {
                fname: counts[key] for key, fname in PEOPLE_COUNT_FIELDS.items()
            }
        return result

    def _compute_accompaniment_count(self):
        counts = dict(
            self.env["housing.accompaniment"]._read_group(
                [("household_id", "in", self.ids)], ["household_id"], ["__count"]
            )
        )
        for household in self:
            household.accompaniment_count = counts.get(household, 0)

    def action_view_accompaniments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "housing_accompaniment.action_housing_accompaniment"
        )
        action["domain"] = [("household_id", "=", self.id)]
        action["context"] = {"default_household_id": self.id}
        return action

    @api.depends("lease_start_date")
    def _compute_is_long_term_tenant(self):
        today = fields.Date.context_today(self)
        limit = today - relativedelta(years=LONG_TERM_TENANCY_YEARS)
        for household in self:
            household.is_long_term_tenant = bool(
                household.lease_start_date and household.lease_start_date < limit
            )

    def _compute_display_name(self):
        for household in self:
            tenant = household.tenant_partner_id.name
            household.display_name = f"{household.name} · {tenant}" if tenant else household.name

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("lease_start_date")
    def _check_lease_start_date(self):
        today = fields.Date.context_today(self)
        for household in self:
            if household.lease_start_date and household.lease_start_date > today:
                raise ValidationError(
                    self.env._(
                        "The lease start date of %(household)s is in the future: enter the date "
                        "the lease actually started, or leave it empty until it is signed.",
                        household=household.display_name,
                    )
                )

    @api.constrains("member_ids")
    def _check_one_head(self):
        for household in self:
            heads = household.member_ids.filtered(lambda m: m.relationship == "head")
            if len(heads) != 1:
                raise ValidationError(
                    self.env._(
                        "Household %(household)s has %(count)s heads: exactly one member must be "
                        "the head of household (the tenant of record).",
                        household=household.display_name,
                        count=len(heads),
                    )
                )

    @api.constrains("dwelling_id", "active")
    def _check_dwelling_free(self):
        households = self.filtered(lambda h: h.active and h.dwelling_id)
        if not households:
            return
        others = self.search(
            [("dwelling_id", "in", households.dwelling_id.ids), ("id", "not in", households.ids)]
        )
        # Grouped by dwelling: a batch of households is checked in linear time.
        occupants = defaultdict(list)
        for other in others | households:
            occupants[other.dwelling_id].append(other)
        for household in households:
            clash = [other for other in occupants[household.dwelling_id] if other != household]
            if clash:
                raise ValidationError(
                    self.env._(
                        "Dwelling %(dwelling)s is already occupied by household %(other)s. "
                        "Record that household's move (or archive it) before giving the dwelling "
                        "to %(household)s.",
                        dwelling=household.dwelling_id.display_name,
                        other=clash[0].display_name,
                        household=household.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("member_ids") and vals.get("tenant_partner_id"):
                # The tenant of record is the head of household: add them as first member.
                tenant = self.env["res.partner"].browse(vals["tenant_partner_id"])
                vals["member_ids"] = [
                    Command.create(
                        {"name": tenant.name, "partner_id": tenant.id, "relationship": "head"}
                    )
                ]
        households = super(
            HousingHousehold, self.with_context(housing_members_via_household=True)
        ).create(vals_list)
        return households.with_env(self.env)

    def write(self, vals):
        if "member_ids" in vals:
            result = super(
                HousingHousehold, self.with_context(housing_members_via_household=True)
            ).write(vals)
        else:
            result = super().write(vals)
        if set(SITUATION_FIELDS) & set(vals):
            # The open files follow the household (one statement for the whole batch).
            self.env["housing.accompaniment.situation"]._follow_households_of(self)
        return result

    def _check_household_heads_if_direct(self):
        """Check the one-head rule after members were changed outside the household form
        (the household's own constraint covers changes made through it)."""
        if not self.env.context.get("housing_members_via_household"):
            self._check_one_head()

    def _history_domain_by_model(self):
        """Records that make a household's history, as ``{model: field}``; extended by
        the models that refer to households (accompaniments, attendance, …)."""
        return {
            "housing.accompaniment": "household_id",
            "housing.workshop.attendance": "household_id",
            "housing.mutual.aid": "helper_household_id",
        }

    def _has_history(self):
        """Return the households of ``self`` that other records refer to."""
        with_history = self.browse()
        for model, fname in self._history_domain_by_model().items():
            # sudo: a history the user may not read (another facilitator's file) still forbids
            # deleting the household.
            groups = (
                self.env[model]
                .with_context(active_test=False)
                .sudo()
                ._read_group([(fname, "in", self.ids)], [fname])
            )
            for (household,) in groups:
                with_history |= household
        return self & with_history

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        with_history = self._has_history()
        if with_history:
            raise UserError(
                self.env._(
                    "Household %(names)s has a history (accompaniments, visits, workshops): "
                    "archive it instead of deleting it.",
                    names=", ".join(with_history.mapped("display_name")),
                )
            )

    # ------------------------------------------------------------------
    # Scheduled jobs
    # ------------------------------------------------------------------
    @api.model
    def _cron_refresh_age_figures(self, batch_size=2000):
        """Recompute the figures that depend on today's date (children turning 18,
        leases reaching two years)."""
        households = self.with_context(active_test=False).search([])
        date_fields = [
            self._fields[fname]
            for fname in (
                "member_count",
                "adult_count",
                "child_count",
                "unknown_age_count",
                "women_count",
                "men_count",
                "is_long_term_tenant",
            )
        ]
        for start in range(0, len(households), batch_size):
            batch = households[start : start + batch_size]
            for field in date_fields:
                self.env.add_to_compute(field, batch)
            batch.flush_recordset()
            batch.invalidate_recordset()

    # ------------------------------------------------------------------
    # Energy-saving kits
    # ------------------------------------------------------------------
    def action_view_kit_installations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "housing_accompaniment.action_housing_kit_installation"
        )
        action["domain"] = [("household_id", "=", self.id)]
        action["context"] = {}
        return action
