from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .steps_common import PDF_BYTES, StepsCase, png_bytes


@tagged("post_install", "-at_install")
class TestDocumentChecklist(StepsCase):
    def _new_entrant_at_rights(self):
        household = self._household("Mme Docs", entry_type="new_entrant")
        file = self._create_at_step(
            {
                "household_id": household.id,
                "workflow": "new_entrant",
                "designation_date": date(2017, 2, 1),
                "contact_date": date(2017, 2, 6),
                "interview_date": date(2017, 2, 20),
                "committee_date": date(2017, 3, 2),
                "committee_decision": "allocated",
                "dwelling_id": self.dwellings[1].id,
                "lease_signature_date": date(2017, 3, 20),
                "move_in_date": date(2017, 3, 25),
                "stage_id": self._stage("ne_rights").id,
            }
        )
        file.right_line_ids.write({"status": "opened", "status_date": date(2017, 4, 10)})
        return file

    def _line(self, file, code):
        return file.document_ids.filtered(lambda d: d.document_type_id == self._type(code))

    def test_every_file_gets_the_checklist_of_its_workflow(self):
        file = self._new_entrant_at_rights()
        self.assertEqual(
            file.document_ids.document_type_id,
            self.env["housing.document.type"].search([("workflow", "=", "new_entrant")]),
        )
        self.assertEqual(set(file.document_ids.mapped("status")), {"missing"})
        ara = self._ara_file()
        self.assertIn(self._type("ara_photos"), ara.document_ids.document_type_id)
        self.assertNotIn(self._type("ne_lease"), ara.document_ids.document_type_id)
        # A type added later reaches the open files.
        new_type = self.env["housing.document.type"].create(
            {"name": "Energy bill", "workflow": "ara", "is_required": False}
        )
        self.assertIn(new_type, ara.document_ids.document_type_id)

    def test_required_document_blocks_optional_does_not(self):
        file = self._new_entrant_at_rights()
        self.assertEqual(file.document_missing_count, 4)
        with self.assertRaisesRegex(UserError, "Home insurance certificate") as error:
            file.action_next_step()
        message = str(error.exception)
        for name in ("Préfecture's notification", "Lease", "Check-in inspection"):
            self.assertIn(name, message)
        self.assertNotIn("CAF/APL certificate", message, "optional: listed, not required")
        self.assertIn("Home insurance certificate", file.next_step_missing)
        for code in ("ne_notification", "ne_lease", "ne_check_in", "ne_insurance"):
            self._line(file, code).with_user(self.staff).write(
                {"upload_file": self._b64(PDF_BYTES), "upload_filename": f"{code}.pdf"}
            )
        file.invalidate_recordset(["document_missing_count"])
        self.assertEqual(file.document_missing_count, 0)
        self.assertEqual(self._line(file, "ne_caf").status, "missing")
        file.action_next_step()
        self.assertEqual(file.stage_id, self._stage("ne_appropriation"))

    def test_transfer_request_needs_no_notification(self):
        household = self._household("M. Moving", entry_type="transfer")
        file = self.Accompaniment.create({"household_id": household.id, "workflow": "new_entrant"})
        file.action_next_step()
        self.assertEqual(file.stage_id, self._stage("ne_contact"))

    def test_upload_from_the_checklist_is_an_attachment_of_the_file(self):
        file = self._new_entrant_at_rights()
        line = self._line(file, "ne_lease")
        line.with_user(self.staff).write(
            {"upload_file": self._b64(PDF_BYTES), "upload_filename": "lease.pdf"}
        )
        attachment = self.Attachment.search(
            [("res_model", "=", "housing.accompaniment"), ("res_id", "=", file.id)]
        )
        self.assertEqual(attachment.name, "lease.pdf")
        self.assertEqual(attachment.housing_document_type_id, self._type("ne_lease"))
        self.assertEqual(attachment.housing_accompaniment_id, file)
        self.assertEqual(line.status, "received")
        self.assertEqual(line.attachment_ids, attachment)

    def test_unreadable_or_oversized_upload_is_refused(self):
        file = self._new_entrant_at_rights()
        line = self._line(file, "ne_lease").with_user(self.staff)
        with self.assertRaisesRegex(UserError, "cannot be read as a PDF or a picture"):
            line.write({"upload_file": self._b64(b"just some text"), "upload_filename": "x.pdf"})
        with self.assertRaisesRegex(UserError, "cannot be read"):
            line.write({"upload_file": self._b64(b"%PDF-1.4 truncated"), "upload_filename": "y"})
        broken_png = png_bytes()[:40]
        with self.assertRaisesRegex(UserError, "cannot be read"):
            line.write({"upload_file": self._b64(broken_png), "upload_filename": "z.png"})
        huge = b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024) + b"\n%%EOF\n"
        with self.assertRaisesRegex(UserError, "too large .*at most 10 MB"):
            line.write({"upload_file": self._b64(huge), "upload_filename": "scan.pdf"})
        self.assertFalse(
            self.Attachment.search(
                [("res_model", "=", "housing.accompaniment"), ("res_id", "=", file.id)]
            ),
            "nothing written",
        )
        self.assertEqual(line.status, "missing")

    def test_photos_must_be_pictures(self):
        ara = self._ara_file()
        with self.assertRaisesRegex(UserError, "cannot be read as a picture"):
            self._attach(ara, "ara_photos", raw=PDF_BYTES, name="photo.pdf")
        self._attach(ara, "ara_photos", raw=png_bytes(), name="photo.png")

    def test_retention_removes_the_documents(self):
        ara = self._ara_file()
        self._attach(ara, "ara_photos", raw=png_bytes(), name="photo.png")
        visit = self._visit(ara, "preparation", date(2017, 4, 10))
        visit.photo_ids = [
            self.Attachment.create(
                {"name": "wall.png", "raw": png_bytes("blue"), "res_model": "housing.visit"}
            ).id
        ]
        purchase = self.env["housing.purchase.line"].create(
            {"accompaniment_id": ara.id, "name": "Paint", "unit_cost": 10}
        )
        purchase.receipt_ids = [
            self.Attachment.create({"name": "receipt.png", "raw": png_bytes("green")}).id
        ]
        documents = self.Attachment.search([("housing_accompaniment_id", "=", ara.id)])
        self.assertEqual(len(documents), 3)
        self.assertEqual(
            [a.housing_document_type_id for a in documents.sorted("id")],
            [self._type("ara_photos"), self._type("ara_photos"), self._type("ara_receipts")],
        )
        self.assertEqual(purchase.receipt_ids.res_model, "housing.purchase.line")
        self.assertEqual(visit.photo_ids.res_id, visit.id)
        self.tenant._anonymise()
        self.assertFalse(documents.exists())


