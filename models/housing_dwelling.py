from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

TYPOLOGIES = [
    ("t1", "T1"),
    ("t2", "T2"),
    ("t3", "T3"),
    ("t4", "T4"),
    ("t5", "T5"),
    ("t6", "T6 or more"),
]


class HousingDwelling(models.Model):
    """A dwelling (logement) of a residence, occupied by at most one household at a time."""

    _name = "housing.dwelling"
    _description = "Dwelling"
    _inherit = ["mail.thread"]
    _order = "residence_id, name"

    name = fields.Char(string="Reference", required=True, tracking=True)
    residence_id = fields.Many2one(
        "housing.residence",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        check_company=True,
    )
    street = fields.Char(compute="_compute_address", store=True, readonly=False)
    street2 = fields.Char(compute="_compute_address", store=True, readonly=False)
    zip = fields.Char(compute="_compute_address", store=True, readonly=False)
    city = fields.Char(compute="_compute_address", store=True, readonly=False)
    typology = fields.Selection(TYPOLOGIES, tracking=True)
    floor = fields.Integer(help="0 for the ground floor, negative below it.")
    surface = fields.Float(string="Surface (m²)", digits=(6, 2))
    access_notes = fields.Text(
        help="How to get in: building, door code, floor, lift, where to park. Shown on the "
        "visits, for the facilitator on the way."
    )
    landlord_id = fields.Many2one(related="residence_id.landlord_id", store=True, index=True)
    qpv_id = fields.Many2one(related="residence_id.qpv_id", store=True, index=True)
    is_qpv = fields.Boolean(related="residence_id.is_qpv", store=True, string="In a QPV")
    company_id = fields.Many2one(related="residence_id.company_id", store=True, index=True)
    active = fields.Boolean(default=True)
    household_ids = fields.One2many(
        "housing.household",
        "dwelling_id",
        string="Households",
        context={"active_test": False},
        groups="housing_accompaniment.group_housing_facilitator",
    )
    current_household_id = fields.Many2one(
        "housing.household",
        compute="_compute_current_household_id",
        string="Current household",
        groups="housing_accompaniment.group_housing_facilitator",
    )
    candidate_file_ids = fields.One2many(
        "housing.accompaniment",
        "proposed_dwelling_id",
        string="Candidates",
        domain=[("workflow", "=", "new_entrant")],
        groups="housing_accompaniment.group_housing_user",
        help="The files of the candidates designated for this dwelling, for the allocation "
        "committee.",
    )
    open_candidate_count = fields.Integer(
        string="Candidates to examine",
        compute="_compute_open_candidate_count",
        groups="housing_accompaniment.group_housing_user",
    )

    _sql_constraints = [
        (
            "name_residence_unique",
            "unique(name, residence_id)",
            "This residence already has a dwelling with this reference.",
        ),
    ]

    @api.constrains("surface")
    def _check_surface(self):
        for dwelling in self:
            if dwelling.surface < 0:
                raise ValidationError(
                    self.env._(
                        "The surface of dwelling %(dwelling)s cannot be negative.",
                        dwelling=dwelling.name,
                    )
                )

    @api.depends("residence_id")
    def _compute_address(self):
        for dwelling in self:
            residence = dwelling.residence_id
            if not residence:
                continue
            for fname in ("street", "street2", "zip", "city"):
                if not dwelling[fname]:
                    dwelling[fname] = residence[fname]

    def _compute_open_candidate_count(self):
        counts = dict(
            self.env["housing.accompaniment"]._read_group(
                [
                    ("proposed_dwelling_id", "in", self.ids),
                    ("workflow", "=", "new_entrant"),
                    ("is_closed", "=", False),
                ],
                ["proposed_dwelling_id"],
                ["__count"],
            )
        )
        for dwelling in self:
            dwelling.open_candidate_count = counts.get(dwelling, 0)

    @api.depends("household_ids.active")
    def _compute_current_household_id(self):
        for dwelling in self:
            dwelling.current_household_id = dwelling.household_ids.filtered("active")[:1]

    def _compute_display_name(self):
        for dwelling in self:
            if dwelling.residence_id:
                dwelling.display_name = f"{dwelling.name} · {dwelling.residence_id.name}"
            else:
                dwelling.display_name = dwelling.name

    def _has_history(self):
        """Return the dwellings of ``self`` that any household or file refers to."""
        used = (
            self.env["housing.household"]
            .with_context(active_test=False)
            .search([("dwelling_id", "in", self.ids)])
            .dwelling_id
        )
        used |= (
            self.env["housing.tenancy"].sudo().search([("dwelling_id", "in", self.ids)]).dwelling_id
        )
        used |= (
            self.env["housing.accompaniment"]
            .with_context(active_test=False)
            .search([("dwelling_id", "in", self.ids)])
            .dwelling_id
        )
        return self & used

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        with_history = self._has_history()
        if with_history:
            raise UserError(
                self.env._(
                    "Dwelling %(names)s has a history (households or accompaniments): "
                    "archive it instead of deleting it.",
                    names=", ".join(with_history.mapped("display_name")),
                )
            )
