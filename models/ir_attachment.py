from odoo import api, models
from odoo.exceptions import AccessError

from .chatter_privacy import forbidden_records, guard_domain


class IrAttachment(models.Model):
    """A document on a household or a file (an RSA certificate, a payslip) is the social-support
    staff's, on every route: the chatter, ``/web/content``, ``search_read``."""

    _inherit = "ir.attachment"

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        guarded = guard_domain(self, domain)
        if guarded is not domain and not self.env.context.get("skip_res_field_check"):
            # The guard names ``id``, which would stop Odoo from hiding field attachments.
            if not any(leaf[0] in ("id", "res_field") for leaf in domain):
                guarded = [("res_field", "=", False), *guarded]
        return super()._search(guarded, offset, limit, order)

    def _check_access(self, operation):
        result = super()._check_access(operation)
        rest = self - result[0] if result else self
        forbidden = forbidden_records(rest, check_documents=True)
        if not forbidden:
            return result
        forbidden |= result[0] if result else self.browse()
        return forbidden, lambda: forbidden._make_access_error(operation)

    def check(self, mode, values=None):
        result = super().check(mode, values=values)
        if forbidden_records(self, check_documents=True):
            raise AccessError(self.env._("Sorry, you are not allowed to access this document."))
        return result
