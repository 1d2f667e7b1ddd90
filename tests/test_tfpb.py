from datetime import date

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.housing_accompaniment.models.housing_tfpb_year import split_pro_rata

from .funding_common import FundingCase


@tagged("post_install", "-at_install")
class TestSplitProRata(TransactionCase):
    def test_parts_add_up_to_the_cent(self):
        # 1000.00 over 3, 3 and 1 households of 7: 428.571…, 428.571…, 142.857…
        self.assertEqual(
            split_pro_rata(1000.00, {"a": 3, "b": 3, "c": 1}, 7),
            {"a": 428.57, "b": 428.57, "c": 142.86},
        )
        # An eighth household outside QPV takes its share: 875.00 for the three QPV.
        self.assertEqual(
            split_pro_rata(1000.00, {"a": 3, "b": 3, "c": 1}, 8),
            {"a": 375.00, "b": 375.00, "c": 125.00},
        )
        # Equal remainders: the missing cent goes to the first key.
        self.assertEqual(
            split_pro_rata(100.00, {1: 1, 2: 1, 3: 1}, 3), {1: 33.34, 2: 33.33, 3: 33.33}
        )
        # 0.10 over 3 of 3: 0.04, 0.03, 0.03.
        self.assertEqual(sum(split_pro_rata(0.10, {1: 1, 2: 1, 3: 1}, 3).values()), 0.10)
        self.assertEqual(split_pro_rata(500.00, {}, 0), {})
        self.assertEqual(split_pro_rata(500.00, {"a": 0}, 0), {})

    def test_parts_always_sum_to_the_rounded_share(self):
        for amount in (1000.00, 999.99, 15000.00, 1234.57, 0.01, 7.0):
            for weights, total in (
                ({1: 3, 2: 3, 3: 1}, 7),
                ({1: 5, 2: 3, 3: 2, 4: 1}, 12),
                ({1: 2, 2: 2, 3: 2}, 9),
                ({1: 1}, 3),
            ):
                parts = split_pro_rata(amount, weights, total)
                share = round(amount * sum(weights.values()) / total + 1e-9, 2)
                self.assertEqual(
                    round(sum(parts.values()), 2), share, f"{amount} over {weights} of {total}"
                )
                for key, part in parts.items():
                    self.assertLessEqual(abs(part - amount * weights[key] / total), 0.01 + 1e-9)

    def test_bad_weights_refused(self):
        with self.assertRaises(ValueError):
            split_pro_rata(100, {"a": 3, "b": 2}, 4)


