from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"
    # The tenant of record's contact: what identifies or reaches them, erased when the household
    # is anonymised. Inheriting housing.personal.data.mixin here breaks the set-up of
    # res.partner's many2many fields at install, so its two methods are written out below.
    _housing_personal_fields = [
        "name",
        "email",
        "phone",
        "mobile",
        "street",
        "street2",
        "zip",
        "city",
        "comment",
        "image_1920",
    ]

    # Archived households included: who was followed stays private after a move.
    headed_household_ids = fields.One2many(
        "housing.household",
        "tenant_partner_id",
        string="Households headed",
        groups="housing_accompaniment.group_housing_facilitator",
        context={"active_test": False},
    )
    housing_member_ids = fields.One2many(
        "housing.member",
        "partner_id",
        string="Household memberships",
        groups="housing_accompaniment.group_housing_facilitator",
        context={"active_test": False},
    )
    referred_household_ids = fields.One2many(
        "housing.household",
        "referent_partner_id",
        string="Households referred",
        groups="housing_accompaniment.group_housing_user",
    )
    headed_household_count = fields.Integer(
        compute="_compute_headed_household_count",
        groups="housing_accompaniment.group_housing_facilitator",
    )
    referred_household_count = fields.Integer(
        compute="_compute_referred_household_count",
        groups="housing_accompaniment.group_housing_user",
    )
    housing_role_ids = fields.Many2many(
        "housing.partner.role",
        "res_partner_housing_role_rel",
        "partner_id",
        "role_id",
        string="Partner roles",
        help="What this organisation is for the support: landlord, association, social services "
        "(referent organisation), funder, State / Préfecture, municipality or EPCI.",
    )

    is_referral_manager = fields.Boolean(
        string="Organisation manager",
        help="This social referent sees on the portal the referrals of every referent of their "
        "organisation, not only their own.",
    )

    def _compute_headed_household_count(self):
        headed = dict(
            self.env["housing.household"]._read_group(
                [("tenant_partner_id", "in", self.ids)], ["tenant_partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.headed_household_count = headed.get(partner, 0)

    def _compute_referred_household_count(self):
        referred = dict(
            self.env["housing.household"]._read_group(
                [("referent_partner_id", "in", self.ids)], ["referent_partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.referred_household_count = referred.get(partner, 0)

    def action_view_headed_households(self):
        return self._action_view_households([("tenant_partner_id", "=", self.id)])

    def action_view_referred_households(self):
        return self._action_view_households([("referent_partner_id", "=", self.id)])

    def _action_view_households(self, domain):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "housing_accompaniment.action_housing_household"
        )
        action["domain"] = domain
        return action

    @api.model
    def _housing_personal_records(self, households):
        """The contacts of the tenants of ``households``."""
        return self.search([("headed_household_ids", "in", households.ids)])

    def _housing_erase_personal_data(self, households):
        """A tenant's contact is renamed after the household it headed; its chatter stays. A
        contact that is also a user's (staff, portal) is left as it is."""
        for partner in self.filtered(lambda p: not p.user_ids):
            household = households.filtered(
                lambda h, partner=partner: h.tenant_partner_id == partner
            )
            vals = dict.fromkeys(self._housing_personal_fields, False)
            vals["name"] = self.env._("Anonymised household %(ref)s", ref=household[-1:].name)
            partner.write(vals)
