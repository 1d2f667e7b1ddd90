from odoo import fields, models


class HousingDesignationImportLog(models.Model):
    """One run of the designation import: who, when, which file, and what came of it."""

    _name = "housing.designation.import.log"
    _description = "Designation import log"
    _order = "import_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="File name", required=True, readonly=True)
    source_id = fields.Many2one("housing.import.mapping", readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Imported by", required=True, readonly=True, index=True
    )
    import_date = fields.Datetime(
        string="Imported on", required=True, readonly=True, default=fields.Datetime.now
    )
    line_count = fields.Integer(string="Lines", readonly=True)
    new_count = fields.Integer(
        string="New", readonly=True, help="Applications imported as new households."
    )
    update_count = fields.Integer(
        string="Already known",
        readonly=True,
        help="Applications whose household was already known: updated, never duplicated.",
    )
    error_count = fields.Integer(
        string="In error", readonly=True, help="Applications not imported, with their reason."
    )
    source_file = fields.Binary(string="Imported file", readonly=True, attachment=True)
    source_file_name = fields.Char(readonly=True)
    error_file = fields.Binary(string="Lines in error", readonly=True, attachment=True)
    error_file_name = fields.Char(readonly=True)
    accompaniment_ids = fields.Many2many(
        "housing.accompaniment", string="Files", readonly=True, check_company=True
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
