from datetime import date, datetime

from odoo.tests import new_test_user, tagged

from .common import HousingCase

# The models that hold personal data of households: each declares what is personal about it
# (``_housing_personal_fields``), erased when the household is anonymised.
PERSONAL_MODELS = {
    "housing.household",
    "housing.member",
    "res.partner",
    "housing.accompaniment",
    "housing.visit",
    "housing.kit.installation",
    "housing.work.item",
    "housing.right.line",
    "housing.mutual.aid",
    "housing.purchase.line",
}


@tagged("post_install", "-at_install")
class TestPersonalData(HousingCase):
    """The anonymisation reads what each model declares personal: every declared field of
    the household's records goes, the records of other households keep theirs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gone = cls._household("Mme Partie", dwelling_id=cls.dwellings[0].id)
        cls.kept = cls._household("M. Reste", dwelling_id=cls.dwellings[1].id)
        cls.third = cls._household("Mme Tierce", dwelling_id=cls.dwellings[2].id)
        cls.equipment = cls.env["housing.equipment"].create(
            {"name": "Test shower head", "water_saving_liters": 4000}
        )
        cls.records = {
            household: cls._personal_records(household) for household in (cls.gone, cls.kept)
        }
        third_file = cls.env["housing.accompaniment"].create(
            {
                "household_id": cls.third.id,
                "workflow": "ara",
                "referral_date": date(2017, 3, 1),
                "facilitator_id": cls.facilitator.id,
            }
        )
        kept_file = cls.records[cls.kept]["ara"]
        cls.aid_given = cls._aid(cls.gone, kept_file, "Mme Partie painted")
        cls.aid_received = cls._aid(cls.kept, cls.records[cls.gone]["ara"], "M. Reste tiled")
        cls.aid_others = cls._aid(cls.kept, third_file, "M. Reste sanded")

    @classmethod
    def _personal_records(cls, household):
        name = household.tenant_partner_id.name
        household.notes = f"<p>Notes on {name}</p>"
        household.tenant_partner_id.write({"email": "t@example.com", "city": "Aix"})
        Accompaniment = cls.env["housing.accompaniment"]
        ara = Accompaniment.create(
            {
                "household_id": household.id,
                "workflow": "ara",
                "referral_date": date(2017, 3, 1),
                "facilitator_id": cls.facilitator.id,
                "referral_reason": f"Damp at {name}'s",
                "appropriation_notes": f"<p>{name} paints well</p>",
                "skills_gained": f"{name} learnt tiling",
            }
        )
        entrant = Accompaniment.create(
            {
                "household_id": household.id,
                "workflow": "new_entrant",
                "request_type": "transfer",
                "designation_reference": f"PREF-{household.id}",
                "abandon_reason": f"{name} moved",
            }
        )
        entrant.right_line_ids[:1].notes = f"{name}'s CAF number"
        visit = cls.env["housing.visit"].create(
            {
                "accompaniment_id": ara.id,
                "visit_type": "tripartite",
                "visit_datetime": datetime(2017, 3, 20, 10, 0),
                "notes": f"<p>{name} was tired</p>",
            }
        )
        kit = cls.env["housing.kit.installation"].create(
            {
                "accompaniment_id": ara.id,
                "equipment_id": cls.equipment.id,
                "installation_date": date(2017, 3, 20),
                "notes": f"{name}'s bathroom",
            }
        )
        work_item = cls.env["housing.work.item"].create(
            {
                "accompaniment_id": ara.id,
                "room": "kitchen",
                "nature": "painting",
                "description": f"{name}'s kitchen walls",
            }
        )
        return {
            "ara": ara,
            "entrant": entrant,
            "right_line": entrant.right_line_ids[:1],
            "visit": visit,
            "kit": kit,
            "work_item": work_item,
        }

    @classmethod
    def _aid(cls, helper, file, description):
        return cls.env["housing.mutual.aid"].create(
            {
                "helper_household_id": helper.id,
                "accompaniment_id": file.id,
                "aid_date": date(2017, 4, 2),
                "hours": 3,
                "description": description,
            }
        )

    def test_each_model_declares_its_personal_fields(self):
        models = self.env["housing.household"]._housing_personal_models()
        self.assertEqual({Model._name for Model in models}, PERSONAL_MODELS)
        for Model in models:
            for fname in Model._housing_personal_fields:
                self.assertIn(fname, Model._fields, Model._name)
        partner_fields = self.env["res.partner"]._housing_personal_fields
        self.assertTrue({"name", "email", "phone", "street", "image_1920"} <= set(partner_fields))

    def test_every_declared_field_goes_and_others_keep_theirs(self):
        self.gone._anonymise()
        gone, kept = self.records[self.gone], self.records[self.kept]
        for records in (gone, kept):
            for record in records.values():
                record.invalidate_recordset()
        self.assertFalse(self.gone.notes)
        self.assertFalse(self.gone.tenant_partner_id.email or self.gone.tenant_partner_id.city)
        self.assertEqual(self.gone.tenant_partner_id.name, f"Anonymised household {self.gone.name}")
        self.assertEqual(self.gone.member_ids.name, "Member 1")
        self.assertEqual(self.gone.member_ids.birth_date, date(1985, 1, 1))
        self.assertEqual(self.gone.member_ids.partner_id, self.gone.tenant_partner_id)
        for fname in ("referral_reason", "appropriation_notes", "skills_gained"):
            self.assertFalse(gone["ara"][fname], fname)
        self.assertFalse(gone["entrant"].designation_reference)
        self.assertFalse(gone["entrant"].abandon_reason)
        self.assertFalse(gone["right_line"].notes)
        self.assertFalse(gone["visit"].notes)
        self.assertFalse(gone["kit"].notes)
        self.assertFalse(gone["work_item"].description)
        self.assertFalse(self.aid_given.description, "the help the household gave")
        self.assertFalse(self.aid_received.description, "the help given on its worksite")
        self.assertEqual((self.aid_given.hours, self.aid_received.hours), (3, 3))
        # The other households keep every word.
        self.assertEqual(self.aid_others.description, "M. Reste sanded")
        self.assertEqual(self.kept.notes, "<p>Notes on M. Reste</p>")
        self.assertEqual(self.kept.tenant_partner_id.name, "M. Reste")
        self.assertEqual(self.kept.tenant_partner_id.email, "t@example.com")
        self.assertEqual(self.kept.member_ids.name, "M. Reste")
        self.assertEqual(self.kept.member_ids.birth_date, date(1985, 5, 1))
        self.assertEqual(kept["ara"].referral_reason, "Damp at M. Reste's")
        self.assertEqual(kept["ara"].skills_gained, "M. Reste learnt tiling")
        self.assertEqual(kept["entrant"].designation_reference, f"PREF-{self.kept.id}")
        self.assertEqual(kept["entrant"].abandon_reason, "M. Reste moved")
        self.assertEqual(kept["right_line"].notes, "M. Reste's CAF number")
        self.assertEqual(kept["visit"].notes, "<p>M. Reste was tired</p>")
        self.assertEqual(kept["kit"].notes, "M. Reste's bathroom")
        self.assertEqual(kept["work_item"].description, "M. Reste's kitchen walls")

    def test_a_user_contact_is_left_as_it_is(self):
        user = new_test_user(self.env, "housing_tenant_user", name="Mme Utilisatrice")
        self.gone.member_ids.partner_id = False
        self.gone.tenant_partner_id = user.partner_id
        self.gone.member_ids.partner_id = user.partner_id
        self.gone._anonymise()
        self.assertEqual(user.partner_id.name, "Mme Utilisatrice")
        self.assertEqual(self.gone.member_ids.name, "Member 1")
        # Household and member get an anonymous contact of their own instead.
        self.assertNotEqual(self.gone.member_ids.partner_id, user.partner_id)
        self.assertEqual(self.gone.member_ids.partner_id, self.gone.tenant_partner_id)
        self.assertEqual(self.gone.tenant_partner_id.name, f"Anonymised household {self.gone.name}")
