#!/usr/bin/env python3
"""Measure the boards and the reports on several databases and print them side by side.

    python3 bench/benchmark.py --db bench_demo --db bench_x10 [--repeat 5] [--json out.json] \
        -- --addons-path=… --db_host=… --db_port=… --db_user=…

Each database is measured in a process of its own (clean caches and memory), as the
administrator (rules applied, not the superuser), after one warm-up run; times are medians.

- Board (each of the two board actions): what the web client asks when it opens the kanban:
  ``web_read_group`` on the steps (the action's domain and context, the aggregates of the card
  fields), ``read_progress_bar``, then ``web_search_read`` of the first 40 cards of each unfolded
  column with the card's field specification (read from the kanban arch, as the client builds
  it). The request is ``tools/board_request.py`` of the addon, which the performance tests use
  too. Each call runs on an empty record cache, as a request does. SQL queries and server time.
- Drag (each board): a card of the third open step moved back one step, then one more, as the
  web client saves it (``web_save`` of the step, the card read back): two stage writes.
- Activity report (one calendar year, the year with the most active files unless given):
  the XLSX rendering of the wizard. SQL queries, time, peak Python heap (tracemalloc, in a run
  of its own, as tracing slows the code down) and how much the process's peak resident memory
  (ru_maxrss) grew during the timed runs (it counts what tracemalloc does not see, such as the
  database driver's buffers).
- Floor: the same workbook — summary figures and list of files — from hand-written SQL
  aggregates written with plain xlsxwriter. The floor's figures are checked against the
  report's: a warning is printed when they differ. The report's time is given as a ratio of it.
- TFPB statement (the programme of the same year, else the latest): queries, time, peak heap.
"""

import argparse
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from datetime import date

import xlsxwriter
from odoo_env import setup_odoo

from odoo import api
from odoo.modules.registry import Registry
from odoo.tools.safe_eval import safe_eval

BOARDS = (
    ("new entrants", "housing_accompaniment.action_housing_accompaniment_board_new_entrant"),
    ("ARA", "housing_accompaniment.action_housing_accompaniment_board_ara"),
)
ACTIVITY_REPORT = "housing_accompaniment.action_report_housing_activity_xlsx"
TFPB_REPORT = "housing_accompaniment.action_report_housing_tfpb_statement_xlsx"
CARDS_PER_COLUMN = 40  # the kanban view's default limit

TARGETS = {
    "board_queries": 2,  # ± the demo's
    "board_ms": 250,
    "report_s": 5.0,
    "report_ratio": 3.0,
    "report_queries": 5,  # ± the demo's
    "report_heap_mb": 300,
}
# The hundred-times database (BENCH_SCALE=10): ``--targets x100``.
TARGETS_X100 = dict(TARGETS, report_s=10.0, report_rss_mb=500, drag_ms=100)


# ----------------------------------------------------------------------------------------
# Measuring (in the child process of one database)
# ----------------------------------------------------------------------------------------
class Calls:
    """Calls a method as a request of its own (on an empty record cache, and up to what it
    would write at its commit), adding up its SQL queries and server time."""

    def __init__(self, env):
        self.env, self.queries, self.seconds = env, 0, 0.0

    def __call__(self, method, *args, **kwargs):
        self.env.invalidate_all()
        count, start = self.env.cr.sql_log_count, time.perf_counter()
        result = method(*args, **kwargs)
        # What a request writes before it commits: the records, and what was queued for the
        # commit (tracking messages, e-mails of the steps, bus messages).
        self.env.cr.flush()
        self.seconds += time.perf_counter() - start
        self.queries += self.env.cr.sql_log_count - count
        return result


