"""Attacks on the aggregates, run as an adversary would: over real HTTP sessions, through
JSON-RPC (``/web/dataset/call_kw``) and the XLSX report URL, the downloaded workbooks read
back with openpyxl. Each attack must be refused or reveal nothing about one household."""

import io
import json
from datetime import date

import openpyxl

from odoo.tests import HttpCase, tagged

from .common import HousingCase

REPORT = "housing_accompaniment.activity_report_xlsx"
WIZARD = "housing.activity.report.wizard"
# The labels of the social profile: never in an accountant's workbook.
PROFILE_LABELS = {
    "Profile of the households reached",
    "Tenants of record for more than 2 years",
    "DALO or first-time arrivals",
    "RSA beneficiaries",
    "Single-parent families",
    "Living in a QPV",
    "Files by workflow and step reached",
}


def summary_values(book):
    """``{label in column A: [values of the following columns]}`` of the summary sheet."""
    values = {}
    for row in book.worksheets[0].iter_rows(values_only=True):
        if row and isinstance(row[0], str):
            values.setdefault(row[0], list(row[1:]))
    return values


def all_cells(book):
    return {
        value
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    }


@tagged("post_install", "-at_install")
class TestPrivacyAttacksAggregates(HousingCase, HttpCase):
    """A programme landlord with 7 households reached from January 2017, another landlord
    with 6, and a small landlord with one household from January and the target household,
    RSA, single-parent and DALO, from February: differencing January and February, or
    narrowing to the small landlord, must not tell anything about the target."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.housing_landlord_partner_id = cls.landlord
        cls.small_landlord = cls.env["res.partner"].create(
            {"name": "Small Landlord", "is_company": True}
        )
        Residence, Dwelling = cls.env["housing.residence"], cls.env["housing.dwelling"]
        small_residence = Residence.create(
            {"name": "Small residence", "code": "R-SMALL", "landlord_id": cls.small_landlord.id}
        )
        landlord_dwellings = cls.dwellings | Dwelling.create(
            [{"name": f"D{index}", "residence_id": cls.residence_qpv.id} for index in (6, 7)]
        )
        other_dwellings = cls.dwelling_out | Dwelling.create(
            [{"name": f"O{index}", "residence_id": cls.residence_out.id} for index in range(2, 7)]
        )
        small_dwellings = Dwelling.create(
            [{"name": f"S{index}", "residence_id": small_residence.id} for index in (1, 2)]
        )
        households = cls.env["housing.household"]
        # The programme landlord's 7: 3 RSA, 1 single parent; 2 children each.
        for index, dwelling in enumerate(landlord_dwellings):
            households |= cls._household(
                f"Landlord tenant {index}",
                members=[
                    (f"L child {index}-{k}", "child", "male", date(2010, 1, 1)) for k in (1, 2)
                ],
                dwelling_id=dwelling.id,
                is_rsa_beneficiary=index < 3,
                is_single_parent=index == 0,
            )
        # The other landlord's 6, without any flag, one child each.
        for index, dwelling in enumerate(other_dwellings):
            households |= cls._household(
                f"Other tenant {index}",
                members=[(f"O child {index}", "child", "female", date(2012, 1, 1))],
                dwelling_id=dwelling.id,
            )
        households |= cls._household("Small tenant", dwelling_id=small_dwellings[0].id)
        cls.target = cls._household(
            "Target tenant",
            members=[(f"T child {k}", "child", "female", date(2014, 1, 1)) for k in (1, 2, 3)],
            dwelling_id=small_dwellings[1].id,
            is_rsa_beneficiary=True,
            is_single_parent=True,
            is_dalo=True,
        )
        Accompaniment = cls.env["housing.accompaniment"].with_context(housing_stage_override=True)
        cls.files = Accompaniment.create(
            [
                {
                    "household_id": household.id,
                    "workflow": "new_entrant",
                    "start_date": date(2017, 1, 10),
                }
                for household in households
            ]
            + [
                {
                    "household_id": cls.target.id,
                    "workflow": "new_entrant",
                    "start_date": date(2017, 2, 1),
                }
            ]
        )
        cls.funder_lines = cls.env["housing.funding"].create(
            [
                {
                    "funder_id": funder.id,
                    "action_id": cls.env.ref("housing_accompaniment.action_new_entrant").id,
                    "year": 2017,
                    "amount_committed": amount,
                }
                for funder, amount in ((cls.landlord, 3000.0), (cls.small_landlord, 1000.0))
            ]
        )

    # ------------------------------------------------------------------
    # The adversary's tools: JSON-RPC and the report URL of an HTTP session
    # ------------------------------------------------------------------
    def _call(self, model, method, *args, **kwargs):
        """``(result, None)`` or ``(None, error message)`` of a ``call_kw`` over HTTP."""
        response = self.url_open(
            "/web/dataset/call_kw",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {
                        "model": model,
                        "method": method,
                        "args": list(args),
                        "kwargs": dict({"context": {"lang": "en_US"}}, **kwargs),
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            return None, body["error"]["data"]["message"]
        return body["result"], None

    def _wizard(self, start, end, **vals):
        wizard_id, error = self._call(
            WIZARD, "create", [dict({"date_from": str(start), "date_to": str(end)}, **vals)]
        )
        self.assertFalse(error, error)
        return wizard_id[0] if isinstance(wizard_id, list) else wizard_id

    def _download(self, wizard_id):
        action, error = self._call(WIZARD, "action_print", [wizard_id])
        self.assertFalse(error, error)
        self.assertEqual(action["report_name"], REPORT)
        response = self.url_open(f"/report/xlsx/{REPORT}/{wizard_id}")
        self.assertEqual(response.status_code, 200)
        return openpyxl.load_workbook(io.BytesIO(response.content))

    def _login(self, user):
        self.authenticate(user.login, user.login)

    # ------------------------------------------------------------------
    # Class 1: aggregates that single out a household
    # ------------------------------------------------------------------
    def test_staff_sees_the_profile_the_attacks_look_for(self):
        """The control: what the attacks below look for is there for social-support users."""
        self._login(self.staff)
        january = summary_values(self._download(self._wizard(date(2017, 1, 1), date(2017, 1, 31))))
        february = self._download(self._wizard(date(2017, 2, 1), date(2017, 2, 28)))
        self.assertIn("Files", february.sheetnames)
        february = summary_values(february)
        self.assertEqual(january["RSA beneficiaries"][0], 3)
        self.assertEqual(february["RSA beneficiaries"][0], 4)
        self.assertEqual(february["Single-parent families"][0], 2)
        self.assertEqual(february["DALO or first-time arrivals"][0], 1)
        self.assertEqual(january["Households reached"][0], 14)
        self.assertEqual(february["Households reached"][0], 15)

    def test_accountant_one_day_periods_are_refused(self):
        self._login(self.accountant)
        before, _error = self._call(WIZARD, "search_count", [])
        for start, end in (
            (date(2017, 2, 1), date(2017, 2, 1)),
            (date(2017, 1, 31), date(2017, 1, 31)),
            (date(2017, 1, 1), date(2017, 1, 30)),
            (date(2017, 1, 2), date(2017, 2, 28)),
        ):
            result, error = self._call(
                WIZARD, "create", [{"date_from": str(start), "date_to": str(end)}]
            )
            self.assertIsNone(result)
            self.assertIn("whole months", error)
        after, _error = self._call(WIZARD, "search_count", [])
        self.assertEqual(before, after, "nothing written")

    def test_accountant_one_day_figures_through_onchange_are_zero(self):
        """The dashboard's figures come from ``onchange`` on an unsaved record: a one-day
        period there counts nothing."""
        self._login(self.accountant)
        spec = {
            "date_from": {},
            "date_to": {},
            "household_count": {},
            "persons_count": {},
            "child_count": {},
        }
        for start in (date(2017, 1, 31), date(2017, 2, 1)):
            result, error = self._call(
                WIZARD,
                "onchange",
                [],
                {"date_from": str(start), "date_to": str(start)},
                ["date_to"],
                spec,
            )
            self.assertFalse(error, error)
            values = result["value"]
            self.assertEqual(
                (
                    values.get("household_count", 0),
                    values.get("persons_count", 0),
                    values.get("child_count", 0),
                ),
                (0, 0, 0),
            )

    def test_accountant_month_differencing_reveals_no_flag(self):
        self._login(self.accountant)
        january = self._download(self._wizard(date(2017, 1, 1), date(2017, 1, 31)))
        february = self._download(self._wizard(date(2017, 2, 1), date(2017, 2, 28)))
        for book in (january, february):
            self.assertNotIn("Files", book.sheetnames, "no per-file sheet")
            cells = all_cells(book)
            self.assertFalse(PROFILE_LABELS & cells, "no profile share")
            self.assertFalse(set(self.files.mapped("name")) & cells, "no file reference")
            self.assertNotIn("Small residence", cells)
        jan, feb = summary_values(january), summary_values(february)
        # What accountants do see: the households, and per landlord under the cell size.
        self.assertEqual((jan["Households reached"][0], feb["Households reached"][0]), (14, 15))
        self.assertEqual(jan["Test Landlord"][:2], [7, 0.5])
        self.assertEqual(feb["Test Landlord"][:2], [7, 7 / 15])
        for values in (jan, feb):
            self.assertEqual(values["Small Landlord"][:2], ["< 5", "< 5"])
            # Shown, it would give the small landlord's count back from the total.
            self.assertEqual(values["Other Landlord"][:2], ["< 5", "< 5"])
        self.assertEqual(
            feb["Households reached living in the landlord's dwellings"][:2], [7, 7 / 15]
        )

    def test_accountant_narrow_filter_counts_no_people(self):
        """Narrowed to the small landlord (2 households in February), the people are not
        counted: with one or two households they would describe the family."""

        self._login(self.accountant)
        book = self._download(
            self._wizard(date(2017, 2, 1), date(2017, 2, 28), landlord_id=self.small_landlord.id)
        )
        values = summary_values(book)
        self.assertIn("Fewer than 5 households: the people reached are not counted here.", values)
        for label in ("Persons reached", "Children", "Households reached", "Adults"):
            self.assertNotIn(label, values)
        # The same filter for a social-support user counts them (2 households, 5 persons).
        self._login(self.staff)
        values = summary_values(
            self._download(
                self._wizard(
                    date(2017, 2, 1), date(2017, 2, 28), landlord_id=self.small_landlord.id
                )
            )
        )
        self.assertEqual((values["Households reached"][0], values["Persons reached"][0]), (2, 5))

    def test_accountant_cannot_read_profile_shares_of_the_key_figures(self):
        self._login(self.accountant)
        wizard_id, error = self._call(
            WIZARD, "create", [{"date_from": "2017-01-01", "date_to": "2017-12-31"}]
        )
        self.assertFalse(error, error)
        wizard_id = wizard_id[0] if isinstance(wizard_id, list) else wizard_id
        for fname in ("rsa_share", "single_parent_share", "dalo_first_time_share", "qpv_share"):
            result, error = self._call(WIZARD, "read", [wizard_id], fields=[fname])
            self.assertIsNone(result, fname)
            self.assertIn("Social-support user", error)
        result, error = self._call(
            WIZARD, "read", [wizard_id], fields=["household_count", "landlord_household_share"]
        )
        self.assertFalse(error, error)
        self.assertEqual(result[0]["household_count"], 15)
        self.assertAlmostEqual(result[0]["landlord_household_share"], 7 / 15)
        # Nor through the onchange that computes the dashboard of an unsaved record.
        result, error = self._call(
            WIZARD,
            "onchange",
            [],
            {"date_from": "2017-01-01", "date_to": "2017-12-31"},
            ["date_to"],
            {"date_from": {}, "date_to": {}, "rsa_share": {}, "single_parent_share": {}},
        )
        if not error:
            self.assertFalse(result["value"].get("rsa_share"))
            self.assertFalse(result["value"].get("single_parent_share"))
        # The form the accountant gets has no profile field at all.
        views, error = self._call(
            WIZARD,
            "get_views",
            [
                [
                    self.env.ref("housing_accompaniment.view_housing_activity_dashboard_form").id,
                    "form",
                ]
            ],
        )
        self.assertFalse(error, error)
        self.assertNotIn("rsa_share", views["views"]["form"]["arch"])

    def test_accountant_funding_counts_follow_the_cell_size(self):
        self._login(self.accountant)
        fields = ["funder_id", "landlord_household_count", "landlord_household_share"]
        rows, error = self._call(
            "housing.funding",
            "read",
            self.funder_lines.ids,
            fields=fields + ["is_landlord_household_hidden"],
        )
        self.assertFalse(error, error)
        by_funder = {row["funder_id"][0]: row for row in rows}
        landlord_row = by_funder[self.landlord.id]
        self.assertEqual(
            (
                landlord_row["landlord_household_count"],
                landlord_row["is_landlord_household_hidden"],
            ),
            (7, False),
        )
        small_row = by_funder[self.small_landlord.id]
        self.assertEqual(
            (
                small_row["landlord_household_count"],
                small_row["landlord_household_share"],
                small_row["is_landlord_household_hidden"],
            ),
            (0, 0.0, True),
        )
        # A manager reads the small landlord's two households.
        self._login(self.manager)
        rows, error = self._call("housing.funding", "read", self.funder_lines.ids, fields=fields)
        self.assertFalse(error, error)
        self.assertEqual(
            {row["funder_id"][0]: row["landlord_household_count"] for row in rows},
            {self.landlord.id: 7, self.small_landlord.id: 2},
        )

    def test_cell_size_is_a_company_setting(self):
        self.company.housing_min_cell_size = 8
        self._login(self.accountant)
        values = summary_values(self._download(self._wizard(date(2017, 1, 1), date(2017, 12, 31))))
        self.assertEqual(values["Test Landlord"][:2], ["< 8", "< 8"])
        self.assertEqual(values["Households reached"][0], 15)

    # ------------------------------------------------------------------
    # Class 7: bad input that reached the server as a crash
    # ------------------------------------------------------------------
    def test_report_period_in_year_1_or_9999(self):
        for user in (self.staff, self.accountant):
            self._login(user)
            before, _error = self._call(WIZARD, "search_count", [])
            for start, end in (("0001-01-01", "0001-12-31"), ("9999-01-01", "9999-12-31")):
                result, error = self._call(WIZARD, "create", [{"date_from": start, "date_to": end}])
                self.assertIsNone(result)
                self.assertIn("between 1900 and 2100", error)
                # The dashboard's onchange shows zeros, no crash.
                result, error = self._call(
                    WIZARD,
                    "onchange",
                    [],
                    {"date_from": start, "date_to": end},
                    ["date_to"],
                    {"date_from": {}, "date_to": {}, "persons_count": {}},
                )
                self.assertFalse(error, error)
            after, _error = self._call(WIZARD, "search_count", [])
            self.assertEqual(before, after, "nothing written")

    def test_workshop_series_without_title_or_in_year_9999(self):
        self._login(self.staff)
        Series = "housing.workshop.series.wizard"
        theme = self.env.ref("housing_accompaniment.workshop_theme_diy")
        before, _error = self._call(Series, "search_count", [])
        base = {
            "theme_id": theme.id,
            "start_datetime": "2017-10-04 12:00:00",
            "end_date": "2017-12-31",
        }
        for vals, message in (
            ({"name": False}, "Give the series a title"),
            ({"name": "   "}, "Give the series a title"),
            ({"theme_id": False}, "Fill in"),
            (
                {"start_datetime": "9999-12-20 12:00:00", "end_date": "9999-12-31"},
                "between 1900 and 2100",
            ),
            ({"start_datetime": "0001-01-01 12:00:00"}, "between 1900 and 2100"),
        ):
            result, error = self._call(Series, "create", [dict(base, **vals)])
            self.assertIsNone(result, vals)
            self.assertIn(message, error)
        after, _error = self._call(Series, "search_count", [])
        self.assertEqual(before, after, "nothing written")
        # An existing series cannot lose its title either.
        series_id, error = self._call(Series, "create", [base])
        self.assertFalse(error, error)
        series_id = series_id[0] if isinstance(series_id, list) else series_id
        result, error = self._call(Series, "write", [series_id], {"name": ""})
        self.assertIn("Give the series a title", error)

    def test_agreement_in_year_9999(self):
        self._login(self.accountant)
        result, error = self._call(
            "housing.agreement",
            "create",
            [{"name": "Far agreement", "date_start": "9999-01-01", "date_end": "9999-12-31"}],
        )
        self.assertIsNone(result)
        self.assertIn("between 1900 and 2100", error)
