from datetime import date

from markupsafe import Markup
from werkzeug.exceptions import Forbidden

from odoo import Command, fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.housing_member import GENDERS, RELATIONSHIPS

# The attachments of a referral: each at most this size.
REFERRAL_ATTACHMENT_MAX_MB = 5
# Rows of the form for the people living with the head of household.
REFERRAL_MEMBER_ROWS = 6
REFERRALS_PER_PAGE = 20


class HousingReferralPortal(CustomerPortal):
    """The social referents' door: their referrals (saisines) and the files they follow.

    Portal users have no access right on the housing models: these pages read the files
    through ``housing.accompaniment._portal_referent_files`` and show only the fields below,
    never the staff's notes, the profile flags, the budget or another referent's household."""

    def _prepare_portal_layout_values(self):
        values = super()._prepare_portal_layout_values()
        values["housing_is_referent"] = self._housing_is_referent()
        return values

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "housing_referral_count" in counters:
            values["housing_referral_count"] = (
                len(request.env["housing.accompaniment"]._portal_referent_files())
                if self._housing_is_referent()
                else 0
            )
        return values

    @staticmethod
    def _housing_selection(fname):
        """A selection of household members, in the user's language."""
        field = request.env["housing.member"]._fields[fname]
        return field._description_selection(request.env)

    def _housing_is_referent(self):
        partner = request.env.user.partner_id.sudo()
        return bool(request.env.user.share and partner.parent_id.commercial_partner_id.is_company)

    # ------------------------------------------------------------------
    # List and detail
    # ------------------------------------------------------------------
    @http.route(
        ["/my/referrals", "/my/referrals/page/<int:page>"], type="http", auth="user", website=True
    )
    def portal_my_referrals(self, page=1, **kw):
        Files = request.env["housing.accompaniment"]
        files = Files._portal_referent_files()
        pager = portal_pager(
            url="/my/referrals", total=len(files), page=page, step=REFERRALS_PER_PAGE
        )
        shown = Files._portal_referent_files(
            order="referral_date desc, id desc",
            limit=REFERRALS_PER_PAGE,
            offset=pager["offset"],
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "housing_referrals",
                "referrals": shown,
                "pager": pager,
                "next_appointments": {file.id: file._portal_next_appointment() for file in shown},
            }
        )
        return request.render("housing_accompaniment.portal_my_referrals", values)

    @http.route(["/my/referrals/<int:file_id>"], type="http", auth="user", website=True)
    def portal_my_referral(self, file_id, **kw):
        file = request.env["housing.accompaniment"]._portal_referent_files([("id", "=", file_id)])
        if not file:
            # Another referent's file, or none: the same answer, so that nothing is learnt.
            return request.not_found()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "housing_referral",
                "referral": file,
                "object": file,
                "token": file._portal_ensure_token(),
                "next_appointment": file._portal_next_appointment(),
                "ara_stages": request.env["housing.stage"]
                .sudo()
                .search([("workflow", "=", "ara")]),
                "attachments": request.env["ir.attachment"]
                .sudo()
                .search([("res_model", "=", file._name), ("res_id", "=", file.id)], order="id"),
                "sent": kw.get("sent"),
            }
        )
        return request.render("housing_accompaniment.portal_my_referral", values)

    # ------------------------------------------------------------------
    # The referral form
    # ------------------------------------------------------------------
    @http.route(
        ["/my/referrals/new"], type="http", auth="user", website=True, methods=["GET", "POST"]
    )
    def portal_referral_new(self, **post):
        if not self._housing_is_referent():
            raise Forbidden()
        errors = {}
        if request.httprequest.method == "POST":
            files = request.httprequest.files.getlist("attachments")
            referral, errors = self._housing_referral_create(post, files)
            if referral:
                return request.redirect(f"/my/referrals/{referral.id}?sent=1")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "housing_referral_new",
                "form": post,
                "errors": errors,
                "genders": self._housing_selection("gender"),
                "relationships": [
                    (key, label)
                    for key, label in self._housing_selection("relationship")
                    if key != "head"
                ],
                "member_rows": range(1, REFERRAL_MEMBER_ROWS + 1),
                "max_mb": REFERRAL_ATTACHMENT_MAX_MB,
                "today": fields.Date.to_string(fields.Date.context_today(request.env.user)),
            }
        )
        return request.render("housing_accompaniment.portal_referral_new", values)

    def _housing_referral_create(self, post, files):
        """Check everything the referent typed, then create the household (or take the one
        already registered), the file and its attachments in one go.

        Returns ``(file, errors)``: the file, or an empty recordset and ``{field: message}``
        when something must be fixed; then nothing was created."""
        _ = request.env._
        errors = {}
        values, errors = self._housing_referral_parse(post, errors)
        attachments = []
        max_bytes = REFERRAL_ATTACHMENT_MAX_MB * 1024 * 1024
        for upload in files:
            if not upload or not upload.filename:
                continue
            data = upload.read()
            if len(data) > max_bytes:
                errors["attachments"] = _(
                    "%(name)s is larger than %(size)s MB: send a smaller or compressed copy, "
                    "and attach it again with the other files.",
                    name=upload.filename,
                    size=REFERRAL_ATTACHMENT_MAX_MB,
                )
            attachments.append((upload.filename, data, upload.mimetype))
        Files = request.env["housing.accompaniment"]
        company = request.env.user.company_id
        household = request.env["housing.household"]
        if not errors:
            household, open_file = self._housing_referral_household(values, company)
            if open_file:
                errors["duplicate"] = _(
                    "This household already has an open ARA file with the association: it "
                    "cannot be referred twice. Write to the team on that file, or ask the "
                    "association's coordinator."
                )
        if errors:
            if attachments and "attachments" not in errors:
                errors["attachments"] = _(
                    "For your security the browser does not keep the files: attach them again."
                )
            return Files, errors
        try:
            with request.env.cr.savepoint():
                file = self._housing_referral_write(values, household, company, attachments)
        except (UserError, ValidationError) as error:
            return Files, {"form": error.args[0]}
        return file, {}

    def _housing_referral_parse(self, post, errors):
        """The form's values, checked: ``(values, errors)``."""
        _ = request.env._
        today = fields.Date.context_today(request.env.user)

        def text(name):
            return (post.get(name) or "").strip()

        def parse_date(name, label, required=False):
            raw = text(name)
            if not raw:
                if required:
                    errors[name] = _("Enter %(label)s.", label=label)
                return False
            try:
                value = date.fromisoformat(raw)
            except ValueError:
                errors[name] = _("%(label)s is not a date: use the calendar.", label=label)
                return False
            if value > today:
                errors[name] = (
                    _("%(label)s is in the future: correct it.", label=label)
                    if required
                    else _(
                        "%(label)s is in the future: correct it, or leave it empty if it is "
                        "not known.",
                        label=label,
                    )
                )
                return False
            return value

        required = {
            "head_name": _("the name of the head of household"),
            "street": _("the street"),
            "zip": _("the postcode"),
            "city": _("the city"),
            "referral_reason": _("the reason for the referral"),
        }
        for name, label in required.items():
            if not text(name):
                errors[name] = _("Enter %(label)s.", label=label)
        if not text("phone") and not text("email"):
            errors["phone"] = _("Enter a phone number or an e-mail address of the household.")
        if text("email") and "@" not in text("email"):
            errors["email"] = _("The e-mail address is not valid: check it.")
        gender_keys = {key for key, _label in GENDERS}
        relationship_keys = {key for key, _label in RELATIONSHIPS} - {"head"}
        values = {
            "head_name": text("head_name"),
            "head_gender": text("head_gender") if text("head_gender") in gender_keys else False,
            "head_birth_date": parse_date(
                "head_birth_date", _("The birth date of the head of household"), required=True
            ),
            "phone": text("phone"),
            "email": text("email"),
            "street": text("street"),
            "zip": text("zip"),
            "city": text("city"),
            "referral_reason": text("referral_reason"),
            "works_wished": text("works_wished"),
            "members": [],
        }
        for row in range(1, REFERRAL_MEMBER_ROWS + 1):
            name = text(f"member_name_{row}")
            birth_date = parse_date(
                f"member_birth_date_{row}", _("The birth date of person %(row)s", row=row)
            )
            if not name:
                if text(f"member_birth_date_{row}"):
                    errors[f"member_name_{row}"] = _("Enter the name of person %(row)s.", row=row)
                continue
            relationship = text(f"member_relationship_{row}")
            gender = text(f"member_gender_{row}")
            values["members"].append(
                {
                    "name": name,
                    "relationship": relationship if relationship in relationship_keys else "other",
                    "gender": gender if gender in gender_keys else False,
                    "birth_date": birth_date,
                }
            )
        if post.get("consent") != "on":
            errors["consent"] = _(
                "Without the household's consent to share its data, there is no referral: "
                "ask for it, then tick the box."
            )
        values["consent_date"] = parse_date(
            "consent_date", _("The date of the consent"), required=True
        )
        return values, errors

    def _housing_referral_household(self, values, company):
        """The household already registered under this head of household (same name and
        birth date), if any, and its open ARA file."""
        name = values["head_name"].replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
        household = (
            request.env["housing.household"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("anonymised_date", "=", False),
                    (
                        "member_ids",
                        "any",
                        [
                            ("is_head", "=", True),
                            ("name", "=ilike", name),
                            ("birth_date", "=", values["head_birth_date"]),
                        ],
                    ),
                ],
                limit=1,
            )
        )
        open_file = household.accompaniment_ids.filtered(
            lambda f: f.workflow == "ara" and not f.is_closed
        )
        return household, open_file

    def _housing_referral_write(self, values, household, company, attachments):
        env = request.env(context=dict(request.env.context, mail_create_nosubscribe=True))
        user = env.user
        composition = Markup("").join(
            Markup("<li>%s</li>")
            % " · ".join(
                str(part)
                for part in (
                    member["name"],
                    dict(self._housing_selection("relationship")).get(member["relationship"], ""),
                    member["birth_date"] or "",
                )
                if part
            )
            for member in values["members"]
        )
        if not household:
            tenant = (
                env["res.partner"]
                .sudo()
                .create(
                    {
                        "name": values["head_name"],
                        "phone": values["phone"],
                        "email": values["email"],
                        "street": values["street"],
                        "zip": values["zip"],
                        "city": values["city"],
                        "company_id": company.id,
                    }
                )
            )
            household = (
                env["housing.household"]
                .sudo()
                .with_company(company)
                .create(
                    {
                        "tenant_partner_id": tenant.id,
                        "company_id": company.id,
                        "referent_partner_id": user.partner_id.id,
                        "member_ids": [
                            Command.create(
                                {
                                    "name": values["head_name"],
                                    "partner_id": tenant.id,
                                    "relationship": "head",
                                    "gender": values["head_gender"],
                                    "birth_date": values["head_birth_date"],
                                }
                            )
                        ]
                        + [Command.create(member) for member in values["members"]],
                    }
                )
            )
            composition = False
        file = (
            env["housing.accompaniment"]
            .sudo()
            .with_company(company)
            .create(
                {
                    "household_id": household.id,
                    "workflow": "ara",
                    "stage_id": env.ref("housing_accompaniment.stage_ara_referral").id,
                    "company_id": company.id,
                    "user_id": False,
                    "referent_partner_id": user.partner_id.id,
                    "referral_date": fields.Date.context_today(user),
                    "referral_reason": values["referral_reason"],
                    "works_wished": values["works_wished"],
                    "referral_state": "submitted",
                    "consent_date": values["consent_date"],
                    "consent_user_id": user.id,
                }
            )
        )
        for name, data, mimetype in attachments:
            env["ir.attachment"].sudo().create(
                {
                    "name": name,
                    "raw": data,
                    "mimetype": mimetype,
                    "res_model": file._name,
                    "res_id": file.id,
                }
            )
        file._subscribe_coordinators()
        body = Markup("<p>%s</p>") % env._(
            "New referral from %(referent)s (%(organisation)s): accept or decline it.",
            referent=user.partner_id.name,
            organisation=user.partner_id.parent_id.commercial_partner_id.name,
        )
        if composition:
            body += Markup("<p>%s</p><ul>%s</ul>") % (
                env._(
                    "The household was already registered: the people living with the head "
                    "of household, as the referent typed them, to check against the register:"
                ),
                composition,
            )
        file.message_post(
            body=body,
            message_type="notification",
            subtype_xmlid="housing_accompaniment.mt_accompaniment_referral",
            author_id=user.partner_id.id,
        )
        return file