class Measure:
    def __init__(self, dbname, repeat):
        self.registry = Registry(dbname)
        self.repeat = repeat
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            admin = env.ref("base.user_admin")
            self.uid = admin.id
            self.context = dict(
                admin.with_user(admin).context_get(),
                allowed_company_ids=[admin.company_id.id],
            )

    def run(self, func):
        """``func(env)`` in a new transaction, rolled back; returns its result."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, self.uid, dict(self.context))
            try:
                return func(env)
            finally:
                cr.rollback()

    def timed(self, func):
        """Warm-up, then ``repeat`` runs of ``func(env) -> (queries, seconds)``: the median
        time and the queries of the last run."""
        self.run(func)
        runs = [self.run(func) for _index in range(self.repeat)]
        return runs[-1][0], statistics.median(seconds for _queries, seconds in runs)

    def peak_heap(self, func):
        """Peak Python heap (bytes) allocated while ``func`` runs, in a run of its own."""

        def traced(env):
            tracemalloc.start()
            try:
                func(env)
                return tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()

        return self.run(traced)

    # -- boards -------------------------------------------------------------------------
    def board_context(self, env, action_xmlid):
        """The files of the board action ``action_xmlid`` with its context, and its domain."""
        action = env.ref(action_xmlid).sudo()
        eval_context = {"uid": env.uid, "context_today": date.today}
        domain = safe_eval(action.domain or "[]", eval_context)
        context = dict(env.context, **safe_eval(action.context or "{}", eval_context))
        return env[action.res_model].with_context(context), domain

    def board(self, action_xmlid):
        """Open the board as the web client does (``tools/board_request.py``, shared with
        the performance tests): queries, server time, columns and cards loaded."""
        from odoo.addons.housing_accompaniment.tools.board_request import (  # noqa: PLC0415
            board_request,
            open_board,
        )

        request = self.run(board_request)

        def load(env):
            Model, domain = self.board_context(env, action_xmlid)
            env.flush_all()
            call = Calls(env)
            columns = open_board(Model, domain, request, CARDS_PER_COLUMN, call=call)
            shape.update(
                columns=len(columns), cards=sum(len(cards) for cards, _length in columns.values())
            )
            return call.queries, call.seconds

        shape = {}
        queries, seconds = self.timed(load)
        return {"queries": queries, "ms": seconds * 1000, **shape}

    def drag(self, action_xmlid):
        """A drag on the board: a card of the third open column moved back one step, then
        one more, as the web client saves it (two stage writes, the card read back; moving
        back needs nothing). Queries and server time of the two, on a file dragged the same
        way once before (not measured) and without open activities: each step's plan is
        scheduled in full."""
        from odoo.addons.housing_accompaniment.tools.board_request import (  # noqa: PLC0415
            board_request,
        )

        request = self.run(board_request)

        def move(env):
            Model, domain = self.board_context(env, action_xmlid)
            stages = env["housing.stage"].search(
                [
                    ("workflow", "=", Model.env.context["default_workflow"]),
                    ("is_closing", "=", False),
                ]
            )
            file = Model.search(domain + [("stage_id", "=", stages[2].id)], limit=1)
            # Not measured: the same drag once, and back. The people the steps' plans name
            # then follow the file, as they do on the demo (the generator creates the files
            # with no follower); the measured drag is that of a file already worked on.
            for stage in (stages[1], stages[0], stages[2]):
                file.with_context(housing_stage_override=True).write({"stage_id": stage.id})
            # Its open activities go, so that the measured drags plan the steps' work in
            # full, as a first entry into a step does (a file that comes back to a step whose
            # work is still open is not given it twice).
            file.activity_ids.unlink()
            env.cr.flush()  # and what it queued for the end of the transaction (bus messages)
            env.invalidate_all()
            call = Calls(env)
            for stage in (stages[1], stages[0]):
                call(file.web_save, {"stage_id": stage.id}, request.spec)
            return call.queries, call.seconds

        queries, seconds = self.timed(move)
        return {"queries": queries, "ms": seconds * 1000}

    # -- activity report ----------------------------------------------------------------
    def busiest_year(self, env):
        """The past calendar year with the most files active."""
        env.cr.execute(
            """
            SELECT y.year
              FROM generate_series(
                       (SELECT EXTRACT(YEAR FROM MIN(start_date))::int FROM housing_accompaniment),
                       EXTRACT(YEAR FROM CURRENT_DATE)::int - 1) AS y(year)
              JOIN housing_accompaniment a
                ON a.start_date <= make_date(y.year, 12, 31)
               AND (a.close_date IS NULL OR a.close_date >= make_date(y.year, 1, 1))
             GROUP BY y.year
             ORDER BY COUNT(*) DESC, y.year DESC
             LIMIT 1
            """
        )
        row = env.cr.fetchone()
        return row[0] if row else date.today().year - 1

    def activity_report(self, year):
        period = {"date_from": date(year, 1, 1), "date_to": date(year, 12, 31)}

        def render(env):
            wizard = env["housing.activity.report.wizard"].create(period)
            env.flush_all()
            env.invalidate_all()
            count, start = env.cr.sql_log_count, time.perf_counter()
            content, _format = env["ir.actions.report"]._render_xlsx(
                ACTIVITY_REPORT, wizard.ids, None
            )
            seconds = time.perf_counter() - start
            return env.cr.sql_log_count - count, seconds

        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        queries, seconds = self.timed(render)
        rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
        heap = self.peak_heap(render)
        figures = self.run(lambda env: report_figures(env, **period))
        floor_queries, floor_seconds = self.timed(lambda env: floor(env, **period)[:2])
        floor_figures = self.run(lambda env: floor(env, **period)[2])
        differences = {
            key: (figures.get(key), floor_figures.get(key))
            for key in sorted(set(figures) | set(floor_figures))
            if figures.get(key) != floor_figures.get(key)
        }
        return {
            "year": year,
            "queries": queries,
            "s": seconds,
            "heap_mb": heap / 2**20,
            "rss_growth_mb": rss_growth / 1024,
            "floor_queries": floor_queries,
            "floor_s": floor_seconds,
            "ratio": seconds / floor_seconds if floor_seconds else None,
            "files": figures["file_count"],
            "households": figures["household_count"],
            "persons": figures["persons.total"],
            "differences": {key: [repr(a), repr(b)] for key, (a, b) in differences.items()},
        }

    # -- TFPB statement -----------------------------------------------------------------
    def tfpb_statement(self, year):
        def find(env):
            Year = env["housing.tfpb.year"]
            programme = Year.search([("year", "=", year)], limit=1) or Year.search([], limit=1)
            return programme.id, programme.year

        programme_id, programme_year = self.run(find)
        if not programme_id:
            return None

        def render(env):
            env.invalidate_all()
            count, start = env.cr.sql_log_count, time.perf_counter()
            env["ir.actions.report"]._render_xlsx(TFPB_REPORT, [programme_id], None)
            return env.cr.sql_log_count - count, time.perf_counter() - start

        queries, seconds = self.timed(render)
        heap = self.peak_heap(render)
        lines = self.run(
            lambda env: env["housing.tfpb.line"].search_count([("year_id", "=", programme_id)])
        )
        return {
            "year": programme_year,
            "lines": lines,
            "queries": queries,
            "s": seconds,
            "heap_mb": heap / 2**20,
        }

    def sizes(self, env):
        counts = {}
        for label, table in (
            ("dwellings", "housing_dwelling"),
            ("households", "housing_household"),
            ("members", "housing_member"),
            ("files", "housing_accompaniment"),
            ("visits", "housing_visit"),
            ("attendance", "housing_workshop_attendance"),
        ):
            env.cr.execute(f"SELECT COUNT(*) FROM {table}")
            counts[label] = env.cr.fetchone()[0]
        return counts

    def all(self, year=None):
        year = year or self.run(self.busiest_year)
        return {
            "sizes": self.run(self.sizes),
            "boards": {label: self.board(xmlid) for label, xmlid in BOARDS},
            "drags": {label: self.drag(xmlid) for label, xmlid in BOARDS},
            "activity_report": self.activity_report(year),
            "tfpb_statement": self.tfpb_statement(year),
        }


# ----------------------------------------------------------------------------------------
# The report's figures, flattened, and the floor
# ----------------------------------------------------------------------------------------
def report_figures(env, date_from, date_to):
    """The activity report's figures, as the wizard computes them, flattened to
    ``{key: number}`` to compare with the floor's."""
    Figures = env["housing.activity.figures"].with_context(allowed_company_ids=env.companies.ids)
    figures = Figures._period_figures(date_from, date_to)
    flat = {
        "file_count": figures.file_count,
        "household_count": figures.household_count,
    }
    for key, value in figures.persons._asdict().items():
        flat[f"persons.{key}"] = value
    for key, share in figures.profile._asdict().items():
        flat[f"profile.{key}"] = share.count
    for step in figures.by_step:
        flat[f"step.{step.workflow}.{step.stage.id}"] = step.count
    flat["autonomy.reviewed"], flat["autonomy.autonomous"], _rate = figures.autonomy
    workshops, kits, aid = figures.workshops, figures.kits, figures.mutual_aid
    for key, value in (
        ("workshops_held", workshops.held),
        ("workshop_presences", workshops.presences),
        ("workshop_persons", workshops.persons),
        ("workshop_households", workshops.households),
        ("workshops_with_meal", workshops.with_meal),
        ("kit_units", kits.units),
        ("kit_households", kits.households),
        ("kit_water_saving_liters", kits.water_saving_liters),
        ("kit_energy_saving_kwh", kits.energy_saving_kwh),
        ("kit_money_saving_eur", kits.money_saving_eur),
        ("mutual_aid_count", aid.count),
        ("mutual_aid_hours", aid.hours),
    ):
        flat[key] = round(float(value), 2)
    for theme in workshops.by_theme:
        flat[f"theme.{theme.theme.id}"] = (theme.held, theme.present)
    for prefix, breakdown in (
        ("referrals", figures.referrals),
        ("rights", figures.rights),
        ("orientations", figures.orientations),
        ("qpv", figures.households_by_qpv),
        ("residence", figures.households_by_residence),
    ):
        for row in breakdown.rows:
            flat[f"{prefix}.{row.key.id or False}"] = row.count
    worksites, purchases = figures.worksites, figures.purchases
    for key, value in (
        ("worksites.ended", worksites.ended),
        ("worksites.household_hours", worksites.household_hours),
        ("worksites.volunteer_hours", worksites.volunteer_hours),
        ("purchases.budget", purchases.budget),
        ("purchases.spent", purchases.spent),
        ("purchases.over_budget", purchases.over_budget),
        ("purchases.in_period", purchases.in_period),
    ):
        flat[key] = round(float(value), 2)
    funding = figures.funding
    if funding:
        for line in funding.lines:
            flat[f"funding.{line.action.id}.{line.funder.id}"] = (
                round(line.committed, 2),
                round(line.received, 2),
            )
        for landlord in funding.landlords:
            flat[f"tenants.{landlord.partner.id}"] = landlord.count
        flat["funding.landlord_households"] = funding.landlord_households.count
    return flat


