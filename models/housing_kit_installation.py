from odoo import api, fields, models
from odoo.exceptions import ValidationError

SAVING_FIELDS = ("water_saving_liters", "energy_saving_kwh", "money_saving_eur")


class HousingKitInstallation(models.Model):
    """Energy-saving equipment fitted in a household's dwelling, during an accompaniment."""

    _name = "housing.kit.installation"
    _description = "Energy-saving kit installation"
    _inherit = ["housing.personal.data.mixin"]
    _order = "installation_date desc, id desc"
    _housing_personal_fields = ["notes"]
    _housing_household_paths = ["accompaniment_id.household_id"]

    accompaniment_id = fields.Many2one(
        "housing.accompaniment",
        string="File",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    visit_id = fields.Many2one(
        "housing.visit",
        index=True,
        ondelete="set null",
        check_company=True,
        domain="[('accompaniment_id', '=', accompaniment_id)]",
        help="The visit during which the equipment was fitted, if any.",
    )
    household_id = fields.Many2one(
        related="accompaniment_id.household_id", store=True, index=True, string="Household"
    )
    equipment_id = fields.Many2one(
        "housing.equipment", required=True, ondelete="restrict", index=True, check_company=True
    )
    quantity = fields.Integer(default=1, required=True)
    installation_date = fields.Date(
        string="Fitted on",
        compute="_compute_installation_date",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        index=True,
        help="The date of the visit by default.",
    )
    fitted_by_id = fields.Many2one(
        "res.users",
        string="Fitted by",
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
        check_company=True,
    )
    water_saving_liters = fields.Float(
        string="Water saved (L/year)",
        digits=(16, 0),
        compute="_compute_savings",
        store=True,
        aggregator="sum",
        help="Estimated yearly saving: quantity × the equipment's saving per unit.",
    )
    energy_saving_kwh = fields.Float(
        string="Energy saved (kWh/year)",
        digits=(16, 0),
        compute="_compute_savings",
        store=True,
        aggregator="sum",
        help="Estimated yearly saving: quantity × the equipment's saving per unit.",
    )
    money_saving_eur = fields.Monetary(
        string="Money saved (per year)",
        compute="_compute_savings",
        store=True,
        aggregator="sum",
        help="Estimated yearly saving: quantity × the equipment's saving per unit.",
    )
    cost_amount = fields.Monetary(
        string="Cost",
        compute="_compute_savings",
        store=True,
        aggregator="sum",
        help="Quantity × the equipment's unit cost.",
    )
    notes = fields.Char(help="Where it was fitted, what the household was shown…")
    company_id = fields.Many2one(
        related="accompaniment_id.company_id", store=True, index=True, string="Company"
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")

    @api.depends("visit_id.visit_datetime")
    def _compute_installation_date(self):
        for line in self:
            if line.visit_id.visit_datetime:
                line.installation_date = fields.Date.context_today(
                    line, line.visit_id.visit_datetime
                )
            elif not line.installation_date:
                line.installation_date = fields.Date.context_today(line)

    @api.depends(
        "quantity",
        "equipment_id.unit_cost",
        "equipment_id.water_saving_liters",
        "equipment_id.energy_saving_kwh",
        "equipment_id.money_saving_eur",
    )
    def _compute_savings(self):
        for line in self:
            equipment = line.equipment_id
            line.water_saving_liters = line.quantity * equipment.water_saving_liters
            line.energy_saving_kwh = line.quantity * equipment.energy_saving_kwh
            line.money_saving_eur = line.quantity * equipment.money_saving_eur
            line.cost_amount = line.quantity * equipment.unit_cost

    @api.depends("equipment_id", "quantity")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.quantity} × {line.equipment_id.name or ''}"

    @api.constrains("quantity")
    def _check_quantity(self):
        for line in self:
            if line.quantity <= 0:
                raise ValidationError(
                    self.env._(
                        "The quantity of “%(equipment)s” fitted must be at least 1: remove the "
                        "line if nothing was fitted.",
                        equipment=line.equipment_id.name,
                    )
                )

    @api.constrains("visit_id", "accompaniment_id")
    def _check_visit_file(self):
        for line in self:
            if line.visit_id and line.visit_id.accompaniment_id != line.accompaniment_id:
                raise ValidationError(
                    self.env._(
                        "The visit %(visit)s belongs to another file than %(file)s: choose a "
                        "visit of this file, or leave the visit empty.",
                        visit=line.visit_id.display_name,
                        file=line.accompaniment_id.display_name,
                    )
                )

    @api.constrains("installation_date")
    def _check_installation_date(self):
        today = fields.Date.context_today(self)
        for line in self:
            if line.installation_date > today:
                raise ValidationError(
                    self.env._(
                        "“%(equipment)s” is recorded as fitted on %(date)s, in the future: record "
                        "the kit once it is fitted.",
                        equipment=line.equipment_id.name,
                        date=line.installation_date,
                    )
                )

    @api.model
    def _savings_by(self, group_field, domain):
        """Sum the yearly savings of the installations matching ``domain`` by
        ``group_field``: ``{record: {field: total}}``, in one query."""
        aggregates = [f"{fname}:sum" for fname in SAVING_FIELDS]
        return {
            group: dict(zip(SAVING_FIELDS, totals, strict=True))
            for group, *totals in self._read_group(domain, [group_field], aggregates)
        }
