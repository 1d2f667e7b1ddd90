import io

from PIL import Image

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools.mimetypes import guess_mimetype

from .chatter_privacy import check_access_result, forbidden_records, guard_domain

# Records whose attachments are documents of a file: the field that leads to the file.
HOUSING_DOCUMENT_MODELS = {
    "housing.accompaniment": False,
    "housing.visit": "accompaniment_id",
    "housing.purchase.line": "accompaniment_id",
}
MAX_DOCUMENT_SIZE_MB = 10
DOCUMENT_MIMETYPES = {"application/pdf", "image/jpeg", "image/png", "image/webp", "image/gif"}


class IrAttachment(models.Model):
    """A document on a household or a file (an RSA certificate, a payslip) is the social-support
    staff's, on every route: the chatter, ``/web/content``, ``search_read``. Typed documents of
    the accompaniment files: the checklist counts them, and the types reserved to the
    social-support staff are hidden from everyone else, by every route (search, read,
    download)."""

    _inherit = "ir.attachment"

    housing_document_type_id = fields.Many2one(
        "housing.document.type", string="Document type", index="btree_not_null", ondelete="restrict"
    )
    housing_accompaniment_id = fields.Many2one(
        "housing.accompaniment",
        string="Accompaniment file",
        compute="_compute_housing_accompaniment_id",
        store=True,
        index="btree_not_null",
        ondelete="set null",
    )
    housing_restricted = fields.Boolean(
        related="housing_document_type_id.is_restricted", store=True, string="Staff only"
    )

    @api.depends("res_model", "res_id")
    def _compute_housing_accompaniment_id(self):
        for attachment in self:
            file = False
            if attachment.res_model in HOUSING_DOCUMENT_MODELS and attachment.res_id:
                record = self.env[attachment.res_model].sudo().browse(attachment.res_id).exists()
                field = HOUSING_DOCUMENT_MODELS[attachment.res_model]
                file = record[field] if field else record
            attachment.housing_accompaniment_id = file

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------
    @api.model
    def _housing_reads_restricted(self):
        return self.env.su or self.env.user.has_group("housing_accompaniment.group_housing_user")

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        guarded = guard_domain(self, domain)
        if guarded is not domain and not self.env.context.get("skip_res_field_check"):
            # The guard names ``id``, which would stop Odoo from hiding field attachments.
            if not any(leaf[0] in ("id", "res_field") for leaf in domain):
                guarded = [("res_field", "=", False), *guarded]
        if not self._housing_reads_restricted():
            guarded = expression.AND([guarded, [("housing_restricted", "=", False)]])
        return super()._search(guarded, offset, limit, order)

    def _check_access(self, operation):
        return check_access_result(
            self, super()._check_access(operation), operation, check_documents=True
        )

    @api.model
    def check(self, mode, values=None):
        result = super().check(mode, values)
        if forbidden_records(self, check_documents=True):
            raise AccessError(self.env._("Sorry, you are not allowed to access this document."))
        if self._housing_reads_restricted():
            return result
        restricted = bool(self) and any(self.sudo().mapped("housing_restricted"))
        if values and values.get("housing_document_type_id"):
            restricted = (
                restricted
                or self.env["housing.document.type"]
                .sudo()
                .browse(values["housing_document_type_id"])
                .is_restricted
            )
        if restricted:
            raise AccessError(
                self.env._(
                    "This document is reserved to the landlord's social-support staff "
                    "(Housing Accompaniment / Social-support user)."
                )
            )
        return result

    def _housing_check_record_access(self, vals_list):
        """A user adds photos and documents only to the files and visits they may change."""
        if self.env.su:
            return
        for vals in vals_list:
            res_model, res_id = vals.get("res_model"), vals.get("res_id")
            if res_model not in HOUSING_DOCUMENT_MODELS or not res_id:
                continue
            record = self.env[res_model].browse(res_id)
            if not record.has_access("write"):
                raise AccessError(
                    self.env._(
                        "You can add photos and documents only to the files and visits you "
                        "follow: this %(record)s is not one of yours.",
                        record=self.env["ir.model"]._get(res_model).name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._housing_check_record_access(vals_list)
        for vals in vals_list:
            if vals.get("housing_document_type_id"):
                self.browse().check("create", values=vals)
        attachments = super().create(vals_list)
        attachments.filtered("housing_document_type_id")._housing_check_content()
        return attachments

    def write(self, vals):
        if {"res_model", "res_id"} & set(vals):
            self._housing_check_record_access(
                [
                    {
                        "res_model": vals.get("res_model", attachment.res_model),
                        "res_id": vals.get("res_id", attachment.res_id),
                    }
                    for attachment in self
                ]
            )
        result = super().write(vals)
        if {"housing_document_type_id", "datas", "raw"} & set(vals):
            self.filtered("housing_document_type_id")._housing_check_content()
        return result

    def _housing_adopt(self, record, default_type):
        """Make these attachments (uploaded with ``record``, a purchase or a visit) documents of
        ``record``: attached to it, of their type or of ``default_type``, so that the file's
        checklist counts them and their content is checked."""
        for attachment in self.filtered(
            lambda a: (
                a.res_model != record._name
                or a.res_id != record.id
                or not a.housing_document_type_id
            )
        ):
            attachment.write(
                {
                    "res_model": record._name,
                    "res_id": record.id,
                    "housing_document_type_id": attachment.housing_document_type_id.id
                    or default_type.id,
                }
            )

    # ------------------------------------------------------------------
    # Content
    # ------------------------------------------------------------------
    def _housing_check_content(self):
        """A typed document is a PDF or a picture that can be opened, of a reasonable size."""
        for attachment in self.sudo():
            doc_type = attachment.housing_document_type_id
            raw = attachment.raw or b""
            if len(raw) > MAX_DOCUMENT_SIZE_MB * 1024 * 1024:
                raise UserError(
                    self.env._(
                        "“%(name)s” is too large (%(size).1f MB): send a file of at most "
                        "%(max)s MB, for instance a photo in a lower resolution.",
                        name=attachment.name,
                        size=len(raw) / 1024 / 1024,
                        max=MAX_DOCUMENT_SIZE_MB,
                    )
                )
            mimetype = guess_mimetype(raw, default="") if raw else ""
            allowed = (
                {m for m in DOCUMENT_MIMETYPES if m.startswith("image/")}
                if doc_type.images_only
                else DOCUMENT_MIMETYPES
            )
            if mimetype not in allowed or not self._housing_is_readable(raw, mimetype):
                raise UserError(
                    self.env._(
                        "“%(name)s” cannot be read as %(kind)s: it is empty, damaged or of "
                        "another kind. Send it again as %(kind)s.",
                        name=attachment.name,
                        kind=self.env._("a picture (JPEG, PNG)")
                        if doc_type.images_only
                        else self.env._("a PDF or a picture (JPEG, PNG)"),
                    )
                )

    @api.model
    def _housing_is_readable(self, raw, mimetype):
        if mimetype == "application/pdf":
            return raw.startswith(b"%PDF-") and b"%%EOF" in raw[-2048:]
        try:
            with Image.open(io.BytesIO(raw)) as image:
                image.verify()
        except Exception:  # noqa: BLE001 - any failure means the picture cannot be opened
            return False
        return True
