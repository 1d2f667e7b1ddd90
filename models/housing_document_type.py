from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .housing_stage import WORKFLOWS

DOCUMENT_READERS = [
    ("file", "Everyone who follows the file"),
    ("staff", "The landlord's social-support staff only"),
]


class HousingDocumentType(models.Model):
    """A kind of document a file holds (lease, check-in inspection, CAF certificate...): the
    step that needs it and who may read it."""

    _name = "housing.document.type"
    _description = "Document type"
    _order = "workflow, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    workflow = fields.Selection(
        WORKFLOWS,
        required=True,
        index=True,
        help="The files of this workflow list this document in their checklist.",
    )
    stage_id = fields.Many2one(
        "housing.stage",
        string="Needed to enter",
        domain="[('workflow', '=', workflow)]",
        ondelete="restrict",
        help="The step a file enters only once it holds this document (when it is required).",
    )
    is_required = fields.Boolean(
        string="Required",
        default=True,
        help="A required document blocks its step, like the step's other needs. An optional "
        "one is only listed in the checklist.",
    )
    skip_for_transfer = fields.Boolean(
        string="Not for transfer requests",
        help="Transfer requests have no Préfecture designation: they do not need this document.",
    )
    readers = fields.Selection(
        DOCUMENT_READERS,
        string="Who may read it",
        required=True,
        default="file",
        help="Documents of a type reserved to the social-support staff are never readable by "
        "technical facilitators nor accountants, by any route.",
    )
    is_restricted = fields.Boolean(
        string="Staff only", compute="_compute_is_restricted", store=True
    )
    images_only = fields.Boolean(
        string="Pictures only", help="Only photos are accepted (no PDF), e.g. worksite photos."
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_workflow_unique", "unique(name, workflow)", "This document type already exists."),
    ]

    @api.depends("readers")
    def _compute_is_restricted(self):
        for doc_type in self:
            doc_type.is_restricted = doc_type.readers == "staff"

    @api.constrains("stage_id", "workflow")
    def _check_stage_workflow(self):
        for doc_type in self:
            if doc_type.stage_id and doc_type.stage_id.workflow != doc_type.workflow:
                raise ValidationError(
                    self.env._(
                        "Document type %(type)s: its step belongs to another workflow. Choose a "
                        "step of the same workflow.",
                        type=doc_type.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        doc_types = super().create(vals_list)
        # The open files of the workflow get the new line in their checklist.
        files = self.env["housing.accompaniment"].search(
            [("workflow", "in", doc_types.mapped("workflow")), ("is_closed", "=", False)]
        )
        files._sync_document_checklist()
        return doc_types
