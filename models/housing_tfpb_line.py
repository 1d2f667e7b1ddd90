from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Fields of a programme line that a locked year freezes.
LOCKED_LINE_FIELDS = {
    "year_id",
    "qpv_id",
    "axis_id",
    "planned_amount",
    "realised_computed",
    "adjustment_amount",
    "adjustment_justification",
}


class HousingTfpbLine(models.Model):
    """One QPV and axis of a TFPB programme year: planned, realised and the gap."""

    _name = "housing.tfpb.line"
    _description = "TFPB programme line"
    _inherit = ["mail.thread"]
    _order = "year desc, qpv_id, axis_code, id"
    _check_company_auto = True

    year_id = fields.Many2one(
        "housing.tfpb.year", string="Programme", required=True, ondelete="cascade", index=True
    )
    year = fields.Integer(related="year_id.year", store=True, aggregator=False, index=True)
    state = fields.Selection(related="year_id.state", string="Status")
    company_id = fields.Many2one(related="year_id.company_id", store=True, index=True)
    qpv_id = fields.Many2one(
        "housing.qpv", string="QPV", required=True, index=True, ondelete="restrict"
    )
    axis_id = fields.Many2one("housing.tfpb.axis", required=True, index=True, ondelete="restrict")
    axis_code = fields.Integer(related="axis_id.code", store=True, string="Axis number")
    currency_id = fields.Many2one(related="year_id.currency_id")
    planned_amount = fields.Monetary(
        string="Planned", tracking=True, aggregator="sum", help="The amount of the programme."
    )
    realised_computed = fields.Monetary(
        string="Realised (computed)",
        readonly=True,
        aggregator="sum",
        help="Valued from the landlord's committed funding of the actions mapped to this axis, "
        "split between the QPV pro rata to the landlord's households accompanied in each QPV "
        "in the year (households outside QPV take their share, left out of the programme), "
        "to the cent. When the funding or the files change, valued again as the year is next "
        "opened or printed, and every night, until the year is locked.",
    )
    adjustment_amount = fields.Monetary(
        string="Adjustment",
        tracking=True,
        aggregator="sum",
        help="What the accountant adds to (or removes from) the computed amount; it needs a "
        "justification.",
    )
    adjustment_justification = fields.Text(
        string="Justification",
        tracking=True,
        help="Why the computed amount was adjusted. Every change is kept in the line's history.",
    )
    realised_amount = fields.Monetary(
        string="Realised",
        compute="_compute_amounts",
        store=True,
        aggregator="sum",
        help="Computed amount plus the adjustment.",
    )
    gap_amount = fields.Monetary(
        string="Gap",
        compute="_compute_amounts",
        store=True,
        aggregator="sum",
        help="Planned minus realised: positive when less was realised than planned.",
    )
    is_adjusted = fields.Boolean(compute="_compute_amounts", store=True, string="Adjusted")

    _sql_constraints = [
        (
            "qpv_axis_unique",
            "unique(year_id, qpv_id, axis_id)",
            "This QPV and axis are already in the programme: change the existing line.",
        ),
    ]

    @api.depends("planned_amount", "realised_computed", "adjustment_amount")
    def _compute_amounts(self):
        for line in self:
            line.realised_amount = line.realised_computed + line.adjustment_amount
            line.gap_amount = line.planned_amount - line.realised_amount
            line.is_adjusted = not line.currency_id.is_zero(line.adjustment_amount)

    @api.depends("year_id", "qpv_id", "axis_id")
    def _compute_display_name(self):
        for line in self:
            line.display_name = " · ".join(
                part
                for part in (str(line.year or ""), line.qpv_id.name, line.axis_id.display_name)
                if part
            )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("planned_amount", "adjustment_amount")
    def _check_amounts(self):
        """Checked when the accountant enters amounts; a later recomputation that lowers the
        computed amount below a negative adjustment shows as a negative realised amount
        rather than blocking the funding or file change that caused it."""
        for line in self:
            if line.planned_amount < 0:
                raise ValidationError(
                    self.env._(
                        "The planned amount of %(line)s cannot be negative.",
                        line=line.display_name,
                    )
                )
            if line.currency_id.compare_amounts(line.realised_amount, 0.0) < 0:
                raise ValidationError(
                    self.env._(
                        "The adjustment of %(line)s would make the realised amount negative: "
                        "it can remove at most the computed %(computed)s.",
                        line=line.display_name,
                        computed=line.realised_computed,
                    )
                )

    @api.constrains("adjustment_amount", "adjustment_justification")
    def _check_adjustment_justification(self):
        for line in self:
            if line.is_adjusted and not (line.adjustment_justification or "").strip():
                raise ValidationError(
                    self.env._(
                        "Explain the adjustment of %(line)s: an adjusted amount needs a "
                        "justification.",
                        line=line.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Reading: the stale years of the user's companies are valued first
    # ------------------------------------------------------------------
    @api.model
    def web_search_read(
        self, domain, specification, offset=0, limit=None, order=None, count_limit=None
    ):
        self._value_stale_years()
        return super().web_search_read(
            domain, specification, offset, limit, order, count_limit=count_limit
        )

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        # The list grouped, the pivot and the graph.
        self._value_stale_years()
        return super().read_group(domain, fields, groupby, offset, limit, orderby, lazy)

    # They may write (the valuation of stale years): never on a read-only cursor of a replica.
    web_search_read._readonly = read_group._readonly = False

    @api.model
    def _value_stale_years(self):
        if not self.env.cr.readonly:
            Year = self.env["housing.tfpb.year"]
            Year._programme_years(
                [("company_id", "in", self.env.companies.ids), ("is_stale", "=", True)]
            )._value()

    # ------------------------------------------------------------------
    # The lock
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        years = self.env["housing.tfpb.year"].browse(
            {vals["year_id"] for vals in vals_list if vals.get("year_id")}
        )
        years._raise_if_locked()
        return super().create(vals_list)

    def write(self, vals):
        if LOCKED_LINE_FIELDS & set(vals):
            self.year_id._raise_if_locked()
            if vals.get("year_id"):
                self.env["housing.tfpb.year"].browse(vals["year_id"])._raise_if_locked()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self.year_id._raise_if_locked()