FLOOR_FILES_SQL = """
    SELECT a.id, a.household_id, a.workflow, a.stage_id, a.is_qpv, a.start_date
      FROM housing_accompaniment a
     WHERE a.company_id = ANY(%(companies)s)
       AND a.start_date <= %(date_to)s
       AND (a.close_date IS NULL OR a.close_date >= %(date_from)s)
"""
FLOOR_PRESENCE_SQL = """
    SELECT l.member_id, l.partner_id, l.household_id
      FROM housing_workshop_attendance l
     WHERE l.company_id = ANY(%(companies)s) AND l.is_present AND l.workshop_state = 'held'
       AND l.workshop_date >= %(start)s AND l.workshop_date < %(end)s
"""
# A person present at a workshop is the member named on the line, else the member whose
# contact is on the line, else that contact (age unknown).
FLOOR_WORKSHOP_PEOPLE_SQL = f"""
    SELECT DISTINCT COALESCE(p.member_id, pm.id) AS member_id,
           CASE WHEN p.member_id IS NULL AND pm.id IS NULL THEN p.partner_id END AS partner_id
      FROM ({FLOOR_PRESENCE_SQL}) p
      LEFT JOIN LATERAL (
            SELECT m.id FROM housing_member m
             WHERE p.member_id IS NULL AND m.partner_id = p.partner_id
             ORDER BY m.id LIMIT 1) pm ON TRUE
"""
FLOOR_PEOPLE_SQL = f"""
    WITH files AS ({FLOOR_FILES_SQL}),
    people AS (
        SELECT m.id AS member_id, NULL::int AS partner_id
          FROM housing_member m
         WHERE m.household_id IN (SELECT household_id FROM files)
           -- members in the household on some day of the period (housing.population)
           AND (m.arrival_date IS NULL OR m.arrival_date <= %(date_to)s)
           AND (m.departure_date IS NULL OR m.departure_date >= %(date_from)s)
        UNION
        {FLOOR_WORKSHOP_PEOPLE_SQL}
    )
    SELECT COUNT(*),
           COUNT(*) FILTER (WHERE m.birth_date <= %(adult_born_before)s),
           COUNT(*) FILTER (WHERE m.birth_date <= %(adult_born_before)s AND m.gender = 'female'),
           COUNT(*) FILTER (WHERE m.birth_date <= %(adult_born_before)s AND m.gender = 'male'),
           COUNT(*) FILTER (WHERE m.birth_date > %(adult_born_before)s),
           COUNT(*) FILTER (WHERE m.birth_date IS NULL),
           (SELECT COUNT(*) FROM files),
           (SELECT COUNT(DISTINCT household_id) FROM files)
      FROM people LEFT JOIN housing_member m ON m.id = people.member_id
     -- the report's rule (housing.population): a person born after the period is not counted
     WHERE m.birth_date IS NULL OR m.birth_date <= %(date_to)s
"""
# Where each household lived in the period (housing.population._places): its last tenancy of
# the period, else its latest file's dwelling (a candidate not moved in yet).
FLOOR_PLACE_SQL = """
    SELECT DISTINCT ON (t.household_id) t.household_id, t.is_qpv, t.landlord_id
      FROM housing_tenancy t
     WHERE t.household_id IN (SELECT household_id FROM latest)
       AND t.start_date <= %(date_to)s AND (t.end_date IS NULL OR t.end_date >= %(date_from)s)
     ORDER BY t.household_id, t.start_date DESC, t.id DESC
"""
FLOOR_PROFILE_SQL = f"""
    WITH files AS ({FLOOR_FILES_SQL}),
    latest AS (
        SELECT DISTINCT ON (household_id) id, household_id, is_qpv
          FROM files ORDER BY household_id, start_date DESC, id DESC
    ),
    place AS ({FLOOR_PLACE_SQL})
    -- the situation recorded on the household's latest file, not the household's today;
    -- the QPV of its last dwelling of the period
    SELECT COUNT(*) FILTER (WHERE s.lease_start_date < %(long_term_limit)s),
           COUNT(*) FILTER (WHERE s.is_dalo OR s.is_first_time_arrival),
           COUNT(*) FILTER (WHERE s.is_rsa_beneficiary),
           COUNT(*) FILTER (WHERE s.is_single_parent),
           COUNT(*) FILTER (WHERE COALESCE(place.is_qpv, latest.is_qpv))
      FROM latest
      -- its version valid on the period's last day (the latest from then or before, else the
      -- first one)
      LEFT JOIN LATERAL (
          SELECT * FROM housing_accompaniment_situation v
           WHERE v.accompaniment_id = latest.id
           ORDER BY (v.date_from IS NULL OR v.date_from <= %(date_to)s) DESC,
                    CASE WHEN v.date_from IS NULL OR v.date_from <= %(date_to)s
                         THEN v.date_from END DESC NULLS LAST,
                    v.date_from ASC NULLS FIRST, v.id DESC
           LIMIT 1
      ) s ON TRUE
      LEFT JOIN place ON place.household_id = latest.household_id
"""
FLOOR_STEPS_SQL = f"""
    WITH files AS ({FLOOR_FILES_SQL}),
    -- the step each file was at on the period's last day (its latest entry by then)
    steps AS (
        SELECT files.workflow, COALESCE(
                   (SELECT l.stage_id FROM housing_accompaniment_stage_log l
                     WHERE l.accompaniment_id = files.id AND l.date <= %(date_to)s
                     ORDER BY l.date DESC, l.id DESC LIMIT 1),
                   files.stage_id) AS stage_id
          FROM files
    )
    SELECT steps.workflow, steps.stage_id, s.name->>'en_US', COUNT(*)
      FROM steps JOIN housing_stage s ON s.id = steps.stage_id
     GROUP BY steps.workflow, steps.stage_id, s.name, s.sequence
     ORDER BY steps.workflow, s.sequence, steps.stage_id
"""
FLOOR_AUTONOMY_SQL = """
    SELECT COUNT(*), COUNT(*) FILTER (WHERE continued_autonomously)
      FROM housing_accompaniment
     WHERE company_id = ANY(%(companies)s) AND workflow = 'ara'
       AND review_date >= %(date_from)s AND review_date <= %(date_to)s
"""
FLOOR_WORKSHOPS_SQL = f"""
    SELECT COUNT(*), COALESCE(SUM(present_count), 0),
           COUNT(*) FILTER (WHERE has_shared_meal),
           (SELECT COUNT(DISTINCT household_id) FROM ({FLOOR_PRESENCE_SQL}) p),
           (SELECT COUNT(*) FROM ({FLOOR_WORKSHOP_PEOPLE_SQL}) wp)
      FROM housing_workshop
     WHERE company_id = ANY(%(companies)s) AND state = 'held'
       AND start_datetime >= %(start)s AND start_datetime < %(end)s
"""
FLOOR_THEMES_SQL = """
    SELECT theme_id, COUNT(*), COALESCE(SUM(present_count), 0)
      FROM housing_workshop
     WHERE company_id = ANY(%(companies)s) AND state = 'held'
       AND start_datetime >= %(start)s AND start_datetime < %(end)s
     GROUP BY theme_id
"""
FLOOR_KITS_SQL = f"""
    WITH files AS ({FLOOR_FILES_SQL})
    SELECT COALESCE(SUM(quantity), 0), COUNT(DISTINCT household_id),
           COALESCE(SUM(water_saving_liters), 0), COALESCE(SUM(energy_saving_kwh), 0),
           COALESCE(SUM(money_saving_eur), 0)
      FROM housing_kit_installation
     WHERE accompaniment_id IN (SELECT id FROM files)
       AND installation_date >= %(date_from)s AND installation_date <= %(date_to)s
"""
FLOOR_AID_SQL = f"""
    WITH files AS ({FLOOR_FILES_SQL})
    SELECT COUNT(*), COALESCE(SUM(hours), 0)
      FROM housing_mutual_aid
     WHERE accompaniment_id IN (SELECT id FROM files)
       AND aid_date >= %(date_from)s AND aid_date <= %(date_to)s
"""
FLOOR_FUNDING_SQL = """
    SELECT f.action_id, f.funder_id, a.name->>'en_US', p.name,
           SUM(f.amount_committed), SUM(f.amount_received)
      FROM housing_funding f
      JOIN housing_action a ON a.id = f.action_id
      JOIN res_partner p ON p.id = f.funder_id
     WHERE f.company_id = ANY(%(companies)s)
       AND f.year >= %(year_from)s AND f.year <= %(year_to)s
     GROUP BY f.action_id, f.funder_id, a.name, a.sequence, p.name
     ORDER BY a.sequence, f.action_id, SUM(f.amount_committed) DESC, p.name
"""
# Each household accompanied in the period (any workflow) at the landlord of where it lived in
# the period (its last tenancy of the period, else its latest file's dwelling).
FLOOR_TENANTS_SQL = f"""
    WITH files AS ({FLOOR_FILES_SQL}),
    latest AS (
        SELECT DISTINCT ON (f.household_id) f.household_id, a.landlord_id
          FROM files f JOIN housing_accompaniment a ON a.id = f.id
         ORDER BY f.household_id, f.start_date DESC, f.id DESC
    ),
    place AS ({FLOOR_PLACE_SQL})
    SELECT CASE WHEN place.household_id IS NULL THEN latest.landlord_id
                ELSE place.landlord_id END, COUNT(*)
      FROM latest LEFT JOIN place ON place.household_id = latest.household_id
     GROUP BY 1
"""
# The blocks beyond the seed's analysis (housing_activity_blocks.py).
FLOOR_REFERRALS_SQL = """
    SELECT CASE WHEN o.is_company THEN o.id END, COUNT(*)
      FROM housing_accompaniment a
      LEFT JOIN res_partner r ON r.id = a.referent_partner_id
      LEFT JOIN res_partner o ON o.id = r.commercial_partner_id
     WHERE a.company_id = ANY(%(companies)s) AND a.workflow = 'ara'
       AND a.referral_date >= %(date_from)s AND a.referral_date <= %(date_to)s
     GROUP BY 1
"""
FLOOR_RIGHTS_SQL = """
    SELECT l.right_type_id, COUNT(*)
      FROM housing_right_line l JOIN housing_accompaniment a ON a.id = l.accompaniment_id
     WHERE a.company_id = ANY(%(companies)s) AND l.status = 'opened'
       AND l.status_date >= %(date_from)s AND l.status_date <= %(date_to)s
     GROUP BY 1
"""
FLOOR_ORIENTATIONS_SQL = """
    SELECT mainstream_service_id, COUNT(*)
      FROM housing_accompaniment
     WHERE company_id = ANY(%(companies)s) AND workflow = 'new_entrant'
       AND orientation_date >= %(date_from)s AND orientation_date <= %(date_to)s
     GROUP BY 1
"""
FLOOR_WORKSITES_SQL = """
    SELECT COUNT(*), COALESCE(SUM(household_hours), 0), COALESCE(SUM(volunteer_hours), 0)
      FROM housing_accompaniment
     WHERE company_id = ANY(%(companies)s) AND workflow = 'ara'
       AND worksite_end_date >= %(date_from)s AND worksite_end_date <= %(date_to)s
"""
FLOOR_PURCHASES_SQL = f"""
    WITH files AS ({FLOOR_FILES_SQL}),
    ara AS (SELECT id FROM files WHERE workflow = 'ara')
    SELECT COALESCE(SUM(a.budget_amount), 0), COALESCE(SUM(a.spent_amount), 0),
           COUNT(*) FILTER (WHERE a.budget_amount > 0 AND a.spent_amount > a.budget_amount),
           (SELECT COALESCE(SUM(l.total_amount), 0) FROM housing_purchase_line l
             WHERE l.accompaniment_id IN (SELECT id FROM ara)
               AND l.purchase_date >= %(date_from)s AND l.purchase_date <= %(date_to)s)
      FROM ara JOIN housing_accompaniment a ON a.id = ara.id
"""
# Each household accompanied in the period at the QPV and residence of its last dwelling of
# the period (its latest file's when it has not moved in yet).
FLOOR_PLACES_SQL = f"""
    WITH files AS ({FLOOR_FILES_SQL}),
    latest AS (
        SELECT DISTINCT ON (f.household_id) f.household_id, a.qpv_id, a.residence_id
          FROM files f JOIN housing_accompaniment a ON a.id = f.id
         ORDER BY f.household_id, f.start_date DESC, f.id DESC
    ),
    tenancy AS (
        SELECT DISTINCT ON (t.household_id) t.household_id, d.qpv_id, d.residence_id
          FROM housing_tenancy t JOIN housing_dwelling d ON d.id = t.dwelling_id
         WHERE t.household_id IN (SELECT household_id FROM latest)
           AND t.start_date <= %(date_to)s AND (t.end_date IS NULL OR t.end_date >= %(date_from)s)
         ORDER BY t.household_id, t.start_date DESC, t.id DESC
    ),
    place AS (
        SELECT latest.household_id,
               CASE WHEN tenancy.household_id IS NULL THEN latest.qpv_id
                    ELSE tenancy.qpv_id END AS qpv_id,
               CASE WHEN tenancy.household_id IS NULL THEN latest.residence_id
                    ELSE tenancy.residence_id END AS residence_id
          FROM latest LEFT JOIN tenancy ON tenancy.household_id = latest.household_id
    )
    SELECT 'qpv', qpv_id, COUNT(*) FROM place GROUP BY qpv_id
    UNION ALL
    SELECT 'residence', residence_id, COUNT(*) FROM place GROUP BY residence_id
"""
FLOOR_WORKSHOP_LIST_SQL = """
    SELECT w.start_datetime, w.name, t.name->>'en_US', v.name, w.duration, w.has_shared_meal,
           w.registered_count, w.present_count, w.household_count
      FROM housing_workshop w
      JOIN housing_workshop_theme t ON t.id = w.theme_id
      LEFT JOIN res_partner v ON v.id = w.venue_id
     WHERE w.company_id = ANY(%(companies)s) AND w.state = 'held'
       AND w.start_datetime >= %(start)s AND w.start_datetime < %(end)s
     ORDER BY w.start_datetime
"""
FLOOR_FILE_LIST_SQL = f"""
    WITH files AS ({FLOOR_FILES_SQL})
    SELECT a.name, a.workflow, s.name->>'en_US', h.name, r.name, q.name, p.name,
           a.start_date, a.close_date, a.outcome, a.continued_autonomously, a.review_date
      FROM files f
      JOIN housing_accompaniment a ON a.id = f.id
      JOIN housing_stage s ON s.id = a.stage_id
      JOIN housing_household h ON h.id = a.household_id
      LEFT JOIN housing_residence r ON r.id = a.residence_id
      LEFT JOIN housing_qpv q ON q.id = a.qpv_id
      LEFT JOIN res_partner p ON p.id = a.landlord_id
     ORDER BY a.start_date, a.id
"""


