from collections import defaultdict
from urllib.parse import quote_plus

from odoo import api, fields, models
from odoo.exceptions import ValidationError

HOURS_FIELDS = ("household_hours", "volunteer_hours")


class HousingVisit(models.Model):
    """What a facilitator records at the household's home, from a phone: who attended, the
    work done, the hours, the photos and the purchases; and where to go."""

    _inherit = "housing.visit"

    absence_reason = fields.Text(
        string="Reason for an absence",
        help="For a tripartite meeting or review: why the household, the social referent or "
        "the facilitator was not there. The step accepts the visit with this reason.",
    )
    is_fully_attended = fields.Boolean(
        string="All three parties present", compute="_compute_is_fully_attended"
    )
    dwelling_id = fields.Many2one(related="accompaniment_id.dwelling_id", string="Dwelling")
    visit_address = fields.Char(string="Address", compute="_compute_visit_address")
    map_url = fields.Char(string="Map", compute="_compute_visit_address")
    access_notes = fields.Text(related="dwelling_id.access_notes")
    household_phone = fields.Char(
        related="household_id.tenant_partner_id.phone", string="Phone", readonly=True
    )
    household_mobile = fields.Char(
        related="household_id.tenant_partner_id.mobile", string="Mobile", readonly=True
    )
    photo_ids = fields.Many2many(
        "ir.attachment",
        "housing_visit_photo_rel",
        "visit_id",
        "attachment_id",
        string="Photos",
        help="Photos of the worksite taken during the visit (before and after the works).",
    )
    work_item_ids = fields.One2many("housing.work.item", "visit_id", string="Work items done")
    purchase_line_ids = fields.One2many(
        "housing.purchase.line", "visit_id", string="Purchases made"
    )
    household_hours = fields.Float(
        string="Hours by the household",
        help="Hours the household worked during this visit; added to the file once the visit "
        "is done.",
    )
    volunteer_hours = fields.Float(
        string="Hours by volunteers",
        help="Hours volunteers worked during this visit; added to the file once the visit is done.",
    )

    @api.depends("with_household", "with_referent", "with_facilitator")
    def _compute_is_fully_attended(self):
        for visit in self:
            visit.is_fully_attended = (
                visit.with_household and visit.with_referent and visit.with_facilitator
            )

    @api.depends("dwelling_id.street", "dwelling_id.street2", "dwelling_id.zip", "dwelling_id.city")
    def _compute_visit_address(self):
        for visit in self:
            dwelling = visit.dwelling_id
            parts = [
                dwelling.street,
                dwelling.street2,
                " ".join(part for part in (dwelling.zip, dwelling.city) if part),
            ]
            address = ", ".join(part for part in parts if part)
            visit.visit_address = address or False
            visit.map_url = (
                f"https://www.openstreetmap.org/search?query={quote_plus(address)}"
                if address
                else False
            )

    @api.constrains(*HOURS_FIELDS)
    def _check_hours(self):
        for visit in self:
            if visit.household_hours < 0 or visit.volunteer_hours < 0:
                raise ValidationError(
                    self.env._("Hours cannot be negative: correct the hours of the visit.")
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        visits = super().create(vals_list)
        visits._adopt_photos()
        visits._add_hours_to_files({})
        return visits

    def write(self, vals):
        counted = bool({"state", "accompaniment_id", *HOURS_FIELDS} & set(vals))
        before = self._hours_by_file() if counted else {}
        result = super().write(vals)
        if "photo_ids" in vals:
            self._adopt_photos()
        if counted:
            self._add_hours_to_files(before)
        return result

    def unlink(self):
        before = self._hours_by_file()
        files = self.accompaniment_id
        result = super().unlink()
        self.env["housing.visit"]._add_hours_to_files(before, files.exists())
        return result

    def _hours_by_file(self):
        """``{file: [household hours, volunteer hours]}`` of the done visits."""
        totals = defaultdict(lambda: [0.0, 0.0])
        for visit in self.filtered(lambda v: v.state == "done"):
            for index, fname in enumerate(HOURS_FIELDS):
                totals[visit.accompaniment_id][index] += visit[fname]
        return totals

    def _add_hours_to_files(self, before, files=None):
        """Add to each file the hours its done visits gained (or lost) since ``before``."""
        after = self._hours_by_file()
        for file in files if files is not None else set(before) | set(after):
            if file not in before and file not in after:
                continue
            old, new = before.get(file, [0.0, 0.0]), after.get(file, [0.0, 0.0])
            delta = {
                fname: file[fname] + new[index] - old[index]
                for index, fname in enumerate(HOURS_FIELDS)
                if new[index] != old[index]
            }
            if delta:
                file.write(delta)

    def _adopt_photos(self):
        """Photos uploaded from the visit are documents of its file: typed worksite photos,
        checked as pictures."""
        photo_type = self.env.ref("housing_accompaniment.document_type_ara_photos")
        for visit in self:
            visit.photo_ids._housing_adopt(visit, photo_type)
