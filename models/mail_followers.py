from odoo import api, models

from .chatter_privacy import check_access_result, forbidden_records, guard_domain


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
        return check_access_result(
            self, super()._check_access(operation), operation, check_documents=True
        )
