from datetime import date

from .common import HousingCase


class FundingCase(HousingCase):
    """A company of its own (so that no demo data counts), whose TFPB programme is the
    landlord's, with residences of that landlord in three QPV and outside QPV, residences
    of another landlord, funders, the actions and helpers to put households under support."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The counts here are worked out by hand on a few households: no minimum cell size
        # (the rule is tested in test_privacy_attacks_aggregates).
        cls.company = cls.env["res.company"].create(
            {
                "name": "Test Landlord Company",
                "housing_landlord_partner_id": cls.landlord.id,
                "housing_min_cell_size": 1,
            }
        )
        for user in (cls.manager, cls.staff, cls.facilitator, cls.accountant):
            user.write({"company_ids": [(4, cls.company.id)], "company_id": cls.company.id})
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=[cls.company.id]))
        cls.currency = cls.company.currency_id

        Qpv = cls.env["housing.qpv"]
        cls.qpv_a = Qpv.create({"name": "QPV A", "code": "QN-TEST-A"})
        cls.qpv_b = Qpv.create({"name": "QPV B", "code": "QN-TEST-B"})
        cls.qpv_c = Qpv.create({"name": "QPV C", "code": "QN-TEST-C"})
        Residence = cls.env["housing.residence"]
        cls.res_a = Residence.create(
            {"name": "A", "landlord_id": cls.landlord.id, "qpv_id": cls.qpv_a.id}
        )
        cls.res_b = Residence.create(
            {"name": "B", "landlord_id": cls.landlord.id, "qpv_id": cls.qpv_b.id}
        )
        cls.res_c = Residence.create(
            {"name": "C", "landlord_id": cls.landlord.id, "qpv_id": cls.qpv_c.id}
        )
        cls.res_out = Residence.create({"name": "Out", "landlord_id": cls.landlord.id})
        cls.res_other = Residence.create(
            {
                "name": "Other landlord's",
                "landlord_id": cls.other_landlord.id,
                "qpv_id": cls.qpv_a.id,
            }
        )
        cls._dwelling_seq = 0

        Partner = cls.env["res.partner"]
        cls.state_funder = Partner.create({"name": "Test State", "is_company": True})
        cls.metropole = Partner.create({"name": "Test Métropole", "is_company": True})
        cls.action_ara = cls.env.ref("housing_accompaniment.action_ara")
        cls.action_workshop = cls.env.ref("housing_accompaniment.action_workshop")
        cls.action_new_entrant = cls.env.ref("housing_accompaniment.action_new_entrant")
        cls.axis_6 = cls.env.ref("housing_accompaniment.tfpb_axis_6")
        cls.axis_7 = cls.env.ref("housing_accompaniment.tfpb_axis_7")
        cls.agreement = cls.env["housing.agreement"].create(
            {
                "name": "Test agreement",
                "partner_ids": [(6, 0, [cls.landlord.id])],
                "date_start": date(2017, 3, 15),
                "date_end": date(2018, 3, 14),
            }
        )

    @classmethod
    def _dwelling(cls, residence):
        cls._dwelling_seq += 1
        return cls.env["housing.dwelling"].create(
            {"name": f"T{cls._dwelling_seq}", "residence_id": residence.id}
        )

    @classmethod
    def _accompanied(cls, residence, workflow="ara", start=date(2017, 3, 1), close=None):
        """A new household in a new dwelling of ``residence``, with one file of ``workflow``
        started on ``start`` (and closed on ``close``)."""
        dwelling = cls._dwelling(residence)
        household = cls._household(f"Household {cls._dwelling_seq}", dwelling_id=dwelling.id)
        return cls._file(household, workflow, start, close)

    @classmethod
    def _file(cls, household, workflow="ara", start=date(2017, 3, 1), close=None, **vals):
        date_field = "referral_date" if workflow == "ara" else "designation_date"
        vals = dict({"household_id": household.id, "workflow": workflow, date_field: start}, **vals)
        if close:
            vals["close_date"] = close
        return cls.env["housing.accompaniment"].create(vals)

    @classmethod
    def _funding(cls, funder, amount, action=None, year=2017, **vals):
        return cls.env["housing.funding"].create(
            dict(
                {
                    "funder_id": funder.id,
                    "action_id": (action or cls.action_ara).id,
                    "year": year,
                    "amount_committed": amount,
                },
                **vals,
            )
        )