def floor_params(env, date_from, date_to):
    companies = env.companies
    start, end = env["housing.activity.figures"]._period_bounds_utc(date_from, date_to)
    return {
        "companies": companies.ids,
        "date_from": date_from,
        "date_to": date_to,
        "start": start,
        "end": end,
        "adult_born_before": date_to.replace(year=date_to.year - 18),
        "long_term_limit": date_to.replace(year=date_to.year - 2),
        "landlords": [company._housing_landlord_partner().id for company in companies],
        "year_from": date_from.year,
        "year_to": date_to.year,
    }


def put(figures, prefix, keys, values):
    for key, value in zip(keys, values, strict=True):
        figures[f"{prefix}{key}"] = value


def floor_people_figures(fetch, figures):
    """Files, households, persons, profile, steps and autonomy."""
    (*persons, files, households) = fetch(FLOOR_PEOPLE_SQL)[0]
    figures.update(file_count=files, household_count=households)
    put(figures, "persons.", ("total", "adults", "women", "men", "children", "unknown"), persons)
    put(
        figures,
        "profile.",
        ("long_term_tenant", "dalo_or_first_time", "rsa", "single_parent", "qpv"),
        fetch(FLOOR_PROFILE_SQL)[0],
    )
    for workflow, stage_id, _name, value in fetch(FLOOR_STEPS_SQL):
        figures[f"step.{workflow}.{stage_id}"] = value
    figures["autonomy.reviewed"], figures["autonomy.autonomous"] = fetch(FLOOR_AUTONOMY_SQL)[0]


