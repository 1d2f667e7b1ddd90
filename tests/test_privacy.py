from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import HousingCase
from .portal_common import HousingPortalCase


@tagged("post_install", "-at_install")
class TestPrivacy(HousingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2017-01-21"):  # the day after the tripartite visit
            cls.old = cls._household(
                "Mme Ancienne",
                members=[("Enfant Ancienne", "child", "male", date(2005, 7, 14))],
                head_birth_date=date(1981, 9, 23),
                dwelling_id=cls.dwellings[0].id,
                is_rsa_beneficiary=True,
                notes="<p>Debts with the energy supplier.</p>",
            )
            cls.old.tenant_partner_id.write(
                {"email": "ancienne@example.com", "phone": "06 00 00 00 00", "street": "1 rue X"}
            )
            cls.old_file = cls.env["housing.accompaniment"].create(
                {
                    "household_id": cls.old.id,
                    "workflow": "ara",
                    "referral_date": date(2017, 1, 5),
                    "facilitator_id": cls.facilitator.id,
                    "referral_reason": "Damp walls, children's health.",
                }
            )
            cls.old_visit = cls.env["housing.visit"].create(
                {
                    "accompaniment_id": cls.old_file.id,
                    "visit_type": "tripartite",
                    "visit_datetime": datetime(2017, 1, 20, 10, 0),
                    "state": "done",
                    "notes": "<p>The mother is depressed.</p>",
                }
            )
        cls.old_file.write({"outcome": "abandoned", "abandon_reason": "Moved out"})
        cls.old_file.write(
            {"stage_id": cls._stage("ara_closed").id, "close_date": date(2017, 6, 30)}
        )
        cls.old.message_post(body="Called the CAF about the housing benefit.")
        cls.env["ir.attachment"].create(
            {
                "name": "payslip.pdf",
                "res_model": "housing.household",
                "res_id": cls.old.id,
                "raw": b"%PDF-1.4 payslip",
            }
        )

    def test_candidates_respect_retention_and_open_files(self):
        with freeze_time("2019-06-29"):
            self.assertNotIn(self.old, self.old._anonymisation_candidates())
        with freeze_time("2019-07-01"):
            self.assertIn(self.old, self.old._anonymisation_candidates())
            # A household with an open file stays, whatever its age.
            self.env["housing.accompaniment"].create(
                {"household_id": self.old.id, "workflow": "new_entrant"}
            )
            self.assertNotIn(self.old, self.old._anonymisation_candidates())

    def test_retention_setting(self):
        self.env.company.housing_retention_months = 60
        with freeze_time("2019-07-01"):
            self.assertNotIn(self.old, self.old._anonymisation_candidates())
        with freeze_time("2022-07-01"):
            self.assertIn(self.old, self.old._anonymisation_candidates())

    def test_anonymisation_removes_personal_data_and_keeps_figures(self):
        figures_before = self.old._people_figures(date(2017, 12, 31))
        with freeze_time("2019-07-01"):
            self.env["housing.household"]._cron_anonymise()
        household = self.old
        household.invalidate_recordset()
        self.assertEqual(household.anonymised_date, date(2019, 7, 1))
        tenant = household.tenant_partner_id
        self.assertNotIn("Ancienne", tenant.name)
        self.assertFalse(tenant.email or tenant.phone or tenant.street)
        self.assertNotIn("Ancienne", household.display_name)
        self.assertEqual(sorted(household.member_ids.mapped("name")), ["Member 1", "Member 2"])
        head = household.member_ids.filtered("is_head")
        self.assertEqual(head.birth_date, date(1981, 1, 1), "the birth year stays, not the day")
        self.assertEqual(head.gender, "female")
        self.assertFalse(household.notes)
        self.assertTrue(household.is_rsa_beneficiary, "flags stay")
        self.assertEqual(household.dwelling_id, self.dwellings[0], "links stay")
        self.assertFalse(self.old_file.referral_reason)
        self.assertFalse(self.old_file.abandon_reason)
        self.assertEqual(self.old_file.close_date, date(2017, 6, 30), "dates stay")
        self.assertFalse(self.old_visit.notes)
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", "housing.household"), ("res_id", "=", household.id)]
            )
        )
        for record in (household, self.old_file, self.old_visit):
            self.assertFalse(
                self.env["mail.message"].search(
                    [("model", "=", record._name), ("res_id", "=", record.id)]
                ),
                record._name,
            )
        self.assertEqual(household._people_figures(date(2017, 12, 31)), figures_before)
        # Done once: the next run leaves it alone.
        with freeze_time("2019-07-02"):
            self.assertNotIn(household, household._anonymisation_candidates())

    def test_wizard_previews_and_runs(self):
        with freeze_time("2019-07-01"):
            wizard = self.env["housing.anonymisation.wizard"].with_user(self.manager).create({})
            self.assertIn(self.old, wizard.household_ids)
            self.assertFalse(self.old.anonymised_date, "a preview changes nothing")
            wizard.action_anonymise()
        self.assertEqual(self.old.anonymised_date, date(2019, 7, 1))

    def test_wizard_is_for_managers(self):
        with self.assertRaises(AccessError):
            self.env["housing.anonymisation.wizard"].with_user(self.staff).create({})

    def test_sensitive_fields_hidden_from_facilitators(self):
        # The facilitator follows this household's ARA file: they may read the household,
        # but not its RSA status, family situation or notes.
        household = self.env["housing.household"].with_user(self.facilitator).browse(self.old.id)
        self.assertTrue(household.tenant_partner_id)
        for fname in ("is_rsa_beneficiary", "is_dalo", "is_single_parent", "notes"):
            with self.assertRaises(AccessError, msg=fname):
                household.read([fname])
        arch = (
            self.env["housing.household"]
            .with_user(self.facilitator)
            .get_views([(False, "form"), (False, "kanban"), (False, "search")])
        )
        for view in arch["views"].values():
            self.assertNotIn("is_rsa_beneficiary", view["arch"])
            self.assertNotIn('name="notes"', view["arch"])

    def test_facilitator_sees_only_own_files(self):
        other_household = self._household("Mme Autre", dwelling_id=self.dwellings[1].id)
        other_file = self.env["housing.accompaniment"].create(
            {
                "household_id": other_household.id,
                "workflow": "ara",
                "facilitator_id": self.other_facilitator.id,
                "referral_date": date(2017, 2, 1),
            }
        )
        ne_file = self.env["housing.accompaniment"].create(
            {"household_id": other_household.id, "workflow": "new_entrant"}
        )
        Files = self.env["housing.accompaniment"].with_user(self.facilitator)
        self.assertEqual(Files.search([]), self.old_file)
        with self.assertRaises(AccessError):
            Files.browse(other_file.id).read(["name"])
        with self.assertRaises(AccessError):
            Files.browse(ne_file.id).read(["name"])
        Households = self.env["housing.household"].with_user(self.facilitator)
        self.assertEqual(Households.search([]), self.old)
        with self.assertRaises(AccessError):
            Households.browse(other_household.id).read(["name"])
        with self.assertRaises(AccessError):
            self.env["housing.member"].with_user(self.facilitator).browse(
                other_household.member_ids.ids
            ).read(["name"])

    def test_user_of_another_company_sees_nothing(self):
        company_b = self.env["res.company"].create({"name": "Other landlord company"})
        user_b = self.env["res.users"].create(
            {
                "name": "Staff B",
                "login": "staff_b",
                "company_id": company_b.id,
                "company_ids": [Command.set(company_b.ids)],
                "groups_id": [
                    Command.set([self.env.ref("housing_accompaniment.group_housing_user").id])
                ],
            }
        )
        env_b = self.env(
            user=user_b, context=dict(self.env.context, allowed_company_ids=company_b.ids)
        )
        self.assertFalse(env_b["housing.household"].search([]))
        self.assertFalse(env_b["housing.accompaniment"].search([]))
        with self.assertRaises(AccessError):
            env_b["housing.household"].browse(self.old.id).read(["name"])

    def test_accountant_cannot_read_people(self):
        for model in (
            "housing.household",
            "housing.member",
            "housing.visit",
            "housing.accompaniment",
        ):
            with self.assertRaises(AccessError, msg=model) as error:
                self.env[model].with_user(self.accountant).search([])
            self.assertRegex(
                str(error.exception),
                r"allowed for the following groups:\n\t- Housing Accompaniment/",
                "says which group is needed",
            )
        with self.assertRaises(AccessError):
            self.old.member_ids.with_user(self.accountant).read(["name"])

    def test_accountant_cannot_read_a_tenant_contact(self):
        tenant = self.old.tenant_partner_id
        Partner = self.env["res.partner"].with_user(self.accountant)
        self.assertFalse(Partner.search([("id", "=", tenant.id)]))
        with self.assertRaises(AccessError):
            Partner.browse(tenant.id).read(["name"])
        # Organisations and other contacts stay readable, and managers see tenants.
        self.assertTrue(Partner.search([("id", "=", self.landlord.id)]))
        self.assertTrue(
            self.env["res.partner"].with_user(self.manager).search([("id", "=", tenant.id)])
        )

    def test_facilitator_cannot_repoint_a_file(self):
        other = self._household("Mme Voisine", dwelling_id=self.dwellings[3].id)
        file = self.old_file.with_user(self.facilitator)
        with self.assertRaisesRegex(AccessError, "social-support staff"):
            file.write({"household_id": other.id})
        with self.assertRaises(AccessError):
            other.with_user(self.facilitator).read(["name"])
        # The worksite data stays theirs to fill in.
        file.write({"household_hours": 12})
        self.assertEqual(self.old_file.household_hours, 12)

    def test_accountant_cannot_read_members_or_archived_tenants(self):
        spouse = self.env["res.partner"].create({"name": "M. Conjoint"})
        self.old.member_ids = [
            Command.create(
                {"name": "M. Conjoint", "partner_id": spouse.id, "relationship": "spouse"}
            )
        ]
        self.old.action_archive()
        Partner = self.env["res.partner"].with_user(self.accountant)
        for partner in (self.old.tenant_partner_id, spouse):
            with self.assertRaises(AccessError, msg=partner.name):
                Partner.browse(partner.id).read(["name"])

    def test_contact_form_opens_for_a_facilitator(self):
        # The smart buttons of a contact count the households it heads (or refers, for
        # social-support users): a facilitator opening a contact must not hit an error.
        referent = self.env["res.partner"].with_user(self.facilitator).browse(self.referent.id)
        self.assertEqual(referent.headed_household_count, 0)
        views = self.env["res.partner"].with_user(self.facilitator).get_views([(False, "form")])
        self.assertNotIn("referred_household_count", views["views"]["form"]["arch"])

    def test_archived_open_file_does_not_block_anonymisation(self):
        with freeze_time("2017-02-01"):
            duplicate = self.env["housing.accompaniment"].create(
                {"household_id": self.old.id, "workflow": "new_entrant"}
            )
            duplicate.action_archive()
        with freeze_time("2019-07-01"):
            self.assertIn(self.old, self.old._anonymisation_candidates())