@tagged("post_install", "-at_install")
class TestTfpb(FundingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The landlord's ARA households of 2017: 3 in QPV A, 3 in QPV B, 1 in QPV C.
        cls.files_a = cls.env["housing.accompaniment"]
        for _index in range(3):
            cls.files_a |= cls._accompanied(cls.res_a)
        for _index in range(3):
            cls._accompanied(cls.res_b)
        cls.file_c = cls._accompanied(cls.res_c)
        # Not counted for ARA: a new entrant of the landlord, another landlord's tenant.
        cls.new_entrant_c = cls._accompanied(cls.res_c, workflow="new_entrant")
        cls._accompanied(cls.res_other)
        cls.Year = cls.env["housing.tfpb.year"]

    def _programme(self, user=None, **vals):
        return self.Year.with_user(user or self.accountant).create(
            dict(
                {
                    "year": 2017,
                    "line_ids": [
                        Command.create(
                            {
                                "qpv_id": self.qpv_a.id,
                                "axis_id": self.axis_7.id,
                                "planned_amount": 500,
                            }
                        )
                    ],
                },
                **vals,
            )
        )

    def _open(self, programme):
        """Open the programme's form, as the web client reads it: stale figures are valued
        first."""
        programme.with_user(self.accountant).web_read(
            {"realised_total": {}, "line_ids": {"fields": {"realised_computed": {}}}}
        )

    def _realised(self, programme, field="realised_computed"):
        self._open(programme)
        return {
            (line.qpv_id, line.axis_id): line[field]
            for line in programme.line_ids
            if not line.currency_id.is_zero(line[field])
        }

    def test_realised_split_across_qpv(self):
        programme = self._programme()
        self.assertEqual(self._realised(programme), {}, "no funding yet")
        funding = self._funding(self.landlord, 1000.00).with_user(self.accountant)
        # Other funders' money is not the landlord's: it does not enter its programme.
        self._funding(self.state_funder, 5000.00)
        self.assertEqual(
            self._realised(programme),
            {
                (self.qpv_a, self.axis_7): 428.57,
                (self.qpv_b, self.axis_7): 428.57,
                (self.qpv_c, self.axis_7): 142.86,
            },
        )
        self.assertEqual(round(sum(programme.line_ids.mapped("realised_amount")), 2), 1000.00)
        line_a = programme.line_ids.filtered(lambda line: line.qpv_id == self.qpv_a)
        self.assertEqual(line_a.planned_amount, 500)
        self.assertAlmostEqual(line_a.gap_amount, 71.43)
        self.assertEqual(len(programme.line_ids), 3, "lines added for QPV B and C")
        self.assertAlmostEqual(programme.gap_total, 500 - 1000)
        self.assertTrue(programme.last_recompute_date)

        funding.amount_committed = 700
        self.assertEqual(
            self._realised(programme),
            {
                (self.qpv_a, self.axis_7): 300.00,
                (self.qpv_b, self.axis_7): 300.00,
                (self.qpv_c, self.axis_7): 100.00,
            },
        )
        funding.with_user(self.manager).unlink()
        self.assertEqual(self._realised(programme), {})

    def test_households_outside_qpv_take_their_share(self):
        programme = self._programme()
        self._funding(self.landlord, 1000.00)
        self._accompanied(self.res_out)
        self.assertEqual(
            self._realised(programme),
            {
                (self.qpv_a, self.axis_7): 375.00,
                (self.qpv_b, self.axis_7): 375.00,
                (self.qpv_c, self.axis_7): 125.00,
            },
            "8 households, one outside QPV: its eighth is left out",
        )

    def test_recomputed_when_files_change(self):
        programme = self._programme()
        self._funding(self.landlord, 700.00)
        # The QPV C household was in fact referred in 2018.
        self.file_c.referral_date = date(2018, 1, 15)
        self.assertEqual(
            self._realised(programme),
            {(self.qpv_a, self.axis_7): 350.00, (self.qpv_b, self.axis_7): 350.00},
        )
        self.file_c.referral_date = date(2017, 3, 1)
        self.files_a[0].with_user(self.manager).unlink()
        self.assertEqual(
            self._realised(programme),
            {
                (self.qpv_a, self.axis_7): 233.33,
                (self.qpv_b, self.axis_7): 350.00,
                (self.qpv_c, self.axis_7): 116.67,
            },
        )

    def test_daily_job_catches_other_changes(self):
        programme = self._programme()
        self._funding(self.landlord, 700.00)
        valued = self._realised(programme)
        self.res_c.qpv_id = self.qpv_b
        self.assertEqual(self._realised(programme), valued, "no write marks a residence move")
        self.env["housing.tfpb.year"]._cron_recompute()
        self.assertEqual(
            self._realised(programme),
            {(self.qpv_a, self.axis_7): 300.00, (self.qpv_b, self.axis_7): 400.00},
        )

    def test_changes_mark_the_years_stale_and_reading_values_them(self):
        """Nothing is valued on the write path: a change marks the programme years it may
        alter, and listing the lines, grouping them or opening the year values them."""
        programme, later = self._programme(), self._programme(year=2018)
        other_company = self.env["res.company"].create({"name": "Other TFPB company"})
        elsewhere = self.Year.with_company(other_company).create(
            {"year": 2017, "company_id": other_company.id}
        )
        self._funding(self.landlord, 700.00)
        self.assertEqual(
            (programme.is_stale, later.is_stale, elsewhere.is_stale),
            (True, False, False),
            "a 2017 funding line marks its year only",
        )
        line_a = programme.line_ids
        self.assertEqual(line_a.realised_computed, 0.0, "not valued on the write")
        Line = self.env["housing.tfpb.line"].with_user(self.accountant)
        Line.web_search_read([("year_id", "=", programme.id)], {"realised_computed": {}})
        self.assertFalse(programme.is_stale)
        self.assertEqual(line_a.realised_computed, 300.00)
        # Another funder's money does not feed the programme: nothing is marked.
        self._funding(self.state_funder, 5000.00)
        self.assertFalse(programme.is_stale)
        # A file counts from its start on: its change marks 2017 and 2018.
        self.file_c.close_date = date(2017, 12, 31)
        self.assertEqual((programme.is_stale, later.is_stale), (True, True))
        Line.read_group([("year_id", "=", programme.id)], ["realised_amount:sum"], ["qpv_id"])
        self.assertEqual((programme.is_stale, later.is_stale), (False, False))
        # The company's landlord marks its years, an action every year of every company.
        self.company.housing_landlord_partner_id = self.other_landlord
        self.assertEqual((programme.is_stale, elsewhere.is_stale), (True, False))
        self.assertEqual(self._realised(programme), {}, "the other landlord funds nothing")
        self.action_ara.with_user(self.manager).workflow = "new_entrant"
        self.assertEqual((programme.is_stale, elsewhere.is_stale), (True, True))

    def test_drag_between_open_steps_leaves_the_programme_alone(self):
        programme = self._programme()
        self._funding(self.landlord, 700.00)
        self._open(programme)
        valued_on = programme.last_recompute_date
        file = self.files_a[0].with_user(self.manager)
        file.write({"referent_partner_id": self.referent.id, "facilitator_id": self.facilitator.id})
        file.stage_id = self._stage("ara_tripartite")
        self.assertFalse(programme.is_stale, "moving between open steps counts the same")
        file.write({"outcome": "abandoned", "abandon_reason": "Moved away"})
        file.stage_id = self._stage("ara_closed")
        self.assertTrue(file.close_date)
        self.assertTrue(programme.is_stale, "closing a file may change what it counts in")
        self.assertEqual(programme.last_recompute_date, valued_on, "marked, not valued")
        self.assertEqual(
            self._realised(programme),
            {
                (self.qpv_a, self.axis_7): 300.00,
                (self.qpv_b, self.axis_7): 300.00,
                (self.qpv_c, self.axis_7): 100.00,
            },
            "closed today, the file still counts in 2017",
        )

    def test_action_axis_mapping(self):
        self.assertEqual(self.action_ara.tfpb_axis_id, self.axis_7)
        self.assertEqual(self.action_workshop.tfpb_axis_id, self.axis_7)
        programme = self._programme()
        self._funding(self.landlord, 700.00)
        self.action_ara.with_user(self.manager).tfpb_axis_id = self.axis_6
        self.assertEqual(
            self._realised(programme),
            {
                (self.qpv_a, self.axis_6): 300.00,
                (self.qpv_b, self.axis_6): 300.00,
                (self.qpv_c, self.axis_6): 100.00,
            },
        )
        with self.assertRaises(AccessError):
            self.action_ara.with_user(self.accountant).tfpb_axis_id = self.axis_7

    def test_workshops_count_households_of_every_workflow(self):
        """Workshops are open to all accompanied households: the new entrant of QPV C counts
        too, 8 households in all."""
        programme = self._programme()
        self._funding(self.landlord, 700.00, action=self.action_workshop)
        self.assertEqual(
            self._realised(programme),
            {
                (self.qpv_a, self.axis_7): 262.50,
                (self.qpv_b, self.axis_7): 262.50,
                (self.qpv_c, self.axis_7): 175.00,
            },
        )

    def test_adjustment_needs_justification(self):
        programme = self._programme()
        funding = self._funding(self.landlord, 1000.00)
        self._open(programme)
        line_a = programme.line_ids.filtered(lambda line: line.qpv_id == self.qpv_a)
        line_a = line_a.with_user(self.accountant).with_context(tracking_disable=False)
        with self.assertRaisesRegex(ValidationError, "needs a justification"):
            line_a.adjustment_amount = 50
        with self.assertRaisesRegex(ValidationError, "needs a justification"):
            line_a.write({"adjustment_amount": 50, "adjustment_justification": "  "})
        line_a.write(
            {"adjustment_amount": 50, "adjustment_justification": "Workshop paid by invoice 114"}
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.assertAlmostEqual(line_a.realised_amount, 478.57)
        self.assertAlmostEqual(line_a.gap_amount, 21.43)
        self.assertTrue(line_a.is_adjusted)
        with self.assertRaisesRegex(ValidationError, "realised amount negative"):
            line_a.adjustment_amount = -500
        with self.assertRaisesRegex(ValidationError, "needs a justification"):
            line_a.adjustment_justification = False
        # The adjustment stays when the computed amount changes.
        funding.amount_committed = 700
        self._open(programme)
        self.assertEqual(line_a.realised_computed, 300.00)
        self.assertEqual(line_a.realised_amount, 350.00)
        # The justification is kept in the line's history.
        line_a.adjustment_justification = "Workshop paid by invoice 114 (corrected)"
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = line_a.sudo().message_ids.tracking_value_ids
        self.assertIn("adjustment_justification", tracked.field_id.mapped("name"))
        self.assertIn("adjustment_amount", tracked.field_id.mapped("name"))
        self.assertIn(
            "Workshop paid by invoice 114",
            tracked.filtered(lambda t: t.field_id.name == "adjustment_justification").mapped(
                "old_value_text"
            ),
        )

    def test_lock_is_set_by_the_buttons_only(self):
        """The lock's state, date, author and change flag are the buttons' own: an accountant
        cannot mark a year locked (or antedate a lock, or credit it to someone else) with a
        plain write, as JSON-RPC would send it, nor through a context default."""
        programme = self._programme()
        self.assertEqual(programme.state, "draft")
        forged = [
            {"state": "locked"},
            {"locked_date": "2017-01-02 09:00:00"},
            {"locked_by_id": self.manager.id},
            {"has_later_changes": True},
        ]
        for vals in forged:
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                programme.write(vals)
        Year = self.env["housing.tfpb.year"].with_user(self.accountant)
        with self.assertRaises(AccessError):
            Year.create({"year": 2031, "state": "locked"})
        created = Year.with_context(default_state="locked").create({"year": 2032})
        self.assertEqual(created.state, "draft")
        self.assertFalse(programme.locked_by_id or programme.locked_date)
        programme.action_lock()
        self.assertEqual(programme.locked_by_id, self.accountant)
        self.assertTrue(programme.locked_date)

    def test_lock(self):
        programme = self._programme()
        funding = self._funding(self.landlord, 1000.00)
        line_a = programme.line_ids.filtered(lambda line: line.qpv_id == self.qpv_a)
        programme.action_lock()
        self.assertEqual(programme.state, "locked")
        self.assertEqual(programme.locked_by_id, self.accountant)
        line_a = line_a.with_user(self.accountant)

        with self.assertRaisesRegex(UserError, "locked"):
            line_a.planned_amount = 600
        with self.assertRaisesRegex(UserError, "locked"):
            line_a.write({"adjustment_amount": 10, "adjustment_justification": "Late invoice"})
        with self.assertRaisesRegex(UserError, "locked"):
            line_a.unlink()
        with self.assertRaisesRegex(UserError, "locked"):
            self.env["housing.tfpb.line"].with_user(self.accountant).create(
                {"year_id": programme.id, "qpv_id": self.qpv_b.id, "axis_id": self.axis_6.id}
            )
        with self.assertRaisesRegex(UserError, "locked"):
            programme.write({"line_ids": [Command.unlink(line_a.id)]})
        with self.assertRaisesRegex(UserError, "locked"):
            programme.action_recompute()
        with self.assertRaisesRegex(UserError, "locked"):
            programme.with_user(self.manager).unlink()

        # Later edits do not change the reported figures, but they do not go unnoticed.
        funding.amount_committed = 2000
        self._open(programme)
        self.assertEqual(line_a.realised_computed, 428.57)
        self.assertTrue(programme.has_later_changes)
        self.assertIn("changed after the lock", programme.message_ids[0].body)

        with self.assertRaises(AccessError):
            programme.action_unlock()
        with self.assertRaises(AccessError):
            programme.state = "draft"
        self.assertEqual(programme.state, "locked")
        programme.with_user(self.manager).action_unlock()
        self.assertEqual(programme.state, "draft")
        self.assertIn("Unlocked by", programme.message_ids[0].body)
        programme.action_recompute()
        self.assertEqual(line_a.realised_computed, 857.14)
        self.assertFalse(
            programme.with_user(self.manager).action_lock() and programme.has_later_changes
        )

    def test_programme_constraints(self):
        programme = self._programme()
        with self.assertRefusedByConstraint("already a TFPB programme for this year"):
            self._programme()
        with self.assertRaisesRegex(ValidationError, "four digits"):
            self._programme(year=17)
        with self.assertRefusedByConstraint("already in the programme"):
            programme.line_ids = [
                Command.create({"qpv_id": self.qpv_a.id, "axis_id": self.axis_7.id})
            ]
        with self.assertRaisesRegex(ValidationError, "planned amount .* cannot be negative"):
            programme.line_ids.planned_amount = -1

    def test_reference_data_constraints(self):
        with self.assertRefusedByConstraint("already has this number"):
            self.env["housing.tfpb.axis"].create({"code": 7, "name": "Duplicate axis"})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["housing.action"].create({"name": "Duplicate ARA", "code": "ara"})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["housing.partner.role"].create({"name": "Duplicate", "code": "funder"})

    def test_accountant_sees_figures_not_households(self):
        programme = self._programme()
        funding = self._funding(self.landlord, 1000.00).with_user(self.accountant)
        # The accountant's list of lines: the year, stale since the funding, is valued first.
        lines = (
            self.env["housing.tfpb.line"]
            .with_user(self.accountant)
            .web_search_read([("year_id", "=", programme.id)], {"realised_computed": {}})["records"]
        )
        self.assertEqual(len(lines), 3)
        self.assertEqual(funding.landlord_household_count, 8, "7 ARA and 1 new entrant")
        with self.assertRaises(AccessError):
            self.env["housing.household"].with_user(self.accountant).search([])
        with self.assertRaises(AccessError):
            self.env["housing.accompaniment"].with_user(self.accountant).search([])
        # None of the accountants' views reads a household, a member or a file.
        personal = {"housing.household", "housing.member", "housing.accompaniment"}
        for model in ("housing.tfpb.year", "housing.tfpb.line", "housing.funding"):
            views = (
                self.env[model]
                .with_user(self.accountant)
                .get_views([(False, kind) for kind in ("list", "form", "search", "pivot", "graph")])
            )
            self.assertFalse(personal & set(views["models"]), model)
        groups = (
            self.env["housing.tfpb.line"]
            .with_user(self.accountant)
            ._read_group([("year_id", "=", programme.id)], ["qpv_id"], ["realised_amount:sum"])
        )
        self.assertEqual(
            {qpv.name: amount for qpv, amount in groups},
            {"QPV A": 428.57, "QPV B": 428.57, "QPV C": 142.86},
        )


@tagged("post_install", "-at_install")
class TestFundingDemo(FundingCase):
    def test_demo_tells_the_seed(self):
        """The demo's 2017: PAHM is 30% of the ARA funding, for about 80% of the accompanied
        households being its tenants; the agreement signed in March 2017 is renewed in 2018."""
        agreement = self.env.ref("housing_accompaniment.agreement_2017", raise_if_not_found=False)
        if not agreement:
            self.skipTest("demo data not loaded")
        pahm = self.env.ref("housing_accompaniment.partner_pahm")
        funding = self.env.ref("housing_accompaniment.funding_2017_ara_pahm")
        funding = funding.with_context(allowed_company_ids=[funding.company_id.id])
        self.assertAlmostEqual(funding.share_of_action, 0.30)
        self.assertEqual(funding.funder_id, pahm)
        self.assertGreaterEqual(funding.landlord_household_share, 0.75)
        self.assertLessEqual(funding.landlord_household_share, 0.85)
        self.assertEqual(agreement.state, "renewed")
        self.assertEqual(
            agreement.renewal_agreement_id, self.env.ref("housing_accompaniment.agreement_2018")
        )
        self.assertEqual(
            agreement.milestone_ids.mapped("kind"),
            ["first_contact", "meeting", "signature", "renewal"],
        )
        programme = self.env.ref("housing_accompaniment.tfpb_year_2017")
        self.assertEqual(programme.state, "locked")
        axis_7 = programme.line_ids.filtered(lambda line: line.axis_id == self.axis_7)
        self.assertAlmostEqual(sum(axis_7.mapped("realised_computed")), 15000 * 11 / 12, places=2)
