"""The managers' spreadsheet dashboard: its JSON is sound (every pivot, chart and formula points
at fields that exist), its pivots count what their titles say when the server answers them as
the spreadsheet asks (``read_group`` over JSON-RPC, with the user's rights), a manager opens it
in the browser without error, and nobody outside its groups gets more than their rules allow."""

import base64
import json
import re
from collections import Counter
from datetime import date, datetime, time, timedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import HousingCase

DASHBOARD = "housing_accompaniment.spreadsheet_dashboard_housing"
FUNDING_DASHBOARD = "housing_accompaniment.spreadsheet_dashboard_housing_funding"


class DashboardCase(HttpCase, HousingCase):
    """In the test company, this year (Y) and last: files opened on 1 January of Y and today,
    one opened on 31 December of Y-1; a file closed on 1 January of Y and one on 31 December of
    Y-1; one late file; workshops in January and February of Y and December of Y-1 (one
    cancelled); funding committed and received in Y-1 and Y."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["housing.accompaniment"])
        year = cls.today.year
        cls.jan_1 = date(year, 1, 1)
        cls.last_dec_31 = date(year - 1, 12, 31)
        Files = cls.env["housing.accompaniment"].with_context(housing_stage_override=True)
        kid = ("Kid", "child", "male", date(2015, 6, 1))
        cls.h_mine = cls._household(
            "Mme Dashboard", members=[kid, ("Teen", "child", "female", date(2010, 2, 3))]
        )
        cls.h_new = cls._household("M. Nouveau", members=[kid])
        cls.h_closed = cls._household("Mme Partie")
        cls.h_old = cls._household("M. Ancien")
        cls.h_theirs = cls._household(
            "Mme Autre", members=[kid, kid, ("Baby", "child", "female", date(2024, 1, 5))]
        )
        ara, ne = "ara", "new_entrant"
        cls.file_mine = Files.create(
            {
                "household_id": cls.h_mine.id,
                "workflow": ara,
                "start_date": cls.jan_1,
                "referral_date": cls.jan_1,
                "facilitator_id": cls.facilitator.id,
                "stage_id": cls._stage("ara_tripartite").id,
            }
        )
        cls.file_mine_ne = Files.create(
            {"household_id": cls.h_mine.id, "workflow": ne, "start_date": cls.jan_1}
        )
        cls.file_theirs = Files.create(
            {
                "household_id": cls.h_theirs.id,
                "workflow": ara,
                "start_date": cls.today,
                "referral_date": cls.today,
                "facilitator_id": cls.other_facilitator.id,
            }
        )
        cls.file_last_year = Files.create(
            {
                "household_id": cls.h_new.id,
                "workflow": ne,
                "start_date": cls.last_dec_31,
                "stage_id": cls._stage("ne_rights").id,
            }
        )
        closed = {"outcome": "abandoned", "abandon_reason": "Moved away"}
        cls.file_closed = Files.create(
            dict(
                closed,
                household_id=cls.h_closed.id,
                workflow=ara,
                start_date=date(year - 1, 3, 1),
                referral_date=date(year - 1, 3, 1),
                close_date=cls.jan_1,
                stage_id=cls._stage("ara_closed").id,
            )
        )
        Files.create(
            dict(
                closed,
                household_id=cls.h_old.id,
                workflow=ne,
                start_date=date(year - 1, 2, 1),
                close_date=cls.last_dec_31,
                stage_id=cls._stage("ne_closed").id,
            )
        )
        # Late: in the tripartite step for longer than its target duration.
        cls.file_mine.date_last_stage_update = fields.Datetime.now() - timedelta(days=400)
        cls.file_mine.flush_recordset()
        Workshop = cls.env["housing.workshop"]
        diy = cls.env.ref("housing_accompaniment.workshop_theme_diy").id
        for name, start, state in (
            ("New Year morning", datetime(year, 1, 1, 9), "held"),
            ("New Year afternoon", datetime(year, 1, 1, 15), "held"),
            ("New Year cancelled", datetime(year, 1, 1, 17), "cancelled"),
            ("This month, planned", datetime.combine(cls.today, time(8)), "planned"),
            ("New Year's Eve", datetime(year - 1, 12, 31, 14), "held"),
        ):
            Workshop.create(
                {"name": name, "start_datetime": start, "theme_id": diy, "state": state}
            )
        cls.funder = funder = cls.env["res.partner"].create(
            {"name": "Dashboard funder", "is_company": True}
        )
        agreement = cls.env["housing.agreement"].create(
            {
                "name": "Dashboard agreement",
                "partner_ids": [Command.set([funder.id])],
                "date_start": date(year - 1, 1, 1),
                "date_end": date(year, 12, 31),
            }
        )
        Funding = cls.env["housing.funding"]
        base = {"funder_id": funder.id, "agreement_id": agreement.id}
        actions = [
            cls.env.ref(f"housing_accompaniment.action_{code}").id for code in ("ara", "workshop")
        ]
        last_year = Funding.create(
            [
                dict(base, action_id=actions[0], year=year - 1, amount_committed=1000.0),
                dict(base, action_id=actions[1], year=year - 1, amount_committed=2500.0),
            ]
        )
        this_year = Funding.create(
            dict(base, action_id=actions[0], year=year, amount_committed=4000.0)
        )
        cls.env["housing.funding.payment"].create(
            [
                {"funding_id": last_year[0].id, "date": date(year - 1, 6, 1), "amount": 700.0},
                {"funding_id": this_year.id, "date": cls.jan_1, "amount": 1500.0},
            ]
        )
        cls.dashboard = cls.env.ref(DASHBOARD)
        cls.funding_dashboard = cls.env.ref(FUNDING_DASHBOARD)
        cls.spreadsheets = {
            dashboard: json.loads(base64.b64decode(dashboard.spreadsheet_binary_data))
            for dashboard in cls.dashboard | cls.funding_dashboard
        }
        cls.spreadsheet = cls.spreadsheets[cls.dashboard]
        cls.funding_spreadsheet = cls.spreadsheets[cls.funding_dashboard]

    # ------------------------------------------------------------------
    # The pivots asked as the spreadsheet asks them
    # ------------------------------------------------------------------
    def _call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def _period_domain(self, pivot):
        """The period filter at its default (the year so far) on the pivot's matched field."""
        matching = next(iter(pivot["fieldMatching"].values()), None)
        if not matching:
            return []
        start, end = self.jan_1, self.today
        if matching["type"] == "datetime":
            start, end = f"{start} 00:00:00", f"{end} 23:59:59"
        return [(matching["chain"], ">=", str(start)), (matching["chain"], "<=", str(end))]

    def _pivot(self, pivot_id, spreadsheet=None):
        """The pivot's groups as the current HTTP session gets them: {group key: measures}."""
        pivot = (spreadsheet or self.spreadsheet)["pivots"][str(pivot_id)]
        groupby = [
            f"{dim['fieldName']}:{dim['granularity']}"
            if dim.get("granularity")
            else dim["fieldName"]
            for dim in pivot["rows"] + pivot["columns"]
        ]
        measures = [m["id"] if m["id"] != "__count" else "__count" for m in pivot["measures"]]
        groups = self._call(
            pivot["model"],
            "read_group",
            pivot["domain"] + self._period_domain(pivot),
            measures,
            groupby,
            lazy=False,
        )
        result = {}
        for group in groups:
            key = tuple(
                group[name][0] if isinstance(group[name], list) else group[name] for name in groupby
            )
            result[key] = {
                m["id"]: group.get(m["fieldName"] if m["id"] != "__count" else "__count")
                for m in pivot["measures"]
            }
        return result


