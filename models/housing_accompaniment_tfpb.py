from odoo import api, models

# Fields of a file that change who is counted where for the tenant shares and the TFPB split
# (the start date follows the designation and referral dates).
COUNTED_FIELDS = {
    "household_id",
    "dwelling_id",
    "workflow",
    "start_date",
    "designation_date",
    "referral_date",
    "close_date",
    "stage_id",
    "company_id",
    "active",
}


class HousingAccompaniment(models.Model):
    """Keep the TFPB programme up to date when the files it counts change."""

    _inherit = "housing.accompaniment"

    def _tfpb_first_years(self):
        """``{company: first year}`` of the programme years these files may count in."""
        first_years = {}
        for file in self.sudo():
            if not file.start_date:
                continue
            company = file.company_id
            first_years[company] = min(first_years.get(company, 9999), file.start_date.year)
        return first_years

    @api.model_create_multi
    def create(self, vals_list):
        files = super().create(vals_list)
        self.env["housing.tfpb.year"]._recompute_from(files._tfpb_first_years())
        return files

    def write(self, vals):
        if not COUNTED_FIELDS & set(vals):
            return super().write(vals)
        before = self._tfpb_first_years()
        result = super().write(vals)
        after = self._tfpb_first_years()
        for company, year in before.items():
            after[company] = min(after.get(company, year), year)
        self.env["housing.tfpb.year"]._recompute_from(after)
        return result

    def unlink(self):
        first_years = self._tfpb_first_years()
        result = super().unlink()
        self.env["housing.tfpb.year"]._recompute_from(first_years)
        return result
