from odoo import fields, models

WORKFLOWS = [
    ("new_entrant", "New entrants and transfer requests"),
    ("ara", "Assisted self-renovation (ARA)"),
]


class HousingStage(models.Model):
    """A step of an accompaniment workflow: a column of that workflow's board."""

    _name = "housing.stage"
    _description = "Accompaniment step"
    _order = "workflow, sequence, id"

    name = fields.Char(required=True, translate=True)
    workflow = fields.Selection(WORKFLOWS, required=True, index=True)
    sequence = fields.Integer(default=10)
    code = fields.Char(
        readonly=True,
        copy=False,
        help="Technical code of the steps shipped with the app: it tells which data the step "
        "needs before a file can enter it. Steps added by a manager have none.",
    )
    description = fields.Text(translate=True, help="What the staff does at this step.")
    fold = fields.Boolean(
        string="Folded on the board", help="The column is folded on the board by default."
    )
    is_closing = fields.Boolean(
        string="Closing step",
        help="Files in this step are closed: they get a closing date and an outcome.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="Email template",
        domain=[("model", "=", "housing.accompaniment")],
        help="Sent to the file's followers who follow step changes (the social referent, the "
        "facilitator, the coordinator) when a file enters this step.",
    )
    activity_plan_id = fields.Many2one(
        "mail.activity.plan",
        string="Activity plan",
        domain="[('res_model', '=', 'housing.accompaniment')]",
        help="The activities scheduled on a file when it enters this step, assigned to the "
        "file's support staff or facilitator.",
    )
    target_duration_days = fields.Integer(
        string="Target duration (days)",
        help="A file still in this step after so many days is late. 0: no deadline.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "Another step already has this technical code."),
        (
            "target_duration_positive",
            "CHECK(target_duration_days >= 0)",
            "A step's target duration cannot be negative: use 0 for no deadline.",
        ),
    ]
