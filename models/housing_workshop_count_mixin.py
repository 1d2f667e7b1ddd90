from odoo import fields, models


class HousingWorkshopCountMixin(models.AbstractModel):
    """The workshops a record (a household, a member) was present at, found by the field
    ``_housing_attendance_field`` of ``housing.workshop.attendance`` that points at it."""

    _name = "housing.workshop.count.mixin"
    _description = "Workshops attended"
    _housing_attendance_field = None

    workshop_count = fields.Integer(
        string="Workshops attended",
        compute="_compute_workshop_count",
        help="Workshops where they were present (for a household: at least one of its members).",
    )

    def _compute_workshop_count(self):
        fname = self._housing_attendance_field
        # sudo: the count is a figure of the record being read; a facilitator who reads a
        # household may not read its attendance at workshops they do not run.
        counts = dict(
            self.env["housing.workshop.attendance"]
            .sudo()
            ._read_group(
                [(fname, "in", self._origin.ids), ("is_present", "=", True)],
                [fname],
                ["workshop_id:count_distinct"],
            )
        )
        for record in self:
            record.workshop_count = counts.get(record._origin, 0)

    def action_view_workshops(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "housing_accompaniment.action_housing_workshop"
        )
        action["domain"] = [
            (
                "attendance_ids",
                "any",
                [(self._housing_attendance_field, "=", self.id), ("is_present", "=", True)],
            )
        ]
        action["context"] = {}
        return action
