from datetime import date

from odoo.tests import new_test_user

from .common import HousingCase


class HousingPortalCase(HousingCase):
    """Two referent organisations with portal users (one an organisation manager), a portal
    user of no organisation, the association's coordinator, and one referral per referent.
    Mail features are on: who follows what is part of what is tested."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        Partner = cls.env["res.partner"]
        cls.organisation = Partner.create({"name": "CCAS de Test", "is_company": True})
        cls.other_organisation = Partner.create({"name": "MDS de Test", "is_company": True})
        cls.referent_user = cls._portal_user("referent_alpha", cls.organisation)
        cls.colleague_user = cls._portal_user("referent_bravo", cls.organisation)
        cls.organisation_manager_user = cls._portal_user(
            "referent_chief", cls.organisation, manager=True
        )
        cls.other_referent_user = cls._portal_user("referent_delta", cls.other_organisation)
        cls.lonely_user = new_test_user(cls.env, "portal_lonely", groups="base.group_portal")
        cls.coordinator = new_test_user(
            cls.env,
            "housing_coordinator",
            groups="housing_accompaniment.group_housing_coordinator",
            name="Coordinator Test",
            email="coordinator@example.com",
        )
        cls.file_alpha = cls._referral(cls.referent_user, "Mme Alpha")
        cls.file_bravo = cls._referral(cls.colleague_user, "Mme Bravo")
        cls.file_delta = cls._referral(cls.other_referent_user, "Mme Delta")

    @classmethod
    def _portal_user(cls, login, organisation, manager=False):
        user = new_test_user(
            cls.env,
            login,
            groups="base.group_portal",
            name=login.replace("_", " ").title(),
            email=f"{login}@example.com",
        )
        user.partner_id.write({"parent_id": organisation.id, "is_referral_manager": manager})
        return user

    @classmethod
    def _referral(cls, user, tenant_name):
        household = cls._household(tenant_name, referent_partner_id=user.partner_id.id)
        return cls.env["housing.accompaniment"].create(
            {
                "household_id": household.id,
                "workflow": "ara",
                "referral_date": date(2026, 3, 2),
                "referral_reason": f"Reason of {tenant_name}",
                "referent_partner_id": user.partner_id.id,
                "referral_state": "submitted",
                "user_id": False,
                "budget_amount": 777,
            }
        )

    def _flush_mail(self):
        """Run what Odoo runs before a commit: the step's template is posted then."""
        self.env.flush_all()
        self.env.cr.precommit.run()
