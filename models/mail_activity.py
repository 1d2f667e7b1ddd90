from odoo import api, models

from .chatter_privacy import forbidden_records, guard_domain


class MailActivity(models.Model):
    """The activities planned on a household or a file are the staff's, but for those assigned
    to (or planned by) the user."""

    _inherit = "mail.activity"

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        return super()._search(guard_domain(self, domain), offset, limit, order)

    def _check_access(self, operation):
        result = super()._check_access(operation)
        rest = self - result[0] if result else self
        forbidden = forbidden_records(rest)
        if not forbidden:
            return result
        forbidden |= result[0] if result else self.browse()
        return forbidden, lambda: self.env["ir.rule"]._make_access_error(operation, forbidden)
