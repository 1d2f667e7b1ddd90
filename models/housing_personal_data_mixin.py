from odoo import api, models
from odoo.osv import expression


def erase_chatter(records):
    """Remove everything the chatter of ``records`` holds: messages (with their tracking
    values, notifications and the mails sent from them, which the database deletes with
    them), the messages' attachments, the records' attachments, activities and followers.
    One query per kind of data, whatever the number of records."""
    if not records:
        return
    env = records.env
    domain = [("res_model", "=", records._name), ("res_id", "in", records.ids)]
    attachments = env["ir.attachment"].search(domain)
    # Attachments held by a field (a purchase's receipts, a visit's photos).
    for fname, field in records._fields.items():
        if field.type == "many2many" and field.comodel_name == "ir.attachment" and field.store:
            attachments |= records[fname]
    if "message_ids" in records._fields:
        messages = env["mail.message"].search(
            [("model", "=", records._name), ("res_id", "in", records.ids)]
        )
        # A message's attachment may be filed under the message itself (a mail received).
        attachments |= messages.attachment_ids
        messages.unlink()
    attachments.unlink()
    if "activity_ids" in records._fields:
        env["mail.activity"].search(domain).unlink()
    if "message_follower_ids" in records._fields:
        env["mail.followers"].search(domain).unlink()


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
        its messages (and their tracking values), activities and followers go too."""
        if not self:
            return
        self.write(dict.fromkeys(self._housing_personal_fields, False))
        # Attachments go on every model (a purchase's receipt has no chatter).
        erase_chatter(self)