@tagged("post_install", "-at_install")
class TestDashboardDefinition(DashboardCase):
    def _xmlids(self, records):
        return set(records.get_external_id().values())

    def test_dashboard_records_menus_and_actions(self):
        group = self.env.ref("housing_accompaniment.spreadsheet_dashboard_group_housing")
        self.assertEqual((self.dashboard | self.funding_dashboard).dashboard_group_id, group)
        self.assertEqual(
            self._xmlids(self.dashboard.group_ids),
            {
                "housing_accompaniment.group_housing_manager",
                "housing_accompaniment.group_housing_user",
            },
        )
        self.assertEqual(
            self._xmlids(self.funding_dashboard.group_ids),
            {
                "housing_accompaniment.group_housing_manager",
                "housing_accompaniment.group_housing_accountant",
            },
        )
        reporting = self.env.ref("housing_accompaniment.menu_housing_reporting")
        for dashboard, action, menu in (
            (self.dashboard, "action_housing_dashboard", "menu_housing_dashboard"),
            (
                self.funding_dashboard,
                "action_housing_funding_dashboard",
                "menu_housing_funding_dashboard",
            ),
        ):
            self.assertTrue(dashboard.is_published)
            action = self.env.ref(f"housing_accompaniment.{action}")
            self.assertEqual(action.tag, "action_spreadsheet_dashboard")
            self.assertEqual(action.params, {"dashboard_id": dashboard.id})
            menu = self.env.ref(f"housing_accompaniment.{menu}")
            self.assertEqual((menu.parent_id, menu.action), (reporting, action))
        # Each menu is the dashboard's: social-support users get the key figures, accountants
        # the funding.
        menus = {
            user: {
                m["xmlid"]
                for m in self.env["ir.ui.menu"].with_user(user).load_web_menus(False).values()
                if isinstance(m, dict) and m.get("xmlid")
            }
            for user in (self.staff, self.accountant, self.facilitator)
        }
        key_menu = "housing_accompaniment.menu_housing_dashboard"
        funding_menu = "housing_accompaniment.menu_housing_funding_dashboard"
        self.assertIn(key_menu, menus[self.staff])
        self.assertNotIn(funding_menu, menus[self.staff])
        self.assertIn(funding_menu, menus[self.accountant])
        self.assertNotIn(key_menu, menus[self.accountant])
        self.assertFalse({key_menu, funding_menu} & menus[self.facilitator])

    def _assert_field(self, model, name, where):
        self.assertIn(model, self.env, where)
        self.assertIn(name, self.env[model]._fields, f"{where}: {model}.{name}")
        return self.env[model]._fields[name]

    def _assert_domain(self, model, domain, where):
        for leaf in domain:
            current = model
            for name in leaf[0].split("."):
                current = self._assert_field(current, name, where).comodel_name or current

    def test_pivots_point_at_existing_fields(self):
        self.assertEqual(len(self.spreadsheet["pivots"]), 7)
        self.assertEqual(len(self.funding_spreadsheet["pivots"]), 2)
        for dashboard, spreadsheet in self.spreadsheets.items():
            for pivot_id, pivot in spreadsheet["pivots"].items():
                where = f"{dashboard.name}, pivot {pivot_id} ({pivot['name']})"
                model = pivot["model"]
                for measure in pivot["measures"]:
                    if measure["fieldName"] == "__count":
                        continue
                    field = self._assert_field(model, measure["fieldName"], where)
                    self.assertTrue(field.store, f"{where}: {measure['fieldName']} not stored")
                    if measure["aggregator"] == "sum":
                        self.assertIn(field.type, ("integer", "float", "monetary"), where)
                for dim in pivot["rows"] + pivot["columns"]:
                    field = self._assert_field(model, dim["fieldName"], where)
                    self.assertTrue(field._description_groupable(self.env), where)
                self._assert_domain(model, pivot["domain"], where)
                for matching in pivot["fieldMatching"].values():
                    if matching:
                        field = self._assert_field(model, matching["chain"], where)
                        self.assertEqual(field.type, matching["type"], where)

    def test_charts_and_formulas_point_at_existing_pivots(self):
        for dashboard, spreadsheet in self.spreadsheets.items():
            dashboard_sheet, data_sheet = spreadsheet["sheets"]
            self.assertFalse(data_sheet["isVisible"])
            filter_ids = {f["id"] for f in spreadsheet["globalFilters"]}
            for figure in dashboard_sheet["figures"]:
                chart, where = figure["data"], f"{dashboard.name}: {figure['id']}"
                if chart["type"] == "odoo_bar":
                    meta = chart["metaData"]
                    for group_by in meta["groupBy"]:
                        self._assert_field(meta["resModel"], group_by.split(":")[0], where)
                    if meta["measure"] != "__count":
                        self._assert_field(meta["resModel"], meta["measure"], where)
                    self._assert_domain(meta["resModel"], chart["searchParams"]["domain"], where)
                    self.assertEqual(set(chart["fieldMatching"]), filter_ids, where)
                else:
                    ranges = (
                        [chart["keyValue"]]
                        if chart["type"] == "scorecard"
                        else [d["dataRange"] for d in chart["dataSets"]] + [chart["labelRange"]]
                    )
                    for cell_range in ranges:
                        self.assertRegex(cell_range, r"^Data!", where)
                        first = cell_range.split("!")[1].split(":")[0]
                        self.assertIn(first, data_sheet["cells"], where)
            for sheet in (dashboard_sheet, data_sheet):
                for name, cell in sheet["cells"].items():
                    content = cell["content"]
                    for pivot_id, measure in re.findall(r'PIVOT\.VALUE\((\d+),"([^"]+)"', content):
                        measures = [m["id"] for m in spreadsheet["pivots"][pivot_id]["measures"]]
                        self.assertIn(measure, measures, f"{dashboard.name}: {name}")
                    for pivot_id in re.findall(r"PIVOT(?:\.VALUE|\.HEADER)?\((\d+)", content):
                        self.assertIn(pivot_id, spreadsheet["pivots"], f"{dashboard.name}: {name}")
        self.assertEqual(self.spreadsheet["globalFilters"][0]["defaultValue"], "year_to_date")


