from odoo import api, models

from .chatter_privacy import forbidden_records, guard_domain


class MailFollowers(models.Model):
    """The followers of a household or a file name the tenant: only the staff reads them."""

    _inherit = "mail.followers"

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        query = super()._search(guard_domain(self, domain), offset, limit, order)
        if self.env.su:
            return query
        found = self.browse(query)
        return (found - forbidden_records(found, check_documents=True))._as_query(order)

    def _check_access(self, operation):
        result = super()._check_access(operation)
        rest = self - result[0] if result else self
        forbidden = forbidden_records(rest, check_documents=True)
        if not forbidden:
            return result
        forbidden |= result[0] if result else self.browse()
        return forbidden, lambda: self.env["ir.rule"]._make_access_error(operation, forbidden)