@tagged("post_install", "-at_install")
class TestRestrictedDocuments(StepsCase):
    """A facilitator never reads a document of a staff-only type (the CAF certificate), even
    when it is attached to one of their own files."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ara = cls.Accompaniment.create(
            {
                "household_id": cls.tenant.id,
                "workflow": "ara",
                "referral_date": date(2017, 3, 15),
                "facilitator_id": cls.facilitator.id,
            }
        )
        cls.caf = (
            cls.env["ir.attachment"]
            .with_user(cls.staff)
            .create(
                {
                    "name": "caf.pdf",
                    "raw": PDF_BYTES,
                    "res_model": "housing.accompaniment",
                    "res_id": cls.ara.id,
                    "housing_document_type_id": cls.env.ref(
                        "housing_accompaniment.document_type_ne_caf"
                    ).id,
                }
            )
        )
        cls.photo = (
            cls.env["ir.attachment"]
            .with_user(cls.staff)
            .create(
                {
                    "name": "before.png",
                    "raw": png_bytes(),
                    "res_model": "housing.accompaniment",
                    "res_id": cls.ara.id,
                    "housing_document_type_id": cls.env.ref(
                        "housing_accompaniment.document_type_ara_photos"
                    ).id,
                }
            )
        )

    def test_facilitator_cannot_read_a_restricted_type(self):
        Attachment = self.env["ir.attachment"].with_user(self.facilitator)
        found = Attachment.search(
            [("res_model", "=", "housing.accompaniment"), ("res_id", "=", self.ara.id)]
        )
        self.assertEqual(found, self.photo)
        rows = Attachment.search_read([("id", "in", [self.caf.id, self.photo.id])], ["name"])
        self.assertEqual([row["name"] for row in rows], ["before.png"])
        with self.assertRaises(AccessError):
            Attachment.browse(self.caf.id).read(["datas"])
        with self.assertRaises(AccessError):
            Attachment.browse(self.caf.id).unlink()
        with self.assertRaisesRegex(AccessError, "reserved to the landlord's social-support"):
            Attachment.create(
                {
                    "name": "other caf.pdf",
                    "raw": PDF_BYTES,
                    "res_model": "housing.accompaniment",
                    "res_id": self.ara.id,
                    "housing_document_type_id": self.caf.housing_document_type_id.id,
                }
            )
        # The chatter's attachment list of the file.
        self.assertEqual(
            self.ara.with_user(self.facilitator)._get_mail_thread_data_attachments(), self.photo
        )
        self.assertEqual(Attachment.browse(self.photo.id).read(["name"])[0]["name"], "before.png")

    def test_staff_reads_everything(self):
        found = (
            self.env["ir.attachment"]
            .with_user(self.staff)
            .search([("res_model", "=", "housing.accompaniment"), ("res_id", "=", self.ara.id)])
        )
        self.assertEqual(found, self.caf | self.photo)

    def test_photo_on_a_visit_of_another_facilitators_file(self):
        other_file = self.Accompaniment.create(
            {
                "household_id": self._household("M. Elsewhere").id,
                "workflow": "ara",
                "referral_date": date(2017, 3, 15),
                "facilitator_id": self.other_facilitator.id,
            }
        )
        visit = self._visit(other_file, "preparation", date(2017, 4, 10))
        Attachment = self.env["ir.attachment"].with_user(self.facilitator)
        with self.assertRaisesRegex(AccessError, "only to the files and visits you follow"):
            Attachment.create(
                {
                    "name": "photo.png",
                    "raw": png_bytes(),
                    "res_model": "housing.visit",
                    "res_id": visit.id,
                }
            )
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", "housing.visit"), ("res_id", "=", visit.id)]
            ),
            "nothing written",
        )
        with self.assertRaises(AccessError):
            visit.with_user(self.facilitator).write(
                {"photo_ids": [(0, 0, {"name": "p.png", "raw": png_bytes()})]}
            )
        self.assertFalse(visit.photo_ids)


@tagged("post_install", "-at_install")
class TestRestrictedDocumentsRoutes(HttpCase):
    """The same through the web: /web/content, search_read over JSON-RPC, the chatter."""

    def test_facilitator_routes(self):
        from odoo.tests import new_test_user

        facilitator = new_test_user(
            self.env,
            "docs_facilitator",
            password="docs_facilitator",
            groups="housing_accompaniment.group_housing_facilitator",
        )
        household = self.env["housing.household"].create(
            {"tenant_partner_id": self.env["res.partner"].create({"name": "Docs Household"}).id}
        )
        file = self.env["housing.accompaniment"].create(
            {
                "household_id": household.id,
                "workflow": "ara",
                "referral_date": date(2017, 3, 15),
                "facilitator_id": facilitator.id,
            }
        )
        Attachment = self.env["ir.attachment"]
        caf = Attachment.create(
            {
                "name": "caf.pdf",
                "raw": PDF_BYTES,
                "res_model": "housing.accompaniment",
                "res_id": file.id,
                "housing_document_type_id": self.env.ref(
                    "housing_accompaniment.document_type_ne_caf"
                ).id,
            }
        )
        photo = Attachment.create(
            {
                "name": "before.png",
                "raw": png_bytes(),
                "res_model": "housing.accompaniment",
                "res_id": file.id,
                "housing_document_type_id": self.env.ref(
                    "housing_accompaniment.document_type_ara_photos"
                ).id,
            }
        )
        self.authenticate("docs_facilitator", "docs_facilitator")
        response = self.url_open(f"/web/content/{caf.id}?download=true")
        self.assertIn(response.status_code, (403, 404))
        self.assertNotIn(b"%PDF", response.content)
        response = self.url_open(f"/web/content/{photo.id}")
        self.assertEqual(response.status_code, 200)
        rows = self.make_jsonrpc_request(
            "/web/dataset/call_kw/ir.attachment/search_read",
            {
                "model": "ir.attachment",
                "method": "search_read",
                "args": [[("res_model", "=", "housing.accompaniment"), ("res_id", "=", file.id)]],
                "kwargs": {"fields": ["name"]},
            },
        )
        self.assertEqual([row["name"] for row in rows], ["before.png"])
        data = self.make_jsonrpc_request(
            "/mail/thread/data",
            {
                "thread_model": "housing.accompaniment",
                "thread_id": file.id,
                "request_list": ["attachments"],
            },
        )
        names = {attachment["name"] for attachment in data.get("ir.attachment", [])}
        self.assertEqual(names, {"before.png"})
