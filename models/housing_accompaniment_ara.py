from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .housing_accompaniment import WORKS_COMPLETED


class HousingAccompanimentAra(models.Model):
    """The ARA workflow's data on a file: the referral, the tripartite meeting, the visits,
    the material purchases against the budget, the worksite and its work items, the hours of
    the household and of volunteers, the review, the kits fitted and the mutual aid."""

    # One model in several files (each under ~450 lines), each a part of the file.
    _inherit = "housing.accompaniment"  # pylint: disable=consider-merging-classes-inherited

    # ARA
    referral_date = fields.Date(tracking=True)

    referral_reason = fields.Text()

    tripartite_meeting_date = fields.Date(
        string="Tripartite meeting",
        tracking=True,
        help="Meeting at the household's home with the social referent and the facilitator.",
    )

    visit_ids = fields.One2many("housing.visit", "accompaniment_id", string="Visits")

    visit_count = fields.Integer(compute="_compute_visit_count")

    purchase_line_ids = fields.One2many(
        "housing.purchase.line", "accompaniment_id", string="Material purchases"
    )

    budget_amount = fields.Monetary(string="Worksite budget", tracking=True)

    spent_amount = fields.Monetary(
        string="Spent", compute="_compute_spent_amount", store=True, aggregator="sum"
    )

    budget_left = fields.Monetary(string="Left", compute="_compute_spent_amount", store=True)

    worksite_start_date = fields.Date(tracking=True)

    worksite_end_date = fields.Date(tracking=True)

    work_item_ids = fields.One2many("housing.work.item", "accompaniment_id", string="Work items")

    household_hours = fields.Float(string="Hours by the household")

    volunteer_hours = fields.Float(string="Hours by volunteers")

    review_date = fields.Date(string="Review visit", tracking=True)

    works_completed = fields.Selection(WORKS_COMPLETED, tracking=True)

    continued_autonomously = fields.Boolean(
        string="Continued the works on their own",
        tracking=True,
        help="At the review, the household went on with works on its own: the autonomy rate "
        "of the activity report counts these files.",
    )

    skills_gained = fields.Text()

    skill_ids = fields.Many2many(
        "housing.skill",
        string="Skills gained",
        help="The home-maintenance skills the household gained on the worksite, from the "
        "managed list: the activity report counts the worksites by skill.",
    )

    kit_installation_ids = fields.One2many(
        "housing.kit.installation", "accompaniment_id", string="Energy-saving kit"
    )

    mutual_aid_ids = fields.One2many(
        "housing.mutual.aid",
        "accompaniment_id",
        string="Mutual aid",
        help="Other households who came to help on this worksite.",
    )

    def _compute_visit_count(self):
        counts = dict(
            self.env["housing.visit"]._read_group(
                [("accompaniment_id", "in", self.ids)], ["accompaniment_id"], ["__count"]
            )
        )
        for file in self:
            file.visit_count = counts.get(file, 0)

    @api.depends("purchase_line_ids.total_amount", "budget_amount")
    def _compute_spent_amount(self):
        for file in self:
            file.spent_amount = sum(file.purchase_line_ids.mapped("total_amount"))
            file.budget_left = file.budget_amount - file.spent_amount

    @api.constrains("household_hours", "volunteer_hours", "budget_amount")
    def _check_positive_amounts(self):
        for file in self:
            if file.household_hours < 0 or file.volunteer_hours < 0:
                raise ValidationError(
                    self.env._(
                        "Hours cannot be negative: correct the hours of %(file)s.", file=file.name
                    )
                )
            if file.budget_amount < 0:
                raise ValidationError(
                    self.env._(
                        "The budget cannot be negative: correct the budget of %(file)s.",
                        file=file.name,
                    )
                )

    @api.constrains("worksite_start_date", "worksite_end_date")
    def _check_worksite_dates(self):
        for file in self:
            if (
                file.worksite_start_date
                and file.worksite_end_date
                and file.worksite_end_date < file.worksite_start_date
            ):
                raise ValidationError(
                    self.env._(
                        "The worksite of %(file)s ends before it starts: correct the end date.",
                        file=file.name,
                    )
                )

    def action_view_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "housing_accompaniment.action_housing_visit"
        )
        action["domain"] = [("accompaniment_id", "=", self.id)]
        action["context"] = {"default_accompaniment_id": self.id}
        return action

    def action_view_kit_installations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "housing_accompaniment.action_housing_kit_installation"
        )
        action["domain"] = [("accompaniment_id", "=", self.id)]
        action["context"] = {"default_accompaniment_id": self.id}
        return action
