from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression

REFERRAL_STATES = [
    ("submitted", "To review"),
    ("accepted", "Accepted"),
    ("declined", "Declined"),
]

# What each follower of a file reads: the referent the step changes and the messages
# addressed to them; the facilitator also the staff's notes; the coordinator also the
# referrals to review.
REFERENT_SUBTYPES = ("mail.mt_comment", "housing_accompaniment.mt_accompaniment_stage")
FACILITATOR_SUBTYPES = (
    "mail.mt_comment",
    "mail.mt_note",
    "housing_accompaniment.mt_accompaniment_stage",
)
COORDINATOR_SUBTYPES = FACILITATOR_SUBTYPES + ("housing_accompaniment.mt_accompaniment_referral",)


class HousingAccompaniment(models.Model):
    """The referral side of a file: the social referent's request (saisine) made on the
    portal, the household's consent, the coordinator's decision, and what the referent
    reads of the file."""

    _name = "housing.accompaniment"
    _inherit = ["housing.accompaniment", "portal.mixin"]

    referral_state = fields.Selection(
        REFERRAL_STATES,
        string="Referral",
        default="accepted",
        required=True,
        copy=False,
        index=True,
        tracking=True,
        help="A referral made by a social referent on the portal waits for the association's "
        "coordinator to accept or decline it. Files opened by the staff are accepted.",
    )
    decline_reason = fields.Text(
        string="Reason for declining",
        copy=False,
        help="Sent to the social referent with the decision.",
    )
    works_wished = fields.Text(
        string="Works wished", help="The works the household would like to do, in its words."
    )
    consent_date = fields.Date(
        string="Consent given on",
        copy=False,
        help="The day the household agreed that its data is shared with the landlord and the "
        "association for the referral.",
    )
    consent_user_id = fields.Many2one(
        "res.users",
        string="Consent recorded by",
        copy=False,
        readonly=True,
        help="Who recorded the household's consent (the referent who made the referral).",
    )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def write(self, vals):
        if (
            "referral_state" in vals
            and not self.env.su
            and not self.env.user.has_group("housing_accompaniment.group_housing_coordinator")
        ):
            raise AccessError(
                self.env._(
                    "Only the association's coordinator (Housing Accompaniment / Coordinator) "
                    "accepts or declines a referral."
                )
            )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Portal
    # ------------------------------------------------------------------
    def _compute_access_url(self):
        for file in self:
            file.access_url = f"/my/referrals/{file.id}"

    @api.model
    def _portal_referent_domain(self, user=None):
        """The files a portal user may follow as a social referent: the referrals they made
        and those where their contact is the referent, and for an organisation manager those
        of every referent of their organisation. A user whose contact belongs to no
        organisation follows none."""
        user = user or self.env.user
        partner = user.partner_id.sudo()
        organisation = partner.parent_id.commercial_partner_id
        if not organisation.is_company:
            return expression.FALSE_DOMAIN
        if partner.is_referral_manager:
            referent = [("referent_partner_id", "child_of", organisation.id)]
        else:
            referent = [("referent_partner_id", "=", partner.id)]
        return expression.OR([referent, [("consent_user_id", "=", user.id)]])

    @api.model
    def _portal_referent_files(self, domain=None, **search_kwargs):
        """The portal user's files, sudoed: a portal user has no access right on files, the
        portal pages read them through this only. Declined (archived) referrals included."""
        return (
            self.sudo()
            .with_context(active_test=False)
            .search(expression.AND([self._portal_referent_domain(), domain or []]), **search_kwargs)
        )

    def _portal_next_appointment(self):
        """The next planned visit of the file, or False."""
        self.ensure_one()
        visit = (
            self.env["housing.visit"]
            .sudo()
            .search(
                [
                    ("accompaniment_id", "=", self.id),
                    ("state", "=", "planned"),
                    ("visit_datetime", ">=", fields.Datetime.now()),
                ],
                order="visit_datetime",
                limit=1,
            )
        )
        return visit.visit_datetime

    # ------------------------------------------------------------------
    # Followers and mail per step
    # ------------------------------------------------------------------
    def _message_auto_subscribe_followers(self, updated_values, default_subtype_ids):
        """The facilitator and the social referent follow their files, each with the
        subtypes that concern them."""
        followers = super()._message_auto_subscribe_followers(updated_values, default_subtype_ids)
        subtypes = self._housing_subtype_ids
        if updated_values.get("facilitator_id"):
            facilitator = self.env["res.users"].sudo().browse(updated_values["facilitator_id"])
            if facilitator.active:
                followers.append(
                    (
                        facilitator.partner_id.id,
                        subtypes(FACILITATOR_SUBTYPES),
                        "mail.message_user_assigned" if facilitator != self.env.user else False,
                    )
                )
        if updated_values.get("referent_partner_id"):
            followers.append(
                (updated_values["referent_partner_id"], subtypes(REFERENT_SUBTYPES), False)
            )
        return followers

    def _housing_subtype_ids(self, xmlids):
        return [self.env["ir.model.data"]._xmlid_to_res_id(xmlid) for xmlid in xmlids]

    def _track_template(self, changes):
        """Like project's task stages: the step's mail template goes to the followers
        subscribed to step changes when a file enters it."""
        res = super()._track_template(changes)
        file = self[0]
        if "stage_id" in changes and file.stage_id.mail_template_id:
            res["stage_id"] = (
                file.stage_id.mail_template_id,
                {
                    "auto_delete_keep_log": False,
                    "subtype_id": self.env["ir.model.data"]._xmlid_to_res_id(
                        "housing_accompaniment.mt_accompaniment_stage"
                    ),
                    "email_layout_xmlid": "mail.mail_notification_light",
                },
            )
        return res

    def _subscribe_coordinators(self):
        """The association's coordinators of the file's company follow a new referral."""
        coordinator_group = self.env.ref("housing_accompaniment.group_housing_coordinator")
        staff_group = self.env.ref("housing_accompaniment.group_housing_user")
        for file in self:
            coordinators = coordinator_group.sudo().users.filtered(
                lambda u, f=file: staff_group not in u.groups_id and f.company_id in u.company_ids
            )
            if coordinators:
                file.message_subscribe(
                    partner_ids=coordinators.partner_id.ids,
                    subtype_ids=self._housing_subtype_ids(COORDINATOR_SUBTYPES),
                )

    # ------------------------------------------------------------------
    # The coordinator's decision
    # ------------------------------------------------------------------
    def _check_referral_to_review(self):
        for file in self:
            if file.referral_state != "submitted":
                raise UserError(
                    self.env._(
                        "%(file)s is not a referral waiting for a decision.",
                        file=file.display_name,
                    )
                )

    def _check_coordinator(self):
        if not self.env.user.has_group("housing_accompaniment.group_housing_coordinator"):
            raise UserError(
                self.env._(
                    "Only the association's coordinator accepts or declines a referral: ask them."
                )
            )

    def action_accept_referral(self):
        """Accept the referral: the facilitator chosen on the file takes it to the tripartite
        meeting, and the referent is told."""
        self._check_coordinator()
        self._check_referral_to_review()
        for file in self:
            if not file.facilitator_id:
                raise UserError(
                    self.env._(
                        "Choose the technical facilitator who will run the worksite of "
                        "%(file)s, then accept the referral.",
                        file=file.display_name,
                    )
                )
        self.referral_state = "accepted"
        self.action_next_step()
        for file in self:
            file.message_post(
                body=self.env._(
                    "The association accepts the referral. %(facilitator)s, technical "
                    "facilitator, will contact you to arrange the tripartite meeting at the "
                    "household's home.",
                    facilitator=file.facilitator_id.name,
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        return True

    def action_decline_referral(self):
        self._check_coordinator()
        self._check_referral_to_review()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Decline the referral"),
            "res_model": "housing.referral.decline.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_accompaniment_id": self.id},
        }

    def _decline_referral(self, reason):
        """Decline the referrals with ``reason``, sent to the referent: the file is archived
        and counted nowhere."""
        self._check_coordinator()
        self._check_referral_to_review()
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the referral is declined: the referent reads it."))
        for file in self:
            file.message_post(
                body=Markup("<p>%s</p><p>%s</p>")
                % (self.env._("The association declines the referral:"), reason),
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.write(
            {
                "referral_state": "declined",
                "decline_reason": reason,
                "close_date": fields.Date.context_today(self),
                "active": False,
            }
        )
        return True
