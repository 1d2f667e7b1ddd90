import io
from datetime import date, datetime

import openpyxl
from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .funding_common import FundingCase

Y2017 = (date(2017, 1, 1), date(2017, 12, 31))
# A partnership agreement's year (DESIGN: signed in March 2017, renewed in March 2018).
AGREEMENT_YEAR = (date(2017, 3, 1), date(2018, 2, 28))
# Columns of the Files sheet that describe the file in the period (its step, closing date
# and outcome are those of today: it is the list of the files, as they are).
FILE_COLUMNS = (0, 1, 3, 4, 5, 6, 7)


def sheets(content, skip_columns=None):
    """Every cell of every sheet of a workbook, as ``{sheet: [rows]}``."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    result = {}
    for sheet in book.worksheets:
        rows = [row for row in sheet.iter_rows(values_only=True) if any(row)]
        if skip_columns and sheet.title in skip_columns:
            rows = [tuple(row[i] for i in skip_columns[sheet.title]) for row in rows]
        result[sheet.title] = rows
    return result


@tagged("post_install", "-at_install")
class TestYearsLater(FundingCase):
    """The activity report and the TFPB statement of 2017, printed in 2017 and again after
    three years of real changes (RSA ends, the family changes, people leave and are born,
    files close and open, the household moves out of its QPV, anonymisation runs): every
    figure is the same."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Accompaniment = cls.env["housing.accompaniment"].with_context(
            housing_stage_override=True
        )
        # Martin: ARA in QPV A, tenant since 2012, RSA, single parent; a son 18 on the
        # period's last day and a daughter.
        cls.martin = cls._household(
            "Mme Martin",
            members=[
                ("Martin son", "child", "male", date(1999, 12, 31)),
                ("Martin daughter", "child", "female", date(2008, 4, 12)),
            ],
            dwelling_id=cls._dwelling(cls.res_a).id,
            lease_start_date=date(2012, 4, 1),
            is_rsa_beneficiary=True,
            is_single_parent=True,
        )
        # Durand: new entrant designated DALO, in QPV B since May 2017; a couple and a child.
        cls.durand = cls._household(
            "M. Durand",
            head_gender="male",
            head_birth_date=date(1975, 7, 7),
            members=[
                ("Durand spouse", "spouse", "female", date(1978, 8, 8)),
                ("Durand child", "child", "male", date(2015, 9, 9)),
            ],
            dwelling_id=cls._dwelling(cls.res_b).id,
            lease_start_date=date(2017, 5, 1),
            is_dalo=True,
        )
        # Nguyen: ARA in QPV C, first-time arrival, reviewed in 2017: continued alone.
        cls.nguyen = cls._household(
            "Mme Nguyen",
            head_birth_date=date(1990, 10, 10),
            members=[
                ("Nguyen child 1", "child", "female", date(2012, 11, 11)),
                ("Nguyen child 2", "child", "female", date(2014, 12, 12)),
                ("Nguyen child 3", "child", "male", date(2016, 1, 13)),
            ],
            dwelling_id=cls._dwelling(cls.res_c).id,
            lease_start_date=date(2014, 1, 1),
            is_first_time_arrival=True,
        )
        # Bernard: ARA outside QPV, tenant since June 2016 (not two years in 2017).
        cls.bernard = cls._household(
            "M. Bernard",
            head_gender="male",
            head_birth_date=date(1960, 2, 2),
            members=[("Bernard spouse", "spouse", "female", date(1962, 3, 3))],
            dwelling_id=cls._dwelling(cls.res_out).id,
            lease_start_date=date(2016, 6, 1),
        )
        # Petit: new entrant in another landlord's dwelling, single parent; a baby born on
        # the period's last day.
        cls.petit = cls._household(
            "Mme Petit",
            head_birth_date=date(1995, 5, 5),
            members=[("Petit baby", "child", "male", date(2017, 12, 31))],
            dwelling_id=cls._dwelling(cls.res_other).id,
            lease_start_date=date(2010, 9, 1),
            is_single_parent=True,
        )
        cls.martin_file = cls._file_of(cls.martin, "ara", date(2016, 9, 1))
        cls.durand_file = cls._file_of(cls.durand, "new_entrant", date(2017, 3, 20))
        cls.nguyen_file = cls._file_of(cls.nguyen, "ara", date(2017, 2, 1))
        cls.bernard_file = cls._file_of(cls.bernard, "ara", date(2017, 6, 1))
        cls.petit_file = cls._file_of(cls.petit, "new_entrant", date(2017, 11, 1))
        cls.nguyen_file.write(
            {
                "review_date": date(2017, 11, 20),
                "works_completed": "all",
                "continued_autonomously": True,
                "outcome": "completed",
                "close_date": date(2017, 11, 30),
                "stage_id": cls._stage("ara_closed").id,
            }
        )
        cls.bernard_file.write(
            {
                "review_date": date(2017, 12, 15),
                "works_completed": "partly",
                "continued_autonomously": False,
                "stage_id": cls._stage("ara_review").id,
            }
        )
        cls.durand_file.stage_id = cls._stage("ne_possession")
        # A workshop of 2017: Mme Martin, the Durand couple and a neighbour.
        workshop = cls.env["housing.workshop"].create(
            {
                "name": "DIY",
                "theme_id": cls.env["housing.workshop.theme"].search([], limit=1).id,
                "start_datetime": datetime(2017, 6, 14, 12, 0),
                "state": "held",
                "has_shared_meal": True,
            }
        )
        neighbour = cls.env["res.partner"].create({"name": "Neighbour"})
        attendees = cls.martin.member_ids.filtered("is_head") | cls.durand.member_ids[:2]
        cls.env["housing.workshop.attendance"].create(
            [
                {"workshop_id": workshop.id, "member_id": member.id, "is_present": True}
                for member in attendees
            ]
            + [{"workshop_id": workshop.id, "partner_id": neighbour.id, "is_present": True}]
        )
        # Funding of 2017 and the TFPB programme.
        cls._funding(cls.landlord, 1000.00)
        cls._funding(cls.landlord, 600.00, action=cls.action_new_entrant)
        cls._funding(cls.state_funder, 1400.00)
        cls.programme = cls.env["housing.tfpb.year"].create(
            {
                "year": 2017,
                "line_ids": [
                    Command.create(
                        {"qpv_id": qpv.id, "axis_id": cls.axis_7.id, "planned_amount": planned}
                    )
                    for qpv, planned in ((cls.qpv_a, 400), (cls.qpv_b, 500), (cls.qpv_c, 300))
                ],
            }
        )

    @classmethod
    def _file_of(cls, household, workflow, start):
        return cls._file(household, workflow, start).with_context(housing_stage_override=True)

    # ------------------------------------------------------------------
    # Printing
    # ------------------------------------------------------------------
    def _activity(self, period):
        wizard = self.env["housing.activity.report.wizard"].create(
            {"date_from": period[0], "date_to": period[1]}
        )
        content = (
            self.env["ir.actions.report"]
            .with_user(self.staff)
            ._render_xlsx(
                "housing_accompaniment.action_report_housing_activity_xlsx", wizard.ids, None
            )[0]
        )
        figures = (
            self.env["housing.activity.figures"].with_user(self.staff)._period_figures(*period)
        )
        return figures, sheets(content, {"Files": FILE_COLUMNS})

    def _tfpb(self):
        content = (
            self.env["ir.actions.report"]
            .with_user(self.accountant)
            ._render_xlsx(
                "housing_accompaniment.action_report_housing_tfpb_statement_xlsx",
                self.programme.ids,
                None,
            )[0]
        )
        return self.programme._realised_figures()[self.programme], sheets(content)

    def _print_all(self):
        self.env.invalidate_all()
        return {
            "2017": self._activity(Y2017),
            "agreement": self._activity(AGREEMENT_YEAR),
            "tfpb": self._tfpb(),
        }

    # ------------------------------------------------------------------
    # What happens over 2018–2020
    # ------------------------------------------------------------------
    def _close(self, file, day, stage):
        file.write({"close_date": day, "outcome": "completed", "stage_id": self._stage(stage).id})

    def _years_go_by(self):
        Wizard = self.env["housing.member.change.wizard"]
        # 2018: Martin's file closes; then RSA ends, a partner arrives (no longer single
        # parent); the Durand spouse leaves; Bernard's file closes, then the Bernards get
        # the RSA. (The Durand and Petit files stay open: they follow their households,
        # whose situation is left as it was.)
        self._close(self.martin_file, date(2018, 3, 31), "ara_closed")
        self.martin.write({"is_rsa_beneficiary": False, "is_single_parent": False})
        Wizard.create(
            {
                "household_id": self.martin.id,
                "change": "arrival",
                "change_date": date(2018, 9, 1),
                "name": "Martin partner",
                "gender": "male",
                "birth_date": date(1978, 1, 20),
                "relationship": "spouse",
            }
        ).action_confirm()
        Wizard.create(
            {
                "household_id": self.durand.id,
                "change": "departure",
                "change_date": date(2018, 9, 30),
                "member_id": self.durand.member_ids.filtered(
                    lambda m: m.name == "Durand spouse"
                ).id,
            }
        ).action_confirm()
        self._close(self.bernard_file, date(2018, 6, 30), "ara_closed")
        self.bernard.write({"is_rsa_beneficiary": True, "is_dalo": True})
        # 2019: a child is born at the Martins'; the Durand file reaches its last step.
        Wizard.create(
            {
                "household_id": self.martin.id,
                "change": "birth",
                "change_date": date(2019, 4, 2),
                "name": "Martin baby",
                "gender": "female",
            }
        ).action_confirm()
        self.durand_file.stage_id = self._stage("ne_orientation")
        # 2020: the Martins move to a dwelling outside any QPV, with a new lease and a new
        # file, which closes in 2021; the Nguyen lease is re-signed.
        self.martin.write(
            {"dwelling_id": self._dwelling(self.res_out).id, "lease_start_date": date(2020, 1, 6)}
        )
        self.nguyen.lease_start_date = date(2020, 2, 1)
        new_file = self._file_of(self.martin, "ara", date(2020, 1, 15))
        self._close(new_file, date(2021, 6, 30), "ara_closed")
        # Years later, retention anonymises the households whose files are all closed.
        wizard = self.env["housing.anonymisation.wizard"].with_user(self.manager).create({})
        self.assertEqual(
            set(wizard.household_ids.ids), {self.martin.id, self.nguyen.id, self.bernard.id}
        )
        wizard.action_anonymise()
        self.assertTrue(self.martin.anonymised_date)

    # ------------------------------------------------------------------
    # Tests
    # ------------------------------------------------------------------
    def test_2017_as_printed(self):
        """The figures of 2017, worked out by hand (each distinct)."""
        figures, book = self._print_all()["2017"]
        self.assertEqual((figures.file_count, figures.household_count), (5, 5))
        # Martin 3 (son 18 on 31/12), Durand 3, Nguyen 4, Bernard 2, Petit 2 (baby born on
        # the last day), and the neighbour at the workshop: 15.
        self.assertEqual(tuple(figures.persons), (15, 8, 5, 3, 6, 1))
        profile = figures.profile
        # Long-term tenants: Martin (2012), Nguyen (2014), Petit (2010).
        self.assertEqual(profile.long_term_tenant.count, 3)
        self.assertEqual(profile.dalo_or_first_time.count, 2)  # Durand, Nguyen
        self.assertEqual(profile.rsa.count, 1)  # Martin
        self.assertEqual(profile.single_parent.count, 2)  # Martin, Petit
        self.assertEqual(profile.qpv.count, 4)  # all but Bernard
        # The steps on 31/12/2017: Bernard's and Durand's moves were recorded today (after
        # the period), Nguyen's file closed on 30/11/2017.
        by_step = {stage.code: count for _workflow, stage, count in figures.by_step}
        self.assertEqual(by_step, {"ara_referral": 2, "ara_closed": 1, "ne_designation": 2})
        self.assertEqual(tuple(figures.autonomy), (2, 1, 0.5))
        self.assertEqual((figures.workshops.held, figures.workshops.persons), (1, 4))
        summary = {row[0]: row[1] for row in book["Summary"] if isinstance(row[0], str)}
        self.assertEqual(summary["Persons reached"], 15)
        self.assertEqual(summary["RSA beneficiaries"], 1)
        realised, statement = self._print_all()["tfpb"]
        # ARA 1000 over Martin (A), Nguyen (C), Bernard (outside); new entrants 600 over
        # Durand (B): the other landlord's Petit is not the landlord's tenant.
        self.assertEqual(
            realised,
            {
                (self.qpv_a.id, self.axis_7.id): 333.34,  # the largest remainder
                (self.qpv_c.id, self.axis_7.id): 333.33,
                (self.qpv_b.id, self.axis_7.id): 600.00,
            },
        )
        self.assertTrue(statement)

    def test_every_figure_identical_years_later(self):
        before = self._print_all()
        self._years_go_by()
        after = self._print_all()
        for key in ("2017", "agreement", "tfpb"):
            with self.subTest(report=key):
                self.assertEqual(after[key][0], before[key][0], "the typed figures")
                self.assertEqual(after[key][1], before[key][1], "the printed workbook")

    def test_later_periods_see_the_changes(self):
        """The same changes do show in the periods they happened in (so the test above
        does not pass by reading nothing)."""
        self._years_go_by()
        figures = self.env["housing.activity.figures"]._period_figures(
            date(2020, 1, 1), date(2020, 12, 31)
        )
        # 2020: Martin's new file (out of QPV, new lease, no RSA, a couple), Durand's and
        # Petit's.
        self.assertEqual(figures.household_count, 3)
        self.assertEqual(figures.profile.rsa.count, 0)
        self.assertEqual(figures.profile.qpv.count, 2)
        self.assertEqual(figures.profile.single_parent.count, 1, "Petit only")
        # Leases before 31/12/2018: Durand's (2017) and Petit's; Martin's new file has the
        # new lease of 2020.
        self.assertEqual(figures.profile.long_term_tenant.count, 2)
        # Martin: head, son, daughter, partner, baby; Durand: head and child (the spouse
        # left in 2018); Petit: head and baby.
        self.assertEqual(figures.persons.total, 9)
        by_step = {stage.code: count for _workflow, stage, count in figures.by_step}
        # Martin's new file closed in 2021: at its first step on 31/12/2020.
        self.assertEqual(by_step, {"ara_referral": 1, "ne_designation": 2})

    def test_open_file_through_the_years(self):
        """Mme Roux's file is open from 2016 through 2020; her RSA ends on 1 May 2019 (recorded
        that day): the 2017 reports and the agreement year print the same, 2018 still counts
        her RSA, 2019 and 2020 no longer do."""
        roux = self._household(
            "Mme Roux",
            head_birth_date=date(1983, 6, 16),
            dwelling_id=self._dwelling(self.res_a).id,
            lease_start_date=date(2011, 3, 3),
            is_rsa_beneficiary=True,
        )
        self._file_of(roux, "ara", date(2016, 4, 4))
        Figures = self.env["housing.activity.figures"]

        def rsa(year):
            return Figures._period_figures(date(year, 1, 1), date(year, 12, 31)).profile.rsa

        before = self._print_all()
        # Martin (his file still open, RSA throughout) and Mme Roux, every year.
        self.assertEqual(before["2017"][0].profile.rsa.count, 2)
        self.assertEqual([rsa(year).count for year in (2018, 2019, 2020)], [2, 2, 2])
        with freeze_time("2019-05-01"):
            roux.is_rsa_beneficiary = False
        after = self._print_all()
        for key in ("2017", "agreement", "tfpb"):
            with self.subTest(report=key):
                self.assertEqual(after[key][0], before[key][0], "the typed figures")
                self.assertEqual(after[key][1], before[key][1], "the printed workbook")
        self.assertEqual([rsa(year).count for year in (2018, 2019, 2020)], [2, 1, 1])
