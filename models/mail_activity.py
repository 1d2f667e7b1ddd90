from odoo import api, models

from .chatter_privacy import check_access_result, guard_domain


class MailActivity(models.Model):
    """The activities planned on a household or a file are the staff's, but for those assigned
    to (or planned by) the user."""

    _inherit = "mail.activity"

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        return super()._search(guard_domain(self, domain), offset, limit, order)

    def _check_access(self, operation):
        return check_access_result(self, super()._check_access(operation), operation)