def floor_activity_figures(fetch, figures):
    """Workshops, kits and mutual aid."""
    workshops = fetch(FLOOR_WORKSHOPS_SQL)[0]
    put(
        figures,
        "",
        (
            "workshops_held",
            "workshop_presences",
            "workshops_with_meal",
            "workshop_households",
            "workshop_persons",
        ),
        [round(float(value), 2) for value in workshops],
    )
    for theme_id, value, present in fetch(FLOOR_THEMES_SQL):
        figures[f"theme.{theme_id}"] = (value, present)
    put(
        figures,
        "kit_",
        ("units", "households", "water_saving_liters", "energy_saving_kwh", "money_saving_eur"),
        [round(float(value), 2) for value in fetch(FLOOR_KITS_SQL)[0]],
    )
    aid_count, aid_hours = fetch(FLOOR_AID_SQL)[0]
    figures.update(mutual_aid_count=float(aid_count), mutual_aid_hours=round(float(aid_hours), 2))


def floor_block_figures(fetch, figures):
    """Referrals, rights, orientations, worksites, purchases, households per place."""
    for prefix, sql in (
        ("referrals", FLOOR_REFERRALS_SQL),
        ("rights", FLOOR_RIGHTS_SQL),
        ("orientations", FLOOR_ORIENTATIONS_SQL),
    ):
        for key, value in fetch(sql):
            figures[f"{prefix}.{key or False}"] = value
    for prefix, key, value in fetch(FLOOR_PLACES_SQL):
        figures[f"{prefix}.{key or False}"] = value
    put(
        figures,
        "worksites.",
        ("ended", "household_hours", "volunteer_hours"),
        [round(float(value), 2) for value in fetch(FLOOR_WORKSITES_SQL)[0]],
    )
    put(
        figures,
        "purchases.",
        ("budget", "spent", "over_budget", "in_period"),
        [round(float(value), 2) for value in fetch(FLOOR_PURCHASES_SQL)[0]],
    )


