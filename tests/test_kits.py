from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import HousingCase


@tagged("post_install", "-at_install")
class TestEnergyKits(HousingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Equipment = cls.env["housing.equipment"]
        cls.aerator = Equipment.create(
            {
                "name": "Test aerator",
                "unit_cost": 2.5,
                "water_saving_liters": 5000,
                "energy_saving_kwh": 100,
                "money_saving_eur": 30,
            }
        )
        cls.bulb = Equipment.create(
            {"name": "Test bulb", "unit_cost": 4, "energy_saving_kwh": 50, "money_saving_eur": 7.5}
        )
        cls.household = cls._household("Mme Kit", dwelling_id=cls.dwellings[0].id)
        Accompaniment = cls.env["housing.accompaniment"]
        cls.ara_file = Accompaniment.create(
            {
                "household_id": cls.household.id,
                "workflow": "ara",
                "referral_date": date(2017, 3, 1),
                "facilitator_id": cls.facilitator.id,
            }
        )
        cls.ne_file = Accompaniment.create(
            {
                "household_id": cls.household.id,
                "workflow": "new_entrant",
                "request_type": "transfer",
            }
        )
        cls.other_household = cls._household("M. Other", dwelling_id=cls.dwellings[1].id)
        cls.other_file = Accompaniment.create(
            {
                "household_id": cls.other_household.id,
                "workflow": "ara",
                "referral_date": date(2017, 3, 1),
                "facilitator_id": cls.other_facilitator.id,
            }
        )

    def _kit(self, file, equipment, quantity, **vals):
        return self.env["housing.kit.installation"].create(
            dict(
                {
                    "accompaniment_id": file.id,
                    "equipment_id": equipment.id,
                    "quantity": quantity,
                    "installation_date": date(2017, 5, 10),
                },
                **vals,
            )
        )

    def test_savings_on_the_file_and_the_household(self):
        """3 aerators and 4 bulbs on the ARA file, 1 aerator on the other file of the household."""
        aerators = self._kit(self.ara_file, self.aerator, 3)
        self._kit(self.ara_file, self.bulb, 4)
        self._kit(self.ne_file, self.aerator, 1)
        self.assertEqual(aerators.water_saving_liters, 15000)
        self.assertEqual(aerators.energy_saving_kwh, 300)
        self.assertEqual(aerators.money_saving_eur, 90)
        self.assertEqual(aerators.cost_amount, 7.5)
        # ARA file: 3 × 5000 L; 3 × 100 + 4 × 50 kWh; 3 × 30 + 4 × 7.50 €.
        self.assertEqual(self.ara_file.kit_water_saving_liters, 15000)
        self.assertEqual(self.ara_file.kit_energy_saving_kwh, 500)
        self.assertEqual(self.ara_file.kit_money_saving_eur, 120)
        self.assertEqual(self.ne_file.kit_money_saving_eur, 30)
        # The household adds up both files.
        self.assertEqual(self.household.kit_water_saving_liters, 20000)
        self.assertEqual(self.household.kit_energy_saving_kwh, 600)
        self.assertEqual(self.household.kit_money_saving_eur, 150)
        self.assertEqual(self.other_household.kit_money_saving_eur, 0)
        action = self.household.action_view_kit_installations()
        self.assertEqual(
            self.env["housing.kit.installation"].search(action["domain"]),
            self.ara_file.kit_installation_ids | self.ne_file.kit_installation_ids,
        )

    def test_catalogue_change_updates_the_estimates(self):
        line = self._kit(self.ara_file, self.aerator, 2)
        self.aerator.with_user(self.manager).write(
            {"money_saving_eur": 40, "water_saving_liters": 6000}
        )
        self.assertEqual(line.money_saving_eur, 80)
        self.assertEqual(line.water_saving_liters, 12000)
        self.assertEqual(self.household.kit_money_saving_eur, 80)

    def test_kit_fitted_during_a_visit(self):
        visit = self.env["housing.visit"].create(
            {
                "accompaniment_id": self.ara_file.id,
                "visit_type": "preparation",
                "state": "done",
                "visit_datetime": datetime(2017, 4, 10, 14, 0),
            }
        )
        with Form(visit) as visit_form:
            with visit_form.kit_installation_ids.new() as line:
                line.equipment_id = self.bulb
                line.quantity = 5
        line = visit.kit_installation_ids
        self.assertEqual(line.accompaniment_id, self.ara_file)
        self.assertEqual(line.household_id, self.household)
        self.assertEqual(line.installation_date, date(2017, 4, 10), "the visit's date")
        self.assertEqual(line.energy_saving_kwh, 250)
        self.assertEqual(self.ara_file.kit_energy_saving_kwh, 250)

    def test_visit_of_another_file_is_refused(self):
        visit = self.env["housing.visit"].create(
            {"accompaniment_id": self.other_file.id, "visit_datetime": datetime(2017, 4, 10, 14, 0)}
        )
        with self.assertRaisesRegex(ValidationError, "belongs to another file"):
            self._kit(self.ara_file, self.bulb, 1, visit_id=visit.id)

    def test_quantity_must_be_positive(self):
        for quantity in (0, -2):
            with (
                self.subTest(quantity=quantity),
                self.assertRaisesRegex(ValidationError, "must be at least 1"),
            ):
                self._kit(self.ara_file, self.bulb, quantity)
        line = self._kit(self.ara_file, self.bulb, 1)
        with self.assertRaisesRegex(ValidationError, "must be at least 1"):
            line.quantity = -1
        self.assertEqual(line.quantity, 1)

    @freeze_time("2017-06-01")
    def test_future_installation_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "in the future"):
            self._kit(self.ara_file, self.bulb, 1, installation_date=date(2017, 6, 2))

    def test_equipment_values_cannot_be_negative(self):
        for fname in ("unit_cost", "water_saving_liters", "energy_saving_kwh", "money_saving_eur"):
            with (
                self.subTest(field=fname),
                self.assertRaisesRegex(ValidationError, "cannot be negative"),
            ):
                self.aerator.write({fname: -1})
        self.assertEqual(self.aerator.water_saving_liters, 5000)

    def test_seeded_defaults_follow_their_documented_basis(self):
        """The seeded savings follow the prices stated in the help: water 4 €/m³,
        electricity 0.15 €/kWh."""
        for xmlid in (
            "equipment_tap_aerator",
            "equipment_venturi_shower_head",
            "equipment_led_bulb",
        ):
            equipment = self.env.ref(f"housing_accompaniment.{xmlid}")
            with self.subTest(equipment=equipment.name):
                self.assertTrue(equipment.estimate_basis)
                self.assertAlmostEqual(
                    equipment.money_saving_eur,
                    equipment.water_saving_liters / 1000 * 4 + equipment.energy_saving_kwh * 0.15,
                    places=2,
                )
        equipment_fields = self.env["housing.equipment"]._fields
        self.assertIn("ADEME", equipment_fields["water_saving_liters"].help)
        self.assertIn("ADEME", equipment_fields["energy_saving_kwh"].help)
        self.assertIn("estimates to adjust", equipment_fields["money_saving_eur"].help)

    def test_catalogue_is_edited_by_managers_only(self):
        self.assertEqual(self.aerator.with_user(self.facilitator).name, "Test aerator")
        self.assertEqual(self.aerator.with_user(self.accountant).money_saving_eur, 30)
        for user in (self.facilitator, self.staff, self.accountant):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.aerator.with_user(user).write({"money_saving_eur": 1})
        self.aerator.with_user(self.manager).write({"money_saving_eur": 31})
        self.assertEqual(self.aerator.money_saving_eur, 31)

    def test_kits_follow_the_file_access(self):
        own = self._kit(self.ara_file, self.aerator, 1)
        other = self._kit(self.other_file, self.aerator, 1)
        Kit = self.env["housing.kit.installation"].with_user(self.facilitator)
        test_kits = [("equipment_id", "in", (self.aerator | self.bulb).ids)]
        self.assertEqual(Kit.search(test_kits), own, "a facilitator sees the kits of their files")
        Kit.create(
            {
                "accompaniment_id": self.ara_file.id,
                "equipment_id": self.bulb.id,
                "installation_date": date(2017, 6, 1),
            }
        )
        with self.assertRaises(AccessError):
            other.with_user(self.facilitator).quantity = 2
        with self.assertRaises(AccessError):
            Kit.create({"accompaniment_id": self.other_file.id, "equipment_id": self.bulb.id})
        with self.assertRaises(AccessError):
            own.with_user(self.accountant).read(["quantity"])
        self.assertEqual(
            self.env["housing.kit.installation"].with_user(self.staff).search_count(test_kits), 3
        )

    def test_kit_page_of_the_file(self):
        with Form(self.ara_file) as file_form:
            with file_form.kit_installation_ids.new() as line:
                line.equipment_id = self.aerator
                line.quantity = 2
                line.installation_date = date(2017, 6, 1)
        self.assertEqual(self.ara_file.kit_installation_ids.quantity, 2)
        self.assertEqual(self.ara_file.kit_money_saving_eur, 60)
        self.ara_file.kit_installation_ids = [Command.clear()]
        self.assertEqual(self.household.kit_money_saving_eur, 0)

    def test_anonymisation_erases_notes_and_keeps_savings(self):
        line = self._kit(self.ara_file, self.aerator, 2, notes="Bathroom of Mme Kit")
        aid = self.env["housing.mutual.aid"].create(
            {
                "helper_household_id": self.household.id,
                "accompaniment_id": self.other_file.id,
                "aid_date": date(2017, 6, 3),
                "hours": 2,
                "description": "Mme Kit came with her son",
            }
        )
        self.household._anonymise()
        self.assertFalse(line.notes)
        self.assertFalse(aid.description)
        self.assertEqual(aid.hours, 2, "the figures stay")
        self.assertEqual(self.household.kit_money_saving_eur, 60)
