"""The README's "Who sees what", attacked as a curious facilitator, accountant or user of another
company would: over real HTTP sessions (JSON-RPC to ``/web/dataset/call_kw``, ``/web/content``,
``/mail/thread/messages``, ``/mail/thread/data``) and through the ORM. Each test runs one class
of attack of issue 12 (2: names through a writable many2one, 3: searches through restricted
relations, 4: chatter, attachments, followers and activities, 5: writes that move data out of
sight, 6: joining a workshop) and asserts that it is refused or reveals nothing."""

from datetime import date, datetime, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import HousingCase


class PrivacyAttackCase(HttpCase, HousingCase):
    """Two ARA households, one followed by ``facilitator`` and one by ``other_facilitator``,
    each with a visit, a kit, a purchase, a work item and mutual aid; a staff member's
    confidential note and document on the first; a workshop run by the other facilitator; the
    staff of another company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mine = cls._household(
            "Mme Suivie",
            members=[("Enfant Suivie", "child", "female", date(2012, 4, 2))],
            dwelling_id=cls.dwellings[0].id,
            is_rsa_beneficiary=True,
        )
        cls.theirs = cls._household(
            "Mme Secrète",
            members=[("Enfant Secrète", "child", "male", date(2011, 3, 17))],
            dwelling_id=cls.dwellings[1].id,
            is_rsa_beneficiary=True,
        )
        cls.mine.tenant_partner_id.email = "suivie@example.com"
        cls.theirs.tenant_partner_id.email = "secrete@example.com"
        cls.my_file = cls._ara_file(cls.mine, cls.facilitator)
        cls.their_file = cls._ara_file(cls.theirs, cls.other_facilitator)
        cls.equipment = cls.env.ref("housing_accompaniment.equipment_tap_aerator")
        cls.neighbour = cls._household("M. Voisin", dwelling_id=cls.dwellings[2].id)
        cls.my_records = cls._worksite_records(cls.my_file, cls.neighbour)
        cls.their_records = cls._worksite_records(cls.their_file, cls.neighbour)
        cls.workshop = cls.env["housing.workshop"].create(
            {
                "name": "Their DIY workshop",
                "start_datetime": datetime(2018, 1, 10, 13, 0),
                "theme_id": cls.env.ref("housing_accompaniment.workshop_theme_diy").id,
                "facilitator_ids": [Command.set(cls.other_facilitator.ids)],
            }
        )
        cls.attendance = cls.env["housing.workshop.attendance"].create(
            {
                "workshop_id": cls.workshop.id,
                "member_id": cls.theirs.member_ids[0].id,
                "is_present": True,
            }
        )
        # The staff's confidential note and document on the facilitator's own household.
        cls.staff_note = (
            cls.mine.with_user(cls.staff)
            .with_context(tracking_disable=False)
            .message_post(
                body="Confidential: RSA suspended, debts with the CAF.",
                subtype_xmlid="mail.mt_note",
            )
        )
        cls.staff_document = (
            cls.env["ir.attachment"]
            .with_user(cls.staff)
            .create(
                {
                    "name": "rsa_certificate.pdf",
                    "res_model": "housing.household",
                    "res_id": cls.mine.id,
                    "raw": b"%PDF-1.4 RSA certificate",
                }
            )
        )
        cls.staff_file_note = cls.my_file.with_user(cls.staff).message_post(
            body="Staff only: the referent fears an eviction.", subtype_xmlid="mail.mt_note"
        )
        # The facilitator's own worksite message and photo on their ARA file.
        cls.photo = (
            cls.env["ir.attachment"]
            .with_user(cls.facilitator)
            .create(
                {
                    "name": "worksite_photo.jpg",
                    "res_model": "housing.accompaniment",
                    "res_id": cls.my_file.id,
                    "raw": b"\xff\xd8\xff photo",
                }
            )
        )
        cls.worksite_message = cls.my_file.with_user(cls.facilitator).message_post(
            body="Worksite: the kitchen wall is painted.",
            subtype_xmlid="mail.mt_note",
            attachment_ids=cls.photo.ids,
        )
        cls.mine.message_subscribe(partner_ids=cls.mine.tenant_partner_id.ids)
        cls.activity = cls.mine.activity_schedule(
            "mail.mail_activity_data_todo",
            summary="Call the CAF about the RSA",
            user_id=cls.staff.id,
        )
        # The staff of another company.
        cls.company_b = cls.env["res.company"].create({"name": "Other landlord company"})
        cls.staff_b = cls.env["res.users"].create(
            {
                "name": "Staff B",
                "login": "staff_b",
                "password": "staff_b_password",
                "company_id": cls.company_b.id,
                "company_ids": [Command.set(cls.company_b.ids)],
                "groups_id": [
                    Command.set([cls.env.ref("housing_accompaniment.group_housing_user").id])
                ],
            }
        )

    @classmethod
    def _ara_file(cls, household, facilitator):
        return cls.env["housing.accompaniment"].create(
            {
                "household_id": household.id,
                "workflow": "ara",
                "referral_date": date(2018, 1, 5),
                "facilitator_id": facilitator.id,
            }
        )

    @classmethod
    def _worksite_records(cls, file, helper):
        visit = cls.env["housing.visit"].create(
            {
                "accompaniment_id": file.id,
                "visit_type": "preparation",
                "visit_datetime": datetime(2018, 2, 1, 9, 0),
                "state": "done",
            }
        )
        return {
            "housing.visit": visit,
            "housing.kit.installation": cls.env["housing.kit.installation"].create(
                {"accompaniment_id": file.id, "equipment_id": cls.equipment.id, "quantity": 2}
            ),
            "housing.purchase.line": cls.env["housing.purchase.line"].create(
                {"accompaniment_id": file.id, "name": "Paint", "unit_cost": 40.0}
            ),
            "housing.work.item": cls.env["housing.work.item"].create(
                {"accompaniment_id": file.id, "room": "kitchen", "nature": "painting"}
            ),
            "housing.mutual.aid": cls.env["housing.mutual.aid"].create(
                {
                    "accompaniment_id": file.id,
                    "helper_household_id": helper.id,
                    "aid_date": date(2018, 2, 3),
                    "hours": 3,
                }
            ),
        }

    # ------------------------------------------------------------------
    # Helpers: a JSON-RPC session as an adversary runs it
    # ------------------------------------------------------------------
    def _login(self, user, password=None):
        self.authenticate(user.login, password or user.login)

    def _call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def assertRefused(self, model, method, *args, **kwargs):
        """The call fails with an access or validation error, which the server logs."""
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException) as error:
            self._call(model, method, *args, **kwargs)
        self.assertRegex(str(error.exception), r"AccessError|ValidationError|UserError")


@tagged("post_install", "-at_install")
class TestManyToOneNames(PrivacyAttackCase):
    """Class 2: a many2one the user can write only takes records they may read."""

    def test_accountant_cannot_name_a_tenant_in_the_report_wizard(self):
        tenant = self.theirs.tenant_partner_id
        self._login(self.accountant)
        self.assertRefused(
            "housing.activity.report.wizard",
            "web_save",
            [],
            {"landlord_id": tenant.id},
            specification={"landlord_id": {"fields": {"display_name": {}}}},
        )
        Wizard = self.env["housing.activity.report.wizard"]
        self.assertFalse(Wizard.search([("landlord_id", "=", tenant.id)]), "nothing written")
        with self.assertRaises(AccessError):
            Wizard.with_user(self.accountant).create({"landlord_id": tenant.id})
        # An organisation the accountant may read is accepted.
        result = self._call(
            "housing.activity.report.wizard",
            "web_save",
            [],
            {"landlord_id": self.landlord.id},
            specification={"landlord_id": {"fields": {"display_name": {}}}},
        )
        self.assertEqual(result[0]["landlord_id"]["display_name"], "Test Landlord")

    def test_accountant_cannot_make_a_tenant_a_funder(self):
        funding = self.env["housing.funding"].create(
            {
                "funder_id": self.landlord.id,
                "action_id": self.env.ref("housing_accompaniment.action_ara").id,
                "year": 2018,
                "amount_committed": 1000,
            }
        )
        tenant = self.mine.tenant_partner_id
        self._login(self.accountant)
        self.assertRefused("housing.funding", "write", [funding.id], {"funder_id": tenant.id})
        self.assertEqual(funding.funder_id, self.landlord)
        with self.assertRaises(AccessError):
            funding.with_user(self.accountant).write({"funder_id": tenant.id})
        self.assertRefused(
            "housing.funding",
            "create",
            {
                "funder_id": tenant.id,
                "action_id": funding.action_id.id,
                "year": 2018,
                "amount_committed": 1,
            },
        )
        self.assertEqual(
            self.env["housing.funding"].search_count([("funder_id", "=", tenant.id)]), 0
        )

    def test_a_file_takes_only_a_facilitator_as_facilitator(self):
        with self.assertRaisesRegex(AccessError, "cannot be chosen as Technical facilitator"):
            self.my_file.with_user(self.staff).write({"facilitator_id": self.accountant.id})
        self.assertEqual(self.my_file.facilitator_id, self.facilitator)

    def test_facilitator_cannot_name_a_household_they_do_not_follow(self):
        aid = self.my_records["housing.mutual.aid"].with_user(self.facilitator)
        with self.assertRaises(AccessError):
            aid.write({"helper_household_id": self.theirs.id})
        self.assertEqual(aid.helper_household_id, self.neighbour)


@tagged("post_install", "-at_install")
class TestSearchThroughRelations(PrivacyAttackCase):
    """Class 3: no domain through a one2many or many2many tells more than the user may read."""

    def test_accountant_cannot_search_dwellings_by_household(self):
        self._login(self.accountant)
        for domain in (
            [("household_ids.is_rsa_beneficiary", "=", True)],
            [("household_ids", "in", [self.theirs.id])],
            [("household_ids", "=", False)],
            [("current_household_id", "=", self.theirs.id)],
        ):
            with self.subTest(domain=domain):
                self.assertRefused("housing.dwelling", "search_count", domain)
        # The dwellings themselves stay readable.
        self.assertEqual(
            self._call("housing.dwelling", "search_count", [("id", "in", self.dwellings.ids)]), 5
        )

    def test_facilitator_searches_only_through_their_households(self):
        Dwelling = self.env["housing.dwelling"].with_user(self.facilitator)
        self.assertFalse(Dwelling.search([("household_ids", "in", [self.theirs.id])]))
        self.assertFalse(Dwelling.search([("household_ids", "=", self.theirs.id)]))
        self.assertEqual(
            Dwelling.search([("household_ids", "in", [self.mine.id])]), self.dwellings[0]
        )
        occupied = Dwelling.search([("household_ids", "!=", False)])
        self.assertIn(self.dwellings[0], occupied)
        self.assertNotIn(self.dwellings[1], occupied, "another facilitator's household")
        self.assertIn(self.dwellings[1], Dwelling.search([("household_ids", "=", False)]))
        with self.assertRaises(AccessError, msg="a flag the facilitator may not read"):
            Dwelling.search([("household_ids.is_rsa_beneficiary", "=", False)])

    def test_partner_household_relations(self):
        tenant = self.theirs.tenant_partner_id
        members = self.theirs.member_ids
        self._login(self.facilitator)
        for domain in (
            [("id", "=", tenant.id), ("headed_household_ids", "!=", False)],
            [("housing_member_ids", "in", members.ids)],
            [("headed_household_ids", "in", self.theirs.ids)],
            [("id", "=", tenant.id), ("housing_member_ids.birth_date", "=", "1985-05-01")],
        ):
            with self.subTest(domain=domain):
                self.assertEqual(self._call("res.partner", "search_count", domain), 0)
        self.assertEqual(
            self._call(
                "res.partner", "search_count", [("headed_household_ids", "in", self.mine.ids)]
            ),
            1,
        )
        self._login(self.accountant)
        self.assertRefused(
            "res.partner", "search_count", [("housing_member_ids.birth_date", "=", "1985-05-01")]
        )
        self.assertRefused("res.partner", "search_count", [("housing_member_ids", "!=", False)])

    def test_workshop_attendance(self):
        self._login(self.accountant)
        self.assertRefused(
            "housing.workshop", "search_count", [("attendance_ids.person_name", "ilike", "Secr")]
        )
        self.assertRefused(
            "housing.workshop", "search_count", [("attendance_ids", "in", self.attendance.ids)]
        )
        Workshop = self.env["housing.workshop"].with_user(self.facilitator)
        self.assertFalse(Workshop.search([("attendance_ids", "in", self.attendance.ids)]))
        self.assertFalse(Workshop.search([("attendance_ids", "!=", False)]))
        self.assertEqual(
            self.env["housing.workshop"]
            .with_user(self.staff)
            .search_count([("attendance_ids", "in", self.attendance.ids)]),
            1,
            "the staff sees it",
        )

    def test_other_company_learns_nothing(self):
        env_b = self.env(user=self.staff_b, context={"allowed_company_ids": self.company_b.ids})
        self.assertEqual(
            env_b["res.partner"].search_count(
                [("headed_household_ids", "in", (self.mine | self.theirs).ids)]
            ),
            0,
        )
        self.assertEqual(
            env_b["res.partner"].search_count([("housing_member_ids", "!=", False)]), 0
        )


@tagged("post_install", "-at_install")
class TestChatterPrivacy(PrivacyAttackCase):
    """Class 4: a staff member's note or document on a household or a file is theirs."""

    def _thread_messages(self, record):
        result = self.make_jsonrpc_request(
            "/mail/thread/messages", {"thread_model": record._name, "thread_id": record.id}
        )
        return " ".join(
            str(message.get("body")) for message in result["data"].get("mail.message", [])
        )

    def test_facilitator_reads_no_staff_note(self):
        self._login(self.facilitator)
        self.assertNotIn("RSA suspended", self._thread_messages(self.mine))
        bodies = self._thread_messages(self.my_file)
        self.assertNotIn("eviction", bodies)
        self.assertIn("kitchen wall", bodies, "their own worksite message")
        for domain in (
            [("model", "=", "housing.household")],
            [("id", "=", self.staff_note.id)],
            [("body", "ilike", "eviction")],
        ):
            self.assertFalse(self._call("mail.message", "search_read", domain, ["body"]))
        self.assertRefused("mail.message", "read", [self.staff_note.id], ["body"])
        self.assertRefused("mail.message", "read", [self.staff_file_note.id], ["body"])

    def test_staff_reads_the_facilitator_worksite_message_and_photo(self):
        self._login(self.staff)
        self.assertIn("kitchen wall", self._thread_messages(self.my_file))
        self.assertIn("RSA suspended", self._thread_messages(self.mine))
        response = self.url_open(f"/web/content/{self.photo.id}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"\xff\xd8\xff photo")
        response = self.url_open(f"/web/content/{self.staff_document.id}")
        self.assertEqual(response.content, b"%PDF-1.4 RSA certificate")

    def test_facilitator_cannot_download_a_staff_document(self):
        self._login(self.facilitator)
        with mute_logger("odoo.http"):
            response = self.url_open(f"/web/content/{self.staff_document.id}")
        self.assertIn(response.status_code, (403, 404))
        self.assertNotIn(b"RSA certificate", response.content)
        self.assertEqual(self.url_open(f"/web/content/{self.photo.id}").status_code, 200)
        found = self._call(
            "ir.attachment",
            "search_read",
            [("res_model", "in", ["housing.household", "housing.accompaniment"])],
            ["name"],
        )
        self.assertEqual([row["name"] for row in found], ["worksite_photo.jpg"])
        self.assertRefused("ir.attachment", "read", [self.staff_document.id], ["raw"])
        data = self.make_jsonrpc_request(
            "/mail/thread/data",
            {
                "thread_model": "housing.household",
                "thread_id": self.mine.id,
                "request_list": ["attachments", "followers", "activities"],
            },
        )
        self.assertNotIn("rsa_certificate", str(data))
        self.assertNotIn("Mme Suivie", str(data.get("mail.followers", "")))

    def test_followers_and_activities(self):
        tenant = self.mine.tenant_partner_id
        for user in (self.facilitator, self.accountant):
            with self.subTest(user=user.login):
                self._login(user)
                followers = self._call(
                    "mail.followers",
                    "search_read",
                    [("res_model", "=", "housing.household")],
                    ["partner_id", "name", "email"],
                )
                self.assertNotIn(tenant.id, [row["partner_id"][0] for row in followers])
                self.assertNotIn("suivie@example.com", str(followers))
                activities = self._call(
                    "mail.activity",
                    "search_read",
                    [("res_model", "=", "housing.household")],
                    ["summary"],
                )
                self.assertFalse(activities)
                self.assertRefused("mail.activity", "read", [self.activity.id], ["summary"])
        # What is the facilitator's stays theirs: an activity assigned to them on their file,
        # and the staff among the followers of that file.
        mine = self.my_file.activity_schedule(
            "mail.mail_activity_data_todo", summary="Bring the paint", user_id=self.facilitator.id
        )
        self.my_file.message_subscribe(partner_ids=self.staff.partner_id.ids)
        self._login(self.facilitator)
        activities = self._call(
            "mail.activity",
            "search_read",
            [("res_model", "=", "housing.accompaniment")],
            ["summary"],
        )
        # The step's activity plan may have scheduled others for them on their file: those
        # are theirs too; the staff's activity never shows.
        theirs = self.env["mail.activity"].search(
            [
                ("res_model", "=", "housing.accompaniment"),
                "|",
                ("user_id", "=", self.facilitator.id),
                ("create_uid", "=", self.facilitator.id),
            ]
        )
        ids = [row["id"] for row in activities]
        self.assertIn(mine.id, ids)
        self.assertNotIn(self.activity.id, ids)
        self.assertEqual(sorted(ids), sorted(theirs.ids))
        followers = self._call(
            "mail.followers",
            "search_read",
            [("res_model", "=", "housing.accompaniment"), ("res_id", "=", self.my_file.id)],
            ["partner_id"],
        )
        self.assertIn(self.staff.partner_id.id, [row["partner_id"][0] for row in followers])
        # The staff sees the tenant among the followers.
        Followers = self.env["mail.followers"].with_user(self.staff)
        self.assertIn(
            tenant, Followers.search([("res_model", "=", "housing.household")]).partner_id
        )

    def test_other_company_reads_no_chatter(self):
        self._login(self.staff_b, "staff_b_password")
        self.assertFalse(
            self._call(
                "mail.message", "search_read", [("model", "=", "housing.household")], ["body"]
            )
        )
        self.assertFalse(
            self._call(
                "ir.attachment", "search_read", [("res_model", "=", "housing.household")], ["name"]
            )
        )
        self.assertFalse(
            self._call(
                "mail.followers",
                "search_read",
                [("res_model", "=", "housing.household")],
                ["partner_id"],
            )
        )
        self.assertRefused("ir.attachment", "read", [self.staff_document.id], ["raw"])


@tagged("post_install", "-at_install")
class TestWritesStayInSight(PrivacyAttackCase):
    """Class 5: after a write the record and its links are still the user's to see."""

    def test_facilitator_cannot_move_worksite_records_to_another_file(self):
        self._login(self.facilitator)
        for model, record in self.my_records.items():
            with self.subTest(model=model):
                self.assertRefused(
                    model, "write", [record.id], {"accompaniment_id": self.their_file.id}
                )
                self.assertEqual(record.accompaniment_id, self.my_file)

    def test_facilitator_cannot_create_on_another_file(self):
        with self.assertRaises(AccessError):
            self.env["housing.work.item"].with_user(self.facilitator).create(
                {"accompaniment_id": self.their_file.id, "room": "kitchen", "nature": "painting"}
            )

    def test_derived_fields_are_not_writable(self):
        kit = self.my_records["housing.kit.installation"]
        self._login(self.facilitator)
        self.assertRefused(
            "housing.kit.installation", "write", [kit.id], {"household_id": self.theirs.id}
        )
        self.assertRefused(
            "housing.kit.installation", "write", [kit.id], {"company_id": self.company_b.id}
        )
        self.assertRefused(
            "housing.kit.installation", "write", [kit.id], {"water_saving_liters": 1e9}
        )
        self.assertEqual(kit.household_id, self.mine)
        self.assertEqual(kit.company_id, self.company)
        # A context default does not set it either.
        created = self._call(
            "housing.kit.installation",
            "create",
            {"accompaniment_id": self.my_file.id, "equipment_id": self.equipment.id},
            context={
                "default_household_id": self.theirs.id,
                "default_company_id": self.company_b.id,
            },
        )
        created = self.env["housing.kit.installation"].browse(created)
        self.assertEqual(created.household_id, self.mine)
        self.assertEqual(created.company_id, self.company)

    def test_last_contact_cannot_be_pushed_back(self):
        before = self.mine._last_contact_dates()[self.mine.id]
        self._login(self.facilitator)
        visit = self.my_records["housing.visit"]
        self.assertRefused("housing.visit", "write", [visit.id], {"household_id": self.theirs.id})
        line = self.env["housing.workshop.attendance"].create(
            {"workshop_id": self.workshop.id, "member_id": self.mine.member_ids[0].id}
        )
        self.assertRefused(
            "housing.workshop.attendance",
            "write",
            [line.id],
            {"workshop_date": "2099-01-01 10:00:00", "is_present": True},
        )
        self.assertEqual(self.mine._last_contact_dates()[self.mine.id], before)

    def test_staff_cannot_take_a_household_out_of_retention(self):
        self._login(self.staff)
        self.assertRefused(
            "housing.household", "write", [self.mine.id], {"anonymised_date": "2099-01-01"}
        )
        self.assertFalse(self.mine.anonymised_date)

    def test_facilitator_cannot_pick_households_they_do_not_follow(self):
        workshop = (
            self.env["housing.workshop"]
            .with_user(self.facilitator)
            .create(
                {
                    "name": "My workshop",
                    "start_datetime": datetime(2018, 3, 7, 13, 0),
                    "theme_id": self.workshop.theme_id.id,
                }
            )
        )
        Wizard = self.env["housing.workshop.add.members.wizard"].with_user(self.facilitator)
        with self.assertRaises(AccessError):
            Wizard.create(
                {"workshop_id": workshop.id, "household_ids": [Command.set(self.theirs.ids)]}
            )
        wizard = Wizard.create(
            {"workshop_id": workshop.id, "household_ids": [Command.set(self.mine.ids)]}
        )
        self.assertEqual(wizard.household_ids, self.mine)

    def test_other_company_cannot_point_into_this_company(self):
        Residence = (
            self.env["housing.residence"]
            .with_user(self.staff_b)
            .with_context(allowed_company_ids=self.company_b.ids)
        )
        residence_b = Residence.create({"name": "Residence B", "landlord_id": self.landlord.id})
        dwelling_b = (
            self.env["housing.dwelling"]
            .with_env(Residence.env)
            .create({"name": "B1", "residence_id": residence_b.id})
        )
        with self.assertRaises(AccessError):
            dwelling_b.write({"residence_id": self.residence_qpv.id})
        self.assertEqual(dwelling_b.residence_id, residence_b)


@tagged("post_install", "-at_install")
class TestRetentionCannotBeHeldBack(PrivacyAttackCase):
    """Dates to come on a done visit or a closing date would push back the household's last
    contact, so that retention never anonymises it."""

    def test_done_visit_or_closing_in_the_future_is_refused(self):
        next_week = fields.Datetime.now() + timedelta(days=7)
        visit = self.env["housing.visit"].with_user(self.facilitator)
        with self.assertRaisesRegex(ValidationError, "has not taken place yet"):
            visit.create(
                {
                    "accompaniment_id": self.my_file.id,
                    "visit_type": "encouragement",
                    "visit_datetime": next_week,
                    "state": "done",
                }
            )
        planned = visit.create(
            {
                "accompaniment_id": self.my_file.id,
                "visit_type": "encouragement",
                "visit_datetime": next_week,
            }
        )
        with self.assertRaisesRegex(ValidationError, "has not taken place yet"):
            planned.state = "done"
        self.assertEqual(planned.state, "planned")
        last = self.mine._last_contact_dates()[self.mine.id]
        with self.assertRaisesRegex(ValidationError, "cannot close in the future"):
            self.my_file.with_user(self.facilitator).close_date = fields.Date.today() + timedelta(
                days=30
            )
        self.assertEqual(self.mine._last_contact_dates()[self.mine.id], last)


class TestWorkshopFacilitators(PrivacyAttackCase):
    """Class 6: only social-support staff change who runs a workshop."""

    def test_facilitator_cannot_join_a_workshop(self):
        self._login(self.facilitator)
        self.assertRefused(
            "housing.workshop",
            "write",
            [self.workshop.id],
            {"facilitator_ids": [Command.link(self.facilitator.id)]},
        )
        self.assertEqual(self.workshop.facilitator_ids, self.other_facilitator)
        self.assertRefused(
            "housing.workshop.attendance", "read", [self.attendance.id], ["person_name"]
        )
        self.assertRefused(
            "housing.workshop",
            "create",
            {
                "name": "Someone else's",
                "start_datetime": "2018-03-01 13:00:00",
                "theme_id": self.workshop.theme_id.id,
                "facilitator_ids": [Command.set(self.other_facilitator.ids)],
            },
        )

    def test_staff_changes_who_runs_a_workshop(self):
        self.workshop.with_user(self.staff).write(
            {"facilitator_ids": [Command.link(self.facilitator.id)]}
        )
        line = self.attendance.with_user(self.facilitator)
        self.assertEqual(line.person_name, "Mme Secrète")
