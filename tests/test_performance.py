import io
from datetime import date, datetime, timedelta

import openpyxl

from odoo import Command
from odoo.tests import tagged

from ..tools.board_request import board_request, open_board
from .common import HousingCase


@tagged("post_install", "-at_install")
class TestPerformance(HousingCase):
    """Opening a board and printing the reports take as many queries with ten times the data:
    nothing is read once per file, per household or per person. (The benchmark in ``bench/``
    measures the time on a ten-times-PAHM database.)"""

    # The web client shows 40 cards per column; fewer here, so that the small dataset
    # already fills the columns and the web client's column count is asked in both cases.
    CARDS_PER_COLUMN = 4

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tag = cls.env["housing.accompaniment.tag"].create({"name": "Large family"})
        cls.dwelling_number = 0
        cls.request = board_request(cls.env)

    # ------------------------------------------------------------------
    # Data
    # ------------------------------------------------------------------
    @classmethod
    def _households(cls, count):
        """``count`` households of two members, each in a dwelling of its own, in a residence
        of its own (of the same landlord and QPV): what the report reads per residence must
        not grow with the residences."""
        start = cls.dwelling_number
        cls.dwelling_number += count
        residences = cls.env["housing.residence"].create(
            [
                {
                    "name": f"Residence {index}",
                    "code": f"R-PERF-{index}",
                    "landlord_id": cls.residence_qpv.landlord_id.id,
                    "qpv_id": cls.residence_qpv.qpv_id.id,
                }
                for index in range(start, start + count)
            ]
        )
        dwellings = cls.env["housing.dwelling"].create(
            [
                {"name": f"P{index}", "residence_id": residence.id}
                for index, residence in zip(range(start, start + count), residences, strict=True)
            ]
        )
        tenants = cls.env["res.partner"].create(
            [{"name": f"Tenant {index}"} for index in range(start, start + count)]
        )
        return cls.env["housing.household"].create(
            [
                {
                    "tenant_partner_id": tenant.id,
                    "dwelling_id": dwelling.id,
                    "member_ids": [
                        Command.create(
                            {
                                "name": tenant.name,
                                "partner_id": tenant.id,
                                "relationship": "head",
                                "gender": "female",
                                "birth_date": date(1980, 1, 1),
                            }
                        ),
                        Command.create(
                            {
                                "name": f"Child of {tenant.name}",
                                "relationship": "child",
                                "gender": "male",
                                "birth_date": date(2012, 1, 1),
                            }
                        ),
                    ],
                }
                for tenant, dwelling in zip(tenants, dwellings, strict=True)
            ]
        )

    @classmethod
    def _files(cls, workflow, stage_codes, per_step):
        """``per_step`` files in each step of ``stage_codes``, shaped like real cards: a
        tag, an activity, a support staff member, for ARA a facilitator, and late in their
        step."""
        households = cls._households(per_step * len(stage_codes))
        vals_list = []
        for index, household in enumerate(households):
            vals_list.append(
                {
                    "household_id": household.id,
                    "workflow": workflow,
                    "stage_id": cls._stage(stage_codes[index % len(stage_codes)]).id,
                    "start_date": date(2023, 3, 1),
                    "referral_date": date(2023, 3, 1) if workflow == "ara" else False,
                    "user_id": cls.staff.id,
                    "facilitator_id": cls.facilitator.id if workflow == "ara" else False,
                    "tag_ids": [Command.set(cls.tag.ids)],
                    "date_last_stage_update": datetime(2023, 3, 1, 9, 0),
                }
            )
        files = (
            cls.env["housing.accompaniment"]
            .with_context(housing_stage_override=True)
            .create(vals_list)
        )
        todo = cls.env.ref("mail.mail_activity_data_todo")
        # Quick update: no mail to the assigned user for each activity.
        cls.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": cls.env["ir.model"]._get_id("housing.accompaniment"),
                    "res_id": file.id,
                    "activity_type_id": todo.id,
                    "user_id": cls.staff.id,
                    "date_deadline": date(2023, 4, 1),
                }
                for file in files
            ]
        )
        return files

    # ------------------------------------------------------------------
    # The board, as the web client loads it
    # ------------------------------------------------------------------
    def _open_board(self, workflow):
        """Load the board of ``workflow`` as the social-support user's web client does, each
        call on an empty cache like a request of its own. Returns ``{step code: (cards,
        files in the column)}``."""
        Model = (
            self.env["housing.accompaniment"]
            .with_user(self.staff)
            .with_context(default_workflow=workflow)
        )
        columns = open_board(
            Model, [("workflow", "=", workflow)], self.request, self.CARDS_PER_COLUMN
        )
        Stage = self.env["housing.stage"]
        return {Stage.browse(stage_id).code: column for stage_id, column in columns.items()}

    def _query_count(self, func):
        self.env.flush_all()
        before = self.env.cr.sql_log_count
        func()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def _check_board(self, workflow, stage_codes):
        self._files(workflow, stage_codes, per_step=5)
        for _warm_up in range(2):  # the caches that live across requests
            self._open_board(workflow)
        small = self._query_count(lambda: self._open_board(workflow))
        self._files(workflow, stage_codes, per_step=45)
        with self.assertQueryCount(small):
            columns = self._open_board(workflow)
        self.assertEqual(set(columns), set(stage_codes))
        for code in stage_codes:
            cards, length = columns[code]
            self.assertEqual(length, 50, f"the column {code} counts all its files")
            self.assertEqual(len(cards), self.CARDS_PER_COLUMN)
            card = cards[0]
            self.assertIn("Tenant", card["household_id"]["display_name"])
            self.assertEqual(card["tag_ids"][0]["display_name"], "Large family")
            self.assertEqual(card["activity_state"], "overdue")
            self.assertTrue(card["is_late"], "the late mark is on the card")
            self.assertIn("next_appointment_date", card)
            self.assertEqual(card["user_id"]["display_name"], self.staff.name)

    def test_new_entrant_board_queries_do_not_grow_with_the_files(self):
        self._check_board("new_entrant", ["ne_designation", "ne_contact", "ne_interview"])

    def test_ara_board_queries_do_not_grow_with_the_files(self):
        self._check_board("ara", ["ara_referral", "ara_tripartite", "ara_worksite"])

    # ------------------------------------------------------------------
    # A drag on the board
    # ------------------------------------------------------------------
    def _drag(self, file, stage_code):
        """Drop the card of ``file`` in the column of ``stage_code`` as the social-support
        user's web client saves it (the card's fields read back), on an empty cache."""
        self.env.invalidate_all()
        file.with_user(self.staff).with_context(default_workflow=file.workflow).web_save(
            {"stage_id": self._stage(stage_code).id}, self.request.spec
        )

    def _seed_programme(self, files, fundings):
        """``files`` ARA files in each of three steps and ``fundings`` landlord funding lines
        of 2023, valued in the TFPB programme of 2023 and 2024."""
        steps = ["ara_tripartite", "ara_worksite", "ara_encouragement"]
        created = self._files("ara", steps, per_step=files)
        action = self.env.ref("housing_accompaniment.action_ara")
        self.env["housing.funding"].create(
            [
                {
                    "funder_id": self.landlord.id,
                    "action_id": action.id,
                    "year": 2023,
                    "amount_committed": 1000,
                }
                for _index in range(fundings)
            ]
        )
        years = self.env["housing.tfpb.year"].search([("company_id", "=", self.company.id)])
        years._programme_years([("id", "in", years.ids)])._value()
        return created.filtered(lambda file: file.stage_id.code == "ara_encouragement")

    def test_drag_queries_do_not_grow_with_the_data(self):
        """Moving a card between open steps, or closing an abandoned file, takes as many
        queries with ten times the files and funding lines: the TFPB programme is marked
        stale at most (one cheap write), never valued on a drag."""
        self.company.housing_landlord_partner_id = self.landlord
        programmes = self.env["housing.tfpb.year"].create([{"year": 2023}, {"year": 2024}])
        small = self._seed_programme(files=5, fundings=1)
        self.assertTrue(programmes.line_ids, "the programme values the files")
        small.write({"outcome": "abandoned", "abandon_reason": "Moved away"})
        # The caches that live across requests.
        self._drag(small[0], "ara_worksite")
        self._drag(small[1], "ara_closed")
        programmes._programme_years([("id", "in", programmes.ids)])._value()
        move = self._query_count(lambda: self._drag(small[2], "ara_worksite"))
        close = self._query_count(lambda: self._drag(small[3], "ara_closed"))
        self.assertTrue(all(programmes.mapped("is_stale")), "closing a file marks the years")

        large = self._seed_programme(files=45, fundings=10)
        large[:2].write({"outcome": "abandoned", "abandon_reason": "Moved away"})
        valued_on = programmes.mapped("last_recompute_date")
        with self.assertQueryCount(move):
            self._drag(large[0], "ara_worksite")
        self.assertEqual(large[0].stage_id, self._stage("ara_worksite"))
        self.assertFalse(any(programmes.mapped("is_stale")), "a move writes nothing there")
        self.assertEqual(programmes.mapped("last_recompute_date"), valued_on)
        with self.assertQueryCount(close):
            self._drag(large[1], "ara_closed")
        self.assertTrue(large[1].is_closed)
        self.assertTrue(all(programmes.mapped("is_stale")))
        self.assertEqual(programmes.mapped("last_recompute_date"), valued_on, "not valued")

    # ------------------------------------------------------------------
    # Reports
    # ------------------------------------------------------------------
    def _render(self, report, records, user):
        return (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_xlsx(f"housing_accompaniment.{report}", records.ids, None)[0]
        )

    def test_tfpb_statement_queries_do_not_grow_with_the_lines(self):
        axes = self.env["housing.tfpb.axis"].search([], limit=4)
        qpvs = self.env["housing.qpv"].create(
            [{"name": f"QPV {index}", "code": f"QNPERF{index:02d}"} for index in range(10)]
        )
        Year = self.env["housing.tfpb.year"]

        def programme(year, qpv_count):
            return Year.create(
                {
                    "year": year,
                    "line_ids": [
                        Command.create(
                            {"qpv_id": qpv.id, "axis_id": axis.id, "planned_amount": 1000}
                        )
                        for qpv in qpvs[:qpv_count]
                        for axis in axes
                    ],
                }
            )

        small, large = programme(2021, 1), programme(2022, 10)
        for _warm_up in range(2):  # the caches that live across requests
            self.env.invalidate_all()
            self._render("tfpb_statement_xlsx", small, self.accountant)
        self.env.invalidate_all()
        small_count = self._query_count(
            lambda: self._render("tfpb_statement_xlsx", small, self.accountant)
        )
        self.env.invalidate_all()
        with self.assertQueryCount(small_count):
            content = self._render("tfpb_statement_xlsx", large, self.accountant)
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(sum(1 for row in rows if row[1] in axes.mapped("display_name")), 40)
        total = next(row for row in rows if row[0] == "Total")
        self.assertEqual(total[2], 40 * 1000, "the planned total of the 40 lines")

    def test_activity_report_queries_do_not_grow_with_workshop_people(self):
        """Files, their households' members and the people present at workshops (household
        members and outside contacts) ten times over: the same number of queries."""
        theme = self.env["housing.workshop.theme"].search([], limit=1)

        def seed(count):
            files = self._files("ara", ["ara_worksite"], per_step=count)
            outsiders = self.env["res.partner"].create(
                [{"name": f"Neighbour {index}"} for index in range(count)]
            )
            workshop = self.env["housing.workshop"].create(
                {
                    "name": "DIY",
                    "theme_id": theme.id,
                    "start_datetime": datetime(2023, 5, 10, 12, 0) + timedelta(days=count),
                    "state": "held",
                }
            )
            self.env["housing.workshop.attendance"].create(
                [
                    {"workshop_id": workshop.id, "member_id": member.id, "is_present": True}
                    for member in files.household_id.member_ids
                ]
                + [
                    {"workshop_id": workshop.id, "partner_id": partner.id, "is_present": True}
                    for partner in outsiders
                ]
            )

        wizard = self.env["housing.activity.report.wizard"].create(
            {"date_from": date(2023, 1, 1), "date_to": date(2023, 12, 31)}
        )
        seed(3)
        for _warm_up in range(2):  # the caches that live across requests
            self.env.invalidate_all()
            self._render("activity_report_xlsx", wizard, self.staff)
        self.env.invalidate_all()
        small = self._query_count(lambda: self._render("activity_report_xlsx", wizard, self.staff))
        seed(27)
        self.env.invalidate_all()
        with self.assertQueryCount(small):
            content = self._render("activity_report_xlsx", wizard, self.staff)
        summary = {
            row[0]: row[1]
            for row in openpyxl.load_workbook(io.BytesIO(content))["Summary"].iter_rows(
                values_only=True
            )
            if row and isinstance(row[0], str)
        }
        # 30 households of two, and 30 neighbours present at the workshops (age unknown).
        self.assertEqual(summary["Households reached"], 30)
        self.assertEqual(summary["Persons reached"], 90)
        self.assertEqual(summary["Age unknown"], 30)
