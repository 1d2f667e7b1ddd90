"""Who reads the chatter of the records that describe people.

On households, members, files and what hangs from them (visits, purchases, work items, kits,
mutual aid, rights), and on dwellings and workshops, the messages, attachments, followers and
activities are the social-support staff's. A user outside the group "Social-support user" (a
technical facilitator, an accountant) reads there only:

- messages they wrote or were addressed to, and messages that are not internal notes
  (a message sent to the followers), never a staff member's internal note;
- attachments they uploaded, those of the messages above, and the typed documents of the
  files (worksite photos, receipts) but those of a staff-only type;
- the followers who are themselves or internal users, never a tenant or another contact;
- activities assigned to them or that they planned.

Every user, staff included, reads them only on records they may read (another company's
staff reads nothing). The overrides of ``mail.message``, ``ir.attachment``, ``mail.followers``
and ``mail.activity`` apply these rules to their searches and to every access by id, so that
no route (the chatter, ``/web/content``, ``search_read``) shows more.
"""

from odoo.osv import expression
from odoo.tools import SQL

CONFIDENTIAL_MODELS = (
    "housing.household",
    "housing.member",
    "housing.accompaniment",
    "housing.visit",
    "housing.purchase.line",
    "housing.work.item",
    "housing.kit.installation",
    "housing.mutual.aid",
    "housing.right.line",
    "housing.dwelling",
    "housing.workshop",
    "housing.workshop.attendance",
)
STAFF_GROUP = "housing_accompaniment.group_housing_user"


def is_restricted(env):
    """Whether the user reads only the shared part of the confidential chatter."""
    return not env.su and not env.user.has_group(STAFF_GROUP)


def public_message_attachments_sql():
    """The attachments of messages on confidential records that are not internal notes."""
    return SQL(
        """(SELECT rel.attachment_id
             FROM message_attachment_rel rel
             JOIN mail_message message ON message.id = rel.message_id
             JOIN mail_message_subtype subtype ON subtype.id = message.subtype_id
            WHERE message.model IN %s
              AND message.is_internal IS NOT TRUE
              AND subtype.internal IS NOT TRUE)""",
        CONFIDENTIAL_MODELS,
    )


def allowed_domain(model):
    """What a restricted user may read on confidential records of ``model``."""
    env = model.env
    uid, pid = env.uid, env.user.partner_id.id
    if model._name == "mail.message":
        return [
            "|",
            "|",
            "|",
            ("author_id", "=", pid),
            ("create_uid", "=", uid),
            ("partner_ids", "in", [pid]),
            "&",
            ("is_internal", "=", False),
            ("subtype_id.internal", "=", False),
        ]
    if model._name == "ir.attachment":
        # Typed documents of the files (worksite photos, receipts) are shared with whoever
        # follows the file; the staff-only types are hidden by ``ir.attachment`` itself.
        return [
            "|",
            "|",
            ("create_uid", "=", uid),
            ("housing_document_type_id", "!=", False),
            ("id", "in", public_message_attachments_sql()),
        ]
    if model._name == "mail.followers":
        return [
            "|",
            ("partner_id", "=", pid),
            ("partner_id.user_ids", "any", [("share", "=", False)]),
        ]
    return ["|", ("user_id", "=", uid), ("create_uid", "=", uid)]  # mail.activity


def model_field(model):
    return "model" if model._name == "mail.message" else "res_model"


def guard_domain(model, domain):
    """``domain`` restricted to what the user may read of the confidential chatter."""
    if not is_restricted(model.env):
        return domain
    return expression.AND(
        [domain, ["|", (model_field(model), "not in", CONFIDENTIAL_MODELS)] + allowed_domain(model)]
    )


def forbidden_records(records, check_documents=False):
    """The records of ``records`` (messages, attachments, followers, activities) that the user
    may not read under the rules above."""
    if records.env.su or not records.ids:
        return records.browse()
    fname = model_field(records)
    sudo = records.sudo().with_context(active_test=False)
    rows = sudo.search_fetch([("id", "in", records.ids)], [fname, "res_id"])
    confidential = rows.filtered(lambda row: row[fname] in CONFIDENTIAL_MODELS)
    if not confidential:
        return records.browse()
    allowed = confidential
    if is_restricted(records.env):
        allowed = sudo.search([("id", "in", confidential.ids)] + allowed_domain(records))
    if check_documents:
        allowed = documents_readable(records.env, allowed, fname)
    return records.browse((confidential - allowed).ids)


def documents_readable(env, rows, fname):
    """The rows of ``rows`` whose document (``fname``, ``res_id``) the user may read."""
    by_model = {}
    # An upload not yet linked to its record (res_id 0, as the web client sends a new photo
    # before the form is saved) is left to Odoo's own attachment rules.
    readable = rows.filtered(lambda row: not row.res_id)
    for row in rows - readable:
        by_model.setdefault(row[fname], set()).add(row.res_id)
    for model_name, res_ids in by_model.items():
        Model = env[model_name].with_context(active_test=False)
        if not Model.has_access("read"):
            continue
        ids = set(Model.search([("id", "in", list(res_ids))]).ids)
        readable |= rows.filtered(
            lambda row, ids=ids, name=model_name: row[fname] == name and row.res_id in ids
        )
    return readable


def check_access_result(records, result, operation, check_documents=False):
    """``result`` of Odoo's ``_check_access`` on ``records``, with the records the rules above
    forbid added to the forbidden ones."""
    rest = records - result[0] if result else records
    forbidden = forbidden_records(rest, check_documents=check_documents)
    if not forbidden:
        return result
    forbidden |= result[0] if result else records.browse()
    return forbidden, lambda: records.env["ir.rule"]._make_access_error(operation, forbidden)