@tagged("post_install", "-at_install")
class TestPrivacyPortal(HousingPortalCase):
    """Portal users (social referents) break into nothing: no housing model, no internal
    message, no attachment, no tenant contact, whatever the id they try."""

    def test_portal_users_read_no_housing_record(self):
        models = self.env["ir.model"].search([("model", "=like", "housing.%")]).mapped("model")
        for user in (self.referent_user, self.organisation_manager_user, self.lonely_user):
            for model in models:
                if self.env[model]._abstract:
                    continue
                with self.assertRaises(AccessError, msg=f"{model} for {user.login}"):
                    self.env[model].with_user(user).search([], limit=1)

    def test_portal_user_reads_no_note_no_attachment_no_tenant(self):
        file = self.file_alpha
        note = file.message_post(
            body="Debts with the energy supplier", subtype_xmlid="mail.mt_note"
        )
        attachment = self.env["ir.attachment"].create(
            {"name": "payslip.pdf", "raw": b"%PDF", "res_model": file._name, "res_id": file.id}
        )
        referent = self.referent_user
        with self.assertRaises(AccessError):
            note.with_user(referent).read(["body"])
        with self.assertRaises(AccessError):
            attachment.with_user(referent).read(["datas"])
        with self.assertRaises(AccessError):
            file.household_id.tenant_partner_id.with_user(referent).read(["name"])
        self.assertNotIn(
            note,
            self.env["mail.message"].with_user(referent).search([("body", "ilike", "Debts")]),
        )
