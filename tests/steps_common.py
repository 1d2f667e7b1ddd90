import base64
import io
from datetime import date, datetime

from PIL import Image

from odoo import Command

from .common import HousingCase


def png_bytes(color="red"):
    """A small real picture, as a phone would send it."""
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), color).save(buffer, format="PNG")
    return buffer.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


class StepsCase(HousingCase):
    """Files along both workflows and helpers to attach their documents."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Accompaniment = cls.env["housing.accompaniment"]
        cls.Attachment = cls.env["ir.attachment"]
        cls.tenant = cls._household(
            "Mme Steps", dwelling_id=cls.dwellings[0].id, referent_partner_id=cls.referent.id
        )

    @classmethod
    def _type(cls, code):
        return cls.env.ref(f"housing_accompaniment.document_type_{code}")

    def _create_at_step(self, vals):
        """A file created straight at its step (as the demo's are); moving it on is checked."""
        return (
            self.Accompaniment.with_context(housing_stage_override=True)
            .create(vals)
            .with_env(self.env)
        )

    def _ara_file(self, stage_code="ara_referral", **vals):
        return self._create_at_step(
            dict(
                {
                    "household_id": self.tenant.id,
                    "workflow": "ara",
                    "referral_date": date(2017, 3, 15),
                    "facilitator_id": self.facilitator.id,
                    "stage_id": self._stage(stage_code).id,
                },
                **vals,
            )
        )

    def _attach(self, file, code, raw=PDF_BYTES, name="document.pdf", user=None):
        return self.Attachment.with_user(user or self.env.user).create(
            {
                "name": name,
                "raw": raw,
                "res_model": "housing.accompaniment",
                "res_id": file.id,
                "housing_document_type_id": self._type(code).id,
            }
        )

    def _visit(self, file, visit_type, day, **vals):
        return self.env["housing.visit"].create(
            dict(
                {
                    "accompaniment_id": file.id,
                    "visit_type": visit_type,
                    "visit_datetime": datetime(day.year, day.month, day.day, 10, 0),
                    "state": "done",
                },
                **vals,
            )
        )

    def _worksite_done(self, file):
        """Give an ARA file everything up to the end of its worksite: the tripartite meeting
        with the three parties, a preparation visit, purchases with their receipt, work
        items and dates."""
        self._visit(file, "tripartite", date(2017, 4, 3), with_referent=True, with_facilitator=True)
        self._visit(file, "preparation", date(2017, 4, 10))
        file.write(
            {
                "purchase_line_ids": [
                    Command.create({"name": "Paint", "quantity": 2, "unit_cost": 30})
                ],
                "worksite_start_date": date(2017, 5, 2),
                "work_item_ids": [Command.create({"room": "kitchen", "nature": "painting"})],
                "worksite_end_date": date(2017, 5, 20),
            }
        )
        self._attach(file, "ara_receipts")

    @staticmethod
    def _b64(raw):
        return base64.b64encode(raw)
