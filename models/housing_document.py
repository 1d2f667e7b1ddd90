import base64
import binascii

from odoo import fields, models
from odoo.exceptions import UserError

DOCUMENT_STATUSES = [("received", "Received"), ("missing", "Missing")]


class HousingDocument(models.Model):
    """A line of a file's document checklist: one document type, received or missing.

    The documents themselves are attachments of the file carrying their type; the line
    lists them and uploads a new one in one click."""

    _name = "housing.document"
    _description = "Document checklist line"
    _order = "accompaniment_id, sequence, id"

    accompaniment_id = fields.Many2one(
        "housing.accompaniment", string="File", required=True, index=True, ondelete="cascade"
    )
    document_type_id = fields.Many2one(
        "housing.document.type", string="Document", required=True, ondelete="cascade"
    )
    sequence = fields.Integer(related="document_type_id.sequence", store=True)
    stage_id = fields.Many2one(related="document_type_id.stage_id", string="Needed to enter")
    is_required = fields.Boolean(related="document_type_id.is_required")
    is_restricted = fields.Boolean(
        related="document_type_id.is_restricted", store=True, string="Staff only"
    )
    company_id = fields.Many2one(related="accompaniment_id.company_id", store=True, index=True)
    attachment_ids = fields.Many2many(
        "ir.attachment", compute="_compute_attachment_ids", string="Files"
    )
    attachment_count = fields.Integer(compute="_compute_attachment_ids", string="Files received")
    status = fields.Selection(DOCUMENT_STATUSES, compute="_compute_attachment_ids")
    upload_file = fields.Binary(
        string="Upload",
        compute="_compute_upload_file",
        inverse="_inverse_upload_file",
        help="Add a file of this type to the file (PDF or picture).",
    )
    upload_filename = fields.Char(compute="_compute_upload_file", inverse="_inverse_upload_file")

    _sql_constraints = [
        (
            "type_file_unique",
            "unique(accompaniment_id, document_type_id)",
            "The checklist of a file lists each document type once.",
        ),
    ]

    def _compute_attachment_ids(self):
        attachments = self.env["ir.attachment"].search(
            [
                ("housing_accompaniment_id", "in", self.accompaniment_id.ids),
                ("housing_document_type_id", "in", self.document_type_id.ids),
            ]
        )
        for line in self:
            line.attachment_ids = attachments.filtered(
                lambda a, line=line: (
                    a.housing_accompaniment_id == line.accompaniment_id
                    and a.housing_document_type_id == line.document_type_id
                )
            )
            line.attachment_count = len(line.attachment_ids)
            line.status = "received" if line.attachment_ids else "missing"

    def _compute_upload_file(self):
        self.upload_file = False
        self.upload_filename = False

    def _inverse_upload_file(self):
        for line in self.filtered("upload_file"):
            try:
                base64.b64decode(line.upload_file, validate=True)
            except (binascii.Error, ValueError, TypeError) as error:
                raise UserError(
                    self.env._(
                        "The file sent for “%(type)s” could not be read. Send it again as a PDF "
                        "or a picture.",
                        type=line.document_type_id.name,
                    )
                ) from error
            self.env["ir.attachment"].create(
                {
                    "name": line.upload_filename or line.document_type_id.name,
                    "datas": line.upload_file,
                    "res_model": "housing.accompaniment",
                    "res_id": line.accompaniment_id.id,
                    "housing_document_type_id": line.document_type_id.id,
                }
            )

    def action_view_attachments(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.document_type_id.name,
            "res_model": "ir.attachment",
            "view_mode": "kanban,list,form",
            "domain": [
                ("housing_accompaniment_id", "=", self.accompaniment_id.id),
                ("housing_document_type_id", "=", self.document_type_id.id),
            ],
        }