def floor_funding_figures(fetch, figures, landlords):
    """Funding lines and tenant shares; returns the funding rows for the workbook."""
    funding = fetch(FLOOR_FUNDING_SQL)
    for action_id, funder_id, _action, _funder, committed, received in funding:
        figures[f"funding.{action_id}.{funder_id}"] = (
            round(float(committed), 2),
            round(float(received), 2),
        )
    tenants = dict(fetch(FLOOR_TENANTS_SQL))
    for landlord_id, value in tenants.items():
        figures[f"tenants.{landlord_id or False}"] = value
    figures["funding.landlord_households"] = sum(tenants.get(lid, 0) for lid in landlords)
    return funding


def floor(env, date_from, date_to):
    """The activity report's workbook from hand-written SQL and plain xlsxwriter:
    ``(queries, seconds, figures)``."""
    env.invalidate_all()
    cr = env.cr
    count, start_time = cr.sql_log_count, time.perf_counter()
    params = floor_params(env, date_from, date_to)

    def fetch(sql):
        cr.execute(sql, params)
        return cr.fetchall()

    figures = {}
    floor_people_figures(fetch, figures)
    floor_activity_figures(fetch, figures)
    floor_block_figures(fetch, figures)
    funding = floor_funding_figures(fetch, figures, params["landlords"])
    floor_workbook(figures, fetch(FLOOR_FILE_LIST_SQL), fetch(FLOOR_WORKSHOP_LIST_SQL), funding)
    seconds = time.perf_counter() - start_time
    return cr.sql_log_count - count, seconds, figures


