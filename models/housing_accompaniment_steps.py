from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount

ATTENDANCE_FIELDS = ("with_household", "with_referent", "with_facilitator")


class HousingAccompaniment(models.Model):
    """What the steps hold beyond the file's own fields: the document checklist, the
    attendance of the tripartite visits, and the orientation of a new entrant to ARA."""

    # One model in several files (each under ~450 lines), each a part of the file.
    _inherit = "housing.accompaniment"  # pylint: disable=consider-merging-classes-inherited

    document_ids = fields.One2many(
        "housing.document", "accompaniment_id", string="Documents checklist"
    )
    document_missing_count = fields.Integer(
        string="Documents missing", compute="_compute_document_missing_count"
    )
    oriented_from_id = fields.Many2one(
        "housing.accompaniment",
        string="Oriented from",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        groups="housing_accompaniment.group_housing_user",
        help="The new entrant's file whose appropriation step oriented the household to ARA.",
    )
    ara_referral_ids = fields.One2many(
        "housing.accompaniment",
        "oriented_from_id",
        string="ARA referrals",
        groups="housing_accompaniment.group_housing_user",
    )
    ara_referral_id = fields.Many2one(
        "housing.accompaniment",
        string="Oriented to ARA",
        compute="_compute_ara_referral_id",
        groups="housing_accompaniment.group_housing_user",
        help="The ARA file opened for this household from this file.",
    )

    def _compute_document_missing_count(self):
        for file in self:
            file.document_missing_count = len(
                file.document_ids.filtered(lambda d: d.is_required and d.status == "missing")
            )

    def _compute_ara_referral_id(self):
        for file in self:
            file.ara_referral_id = file.ara_referral_ids.sorted("id")[-1:]

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        files = super().create(vals_list)
        files._sync_document_checklist()
        return files

    def _sync_document_checklist(self):
        """Give each file a checklist line for every document type of its workflow."""
        if not self:
            return
        doc_types = (
            self.env["housing.document.type"]
            .sudo()
            .search([("workflow", "in", list(set(self.mapped("workflow"))))])
        )
        existing = {
            (line.accompaniment_id.id, line.document_type_id.id)
            for line in self.env["housing.document"]
            .sudo()
            .search([("accompaniment_id", "in", self.ids)])
        }
        self.env["housing.document"].sudo().create(
            [
                {"accompaniment_id": file.id, "document_type_id": doc_type.id}
                for file in self
                for doc_type in doc_types
                if doc_type.workflow == file.workflow and (file.id, doc_type.id) not in existing
            ]
        )

    # ------------------------------------------------------------------
    # Step requirements
    # ------------------------------------------------------------------
    def _document_requirements(self, steps):
        """``(is_met, label)`` of the required documents of ``steps``."""
        self.ensure_one()
        doc_types = (
            self.env["housing.document.type"]
            .sudo()
            .search([("stage_id", "in", steps.ids), ("is_required", "=", True)])
        )
        if self.request_type == "transfer":
            doc_types = doc_types.filtered(lambda t: not t.skip_for_transfer)
        if not doc_types:
            return []
        received = set(
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("housing_accompaniment_id", "=", self.id),
                    ("housing_document_type_id", "in", doc_types.ids),
                ]
            )
            .mapped("housing_document_type_id")
            .ids
        )
        return [
            (
                doc_type.id in received,
                self.env._("the document “%(type)s”", type=doc_type.name),
            )
            for doc_type in doc_types
        ]

    def _tripartite_attended(self, visit_type):
        """A visit of ``visit_type`` done with the household, the social referent and the
        facilitator, or with the reason one of them was absent."""
        self.ensure_one()
        return any(
            visit.state == "done"
            and visit.visit_type == visit_type
            and (all(visit[fname] for fname in ATTENDANCE_FIELDS) or visit.absence_reason)
            for visit in self.visit_ids
        )

    def _notify_over_budget(self, line, amounts):
        """Tell the file's support staff that ``line`` took the worksite over its budget."""
        self.ensure_one()
        body = self.env._(
            "Worksite over budget: purchase “%(line)s” (%(amount)s) brings the spending to "
            "%(spent)s for a budget of %(budget)s. Reason: %(reason)s",
            line=line.name,
            amount=format_amount(self.env, line.total_amount, self.currency_id),
            reason=line.over_budget_reason,
            **amounts,
        )
        self.message_post(body=body, subtype_xmlid="mail.mt_note")
        if self.user_id:
            self.activity_schedule(
                "mail.mail_activity_data_warning",
                summary=self.env._("Worksite over budget"),
                note=body,
                user_id=self.user_id.id,
            )

    # ------------------------------------------------------------------
    # Orientation of a new entrant to ARA
    # ------------------------------------------------------------------
    def action_orient_to_ara(self):
        """Open an ARA referral for the household of this new entrant's file, linked to it."""
        self.ensure_one()
        if self.workflow != "new_entrant" or self.stage_code != "ne_appropriation":
            raise UserError(
                self.env._(
                    "A household is oriented to ARA from the appropriation step of its new "
                    "entrant's file: move %(file)s to “Appropriation of the dwelling” first.",
                    file=self.display_name,
                )
            )
        open_ara = self.search(
            [
                ("household_id", "=", self.household_id.id),
                ("workflow", "=", "ara"),
                ("is_closed", "=", False),
            ],
            limit=1,
        )
        if open_ara:
            raise UserError(
                self.env._(
                    "The household already has an open ARA file (%(file)s): continue it "
                    "instead of opening another.",
                    file=open_ara.display_name,
                )
            )
        ara_file = self.create(
            {
                "household_id": self.household_id.id,
                "workflow": "ara",
                "referral_date": fields.Date.context_today(self),
                "referent_partner_id": (
                    self.referent_partner_id or self.household_id.referent_partner_id
                ).id,
                "dwelling_id": self.dwelling_id.id,
                "user_id": self.user_id.id or self.env.user.id,
                "company_id": self.company_id.id,
                "oriented_from_id": self.id,
                "referral_reason": self.env._(
                    "Oriented from the appropriation step of the new entrant's file %(file)s.",
                    file=self.name,
                ),
            }
        )
        self.message_post(
            body=self.env._("Oriented to ARA: file %(file)s opened.", file=ara_file.name),
            subtype_xmlid="mail.mt_note",
        )
        return ara_file._get_form_action()

    def action_open_ara_referral(self):
        self.ensure_one()
        return self.ara_referral_id._get_form_action()

    def action_open_oriented_from(self):
        self.ensure_one()
        return self.oriented_from_id._get_form_action()

    def _get_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "housing.accompaniment",
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
