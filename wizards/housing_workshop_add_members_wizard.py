from odoo import api, fields, models


class HousingWorkshopAddMembersWizard(models.TransientModel):
    """Registers the members of a few households at a workshop in one go."""

    _name = "housing.workshop.add.members.wizard"
    _description = "Add households' members to a workshop"

    workshop_id = fields.Many2one("housing.workshop", required=True, ondelete="cascade")
    household_ids = fields.Many2many("housing.household", string="Households")
    member_ids = fields.Many2many(
        "housing.member",
        string="Members to add",
        compute="_compute_member_ids",
        store=True,
        readonly=False,
        help="The members of the households chosen; remove those who do not come.",
    )
    is_present = fields.Boolean(
        string="Mark them present",
        compute="_compute_is_present",
        store=True,
        readonly=False,
        help="Ticked for a workshop already held: the people are added as present.",
    )

    @api.depends("household_ids")
    def _compute_member_ids(self):
        for wizard in self:
            wizard.member_ids = wizard.household_ids.member_ids

    @api.depends("workshop_id")
    def _compute_is_present(self):
        for wizard in self:
            wizard.is_present = wizard.workshop_id.state == "held"

    def action_confirm(self):
        self.ensure_one()
        self.workshop_id._add_members(self.member_ids, is_present=self.is_present)
        return {"type": "ir.actions.act_window_close"}
