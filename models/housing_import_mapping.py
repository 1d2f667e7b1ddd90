from odoo import fields, models


class HousingImportMapping(models.Model):
    """A source of designation files and how its columns were mapped last time."""

    _name = "housing.import.mapping"
    _description = "Designation file source"
    _order = "name"
    _check_company_auto = True

    name = fields.Char(
        string="Source",
        required=True,
        help="Who sends the file, e.g. “SNE – Préfecture des Bouches-du-Rhône” or “Action "
        "Logement”.",
    )
    reservation_holder_id = fields.Many2one(
        "res.partner",
        string="Reservation holder",
        help="The reservation holder of the designations of this source, when the file has no "
        "column for it.",
    )
    is_prefecture_contingent = fields.Boolean(
        string="Préfectoral contingent",
        default=True,
        help="The designations of this source that are not DALO are of the contingent "
        "préfectoral. Untick it for Action Logement and other reservation holders: their "
        "files are then designated neither as DALO nor as contingent préfectoral.",
    )
    column_map = fields.Json(
        string="Mapped columns",
        readonly=True,
        help="What each heading of this source's files holds, saved at each import.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "name_company_unique",
            "unique(name, company_id)",
            "A source with this name already exists.",
        ),
    ]