FILE_LIST_TITLES = (
    "Reference",
    "Workflow",
    "Step",
    "Household",
    "Residence",
    "QPV",
    "Landlord",
    "Start",
    "Closed on",
    "Outcome",
    "Continued on their own",
)


def floor_workbook(figures, file_rows, workshop_rows, funding):
    """The workbook of the floor, with plain xlsxwriter: the summary, the list of files,
    the workshops and the funding."""
    data = io.BytesIO()
    workbook = xlsxwriter.Workbook(data, {"strings_to_formulas": False, "strings_to_urls": False})
    formats = {
        "bold": workbook.add_format({"bold": True}),
        "integer": workbook.add_format({"num_format": "#,##0"}),
        "percent": workbook.add_format({"num_format": "0.0%"}),
        "day": workbook.add_format({"num_format": "dd/mm/yyyy"}),
    }
    floor_summary_sheet(workbook, formats, figures)
    floor_files_sheet(workbook, formats, file_rows)
    sheet = workbook.add_worksheet("Workshops")
    for row, values in enumerate(workshop_rows, start=1):
        sheet.write_datetime(row, 0, values[0], formats["day"])
        for col, value in enumerate(values[1:], start=1):
            sheet.write(row, col, value if value is not None else "")
    sheet = workbook.add_worksheet("Funding")
    for row, (_action_id, _funder_id, action, funder, committed, received) in enumerate(
        funding, start=1
    ):
        for col, value in enumerate((action, funder, committed, received)):
            sheet.write(row, col, value)
    workbook.close()


def floor_summary_sheet(workbook, formats, figures):
    households = figures["household_count"]
    sheet = workbook.add_worksheet("Summary")
    sheet.write(0, 0, "Annual activity report", formats["bold"])
    for row, (key, value) in enumerate(figures.items(), start=2):
        sheet.write(row, 0, key)
        if isinstance(value, tuple):
            sheet.write(row, 1, value[0], formats["integer"])
            sheet.write(row, 2, value[1], formats["integer"])
        else:
            sheet.write(row, 1, value, formats["integer"])
            if key.startswith("profile.") and households:
                sheet.write(row, 2, value / households, formats["percent"])


def floor_files_sheet(workbook, formats, file_rows):
    sheet = workbook.add_worksheet("Files")
    for col, title in enumerate(FILE_LIST_TITLES):
        sheet.write(0, col, title, formats["bold"])
    for row, values in enumerate(file_rows, start=1):
        name, workflow, stage, household, residence, qpv, landlord = values[:7]
        start_date, close_date, outcome, autonomous, review_date = values[7:]
        for col, value in enumerate(
            (name, workflow, stage, household, residence or "", qpv or "", landlord or "")
        ):
            sheet.write(row, col, value)
        sheet.write_datetime(row, 7, start_date, formats["day"])
        if close_date:
            sheet.write_datetime(row, 8, close_date, formats["day"])
        sheet.write(row, 9, outcome or "")
        sheet.write(row, 10, ("Yes" if autonomous else "No") if review_date else "")
    sheet.autofilter(0, 0, len(file_rows), 10)


# ----------------------------------------------------------------------------------------
# The table (parent process)
# ----------------------------------------------------------------------------------------
def measure_in_child(dbname, args, odoo_args):
    command = [
        sys.executable,
        os.path.abspath(__file__),
        "--measure",
        dbname,
        "--repeat",
        str(args.repeat),
    ]
    year = dict(item.split("=", 1) for item in args.year).get(dbname)
    if year:
        command += ["--measure-year", year]
    command += ["--", *odoo_args]
    print(f"Measuring {dbname}…", file=sys.stderr, flush=True)
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def verdict(ok):
    return "met" if ok else "MISSED"


