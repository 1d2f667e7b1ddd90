from odoo import fields, models


class MailActivityPlanTemplate(models.Model):
    """The activities of a step's plan: assigned to the people of the file, and written in the
    assignee's language."""

    _inherit = "mail.activity.plan.template"

    summary = fields.Char(translate=True)
    responsible_type = fields.Selection(
        selection_add=[
            ("housing_user", "Support staff of the file"),
            ("housing_facilitator", "Facilitator of the file (else its support staff)"),
        ],
        ondelete={"housing_user": "set default", "housing_facilitator": "set default"},
    )

    def _determine_responsible(self, on_demand_responsible, applied_on_record):
        if self.responsible_type not in ("housing_user", "housing_facilitator"):
            return super()._determine_responsible(on_demand_responsible, applied_on_record)
        file = applied_on_record
        responsible = file.user_id
        if self.responsible_type == "housing_facilitator" and file.facilitator_id:
            responsible = file.facilitator_id
        error = False
        if not responsible:
            error = self.env._(
                "No one is in charge of %(file)s for the activity “%(activity)s”: set its "
                "support staff.",
                file=file.display_name,
                activity=self.summary or self.activity_type_id.name,
            )
        return {"responsible": responsible, "error": error}
