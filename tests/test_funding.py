import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .funding_common import FundingCase


@tagged("post_install", "-at_install")
class TestFunding(FundingCase):
    # ------------------------------------------------------------------
    # Shares
    # ------------------------------------------------------------------
    def test_share_of_action(self):
        """The seed: the landlord's funding is about 30% of the action's funding."""
        Funding = self.env["housing.funding"].with_user(self.accountant)
        landlord = Funding.create(
            {
                "funder_id": self.landlord.id,
                "action_id": self.action_ara.id,
                "year": 2017,
                "amount_committed": 15000,
                "agreement_id": self.agreement.id,
            }
        )
        state = Funding.create(
            {
                "funder_id": self.state_funder.id,
                "action_id": self.action_ara.id,
                "year": 2017,
                "amount_committed": 20000,
            }
        )
        metropole = Funding.create(
            {
                "funder_id": self.metropole.id,
                "action_id": self.action_ara.id,
                "year": 2017,
                "amount_committed": 15000,
            }
        )
        # Another action and another year do not dilute the ARA 2017 shares.
        workshop = Funding.create(
            {
                "funder_id": self.metropole.id,
                "action_id": self.action_workshop.id,
                "year": 2017,
                "amount_committed": 4000,
            }
        )
        next_year = Funding.create(
            {
                "funder_id": self.landlord.id,
                "action_id": self.action_ara.id,
                "year": 2018,
                "amount_committed": 9000,
            }
        )
        fundings = landlord | state | metropole | workshop | next_year
        fundings.invalidate_recordset()
        self.assertEqual(landlord.action_total_committed, 50000)
        self.assertAlmostEqual(landlord.share_of_action, 0.30)
        self.assertAlmostEqual(state.share_of_action, 0.40)
        self.assertAlmostEqual(metropole.share_of_action, 0.30)
        self.assertAlmostEqual(workshop.share_of_action, 1.0)
        self.assertAlmostEqual(next_year.share_of_action, 1.0)
        self.assertEqual(landlord.display_name, "Test Landlord · Assisted self-renovation · 2017")

    def test_share_is_computed_in_one_query_for_a_batch(self):
        fundings = self.env["housing.funding"]
        for funder, amount in ((self.landlord, 3000), (self.state_funder, 7000)):
            fundings |= self._funding(funder, amount)
        fundings.invalidate_recordset()
        with self.assertQueryCount(2):  # the records, then one _read_group
            fundings.mapped("share_of_action")
        self.assertEqual(fundings.mapped("share_of_action"), [0.3, 0.7])

    def test_tenant_share(self):
        """8 of the 10 households accompanied in 2017 live in the landlord's dwellings: 80%,
        set beside its 30% of the funding."""
        for residence in (self.res_a,) * 3 + (self.res_b,) * 2 + (self.res_c, self.res_out):
            self._accompanied(residence)
        self._accompanied(self.res_a, workflow="new_entrant", start=date(2017, 9, 1))
        self._accompanied(self.res_other)
        self._accompanied(self.res_other, workflow="new_entrant", close=date(2017, 12, 31))
        # Not accompanied in 2017: closed before it, or started after it.
        self._accompanied(self.res_other, start=date(2016, 1, 4), close=date(2016, 12, 31))
        self._accompanied(self.res_other, start=date(2018, 1, 2))

        funding = self._funding(self.landlord, 3000)
        self._funding(self.state_funder, 7000)
        funding = funding.with_user(self.accountant)
        self.assertAlmostEqual(funding.share_of_action, 0.30)
        self.assertEqual(funding.landlord_household_count, 8)
        self.assertAlmostEqual(funding.landlord_household_share, 0.80)

        shares = self.env["housing.population"]._landlord_shares(
            date(2017, 1, 1), date(2017, 12, 31), companies=self.company
        )
        self.assertEqual(shares[self.landlord], (8, 0.8))
        self.assertEqual(shares[self.other_landlord], (2, 0.2))
        ara_shares = self.env["housing.population"]._landlord_shares(
            date(2017, 1, 1), date(2017, 12, 31), workflow="ara", companies=self.company
        )
        self.assertEqual(ara_shares[self.landlord][0], 7)
        self.assertAlmostEqual(ara_shares[self.landlord][1], 7 / 8)

    def test_tenant_share_counts_a_household_once_where_it_last_lived(self):
        """A household that moved from the other landlord's dwelling into the landlord's
        during the year counts once, for the landlord (its latest file)."""
        first = self._accompanied(self.res_other, start=date(2017, 1, 10), close=date(2017, 4, 1))
        household = first.household_id
        new_dwelling = self._dwelling(self.res_b)
        household.dwelling_id = new_dwelling
        second = self._file(household, "new_entrant", start=date(2017, 6, 1))
        self.assertEqual(second.landlord_id, self.landlord)
        self.assertEqual(
            first.landlord_id, self.other_landlord, "the first file keeps its dwelling"
        )
        shares = self.env["housing.population"]._landlord_shares(
            date(2017, 1, 1), date(2017, 12, 31), companies=self.company
        )
        self.assertEqual(shares, {self.landlord: (1, 1.0)})
        # In a period that only the first file covers, the household lived elsewhere.
        shares = self.env["housing.population"]._landlord_shares(
            date(2017, 1, 1), date(2017, 3, 31), companies=self.company
        )
        self.assertEqual(shares, {self.other_landlord: (1, 1.0)})

    # ------------------------------------------------------------------
    # Payments and amounts
    # ------------------------------------------------------------------
    def test_payments(self):
        funding = self._funding(self.state_funder, 1000)
        with Form(funding.with_user(self.accountant)) as form:
            with form.payment_ids.new() as payment:
                payment.date = date(2017, 4, 20)
                payment.amount = 600
            with form.payment_ids.new() as payment:
                payment.date = date(2017, 11, 2)
                payment.amount = 250
        self.assertEqual(funding.amount_received, 850)
        self.assertEqual(funding.amount_to_receive, 150)
        self.assertEqual(funding.last_payment_date, date(2017, 11, 2))

    def test_received_above_committed_needs_confirmation(self):
        funding = self._funding(self.state_funder, 1000)
        Payment = self.env["housing.funding.payment"].with_user(self.accountant)
        Payment.create({"funding_id": funding.id, "date": date(2017, 5, 1), "amount": 800})
        with self.assertRaisesRegex(ValidationError, "more than the .* committed.*Confirm"):
            Payment.create({"funding_id": funding.id, "date": date(2017, 6, 1), "amount": 300})
        self.assertEqual(funding.amount_received, 800, "the refused payment is not recorded")
        with self.assertRaisesRegex(ValidationError, "Confirm received above committed"):
            funding.amount_committed = 500
        funding.is_over_committed_confirmed = True
        Payment.create({"funding_id": funding.id, "date": date(2017, 6, 1), "amount": 300})
        self.assertEqual(funding.amount_received, 1100)
        self.assertEqual(funding.amount_to_receive, -100)
        with self.assertRaisesRegex(ValidationError, "Confirm received above committed"):
            funding.is_over_committed_confirmed = False

    def test_negative_amounts_refused(self):
        with self.assertRaisesRegex(ValidationError, "committed amount .* cannot be negative"):
            self._funding(self.state_funder, -1)
        funding = self._funding(self.state_funder, 1000)
        for amount in (0, -50):
            with self.assertRaisesRegex(ValidationError, "must be a positive amount"):
                self.env["housing.funding.payment"].create(
                    {"funding_id": funding.id, "date": date(2017, 5, 1), "amount": amount}
                )
        with self.assertRaisesRegex(ValidationError, "yearly budget .* cannot be negative"):
            self.agreement.yearly_budget = -10

    def test_funding_year_within_agreement(self):
        """The agreement runs from March 2017 to March 2018: funding years 2017 and 2018."""
        for year in (2017, 2018):
            self._funding(self.state_funder, 100, year=year, agreement_id=self.agreement.id)
        with self.assertRaisesRegex(ValidationError, "2019 lies outside agreement Test agreement"):
            self._funding(self.state_funder, 100, year=2019, agreement_id=self.agreement.id)
        with self.assertRaisesRegex(ValidationError, "four digits"):
            self._funding(self.state_funder, 100, year=17)
        # Choosing the agreement in the form proposes a year of its period.
        with Form(self.env["housing.funding"].with_user(self.accountant)) as form:
            form.funder_id = self.metropole
            form.action_id = self.action_ara
            form.amount_committed = 100
            form.year = 2025
            form.agreement_id = self.agreement
            self.assertEqual(form.year, 2017)
        # Shortening the agreement may not leave its 2018 funding outside.
        with self.assertRaisesRegex(ValidationError, "2018 lies outside"):
            self.agreement.date_end = date(2017, 12, 31)
        self.assertEqual(self.agreement.date_end, date(2018, 3, 14))

    # ------------------------------------------------------------------
    # Agreements
    # ------------------------------------------------------------------
    def test_agreement_constraints(self):
        Agreement = self.env["housing.agreement"].with_user(self.accountant)
        with self.assertRaisesRegex(ValidationError, "ends before it starts"):
            Agreement.create(
                {"name": "Backwards", "date_start": date(2018, 1, 1), "date_end": date(2017, 1, 1)}
            )
        with self.assertRaisesRegex(ValidationError, "cannot renew itself"):
            self.agreement.renewed_agreement_id = self.agreement
        renewal = Agreement.create(
            {
                "name": "Renewal",
                "date_start": date(2018, 3, 15),
                "date_end": date(2019, 3, 14),
                "renewed_agreement_id": self.agreement.id,
            }
        )
        self.assertEqual(self.agreement.renewal_agreement_id, renewal)
        with self.assertRaisesRegex(ValidationError, "renews it"):
            self.agreement.renewed_agreement_id = renewal
        with self.assertRaisesRegex(ValidationError, "already renewed by Renewal"):
            Agreement.create(
                {
                    "name": "Second renewal",
                    "date_start": date(2018, 3, 15),
                    "date_end": date(2019, 3, 14),
                    "renewed_agreement_id": self.agreement.id,
                }
            )
        with self.assertRaisesRegex(UserError, "Enter the signature date"):
            renewal.action_sign()
        with self.assertRaisesRegex(ValidationError, "enter its signature date"):
            renewal.state = "in_force"

    @freeze_time("2017-03-20")
    def test_agreement_life(self):
        """Signed in March 2017, renewed in March 2018: the seed's history."""
        agreement = self.agreement.with_user(self.accountant)
        agreement.milestone_ids = [
            (0, 0, {"date": date(2014, 1, 1), "kind": "first_contact"}),
            (0, 0, {"date": date(2016, 6, 15), "kind": "meeting"}),
        ]
        agreement.signature_date = date(2017, 3, 15)
        agreement.action_sign()
        self.assertEqual(agreement.state, "in_force", "signed, and its period has begun")
        with self.assertRaisesRegex(UserError, "Only a draft agreement can be signed"):
            agreement.action_sign()

        action = agreement.action_renew()
        renewal = self.env["housing.agreement"].browse(action["res_id"])
        self.assertEqual(renewal.state, "draft")
        self.assertEqual(renewal.renewed_agreement_id, agreement)
        self.assertEqual(agreement.renewal_agreement_id, renewal)
        self.assertEqual(
            (renewal.date_start, renewal.date_end), (date(2018, 3, 15), date(2019, 3, 14))
        )
        self.assertFalse(renewal.milestone_ids, "the history stays on the first agreement")
        with self.assertRaisesRegex(UserError, "already renewed"):
            agreement.action_renew()

        renewal.with_user(self.accountant).signature_date = date(2018, 3, 10)
        renewal.with_user(self.accountant).action_sign()
        self.assertEqual(renewal.state, "signed", "its period starts later")
        self.assertEqual(agreement.state, "renewed")
        self.assertEqual(
            [(m.date, m.kind) for m in agreement.milestone_ids],
            [
                (date(2014, 1, 1), "first_contact"),
                (date(2016, 6, 15), "meeting"),
                (date(2017, 3, 15), "signature"),
                (date(2018, 3, 10), "renewal"),
            ],
        )
        with freeze_time("2018-03-15"):
            self.env["housing.agreement"]._cron_update_states()
            self.assertEqual(renewal.state, "in_force")
        with freeze_time("2019-03-15"):
            self.env["housing.agreement"]._cron_update_states()
            self.assertEqual(renewal.state, "expired")
            self.assertEqual(agreement.state, "renewed")

    def test_end_reminder(self):
        """30 days before the end (2018-03-14), one to-do for the person in charge."""
        self.company.housing_agreement_reminder_days = 30
        agreement = self.agreement
        agreement.write({"user_id": self.accountant.id, "signature_date": date(2017, 3, 15)})
        with freeze_time("2017-03-20"):
            agreement.action_sign()
        self.assertEqual(agreement.state, "in_force")
        draft = agreement.copy({"name": "Draft agreement", "user_id": self.accountant.id})
        Agreement = self.env["housing.agreement"]

        def reminders(record):
            return record.activity_ids.filtered(
                lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_todo")
            )

        with freeze_time("2018-02-11"):
            Agreement._cron_schedule_end_reminders()
            self.assertFalse(reminders(agreement), "too early")
        with freeze_time("2018-02-12"):
            Agreement._cron_schedule_end_reminders()
            Agreement._cron_schedule_end_reminders()
            activity = reminders(agreement)
            self.assertEqual(len(activity), 1, "once, however often the job runs")
            self.assertEqual(activity.user_id, self.accountant)
            self.assertEqual(activity.date_deadline, date(2018, 2, 12))
            self.assertIn("2018-03-14", activity.summary)
            self.assertFalse(reminders(draft), "a draft does not end")
        with freeze_time("2018-02-20"):
            activity.action_done()
            Agreement._cron_schedule_end_reminders()
            self.assertFalse(reminders(agreement), "done, not scheduled again")
            agreement.date_end = date(2018, 6, 30)
        with freeze_time("2018-05-31"):
            Agreement._cron_schedule_end_reminders()
            self.assertEqual(reminders(agreement).date_deadline, date(2018, 5, 31))
        with self.assertRaisesRegex(ValidationError, "negative number of days"):
            self.company.housing_agreement_reminder_days = -1

    # ------------------------------------------------------------------
    # The activity report
    # ------------------------------------------------------------------
    def _report_summary(self, user):
        wizard = (
            self.env["housing.activity.report.wizard"]
            .with_user(user)
            .create({"date_from": date(2017, 1, 1), "date_to": date(2017, 12, 31)})
        )
        content, _format = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_xlsx(
                "housing_accompaniment.action_report_housing_activity_xlsx", wizard.ids, None
            )
        )
        sheet = openpyxl.load_workbook(io.BytesIO(content))["Summary"]
        return {
            row[0]: list(row[1:])
            for row in sheet.iter_rows(values_only=True)
            if row and isinstance(row[0], str)
        }

    def test_activity_report_funding_section(self):
        """The report sets the landlord's 30% of the ARA funding beside its 80% of tenants."""
        for residence in (self.res_a,) * 4 + (self.res_b,) * 4:
            self._accompanied(residence)
        for _index in range(2):
            self._accompanied(self.res_other)
        self._funding(self.landlord, 3000)
        self._funding(self.state_funder, 7000)
        self._funding(self.metropole, 500, action=self.action_workshop)
        self._funding(self.landlord, 9999, year=2018)
        summary = self._report_summary(self.accountant)
        self.assertEqual(summary["Assisted self-renovation: all funders"][:2], [10000, 1])
        ara = "Assisted self-renovation"
        self.assertEqual(summary[f"{ara} · {self.landlord.name}"][:2], [3000, 0.3])
        self.assertEqual(summary[f"{ara} · {self.state_funder.name}"][:2], [7000, 0.7])
        self.assertEqual(
            summary[f"Collective workshops · {self.metropole.name}"][:2], [500, 1], "2017 only"
        )
        self.assertEqual(summary[f"{self.landlord.name}"][:2], [8, 0.8], "households by landlord")
        self.assertEqual(summary[f"{self.other_landlord.name}"][:2], [2, 0.2])
        self.assertEqual(
            summary["Households reached living in the landlord's dwellings"][:2], [8, 0.8]
        )
        # Social-support users do not read the funding: the report leaves it out.
        summary = self._report_summary(self.staff)
        self.assertEqual(summary["Households reached"][0], 10)
        self.assertNotIn("Partner funding", summary)

    # ------------------------------------------------------------------
    # Partner roles and access
    # ------------------------------------------------------------------
    def test_partner_roles(self):
        roles = self.env["housing.partner.role"].search([])
        self.assertEqual(
            set(roles.mapped("code")),
            {"landlord", "association", "social_services", "funder", "state", "municipality"},
        )
        funder = self.env.ref("housing_accompaniment.partner_role_funder")
        landlord = self.env.ref("housing_accompaniment.partner_role_landlord")
        self.landlord.housing_role_ids = landlord | funder
        self.state_funder.housing_role_ids = funder
        found = self.env["res.partner"].search([("housing_role_ids.code", "=", "funder")])
        self.assertIn(self.landlord, found)
        self.assertIn(self.state_funder, found)
        self.assertNotIn(self.metropole, found)
        found = self.env["res.partner"].search([("housing_role_ids.code", "=", "landlord")])
        self.assertNotIn(self.state_funder, found)

    def test_access(self):
        funding = self._funding(self.landlord, 1000)
        # Accountants keep the agreements and the funding; only a manager deletes them.
        self.agreement.with_user(self.accountant).yearly_budget = 12000
        funding.with_user(self.accountant).amount_committed = 1200
        with self.assertRaises(AccessError):
            self.agreement.with_user(self.accountant).unlink()
        with self.assertRaises(AccessError):
            funding.with_user(self.accountant).unlink()
        # Social-support users read the agreements, not the money.
        self.assertEqual(self.agreement.with_user(self.staff).name, "Test agreement")
        with self.assertRaises(AccessError):
            self.agreement.with_user(self.staff).yearly_budget = 1
        with self.assertRaises(AccessError):
            funding.with_user(self.staff).read(["amount_committed"])
        # Facilitators of the association see none of it.
        with self.assertRaises(AccessError):
            self.agreement.with_user(self.facilitator).read(["name"])
        # Accountants see no household.
        with self.assertRaises(AccessError):
            self.env["housing.household"].with_user(self.accountant).search([])
        funding.with_user(self.manager).unlink()
        self.agreement.with_user(self.manager).unlink()

    def test_views_open_for_their_users(self):
        """Accountants open every partnership view; social-support users the agreements,
        without the funding parts they may not read."""
        for model in ("housing.agreement", "housing.funding", "housing.funding.payment"):
            views = (
                self.env[model]
                .with_user(self.accountant)
                .get_views([(False, kind) for kind in ("list", "form", "search")])
            )
            self.assertTrue(views["views"]["form"]["arch"])
        arch = (
            self.env["housing.agreement"]
            .with_user(self.staff)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertNotIn("funding_ids", arch)
        self.assertIn("milestone_ids", arch)

    def test_activity_report_for_one_agreement(self):
        """Filtered by an agreement, the report counts only the actions it covers and only
        its funding."""
        for residence in (self.res_a,) * 3:
            self._accompanied(residence)  # ARA
        self._accompanied(self.res_b, workflow="new_entrant")
        self.agreement.action_ids = self.action_ara
        other = self.env["housing.agreement"].create(
            {
                "name": "Other agreement",
                "partner_ids": [(6, 0, [self.landlord.id])],
                "date_start": date(2017, 1, 1),
                "date_end": date(2017, 12, 31),
            }
        )
        self._funding(self.landlord, 3000, agreement_id=self.agreement.id)
        self._funding(self.state_funder, 7000, agreement_id=other.id)
        wizard = (
            self.env["housing.activity.report.wizard"]
            .with_user(self.accountant)
            .create(
                {
                    "date_from": date(2017, 1, 1),
                    "date_to": date(2017, 12, 31),
                    "agreement_id": self.agreement.id,
                }
            )
        )
        self.assertEqual(wizard.household_count, 3, "the ARA households only")
        self.assertEqual(wizard.workshops_held, 0)
        content, _format = (
            self.env["ir.actions.report"]
            .with_user(self.accountant)
            ._render_xlsx(
                "housing_accompaniment.action_report_housing_activity_xlsx", wizard.ids, None
            )
        )
        sheet = openpyxl.load_workbook(io.BytesIO(content))["Summary"]
        summary = {
            row[0]: list(row[1:])
            for row in sheet.iter_rows(values_only=True)
            if row and isinstance(row[0], str)
        }
        self.assertEqual(summary["Households reached"][0], 3)
        self.assertEqual(summary[f"Assisted self-renovation · {self.landlord.name}"][:2], [3000, 1])
        self.assertNotIn(f"Assisted self-renovation · {self.state_funder.name}", summary)
        # Choosing the agreement sets the period to the agreement's: for an accountant, the
        # whole months it covers (their periods are whole months).
        form = Form(self.env["housing.activity.report.wizard"].with_user(self.staff))
        form.agreement_id = self.agreement
        self.assertEqual((form.date_from, form.date_to), (date(2017, 3, 15), date(2018, 3, 14)))
        form = Form(self.env["housing.activity.report.wizard"].with_user(self.accountant))
        form.agreement_id = self.agreement
        self.assertEqual((form.date_from, form.date_to), (date(2017, 3, 1), date(2018, 3, 31)))