@tagged("post_install", "-at_install")
class TestDashboardFigures(DashboardCase):
    def test_manager_figures_of_the_year_so_far(self):
        self.authenticate(self.manager.login, self.manager.login)
        # Opened on 1 January and today (two files of one household and one of another);
        # the file of 31 December last year is not.
        self.assertEqual(self._pivot(1), {(): {"__count": 3, "household_id:count_distinct": 2}})
        # Closed on 1 January; not the one closed on 31 December last year.
        self.assertEqual(self._pivot(2), {(): {"__count": 1}})
        self.assertEqual(self._pivot(3), {(): {"__count": 4, "household_id:count_distinct": 3}})
        self.assertEqual(self._pivot(4), {(): {"__count": 1}})
        # Households with an open file: 3 + 2 + 4 persons (the closed ones' are not counted).
        self.assertEqual(self._pivot(5), {(): {"__count": 3, "member_count:sum": 9}})
        # Open files per step and deadline status: the late one apart.
        self.assertEqual(
            self._pivot(6),
            {
                (self._stage("ara_tripartite").id, "late"): {"__count": 1},
                (self._stage("ara_referral").id, "on_time"): {"__count": 1},
                (self._stage("ne_designation").id, "on_time"): {"__count": 1},
                (self._stage("ne_rights").id, "on_time"): {"__count": 1},
            },
        )
        # Workshops of the year so far per month: two on 1 January (not the cancelled one),
        # one planned this month; not the one of 31 December last year.
        months = {key[0]: value["__count"] for key, value in self._pivot(7).items()}
        expected = Counter([self._month_label(self.jan_1)] * 2 + [self._month_label(self.today)])
        self.assertEqual(months, dict(expected))

    @staticmethod
    def _month_label(day):
        """read_group's label of a month group (the test users read English, in UTC)."""
        return day.strftime("%B %Y")

    def test_funding_per_year_and_this_year(self):
        year = self.today.year
        this_year = {
            "amount_committed:sum": 4000.0,
            "amount_received:sum": 1500.0,
            "amount_to_receive:sum": 2500.0,
        }
        last_year = {
            "amount_committed:sum": 3500.0,
            "amount_received:sum": 700.0,
            "amount_to_receive:sum": 2800.0,
        }
        for user in (self.manager, self.accountant):
            with self.subTest(user=user.login):
                self.authenticate(user.login, user.login)
                self.assertEqual(
                    self._pivot(1, self.funding_spreadsheet),
                    {(year,): this_year, (year - 1,): last_year},
                )
                by_funder = self._pivot(2, self.funding_spreadsheet)
                self.assertEqual(
                    by_funder,
                    {(self.funder.id, year): this_year, (self.funder.id, year - 1): last_year},
                )

    def test_social_support_user_opens_the_key_figures(self):
        self.authenticate(self.staff.login, self.staff.login)
        dashboards = self._call(
            "spreadsheet.dashboard",
            "search_read",
            [("dashboard_group_id.name", "=", "Accompaniment")],
            ["name"],
        )
        self.assertEqual([d["id"] for d in dashboards], self.dashboard.ids)
        data = self._call("spreadsheet.dashboard", "get_readonly_dashboard", self.dashboard.ids)
        self.assertEqual(data["snapshot"]["pivots"].keys(), self.spreadsheet["pivots"].keys())
        self.assertEqual(self._pivot(5), {(): {"__count": 3, "member_count:sum": 9}})
        self.assertEqual(self._pivot(3), {(): {"__count": 4, "household_id:count_distinct": 3}})


