import re
from datetime import date, timedelta

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .portal_common import HousingPortalCase


@tagged("post_install", "-at_install")
class TestReferralPortal(HousingPortalCase, HttpCase):
    """The social referents' pages: what each portal user sees, and the referral form."""

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _valid_form(self):
        today = date.today()
        return {
            "head_name": "Mme Hotel",
            "head_birth_date": "1979-05-04",
            "head_gender": "female",
            "phone": "06 00 00 00 01",
            "street": "7 rue Unique",
            "zip": "13090",
            "city": "Aix-en-Provence",
            "member_name_1": "Enfant Hotel",
            "member_relationship_1": "child",
            "member_gender_1": "male",
            "member_birth_date_1": "2012-01-02",
            "referral_reason": "Damp walls unique",
            "works_wished": "Paint the bedroom",
            "consent": "on",
            "consent_date": (today - timedelta(days=1)).isoformat(),
        }

    def _post(self, form, files=None):
        page = self.url_open("/my/referrals/new")
        self.assertEqual(page.status_code, 200)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        return self.url_open(
            "/my/referrals/new", data=dict(form, csrf_token=token), files=files or {}
        )

    def _counts(self):
        self.env.invalidate_all()
        everything = [("active", "in", (True, False))]
        return (
            self.env["housing.household"].search_count(everything),
            self.env["housing.accompaniment"].search_count(everything),
            self.env["res.partner"].search_count(everything),
            self.env["ir.attachment"].search_count([("res_model", "=", "housing.accompaniment")]),
        )

    # ------------------------------------------------------------------
    # Who sees what
    # ------------------------------------------------------------------
    def test_referent_lists_their_referrals_only(self):
        self._login(self.referent_user)
        page = self.url_open("/my/referrals")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Mme Alpha", page.text)
        self.assertNotIn("Mme Bravo", page.text, "a colleague's referral")
        self.assertNotIn("Mme Delta", page.text, "another organisation's referral")
        detail = self.url_open(f"/my/referrals/{self.file_alpha.id}")
        self.assertEqual(detail.status_code, 200)
        self.assertIn("Reason of Mme Alpha", detail.text)

    def test_referent_keeps_the_referrals_they_made(self):
        # The staff named a colleague as the referent of a household this referent referred.
        self.file_bravo.consent_user_id = self.referent_user
        self._login(self.referent_user)
        self.assertIn("Mme Bravo", self.url_open("/my/referrals").text)
        self.assertEqual(self.url_open(f"/my/referrals/{self.file_bravo.id}").status_code, 200)
        self.assertEqual(self.url_open(f"/my/referrals/{self.file_delta.id}").status_code, 404)

    def test_organisation_manager_sees_the_organisation(self):
        self._login(self.organisation_manager_user)
        page = self.url_open("/my/referrals")
        self.assertIn("Mme Alpha", page.text)
        self.assertIn("Mme Bravo", page.text)
        self.assertNotIn("Mme Delta", page.text)
        self.assertEqual(self.url_open(f"/my/referrals/{self.file_bravo.id}").status_code, 200)
        self.assertEqual(self.url_open(f"/my/referrals/{self.file_delta.id}").status_code, 404)

    def test_another_referents_file_by_url_is_not_found(self):
        self._login(self.referent_user)
        for file_id in (self.file_bravo.id, self.file_delta.id, 999999999):
            page = self.url_open(f"/my/referrals/{file_id}")
            self.assertEqual(page.status_code, 404, file_id)
            self.assertNotIn("Mme Bravo", page.text)
            self.assertNotIn("Mme Delta", page.text)

    def test_portal_user_of_no_organisation_sees_nothing(self):
        self._login(self.lonely_user)
        page = self.url_open("/my/referrals")
        self.assertEqual(page.status_code, 200)
        self.assertIn("not attached to a referent organisation", page.text)
        for name in ("Mme Alpha", "Mme Bravo", "Mme Delta"):
            self.assertNotIn(name, page.text)
        self.assertEqual(self.url_open(f"/my/referrals/{self.file_alpha.id}").status_code, 404)
        self.assertEqual(self.url_open("/my/referrals/new").status_code, 403)
        home = self.url_open("/my")
        self.assertNotIn("/my/referrals", home.text)

    def test_rpc_reads_no_file_no_household_no_internal_field(self):
        self._login(self.referent_user)
        calls = [
            ("housing.accompaniment", "search_read", [[]], {"fields": ["name"]}),
            ("housing.accompaniment", "read", [[self.file_alpha.id], ["budget_amount"]], {}),
            ("housing.accompaniment", "read", [[self.file_alpha.id], ["name"]], {}),
            ("housing.household", "search_read", [[]], {"fields": ["name"]}),
            ("housing.member", "search_read", [[]], {"fields": ["name"]}),
            ("housing.visit", "search_read", [[]], {"fields": ["notes"]}),
            ("res.partner", "read", [[self.file_alpha.household_id.tenant_partner_id.id]], {}),
        ]
        for model, method, args, kwargs in calls:
            with self.assertRaises(JsonRpcException, msg=f"{model}.{method}") as error:
                self.make_jsonrpc_request(
                    f"/web/dataset/call_kw/{model}/{method}",
                    {"model": model, "method": method, "args": args, "kwargs": kwargs},
                )
            self.assertIn("AccessError", str(error.exception), f"{model}.{method}")
        # The same through the ORM, for every portal user.
        for user in (self.referent_user, self.organisation_manager_user, self.lonely_user):
            with self.assertRaises(AccessError):
                self.env["housing.accompaniment"].with_user(user).search([])
            with self.assertRaises(AccessError):
                self.env["housing.household"].with_user(user).search([])

    # ------------------------------------------------------------------
    # The referral form
    # ------------------------------------------------------------------
    def test_referral_creates_the_household_the_file_and_its_attachments(self):
        self._login(self.referent_user)
        before = self._counts()
        page = self._post(
            self._valid_form(),
            files={"attachments": ("assessment.pdf", b"%PDF-1.4 assessment", "application/pdf")},
        )
        self.assertEqual(page.status_code, 200)
        self.assertIn("The referral is sent", page.text)
        file = self.env["housing.accompaniment"].search(
            [("referral_reason", "=", "Damp walls unique")]
        )
        self.assertEqual(len(file), 1)
        self.assertTrue(page.url.endswith(f"/my/referrals/{file.id}?sent=1"), page.url)
        self.assertEqual(file.stage_id, self._stage("ara_referral"))
        self.assertEqual(file.referral_state, "submitted")
        self.assertEqual(file.referent_partner_id, self.referent_user.partner_id)
        self.assertEqual(file.consent_user_id, self.referent_user)
        self.assertEqual(file.consent_date, date.today() - timedelta(days=1))
        self.assertEqual(file.works_wished, "Paint the bedroom")
        self.assertEqual(file.company_id, self.company)
        household = file.household_id
        self.assertEqual(household.tenant_partner_id.street, "7 rue Unique")
        self.assertEqual(
            sorted((m.name, m.relationship, m.birth_date) for m in household.member_ids),
            [
                ("Enfant Hotel", "child", date(2012, 1, 2)),
                ("Mme Hotel", "head", date(1979, 5, 4)),
            ],
        )
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", file._name), ("res_id", "=", file.id)]
        )
        self.assertEqual(attachment.name, "assessment.pdf")
        self.assertIn(self.coordinator.partner_id, file.message_partner_ids)
        self.assertIn(self.referent_user.partner_id, file.message_partner_ids)
        new_referral = self.env["mail.message"].search(
            [
                ("model", "=", file._name),
                ("res_id", "=", file.id),
                (
                    "subtype_id",
                    "=",
                    self.env.ref("housing_accompaniment.mt_accompaniment_referral").id,
                ),
            ]
        )
        self.assertIn(self.coordinator.partner_id, new_referral.notified_partner_ids)
        households, files, partners, attachments = self._counts()
        self.assertEqual(
            (households, files, partners, attachments),
            (before[0] + 1, before[1] + 1, before[2] + 1, before[3] + 1),
        )
        # The new file is in the referent's list, not in a colleague's.
        self.assertIn("Mme Hotel", self.url_open("/my/referrals").text)
        self._login(self.colleague_user)
        self.assertNotIn("Mme Hotel", self.url_open("/my/referrals").text)

    def test_bad_input_says_what_to_fix_keeps_what_was_typed_creates_nothing(self):
        self._login(self.referent_user)
        future = (date.today() + timedelta(days=3)).isoformat()
        big = b"x" * (5 * 1024 * 1024 + 1)
        cases = {
            "missing field": ({"head_name": ""}, None, "Enter the name of the head of household"),
            "no contact": ({"phone": ""}, None, "Enter a phone number or an e-mail address"),
            "no consent": ({"consent": ""}, None, "Without the household"),
            "too big": (
                {},
                {"attachments": ("scan.pdf", big, "application/pdf")},
                "larger than 5 MB",
            ),
            "future birth date": ({"member_birth_date_1": future}, None, "is in the future"),
            "future consent": (
                {"consent_date": future},
                None,
                "The date of the consent is in the future",
            ),
            "duplicate": (
                {"head_name": "mme alpha", "head_birth_date": "1985-05-01"},
                None,
                "already has an open ARA file",
            ),
        }
        before = self._counts()
        for case, (changes, files, message) in cases.items():
            form = dict(self._valid_form(), **changes)
            page = self._post(form, files=files)
            self.assertEqual(page.status_code, 200, case)
            self.assertIn("The referral is not sent yet", page.text, case)
            self.assertIn(message, page.text, case)
            self.assertIn('value="7 rue Unique"', page.text, f"{case}: the street is kept")
            self.assertIn("Damp walls unique</textarea>", page.text, f"{case}: the reason is kept")
            self.assertEqual(self._counts(), before, f"{case}: nothing created")

    def test_declined_referral_shows_the_reason(self):
        self.file_alpha.with_user(self.coordinator)._decline_referral("Outside our territory")
        self._login(self.referent_user)
        page = self.url_open("/my/referrals")
        self.assertIn("Mme Alpha", page.text, "a declined referral stays in the list")
        self.assertIn("Declined", page.text)
        detail = self.url_open(f"/my/referrals/{self.file_alpha.id}")
        self.assertIn("Outside our territory", detail.text)


