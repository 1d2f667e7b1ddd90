import re
from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import escape

from odoo import api, fields, models
from odoo.osv import expression

# Names shorter than this are not searched for in shared texts (they would match plain words).
MIN_SCRUBBED_LENGTH = 3


class HousingHouseholdRetention(models.Model):
    """Retention and anonymisation: the last contact with each household, the households past
    their company's retention period, and the erasure of their personal data, model by model
    (each model names its own personal fields)."""

    # One model in several files (each under ~450 lines).
    _inherit = "housing.household"  # pylint: disable=consider-merging-classes-inherited

    def _last_contact_dates(self):
        """The last contact with each household, as ``{household_id: date}``: the latest of
        its files' start and closing dates, of its visits, of the workshops its members came to
        and of the help it gave on other worksites; its creation when it has none."""
        last = {}
        # (model, field naming the household, date aggregates, extra domain)
        sources = [
            ("housing.accompaniment", "household_id", ["start_date:max", "close_date:max"], []),
            ("housing.visit", "household_id", ["visit_datetime:max"], [("state", "=", "done")]),
            # Coming to a workshop, or helping on another household's worksite, is contact too.
            (
                "housing.workshop.attendance",
                "household_id",
                ["workshop_date:max"],
                [("is_present", "=", True)],
            ),
            ("housing.mutual.aid", "helper_household_id", ["aid_date:max"], []),
        ]
        for model, fname, aggregates, domain in sources:
            # sudo: the last contact is found in all the household's records, whoever runs the
            # retention (the daily job, a manager's preview).
            Model = self.env[model].sudo().with_context(active_test=False)
            for household, *days in Model._read_group(
                [(fname, "in", self.ids), *domain], [fname], aggregates
            ):
                for day in days:
                    day = day and fields.Date.to_date(day)
                    if day and (household.id not in last or day > last[household.id]):
                        last[household.id] = day
        for household in self:
            last.setdefault(household.id, household.create_date.date())
        return last

    @api.model
    def _anonymisation_candidates(self, company=None, today=None):
        """Households whose files are all closed and whose last contact is older than their
        company's retention period, not yet anonymised."""
        today = today or fields.Date.context_today(self)
        candidates = self.browse()
        # sudo: the retention looks at every company's households and their files, not only those
        # the user running it may read.
        companies = company or self.env["res.company"].sudo().search([])
        for company in companies:
            limit = today - relativedelta(months=company.housing_retention_months or 24)
            households = (
                self.sudo()
                .with_context(active_test=False)
                .search(
                    [
                        ("company_id", "=", company.id),
                        ("anonymised_date", "=", False),
                        "!",
                        (
                            "accompaniment_ids",
                            "any",
                            [("is_closed", "=", False), ("active", "=", True)],
                        ),
                    ]
                )
            )
            last = households._last_contact_dates()
            candidates |= households.filtered(lambda h, last=last, limit=limit: last[h.id] < limit)
        return candidates.with_env(self.env)

    @api.model
    def _housing_personal_models(self):
        """The models that declare personal data of households (``_housing_personal_fields``,
        see ``housing.personal.data.mixin``)."""
        return [
            self.env[name]
            for name, model_class in self.env.registry.items()
            if not model_class._abstract and getattr(model_class, "_housing_personal_fields", None)
        ]

    def _anonymise(self):
        """Erase the personal data of these households; keep what the yearly figures need.

        Every model holding personal data of households (``housing.personal.data.mixin``)
        erases its own: names, contact details, free-text notes, visit notes, attachments,
        chatter messages, activities and followers go; birth dates are coarsened as far as
        the counts of every past period allow (``housing_retention_rules``); gender, flags,
        dates and links stay, so that past reports give the same figures. Contacts shared with
        someone else (a user, another household) are left to them, replaced by anonymous
        ones. Irreversible."""
        if not self:
            return
        # sudo: the anonymisation runs from the daily job or a manager's wizard and must reach
        # every record of the households, whatever the record rules (other facilitators' files).
        self = self.sudo().with_context(active_test=False, tracking_disable=True)
        today = fields.Date.context_today(self)
        # What names the people in records shared with others goes first, while the names
        # are known.
        self._housing_scrub_shared_texts()
        self._housing_erase_import_traces()
        self._housing_release_shared_contacts()
        for Model in self._housing_personal_models():
            Model._housing_personal_records(self)._housing_erase_personal_data(self)
        self.write({"anonymised_date": today})

    def _housing_counted_since(self):
        """``{household id: day}``: the first day a period may end and count the members of
        the household: its first file's start, or the first workshop one of them came to
        (a day early, for the time zone); today when it has neither."""
        first = {}

        def keep(household_id, day):
            if day and (household_id not in first or day < first[household_id]):
                first[household_id] = day

        Files = self.env["housing.accompaniment"].sudo().with_context(active_test=False)
        for household, start in Files._read_group(
            [("household_id", "in", self.ids), ("start_date", "!=", False)],
            ["household_id"],
            ["start_date:min"],
        ):
            keep(household.id, start)
        Lines = self.env["housing.workshop.attendance"].sudo()
        members = self.with_context(active_test=False).member_ids
        household_of_partner = {m.partner_id.id: m.household_id.id for m in members if m.partner_id}
        for household, partner, day in Lines._read_group(
            [
                "|",
                ("household_id", "in", self.ids),
                ("partner_id", "in", list(household_of_partner)),
            ],
            ["household_id", "partner_id"],
            ["workshop_date:min"],
        ):
            household_id = household.id or household_of_partner.get(partner.id)
            if household_id in self.ids:
                keep(household_id, day.date() - timedelta(days=1))
        today = fields.Date.context_today(self)
        return {household.id: first.get(household.id, today) for household in self}

    def _housing_shared_contacts(self):
        """``(shared, live elsewhere)``: the contacts of these households' members that are
        someone else's too (a user's, an organisation's, a social referent's, a member's or
        tenant's of a household not anonymised), and among them those of a household not
        anonymised."""
        members = self.member_ids
        partners = self.tenant_partner_id | members.partner_id
        others = self.search(
            [
                ("id", "not in", self.ids),
                ("anonymised_date", "=", False),
                "|",
                ("tenant_partner_id", "in", partners.ids),
                ("member_ids.partner_id", "in", partners.ids),
            ]
        )
        live_elsewhere = others.tenant_partner_id | others.member_ids.partner_id
        referents = self.search([("referent_partner_id", "in", partners.ids)]).referent_partner_id
        shared = partners.filtered(
            lambda p: (
                p.user_ids
                or p.is_company
                or p.child_ids
                or p.housing_role_ids
                or p in live_elsewhere
                or p in referents
            )
        )
        return shared, live_elsewhere & partners

    def _housing_release_shared_contacts(self):
        """Give anonymous contacts to the members whose contact is someone else's too
        (``_housing_shared_contacts``): that contact keeps its data, the member and the
        household are unlinked from it. The workshop attendance registered through it moves
        to the anonymous contact, unless the person still lives in another household, so that
        it still counts the member once."""
        shared, live_elsewhere = self._housing_shared_contacts()
        if not shared:
            return
        keys, vals_list = [], []
        for household in self:
            for partner in (household.tenant_partner_id | household.member_ids.partner_id) & shared:
                keys.append((household, partner))
                if partner == household.tenant_partner_id:
                    name = self.env._("Anonymised household %(ref)s", ref=household.name)
                else:
                    name = self.env._("Anonymised member of household %(ref)s", ref=household.name)
                vals_list.append({"name": name, "company_id": household.company_id.id})
        fresh = self.env["res.partner"].create(vals_list)
        Lines = self.env["housing.workshop.attendance"].sudo()
        lines = Lines.search(
            [("member_id", "=", False), ("partner_id", "in", (shared - live_elsewhere).ids)]
        )
        for (household, partner), new in zip(keys, fresh, strict=True):
            # The lines first: once the member has the new contact, a line given it would be
            # turned into a member's line and count the household at the workshop.
            lines.filtered(lambda line, partner=partner: line.partner_id == partner).write(
                {"partner_id": new.id}
            )
            if household.tenant_partner_id == partner:
                household.tenant_partner_id = new
            household.member_ids.filtered(lambda m, partner=partner: m.partner_id == partner).write(
                {"partner_id": new.id}
            )

    def _housing_erase_import_traces(self):
        """The designation files imported for these households (they list the candidates)
        and the import previews still open that name them."""
        files = (
            self.env["housing.accompaniment"]
            .with_context(active_test=False)
            .search([("household_id", "in", self.ids)])
        )
        logs = self.env["housing.designation.import.log"].search(
            [("accompaniment_ids", "in", files.ids)]
        )
        logs.write({"source_file": False, "error_file": False})
        numbers = [number for number in self.mapped("application_number") if number]
        names = [name for name in self._housing_person_texts() if len(name) >= MIN_SCRUBBED_LENGTH]
        lines = self.env["housing.designation.import.line"].search(
            expression.OR([[("application_number", "in", numbers)], [("person", "in", names)]])
        )
        wizards = lines.wizard_id
        if names:
            # The rows of the file a preview read are kept as JSON.
            self.env.cr.execute(
                "SELECT id FROM housing_designation_import_wizard "
                "WHERE file_rows::text ILIKE ANY(%s)",
                [[f"%{name}%" for name in names]],
            )
            wizards |= wizards.browse([row[0] for row in self.env.cr.fetchall()])
        wizards.unlink()

    def _housing_person_texts(self):
        """``{text: replacement}``: what names or reaches the members of these households (their
        names, their contacts' names, e-mail addresses and phone numbers) and what stands for
        it once anonymised."""
        texts = {}
        shared, _live_elsewhere = self._housing_shared_contacts()
        for household in self:
            for index, member in enumerate(household.member_ids, start=1):
                label = self.env._("Member %(index)s", index=index)
                # A contact shared with someone else keeps its data (and its name elsewhere).
                partner = member.partner_id - shared
                for text in (member.name, partner.name):
                    if text:
                        texts.setdefault(text, label)
                for text in (partner.email, partner.phone, partner.mobile):
                    if text:
                        texts.setdefault(text, "")
            tenant = household.tenant_partner_id - shared
            for text in (tenant.name, tenant.email, tenant.phone, tenant.mobile):
                if text:
                    texts.setdefault(text, "")
        return texts

    def _housing_scrub_shared_texts(self):
        """Workshops are shared by many households: their notes and messages keep their text,
        but without the names, e-mail addresses and phone numbers of these households'
        members."""
        texts = {
            text: label
            for text, label in self._housing_person_texts().items()
            if len(text) >= MIN_SCRUBBED_LENGTH
        }
        if not texts:
            return
        # The longest first: "Jean Martin" before "Jean".
        variants = sorted(
            {variant for text in texts for variant in (text, str(escape(text)))},
            key=len,
            reverse=True,
        )
        pattern = re.compile("|".join(map(re.escape, variants)), re.IGNORECASE)
        lower = {
            variant.lower(): label
            for text, label in texts.items()
            for variant in (text, str(escape(text)))
        }

        def scrub(value):
            return pattern.sub(lambda match: lower[match.group(0).lower()], value)

        shared, _live_elsewhere = self._housing_shared_contacts()
        partners = (self.member_ids.partner_id | self.tenant_partner_id) - shared
        workshops = (
            self.env["housing.workshop.attendance"]
            .sudo()
            .search(["|", ("household_id", "in", self.ids), ("partner_id", "in", partners.ids)])
            .workshop_id
        )
        by_value = defaultdict(lambda: workshops.browse())
        for workshop in workshops.filtered("notes"):
            notes = scrub(workshop.notes)
            if notes != workshop.notes:
                by_value[notes] |= workshop
        for notes, scrubbed in by_value.items():
            scrubbed.write({"notes": notes})
        messages = self.env["mail.message"].search(
            [("model", "=", "housing.workshop"), ("res_id", "in", workshops.ids)]
        )
        for message in messages:
            vals = {
                fname: scrub(message[fname])
                for fname in ("body", "subject")
                if message[fname] and scrub(message[fname]) != message[fname]
            }
            if vals:
                message.write(vals)

    @api.model
    def _cron_anonymise(self):
        """Daily: anonymise the households past their retention period."""
        self._anonymisation_candidates()._anonymise()
