from odoo import api, models
from odoo.osv import expression


class HousingPersonalDataMixin(models.AbstractModel):
    """A model that holds personal data of households. It names its personal fields
    (``_housing_personal_fields``) and the paths from its records to the households they are
    about (``_housing_household_paths``); the anonymisation of households reads them all.
    A model that cannot inherit it (``res.partner``) declares the attribute and the two methods
    itself."""

    _name = "housing.personal.data.mixin"
    _description = "Personal data of households"
    # The fields emptied when the household is anonymised.
    _housing_personal_fields = []
    # Field paths from a record to its household(s): a record is erased when one of them is.
    _housing_household_paths = ["household_id"]

    @api.model
    def _housing_personal_records(self, households):
        """The records of this model that hold personal data of ``households``."""
        return self.search(
            expression.OR(
                [[(path, "in", households.ids)] for path in self._housing_household_paths]
            )
        )

    def _housing_erase_personal_data(self, households):
        """Erase the personal data of these records, whose ``households`` are anonymised:
        empty the personal fields and remove their attachments; on a record with a chatter,
        its messages and activities go too."""
        if not self:
            return
        self.write(dict.fromkeys(self._housing_personal_fields, False))
        # Attachments go on every model (a purchase's receipt has no chatter).
        domain = [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        self.env["ir.attachment"].search(domain).unlink()
        if isinstance(self, self.pool["mail.thread"]):
            self.env["mail.message"].search(
                [("model", "=", self._name), ("res_id", "in", self.ids)]
            ).unlink()
            self.env["mail.activity"].search(domain).unlink()
