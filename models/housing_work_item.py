from odoo import fields, models

ROOMS = [
    ("living_room", "Living room"),
    ("bedroom", "Bedroom"),
    ("kitchen", "Kitchen"),
    ("bathroom", "Bathroom"),
    ("toilet", "Toilet"),
    ("hall", "Hall and corridor"),
    ("whole", "Whole dwelling"),
    ("other", "Other"),
]
NATURES = [
    ("preparation", "Preparation and cleaning"),
    ("painting", "Painting"),
    ("wallpaper", "Wallpapering"),
    ("flooring", "Flooring"),
    ("tiling", "Tiling"),
    ("plumbing", "Plumbing"),
    ("electricity", "Electricity"),
    ("carpentry", "Carpentry"),
    ("energy", "Energy savings"),
    ("other", "Other"),
]


class HousingWorkItem(models.Model):
    """A piece of work done on an ARA worksite, by room and nature."""

    _name = "housing.work.item"
    _description = "Worksite work item"
    _inherit = ["housing.personal.data.mixin"]
    _order = "accompaniment_id, sequence, id"
    _housing_personal_fields = ["description"]
    _housing_household_paths = ["accompaniment_id.household_id"]

    accompaniment_id = fields.Many2one(
        "housing.accompaniment",
        string="File",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    sequence = fields.Integer(default=10)
    room = fields.Selection(ROOMS, required=True)
    nature = fields.Selection(NATURES, required=True)
    description = fields.Char()
    is_done = fields.Boolean(string="Done")
    visit_id = fields.Many2one(
        "housing.visit",
        string="Done at visit",
        index="btree_not_null",
        ondelete="set null",
        domain="[('accompaniment_id', '=', accompaniment_id)]",
    )
    company_id = fields.Many2one(related="accompaniment_id.company_id", store=True)
