from contextlib import contextmanager
from datetime import date

from psycopg2 import IntegrityError

from odoo import Command
from odoo.service.model import _as_validation_error
from odoo.tests import TransactionCase, new_test_user
from odoo.tools import mute_logger


class HousingCase(TransactionCase):
    """Shared set-up: one user per group, a landlord with a residence in a QPV and one
    outside, dwellings, a social referent and helpers to build households and files."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A company of its own, so that the demo data (when installed) stays out of the
        # figures the tests compute.
        company = cls.env["res.company"].create({"name": "Housing test landlord company"})
        cls.env = cls.env(
            context=dict(cls.env.context, tracking_disable=True, allowed_company_ids=[company.id])
        )
        cls.company = company
        cls.manager = new_test_user(
            cls.env, "housing_manager", groups="housing_accompaniment.group_housing_manager"
        )
        cls.staff = new_test_user(
            cls.env, "housing_staff", groups="housing_accompaniment.group_housing_user"
        )
        cls.facilitator = new_test_user(
            cls.env, "housing_facilitator", groups="housing_accompaniment.group_housing_facilitator"
        )
        cls.other_facilitator = new_test_user(
            cls.env,
            "housing_facilitator_b",
            groups="housing_accompaniment.group_housing_facilitator",
        )
        cls.accountant = new_test_user(
            cls.env, "housing_accountant", groups="housing_accompaniment.group_housing_accountant"
        )
        Partner = cls.env["res.partner"]
        cls.landlord = Partner.create({"name": "Test Landlord", "is_company": True})
        cls.other_landlord = Partner.create({"name": "Other Landlord", "is_company": True})
        cls.referent = Partner.create({"name": "Referent Social Worker"})
        cls.service = Partner.create({"name": "Mainstream Social Service", "is_company": True})
        cls.qpv = cls.env["housing.qpv"].create(
            {"name": "Test QPV", "code": "QN0000TEST", "city": "Aix-en-Provence"}
        )
        Residence = cls.env["housing.residence"]
        cls.residence_qpv = Residence.create(
            {
                "name": "Residence in QPV",
                "code": "R-QPV",
                "street": "1 rue du Test",
                "zip": "13090",
                "city": "Aix-en-Provence",
                "landlord_id": cls.landlord.id,
                "qpv_id": cls.qpv.id,
            }
        )
        cls.residence_out = Residence.create(
            {"name": "Residence outside", "code": "R-OUT", "landlord_id": cls.other_landlord.id}
        )
        Dwelling = cls.env["housing.dwelling"]
        cls.dwellings = Dwelling.create(
            [
                {"name": f"D{index}", "residence_id": cls.residence_qpv.id, "typology": "t3"}
                for index in range(1, 6)
            ]
        )
        cls.dwelling_out = Dwelling.create({"name": "O1", "residence_id": cls.residence_out.id})

    @classmethod
    def _household(cls, name="Tenant", members=(), **vals):
        """A household whose head is a new contact ``name``; ``members`` are extra
        ``(name, relationship, gender, birth_date)`` tuples."""
        tenant = cls.env["res.partner"].create({"name": name})
        member_cmds = [
            Command.create(
                {
                    "name": name,
                    "partner_id": tenant.id,
                    "relationship": "head",
                    "gender": vals.pop("head_gender", "female"),
                    "birth_date": vals.pop("head_birth_date", date(1985, 5, 1)),
                }
            )
        ]
        for member_name, relationship, gender, birth_date in members:
            member_cmds.append(
                Command.create(
                    {
                        "name": member_name,
                        "relationship": relationship,
                        "gender": gender,
                        "birth_date": birth_date,
                    }
                )
            )
        return cls.env["housing.household"].create(
            dict({"tenant_partner_id": tenant.id, "member_ids": member_cmds}, **vals)
        )

    @contextmanager
    def assertRaisesRegex(self, exception, regex, msg=None):
        """Like unittest's, but inside Odoo's savepoint (as ``assertRaises``), so that a
        refused change leaves the database as it was for the rest of the test."""
        with self.assertRaises(exception, msg=msg) as context:
            yield context
        self.assertRegex(str(context.exception), regex)

    @contextmanager
    def assertRefusedByConstraint(self, regex):
        """Expect the database to refuse the change by one of the addon's SQL constraints,
        and the user to be told ``regex``: the message Odoo's RPC layer gives for it."""
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError) as context:
            yield context
        self.assertRegex(str(_as_validation_error(self.env, context.exception)), regex)

    @classmethod
    def _stage(cls, code):
        return cls.env.ref(f"housing_accompaniment.stage_{code}")