@tagged("post_install", "-at_install")
class TestReferralTour(HousingPortalCase, HttpCase):
    def test_referral_from_the_portal_to_the_tripartite_meeting(self):
        """A referent refers a household and sees it in their list; the coordinator accepts
        it and assigns a facilitator; the referent sees the new step."""
        new_test_user(
            self.env,
            "tour_referral_facilitator",
            groups="housing_accompaniment.group_housing_facilitator",
            name="Tour Referral Facilitator",
        )
        self.start_tour("/my", "housing_referral_portal_tour", login=self.referent_user.login)
        file = self.env["housing.accompaniment"].search(
            [("household_id.tenant_partner_id.name", "=", "Mme Tour Referral")]
        )
        self.assertEqual(file.referral_state, "submitted")
        self.start_tour(
            "/odoo", "housing_referral_coordinator_tour", login=self.coordinator.login, timeout=120
        )
        file.invalidate_recordset()
        self.assertEqual(file.referral_state, "accepted")
        self.assertEqual(file.stage_id, self._stage("ara_tripartite"))
        self.assertEqual(file.facilitator_id.name, "Tour Referral Facilitator")
        self.start_tour(
            "/my/referrals", "housing_referral_followup_tour", login=self.referent_user.login
        )
        message = self.env["mail.message"].search(
            [
                ("model", "=", file._name),
                ("res_id", "=", file.id),
                ("body", "ilike", "available on Mondays"),
            ]
        )
        self.assertEqual(message.author_id, self.referent_user.partner_id)
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))
        self.assertIn(self.coordinator.partner_id, message.notified_partner_ids)
