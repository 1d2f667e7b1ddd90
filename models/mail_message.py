from odoo import api, models

from .chatter_privacy import check_access_result, guard_domain


class MailMessage(models.Model):
    """A staff member's internal note on a household or a file is the staff's alone."""

    _inherit = "mail.message"

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        return super()._search(guard_domain(self, domain), offset, limit, order)

    def _check_access(self, operation):
        return check_access_result(self, super()._check_access(operation), operation)
