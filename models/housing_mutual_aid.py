from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HousingMutualAid(models.Model):
    """Hours a household gave to help on another household's ARA worksite."""

    _name = "housing.mutual.aid"
    _description = "Mutual aid between households"
    _inherit = ["housing.personal.data.mixin"]
    _order = "aid_date desc, id desc"
    _housing_personal_fields = ["description"]
    # The help a household gave, and the help given on its worksites.
    _housing_household_paths = ["helper_household_id", "accompaniment_id.household_id"]

    helper_household_id = fields.Many2one(
        "housing.household",
        string="Helping household",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        help="The household that came to help.",
    )
    accompaniment_id = fields.Many2one(
        "housing.accompaniment",
        string="Worksite helped",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        domain=[("workflow", "=", "ara")],
        help="The ARA file of the household that was helped.",
    )
    helped_household_id = fields.Many2one(
        related="accompaniment_id.household_id", store=True, index=True, string="Helped household"
    )
    aid_date = fields.Date(string="Date", required=True, default=fields.Date.context_today)
    hours = fields.Float(required=True, default=1.0, aggregator="sum")
    description = fields.Char(help="What was done together.")
    company_id = fields.Many2one(
        related="accompaniment_id.company_id", store=True, index=True, string="Company"
    )

    @api.depends("helper_household_id", "helped_household_id")
    def _compute_display_name(self):
        for aid in self:
            # sudo: the tenants' names only, so that the facilitator of the worksite helped
            # reads who helped even without access to the helper's household.
            aid.display_name = self.env._(
                "%(helper)s helps %(helped)s",
                helper=aid.helper_household_id.sudo().tenant_partner_id.name or "",
                helped=aid.helped_household_id.sudo().tenant_partner_id.name or "",
            )

    @api.constrains("hours")
    def _check_hours(self):
        for aid in self:
            if aid.hours <= 0:
                raise ValidationError(
                    self.env._(
                        "Mutual aid must count some time: enter the hours spent helping as a "
                        "positive number."
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        aids = super().create(vals_list)
        aids._check_helper_readable()
        return aids

    def write(self, vals):
        result = super().write(vals)
        if "helper_household_id" in vals:
            self._check_helper_readable()
        return result

    def _check_helper_readable(self):
        """Naming the helping household must not open it to a user who may not read it."""
        if not self.env.su:
            self.helper_household_id.check_access("read")

    @api.constrains("helper_household_id", "accompaniment_id")
    def _check_households(self):
        for aid in self:
            if aid.accompaniment_id.workflow != "ara":
                raise ValidationError(
                    self.env._(
                        "Mutual aid is recorded on an ARA worksite: %(file)s is not an ARA file.",
                        file=aid.accompaniment_id.display_name,
                    )
                )
            if aid.helper_household_id == aid.helped_household_id:
                raise ValidationError(
                    self.env._(
                        "A household cannot help on its own worksite: choose the household that "
                        "came to help."
                    )
                )

    @api.constrains("aid_date")
    def _check_aid_date(self):
        today = fields.Date.context_today(self)
        for aid in self:
            if aid.aid_date > today:
                raise ValidationError(
                    self.env._(
                        "Mutual aid is recorded once given: the date cannot be in the future."
                    )
                )
