from datetime import date

from odoo.tests import TransactionCase, tagged

from ..models.housing_right_line import PENDING_RIGHT_STATUSES

YEAR_START, YEAR_END = date(2017, 1, 1), date(2017, 12, 31)


@tagged("post_install", "-at_install")
class TestDemoStory(TransactionCase):
    """The demo tells the seed's story: its 2017 figures are the seed's own.

    The seed's profile ("Analyse des publics locataires de l'OPH PAHM") is that of PAHM's
    tenants: 18 households, 69 persons. The action also reaches 4 households of another
    landlord, so that PAHM's tenants are "près de 80%" of the households (18 of 22, 81.8%)
    for "près de 30%" of the funding (15,000 of 50,000)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement = cls.env.ref(
            "housing_accompaniment.agreement_2017", raise_if_not_found=False
        )
        if not cls.agreement:
            cls.skipTest(cls, "demo data not loaded")
        company = cls.env.ref("base.main_company")
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=[company.id]))
        cls.company = company
        cls.pahm = cls.env.ref("housing_accompaniment.partner_pahm")
        cls.Figures = cls.env["housing.activity.figures"]

    def test_company_is_the_seed_landlord(self):
        self.assertEqual(self.company.name, "OPH Pays d'Aix Habitat Métropole")
        self.assertEqual(self.company.city, "Aix-en-Provence")
        self.assertEqual(self.company.partner_id, self.pahm, "PAHM is the company's own contact")
        self.assertEqual(self.company._housing_landlord_partner(), self.pahm)
        association = self.env.ref("housing_accompaniment.partner_cbp")
        self.assertEqual(association.name, "Compagnons Bâtisseurs Provence")
        self.assertEqual(self.agreement.partner_ids, self.pahm | association)

    def _assert_seed_profile(self, figures):
        """69 persons: 24 adults (18 women, 6 men) and 45 children; of the 18 households,
        2/3 tenants for more than 2 years, 1/3 DALO or first-time arrivals, 2/3 RSA and
        2/3 single-parent, 13 of 18 (72.2%, "près de 72%") in QPV."""
        self.assertEqual(figures.household_count, 18)
        self.assertEqual(tuple(figures.persons), (69, 24, 18, 6, 45, 0))
        profile = figures.profile
        self.assertEqual(profile.long_term_tenant.count, 12)
        self.assertEqual(profile.dalo_or_first_time.count, 6)
        self.assertEqual(profile.rsa.count, 12)
        self.assertEqual(profile.single_parent.count, 12)
        self.assertEqual(profile.qpv.count, 13)
        self.assertAlmostEqual(profile.long_term_tenant.share, 2 / 3)
        self.assertAlmostEqual(profile.dalo_or_first_time.share, 1 / 3)
        self.assertAlmostEqual(profile.rsa.share, 2 / 3)
        self.assertAlmostEqual(profile.single_parent.share, 2 / 3)
        self.assertEqual(round(profile.qpv.share * 100), 72)
        # More than 30% continued the works on their own: 3 of the 7 ARA files reviewed.
        self.assertEqual(figures.autonomy[:2], (7, 3))
        self.assertGreater(figures.autonomy.rate, 0.30)

    def test_seed_figures_of_pahm_tenants(self):
        """The report with PAHM's landlord filter gives the seed's analysis exactly."""
        figures = self.Figures._period_figures(YEAR_START, YEAR_END, landlord=self.pahm)
        self._assert_seed_profile(figures)
        households = figures.files.household_id
        self.assertEqual(households.dwelling_id.residence_id.landlord_id, self.pahm)
        rsa = households.filtered("is_rsa_beneficiary")
        single_parent = households.filtered("is_single_parent")
        self.assertNotEqual(rsa, single_parent, "RSA and single-parent are two sets")
        self.assertEqual(len(rsa & single_parent), 10)

    def test_seed_figures_of_the_agreement(self):
        """The agreement of March 2017 covers the whole action: PAHM's tenants plus the 4
        households of another landlord (4 adults, 3 women and 1 man, and 6 children)."""
        figures = self.Figures._period_figures(YEAR_START, YEAR_END, agreement=self.agreement)
        pahm_figures = self.Figures._period_figures(
            YEAR_START, YEAR_END, landlord=self.pahm, agreement=self.agreement
        )
        self._assert_seed_profile(pahm_figures)
        self.assertEqual(figures.household_count, 22)
        self.assertEqual(tuple(figures.persons), (79, 28, 21, 7, 51, 0))
        # Funding lines of the agreement only: the foundation's 5,000 are outside it.
        pahm_line = next(line for line in figures.funding.lines if line.funder == self.pahm)
        self.assertTrue(pahm_line.is_landlord)
        self.assertEqual(figures.funding.totals[pahm_line.action], 45000)

    def test_funding_share_without_filter(self):
        """All 2017 funders (the agreement's and the others): PAHM is 30% of the ARA
        funding, for 81.8% of the households (18 of 22) being its tenants."""
        figures = self.Figures._period_figures(YEAR_START, YEAR_END)
        self.assertEqual(figures.household_count, 22)
        lines = [line for line in figures.funding.lines if line.funder == self.pahm]
        self.assertEqual(len(lines), 1)
        self.assertAlmostEqual(lines[0].share, 0.30)
        self.assertEqual(figures.funding.landlord_households, (18, 18 / 22))
        # The tenant share is of every household reached, whatever workflow the report is
        # narrowed to (the report reads the households' places once, for its own files).
        ara = self.Figures._period_figures(YEAR_START, YEAR_END, workflow="ara")
        self.assertLess(ara.household_count, 22)
        self.assertEqual(ara.funding.landlord_households, (18, 18 / 22))

    def test_new_entrant_dates_follow_the_designation(self):
        files = self._demo_files().filtered(lambda f: f.workflow == "new_entrant")
        self.assertTrue(files)
        for file in files:
            with self.subTest(file=file.name):
                dates = [
                    file.designation_date,
                    file.lease_signature_date,
                    file.move_in_date,
                ]
                known = [day for day in dates if day]
                self.assertEqual(known, sorted(known), "designation ≤ lease ≤ move-in")
                # A new entrant's tenancy starts with the lease of this file (a transfer
                # request keeps the tenancy of its former dwelling).
                if file.request_type == "new_entrant" and file.lease_signature_date:
                    self.assertGreaterEqual(
                        file.household_id.lease_start_date, file.lease_signature_date
                    )
                if (
                    file.stage_id.sequence
                    > self.env.ref("housing_accompaniment.stage_ne_rights").sequence
                ):
                    self.assertTrue(file.right_line_ids)
                    self.assertFalse(
                        file.right_line_ids.filtered(lambda r: r.status in PENDING_RIGHT_STATUSES)
                    )

    def _demo_files(self):
        ids = (
            self.env["ir.model.data"]
            .search(
                [("module", "=", "housing_accompaniment"), ("model", "=", "housing.accompaniment")]
            )
            .mapped("res_id")
        )
        return self.env["housing.accompaniment"].with_context(active_test=False).browse(ids)

    def test_no_demo_file_in_a_step_it_could_not_enter(self):
        """Every demo file meets its step's requirements (those of every step up to it, and
        the documents): none sits where the board would refuse to move it."""
        self.maxDiff = None
        files = self._demo_files()
        self.assertGreater(len(files), 30)
        refused = {
            file.name: missing
            for file in files
            if (missing := file._missing_for_stage(file.stage_id))
        }
        self.assertEqual(refused, {})