class Table:
    """The rows of the table: a label, one value per database, the target's verdict."""

    def __init__(self, results):
        self.results = results
        self.names = list(results)
        self.reference, self.large = results[self.names[0]], results[self.names[-1]]
        self.rows = []

    def add(self, label, value, target=""):
        """A row whose values are ``value(result)`` for each database."""
        self.rows.append((label, *(value(r) for r in self.results.values()), target))

    def data_rows(self):
        self.add(
            "Data: households / files",
            lambda r: f"{r['sizes']['households']:,} / {r['sizes']['files']:,}",
        )
        self.add(
            "Data: members / visits / attendance",
            lambda r: (
                f"{r['sizes']['members']:,} / {r['sizes']['visits']:,} / "
                f"{r['sizes']['attendance']:,}"
            ),
        )

    def board_rows(self, label):
        ref_q = self.reference["boards"][label]["queries"]
        big = self.large["boards"][label]
        self.add(
            f"Board {label}: columns loaded / cards",
            lambda r: f"{r['boards'][label]['columns']} / {r['boards'][label]['cards']}",
        )
        self.add(
            f"Board {label}: SQL queries",
            lambda r: r["boards"][label]["queries"],
            f"= {ref_q} ± {TARGETS['board_queries']}: "
            + verdict(abs(big["queries"] - ref_q) <= TARGETS["board_queries"]),
        )
        self.add(
            f"Board {label}: server time",
            lambda r: f"{r['boards'][label]['ms']:.0f} ms",
            f"< {TARGETS['board_ms']} ms: " + verdict(big["ms"] < TARGETS["board_ms"]),
        )
        ref_drag, big_drag = self.reference["drags"][label], self.large["drags"][label]
        self.add(
            f"Drag {label} (two stage writes): SQL queries",
            lambda r: r["drags"][label]["queries"],
            f"≤ {ref_drag['queries']}: " + verdict(big_drag["queries"] <= ref_drag["queries"]),
        )
        # A card drag is one stage write: the target is each one's time, half of the two.
        self.add(
            f"Drag {label}: server time (two writes / per drag)",
            lambda r: f"{r['drags'][label]['ms']:.0f} / {r['drags'][label]['ms'] / 2:.0f} ms",
            f"≤ {TARGETS['drag_ms']} ms per drag: "
            + verdict(big_drag["ms"] / 2 <= TARGETS["drag_ms"])
            if "drag_ms" in TARGETS
            else "",
        )

    def report_rows(self):
        ref_report, report = self.reference["activity_report"], self.large["activity_report"]
        self.add(
            "Activity report: year (files / households / persons)",
            lambda r: (
                f"{r['activity_report']['year']} ({r['activity_report']['files']:,} / "
                f"{r['activity_report']['households']:,} / {r['activity_report']['persons']:,})"
            ),
        )
        self.add(
            "Activity report: SQL queries",
            lambda r: r["activity_report"]["queries"],
            f"= {ref_report['queries']} ± {TARGETS['report_queries']}: "
            + verdict(abs(report["queries"] - ref_report["queries"]) <= TARGETS["report_queries"]),
        )
        self.add(
            "Activity report: time",
            lambda r: f"{r['activity_report']['s']:.2f} s",
            f"< {TARGETS['report_s']:.0f} s: " + verdict(report["s"] < TARGETS["report_s"]),
        )
        self.add(
            "Floor (SQL + xlsxwriter): queries / time",
            lambda r: (
                f"{r['activity_report']['floor_queries']} / {r['activity_report']['floor_s']:.2f} s"
            ),
        )
        self.add(
            "Activity report: time / floor",
            lambda r: f"{r['activity_report']['ratio']:.1f}×",
            f"≤ {TARGETS['report_ratio']:.0f}×: "
            + verdict(report["ratio"] <= TARGETS["report_ratio"]),
        )
        self.add(
            "Activity report: peak Python heap",
            lambda r: f"{r['activity_report']['heap_mb']:.1f} MB",
            f"< {TARGETS['report_heap_mb']} MB: "
            + verdict(report["heap_mb"] < TARGETS["report_heap_mb"]),
        )
        self.add(
            "Activity report: growth of the process's peak RSS",
            lambda r: f"{r['activity_report']['rss_growth_mb']:.1f} MB",
            f"≤ {TARGETS['report_rss_mb']} MB: "
            + verdict(report["rss_growth_mb"] <= TARGETS["report_rss_mb"])
            if "report_rss_mb" in TARGETS
            else "",
        )

    def tfpb_rows(self):
        if not all(r["tfpb_statement"] for r in self.results.values()):
            return
        self.add(
            "TFPB statement: year (lines)",
            lambda r: f"{r['tfpb_statement']['year']} ({r['tfpb_statement']['lines']:,})",
        )
        self.add("TFPB statement: SQL queries", lambda r: r["tfpb_statement"]["queries"])
        self.add("TFPB statement: time", lambda r: f"{r['tfpb_statement']['s'] * 1000:.0f} ms")
        self.add(
            "TFPB statement: peak Python heap",
            lambda r: f"{r['tfpb_statement']['heap_mb']:.1f} MB",
        )

    def markdown(self):
        headers = ("Measure", *self.names, f"Target ({self.names[-1]})")
        rows = [headers, *self.rows]
        widths = [max(len(str(row[col])) for row in rows) for col in range(len(headers))]
        lines = [
            "| " + " | ".join(str(h).ljust(w) for h, w in zip(headers, widths, strict=True)) + " |",
            "|" + "|".join("-" * (w + 2) for w in widths) + "|",
        ]
        for row in self.rows:
            cells = [
                str(cell).ljust(w) if col in (0, len(row) - 1) else str(cell).rjust(w)
                for col, (cell, w) in enumerate(zip(row, widths, strict=True))
            ]
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)


def table(results):
    rows = Table(results)
    rows.data_rows()
    for label, _xmlid in BOARDS:
        rows.board_rows(label)
    rows.report_rows()
    rows.tfpb_rows()
    return rows.markdown()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", action="append", default=[], help="a database (repeatable)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measure (median)")
    parser.add_argument("--year", action="append", default=[], help="DB=YEAR of the report")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument(
        "--targets",
        choices=("x10", "x100"),
        default="x10",
        help="the targets of the last database: ten times PAHM (default) or a hundred times",
    )
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--measure-year", type=int, help=argparse.SUPPRESS)
    parser.add_argument("odoo_args", nargs=argparse.REMAINDER, help="-- then Odoo's options")
    args = parser.parse_args()
    odoo_args = args.odoo_args[1:] if args.odoo_args[:1] == ["--"] else args.odoo_args
    if args.measure:
        setup_odoo([*odoo_args, "-d", args.measure], log_level="error")
        result = Measure(args.measure, args.repeat).all(args.measure_year)
        print(json.dumps(result))
        return 0
    if not args.db:
        parser.error("give at least one --db")
    if args.targets == "x100":
        TARGETS.update(TARGETS_X100)
    results = {dbname: measure_in_child(dbname, args, odoo_args) for dbname in args.db}
    print(table(results))
    print(
        "Times are medians of "
        f"{args.repeat} runs after a warm-up, on {os.cpu_count()} CPU(s); heap: tracemalloc peak."
    )
    status = 0
    for dbname, result in results.items():
        differences = result["activity_report"]["differences"]
        if differences:
            status = 1
            print(f"WARNING: on {dbname} the floor's figures differ from the report's:")
            for key, (report_value, floor_value) in differences.items():
                print(f"    {key}: report {report_value}, floor {floor_value}")
        else:
            print(f"{dbname}: the floor's figures equal the report's.")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(results, out, indent=2)
    return status


if __name__ == "__main__":
    sys.exit(main())