@tagged("post_install", "-at_install")
class TestDashboardPrivacy(DashboardCase):
    def assertRefused(self, model, method, *args, **kwargs):
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException) as error:
            self._call(model, method, *args, **kwargs)
        self.assertRegex(str(error.exception), r"AccessError")

    def _assert_dashboard_hidden(self, dashboard):
        listed = self._call(
            "spreadsheet.dashboard.group",
            "web_search_read",
            [],
            specification={"dashboard_ids": {"fields": {"name": {}}}},
        )
        dashboard_ids = [d["id"] for group in listed["records"] for d in group["dashboard_ids"]]
        self.assertNotIn(dashboard.id, dashboard_ids)
        self.assertRefused(
            "spreadsheet.dashboard", "read", dashboard.ids, ["spreadsheet_binary_data"]
        )
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
            self._call("spreadsheet.dashboard", "get_readonly_dashboard", dashboard.ids)

    def test_facilitator_gets_only_their_files(self):
        self.authenticate(self.facilitator.login, self.facilitator.login)
        self._assert_dashboard_hidden(self.dashboard)
        self._assert_dashboard_hidden(self.funding_dashboard)
        # Asking the pivots directly: their own ARA file and household only.
        self.assertEqual(self._pivot(1), {(): {"__count": 1, "household_id:count_distinct": 1}})
        self.assertEqual(self._pivot(3), {(): {"__count": 1, "household_id:count_distinct": 1}})
        self.assertEqual(self._pivot(5), {(): {"__count": 1, "member_count:sum": 3}})
        self.assertEqual(
            self._pivot(6), {(self._stage("ara_tripartite").id, "late"): {"__count": 1}}
        )
        pivot = self.funding_spreadsheet["pivots"]["1"]
        self.assertRefused(
            pivot["model"], "read_group", [], ["amount_committed:sum"], ["year"], lazy=False
        )

    def test_accountant_gets_funding_and_no_file_or_household(self):
        self.authenticate(self.accountant.login, self.accountant.login)
        self._assert_dashboard_hidden(self.dashboard)
        data = self._call(
            "spreadsheet.dashboard", "get_readonly_dashboard", self.funding_dashboard.ids
        )
        models = {pivot["model"] for pivot in data["snapshot"]["pivots"].values()}
        self.assertEqual(models, {"housing.funding"})
        # Files and households are refused; workshops they may count (README).
        for pivot in self.spreadsheet["pivots"].values():
            if pivot["model"] == "housing.workshop":
                continue
            self.assertRefused(
                pivot["model"], "read_group", pivot["domain"], ["__count"], [], lazy=False
            )

    def test_social_support_user_gets_no_funding(self):
        self.authenticate(self.staff.login, self.staff.login)
        self._assert_dashboard_hidden(self.funding_dashboard)
        self.assertRefused(
            "housing.funding", "read_group", [], ["amount_committed:sum"], ["year"], lazy=False
        )

    def test_no_public_link(self):
        """A share is a copy anyone with its link reads without logging in: refused for the
        addon's dashboards, kept for the others."""
        self.authenticate(self.manager.login, self.manager.login)
        Share = self.env["spreadsheet.dashboard.share"]
        for dashboard in self.dashboard | self.funding_dashboard:
            with mute_logger("odoo.http"), self.assertRaises(JsonRpcException) as error:
                self._call(
                    "spreadsheet.dashboard.share",
                    "action_get_share_url",
                    {"dashboard_id": dashboard.id, "spreadsheet_data": "{}"},
                )
            self.assertEqual(str(error.exception), "odoo.exceptions.UserError")
            self.assertFalse(Share.search([("dashboard_id", "=", dashboard.id)]))
            with self.assertRaisesRegex(UserError, "cannot be shared by a public link"):
                Share.with_user(self.manager).create(
                    {"dashboard_id": dashboard.id, "spreadsheet_data": "{}"}
                )
        other = self.env["spreadsheet.dashboard"].create(
            {
                "name": "Another dashboard",
                "dashboard_group_id": self.env.ref(
                    "spreadsheet_dashboard.spreadsheet_dashboard_group_sales"
                ).id,
                "group_ids": [Command.set(self.manager.groups_id.ids)],
                "spreadsheet_data": "{}",
            }
        )
        url = self._call(
            "spreadsheet.dashboard.share",
            "action_get_share_url",
            {"dashboard_id": other.id, "spreadsheet_data": "{}"},
        )
        self.assertIn("/dashboard/share/", url)


@tagged("post_install", "-at_install")
class TestDashboardTour(DashboardCase):
    def test_manager_opens_the_dashboards(self):
        """Reporting > Dashboard opens the key figures, then the side panel the funding: the
        pivots and charts load without error (a failed RPC or formula fails the tour)."""
        self.start_tour(
            "/odoo/action-housing_accompaniment.action_housing_dashboard",
            "housing_dashboard_tour",
            login=self.manager.login,
            timeout=120,
        )
