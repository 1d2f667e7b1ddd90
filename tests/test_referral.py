from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .portal_common import HousingPortalCase


@tagged("post_install", "-at_install")
class TestReferralCoordinator(HousingPortalCase):
    """The association's coordinator: every ARA file, the decision on referrals, the
    facilitator; and who follows a file with which subtypes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.facilitator_file = cls._referral(cls.referent_user, "Mme Echo")
        cls.facilitator_file.write({"facilitator_id": cls.facilitator.id})
        cls.new_entrant_file = cls.env["housing.accompaniment"].create(
            {"household_id": cls._household("Mme Foxtrot").id, "workflow": "new_entrant"}
        )

    def _messages(self, file, subtype_xmlid):
        return self.env["mail.message"].search(
            [
                ("model", "=", file._name),
                ("res_id", "=", file.id),
                ("subtype_id", "=", self.env.ref(subtype_xmlid).id),
            ]
        )

    def test_coordinator_sees_every_ara_file_facilitator_only_theirs(self):
        Files = self.env["housing.accompaniment"].with_user(self.coordinator)
        ara_files = self.file_alpha | self.file_bravo | self.file_delta | self.facilitator_file
        self.assertEqual(Files.search([]), ara_files, "unassigned referrals included")
        with self.assertRaises(AccessError):
            Files.browse(self.new_entrant_file.id).read(["name"])
        with self.assertRaises(AccessError):
            self.new_entrant_file.household_id.with_user(self.coordinator).read(["name"])
        self.assertEqual(
            self.env["housing.household"].with_user(self.coordinator).search([]),
            ara_files.household_id,
        )
        # Facilitators keep seeing only their own files.
        self.assertEqual(
            self.env["housing.accompaniment"].with_user(self.facilitator).search([]),
            self.facilitator_file,
        )

    def test_coordinator_opens_an_ara_file_not_a_new_entrant_one(self):
        env = self.env(user=self.coordinator)
        # The contact exists (creating contacts is Odoo's own "Contact Creation" right).
        tenant = self.env["res.partner"].create({"name": "Mme Golf"})
        household = env["housing.household"].create({"tenant_partner_id": tenant.id})
        file = env["housing.accompaniment"].create(
            {"household_id": household.id, "workflow": "ara", "referral_date": date(2026, 3, 9)}
        )
        self.assertEqual(file.stage_id, self._stage("ara_referral"))
        self.assertEqual(file.referral_state, "accepted", "the association opened it itself")
        with self.assertRaisesRegex(AccessError, r"\(housing\.accompaniment\)"):
            env["housing.accompaniment"].create(
                {"household_id": household.id, "workflow": "new_entrant"}
            )

    def test_accept_needs_the_facilitator_then_moves_and_tells_the_referent(self):
        file = self.file_alpha.with_user(self.coordinator)
        with self.assertRaisesRegex(UserError, "Choose the technical facilitator"):
            file.action_accept_referral()
        self.assertEqual(self.file_alpha.referral_state, "submitted")
        file.facilitator_id = self.facilitator
        file.action_accept_referral()
        self.assertEqual(self.file_alpha.referral_state, "accepted")
        self.assertEqual(self.file_alpha.stage_id, self._stage("ara_tripartite"))
        answer = self._messages(self.file_alpha, "mail.mt_comment")
        self.assertEqual(len(answer), 1)
        self.assertIn(self.facilitator.name, answer.body)
        self.assertIn(self.referent_user.partner_id, answer.notified_partner_ids)
        self.assertIn(self.facilitator.partner_id, self.file_alpha.message_partner_ids)
        with self.assertRaisesRegex(UserError, "not a referral waiting"):
            file.action_accept_referral()

    def test_only_the_coordinator_decides(self):
        file = self.facilitator_file.with_user(self.facilitator)
        with self.assertRaisesRegex(UserError, "Only the association's coordinator"):
            file.action_accept_referral()
        with self.assertRaisesRegex(UserError, "Only the association's coordinator"):
            self.file_alpha.with_user(self.staff).action_decline_referral()
        with self.assertRaisesRegex(AccessError, "Only the association's coordinator"):
            file.write({"referral_state": "accepted"})
        self.assertEqual(self.facilitator_file.referral_state, "submitted")

    def test_decline_sends_the_reason_and_counts_nowhere(self):
        wizard = (
            self.env["housing.referral.decline.wizard"]
            .with_user(self.coordinator)
            .create({"accompaniment_id": self.file_bravo.id, "decline_reason": "   "})
        )
        with self.assertRaisesRegex(UserError, "Say why"):
            wizard.action_confirm()
        self.assertTrue(self.file_bravo.active)
        wizard.decline_reason = "Private landlord: see the Métropole's programme."
        wizard.action_confirm()
        self.assertFalse(self.file_bravo.active)
        self.assertEqual(self.file_bravo.referral_state, "declined")
        self.assertEqual(self.file_bravo.decline_reason, wizard.decline_reason)
        answer = self._messages(self.file_bravo, "mail.mt_comment")
        self.assertIn("Métropole", answer.body)
        self.assertIn(self.colleague_user.partner_id, answer.notified_partner_ids)
        files = self.env["housing.activity.figures"]._active_files(
            date(2026, 1, 1), date(2026, 12, 31), "ara"
        )
        self.assertIn(self.file_alpha, files)
        self.assertNotIn(self.file_bravo, files, "a declined referral is no accompaniment")

    def test_followers_read_what_concerns_them(self):
        file = self.facilitator_file
        followers = {f.partner_id: f.subtype_ids for f in file.message_follower_ids}
        stage = self.env.ref("housing_accompaniment.mt_accompaniment_stage")
        comment = self.env.ref("mail.mt_comment")
        note = self.env.ref("mail.mt_note")
        self.assertEqual(followers[self.referent_user.partner_id], comment | stage)
        self.assertEqual(followers[self.facilitator.partner_id], comment | note | stage)
        file.message_post(body="Internal: debts", subtype_xmlid="mail.mt_note")
        note_message = self._messages(file, "mail.mt_note").filtered(lambda m: "debts" in m.body)
        self.assertIn(self.facilitator.partner_id, note_message.notified_partner_ids)
        self.assertNotIn(self.referent_user.partner_id, note_message.notified_partner_ids)

    def test_step_template_goes_to_the_step_followers(self):
        file = self.facilitator_file
        self._flush_mail()
        before = self._messages(file, "housing_accompaniment.mt_accompaniment_stage")
        # The coordinator accepts it: the facilitator and the referent are told.
        file.with_user(self.coordinator).action_accept_referral()
        self._flush_mail()
        sent = self._messages(file, "housing_accompaniment.mt_accompaniment_stage") - before
        self.assertEqual(len(sent), 1)
        self.assertIn("Tripartite meeting", sent.body)
        self.assertIn(file.name, sent.subject)
        self.assertIn(self.referent_user.partner_id, sent.notified_partner_ids)
        self.assertIn(self.facilitator.partner_id, sent.notified_partner_ids)
        # A step without a template sends nothing.
        self._stage("ara_preparation").mail_template_id = False
        file.tripartite_meeting_date = date(2026, 3, 20)
        # The tripartite meeting took place with the three parties (the step requires it).
        self.env["housing.visit"].create(
            {
                "accompaniment_id": file.id,
                "visit_type": "tripartite",
                "state": "done",
                "with_household": True,
                "with_referent": True,
                "with_facilitator": True,
            }
        )
        file.with_user(self.coordinator).action_next_step()
        self._flush_mail()
        self.assertEqual(
            self._messages(file, "housing_accompaniment.mt_accompaniment_stage") - before, sent
        )
