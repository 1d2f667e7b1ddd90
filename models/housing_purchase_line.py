from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_amount

MATERIAL_CATEGORIES = [
    ("paint", "Paint and coatings"),
    ("wallpaper", "Wallpaper"),
    ("flooring", "Flooring"),
    ("plumbing", "Plumbing"),
    ("electricity", "Electricity"),
    ("carpentry", "Carpentry and joinery"),
    ("tools", "Tools and consumables"),
    ("energy", "Energy-saving equipment"),
    ("other", "Other"),
]


class HousingPurchaseLine(models.Model):
    """A material bought for an ARA worksite."""

    _name = "housing.purchase.line"
    _inherit = ["housing.personal.data.mixin"]
    _description = "Material purchase"
    # Receipts (attachments) go with the free text when the household is anonymised.
    _housing_personal_fields = ["over_budget_reason"]
    _housing_household_paths = ["accompaniment_id.household_id"]
    _order = "purchase_date desc, id"

    accompaniment_id = fields.Many2one(
        "housing.accompaniment",
        string="File",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    household_id = fields.Many2one(related="accompaniment_id.household_id", store=True)
    name = fields.Char(string="Description", required=True)
    category = fields.Selection(MATERIAL_CATEGORIES)
    supplier_id = fields.Many2one("res.partner", check_company=True)
    purchase_date = fields.Date(default=fields.Date.context_today)
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    unit_cost = fields.Monetary()
    total_amount = fields.Monetary(
        string="Total", compute="_compute_total_amount", store=True, aggregator="sum"
    )
    currency_id = fields.Many2one(related="accompaniment_id.currency_id")
    company_id = fields.Many2one(related="accompaniment_id.company_id", store=True, index=True)
    visit_id = fields.Many2one(
        "housing.visit",
        string="Bought at visit",
        index="btree_not_null",
        ondelete="set null",
        domain="[('accompaniment_id', '=', accompaniment_id)]",
    )
    receipt_ids = fields.Many2many(
        "ir.attachment",
        "housing_purchase_receipt_rel",
        "purchase_line_id",
        "attachment_id",
        help="A photo or a PDF of the receipt.",
    )
    over_budget_reason = fields.Text(
        string="Reason for going over the budget",
        help="Required when this purchase takes the worksite over its budget; the support "
        "staff of the file are notified.",
    )

    def _housing_erase_personal_data(self, households):
        """The description may name the household ("paint for Mme X's kitchen"): it becomes
        the category's label; amounts, dates and categories stay for the budgets."""
        result = super()._housing_erase_personal_data(households)
        categories = dict(self._fields["category"]._description_selection(self.env))
        for category in set(self.mapped("category")):
            self.filtered(lambda line, category=category: line.category == category).write(
                {"name": categories.get(category) or self.env._("Material purchase")}
            )
        return result

    @api.depends("quantity", "unit_cost")
    def _compute_total_amount(self):
        for line in self:
            line.total_amount = (
                line.currency_id.round(line.quantity * line.unit_cost)
                if line.currency_id
                else line.quantity * line.unit_cost
            )

    @api.constrains("quantity", "unit_cost")
    def _check_amounts(self):
        for line in self:
            if line.quantity <= 0 or line.unit_cost < 0:
                raise ValidationError(
                    self.env._(
                        "Purchase “%(line)s”: the quantity must be positive and the unit cost "
                        "cannot be negative.",
                        line=line.name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._adopt_receipts()
        lines._check_budget()
        return lines

    def write(self, vals):
        amount_changed = bool({"quantity", "unit_cost", "accompaniment_id"} & set(vals))
        previous = {line.id: line.total_amount for line in self} if amount_changed else {}
        result = super().write(vals)
        if "receipt_ids" in vals:
            self._adopt_receipts()
        if amount_changed:
            self.filtered(
                lambda line: "accompaniment_id" in vals or line.total_amount > previous[line.id]
            )._check_budget()
        return result

    def _adopt_receipts(self):
        """Receipts uploaded with a purchase are documents of its file, typed and checked."""
        receipt_type = self.env.ref("housing_accompaniment.document_type_ara_receipts")
        for line in self:
            line.receipt_ids._housing_adopt(line, receipt_type)

    def _check_budget(self):
        """A purchase that takes its worksite over the budget needs a reason, and the file's
        support staff hear of it. A file without a budget has no limit."""
        for line in self:
            file = line.accompaniment_id
            if not file.budget_amount or file.spent_amount <= file.budget_amount:
                continue
            amounts = {
                "spent": format_amount(self.env, file.spent_amount, file.currency_id),
                "budget": format_amount(self.env, file.budget_amount, file.currency_id),
            }
            if not (line.over_budget_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Purchase “%(line)s” takes the worksite %(file)s over its budget "
                        "(%(spent)s spent for a budget of %(budget)s): give the reason in "
                        "“Reason for going over the budget”, or lower the amount.",
                        line=line.name,
                        file=file.name,
                        **amounts,
                    )
                )
            file._notify_over_budget(line, amounts)
