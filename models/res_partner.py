from collections import defaultdict

from odoo import api, fields, models
from odoo.osv import expression

from .housing_personal_data_mixin import erase_chatter


class ResPartner(models.Model):
    _inherit = "res.partner"
    # The contact of a member (the tenant of record's, a spouse's…): what identifies or reaches
    # them, erased when the household is anonymised. Inheriting housing.personal.data.mixin
    # here breaks the set-up of res.partner's many2many fields at install, so its two methods
    # are written out below.
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
        "website",
        "function",
        "vat",
        "ref",
        "title",
        "state_id",
        "country_id",
        "parent_id",
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
        """The contacts of the members of ``households`` (the tenant's among them). Those
        shared with someone else were replaced by anonymous contacts before
        (``housing.household._housing_release_shared_contacts``)."""
        return self.search(
            [
                "|",
                ("headed_household_ids", "in", households.ids),
                ("housing_member_ids.household_id", "in", households.ids),
            ]
        )

    def _housing_erase_personal_data(self, households):
        """A member's contact is renamed after the household (and the member), its contact
        details, chatter, bank accounts and the traces of mail to or from it go. A contact
        that is also a user's (staff, portal) is left as it is."""
        partners = self.filtered(lambda p: not p.user_ids)
        if not partners:
            return
        partners._housing_erase_mail_traces()
        erase_chatter(partners)
        partners.bank_ids.unlink()
        by_name = defaultdict(lambda: self.browse())
        tenant_of = {h.tenant_partner_id: h for h in households}
        member_of = {m.partner_id: m for m in households.member_ids if m.partner_id}
        for partner in partners:
            if partner in tenant_of:
                name = self.env._("Anonymised household %(ref)s", ref=tenant_of[partner].name)
            else:
                name = self.env._(
                    "Anonymised member of household %(ref)s",
                    ref=member_of[partner].household_id.name if partner in member_of else "",
                )
            by_name[name] |= partner
        vals = dict.fromkeys(self._housing_personal_fields, False)
        for name, named in by_name.items():
            named.write(dict(vals, name=name))

    def _housing_erase_mail_traces(self):
        """The mail of these contacts on any record: what they wrote (messages they authored),
        that they received (recipient, notification, mail queued or sent to their address)
        and what they follow."""
        emails = [email for email in self.mapped("email_normalized") if email]
        self.env["mail.message"].search([("author_id", "in", self.ids)]).unlink()
        self.env["mail.mail"].search(
            expression.OR(
                [[("recipient_ids", "in", self.ids)]]
                + [[("email_to", "ilike", email)] for email in emails]
            )
        ).unlink()
        self.env["mail.notification"].search([("res_partner_id", "in", self.ids)]).unlink()
        self.env["mail.followers"].search([("partner_id", "in", self.ids)]).unlink()
        # The messages that remain (on other people's records) no longer list them.
        self.env.cr.execute(
            "DELETE FROM mail_message_res_partner_rel WHERE res_partner_id IN %s",
            [tuple(self.ids)],
        )
        self.env["mail.message"].invalidate_model(["partner_ids"])
