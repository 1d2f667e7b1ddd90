#!/usr/bin/env python3
"""Fill a database with the deterministic "ten times OPH PAHM" dataset.

    python3 bench/generate.py [--scale 1.0] [--seed 2017] -- -d <database> --addons-path=… \
        --db_host=… --db_port=… --db_user=…

The database must have ``housing_accompaniment`` installed without demo data. Most records are
created with ``Model.create(list_of_vals)`` in batches (never one create per record), so the
stored computes, constraints and overrides of the addon run as they do for users. The largest
tables whose records do nothing at their creation — dwellings, visits (all done and past),
purchase lines, work items, attendance lines — are written with ``COPY`` (``bulk.py``), their
stored related and computed values given, and what depends on them (a file's spent amount, a
workshop's counts) recomputed through the ORM: the same rows as ``create`` writes, 6 to 11
times faster. No calendar event is made (the calendar is not measured). Each part prints how long
it took; ``--scale 10`` is the hundred-times dataset.

The dataset, at ``--scale 1`` (PAHM has 5,680 dwellings, 3,109 of them in QPV; the seed's
year counts 18 households): 600 residences (55% in QPV, in 30 QPV), 56,800 dwellings, 20,000
households with 60,000 members, 10,000 accompaniments started over five years (2020-2024, half
per workflow, closed ones and open ones in every step), 40,000 visits, 20,000 purchase lines,
2,000 workshops with 30,000 attendance lines, 500 funding lines, the TFPB programme of the five
years; and, so that every figure of the report has data, 4,000 energy-saving kit lines, 1,000
mutual-aid records, work items and activities. Names and amounts are invented. The same seed
gives the same data; nothing is dated after the reference date (31/12/2024).
"""

import argparse
import random
import sys
import time
from datetime import date, datetime, timedelta

from bulk import copy_rows, fetch_dict, recompute
from odoo_env import environment, setup_odoo

from odoo import Command

REF_DATE = date(2024, 12, 31)
YEARS = (2020, 2021, 2022, 2023, 2024)
FIRST_DAY = date(YEARS[0], 1, 1)
MARKER_QPV_CODE = "BENCH-QPV-01"

NE_STEPS = [
    "ne_designation",
    "ne_contact",
    "ne_interview",
    "ne_possession",
    "ne_rights",
    "ne_appropriation",
    "ne_orientation",
    "ne_closed",
]
ARA_STEPS = [
    "ara_referral",
    "ara_tripartite",
    "ara_preparation",
    "ara_purchase",
    "ara_worksite",
    "ara_encouragement",
    "ara_review",
    "ara_closed",
]
CLOSED = 7

FIRST_NAMES_F = (
    "Amina Camille Chloé Fatima Inès Julie Karima Laura Léa Leïla Lina Manon Marie Myriam "
    "Nadia Naïma Nora Océane Pauline Rachida Sabrina Samia Sarah Sonia Yasmina Zohra"
).split()
FIRST_NAMES_M = (
    "Adam Ahmed Alexandre Ali Antoine Bilal Farid Hugo Karim Kevin Lucas Mehdi Mohamed "
    "Nabil Nicolas Omar Rachid Samir Thomas Yanis Youssef"
).split()
LAST_NAMES = (
    "Abdallah Amrani Benali Bernard Blanc Bonnet Boyer Chabane Dubois Durand Faure Fontaine "
    "Garcia Girard Guerin Haddad Lambert Laurent Lefebvre Martin Mercier Michel Moreau Morel "
    "Nguyen Perrin Petit Richard Robert Roux Simon Traore Vincent Zidane"
).split()
CITIES = ("Aix-en-Provence", "Gardanne", "Pertuis", "Vitrolles", "Les Milles", "Bouc-Bel-Air")
STREETS = ("avenue", "rue", "boulevard", "allée", "chemin", "impasse")
MATERIALS = {
    "paint": ("Wall paint 10 L", "Ceiling paint", "Primer", "Gloss paint"),
    "wallpaper": ("Wallpaper rolls", "Wallpaper paste"),
    "flooring": ("Vinyl flooring", "Laminate flooring", "Skirting boards"),
    "plumbing": ("Tap", "Siphon", "Shower hose"),
    "electricity": ("Switches", "Sockets", "Ceiling light"),
    "carpentry": ("Door handle", "Shelf", "Wood filler"),
    "tools": ("Rollers and brushes", "Masking tape", "Sandpaper", "Drop cloth"),
}


class Timer:
    """Prints how long each part takes."""

    def __init__(self):
        self.started = time.perf_counter()
        self.rows = []

    def part(self, label, func):
        start = time.perf_counter()
        counts = func()
        elapsed = time.perf_counter() - start
        self.rows.append((label, counts, elapsed))
        print(f"{label:<28} {counts:<58} {elapsed:8.1f} s", flush=True)

    def total(self):
        print(f"{'total':<28} {'':<58} {time.perf_counter() - self.started:8.1f} s", flush=True)


def batched(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Generator:
    """Builds the dataset part by part; each part commits."""

    def __init__(self, env, seed, scale):
        self.env = env
        self.rng = random.Random(seed)
        self.scale = scale
        self.company = env.company

    def n(self, count):
        """``count`` at the chosen scale (at least 1)."""
        return max(1, round(count * self.scale))

    def create(self, model, vals_list, batch=2000):
        """``model.create`` in batches; returns the ids in order."""
        ids = []
        Model = self.env[model]
        for chunk in batched(vals_list, batch):
            ids.extend(Model.create(chunk).ids)
            self.env.flush_all()
            self.env.invalidate_all()
        return ids

    def commit(self):
        self.env.flush_all()
        self.env.cr.commit()
        self.env.invalidate_all()

    def day_between(self, start, end):
        """A random day in ``[start, end]`` (``start`` when the span is empty)."""
        span = (end - start).days
        return start + timedelta(days=self.rng.randint(0, span)) if span > 0 else start

    def at(self, day, hour=9):
        """A naive UTC datetime on ``day`` (office hours in France)."""
        return datetime(day.year, day.month, day.day, hour, self.rng.choice((0, 15, 30, 45)))

    def person_name(self, gender):
        first = FIRST_NAMES_F if gender == "female" else FIRST_NAMES_M
        return f"{self.rng.choice(first)} {self.rng.choice(LAST_NAMES)}"

    # ------------------------------------------------------------------
    def reference_data(self):
        self._partners()
        self._users()
        self._lists()
        self.commit()
        return (
            f"{len(self.qpv_ids)} QPV, {len(self.staff_ids) + len(self.facilitator_user_ids)} "
            f"users, {len(self.referent_ids)} referents"
        )

    def _partners(self):
        """The landlord, the association, referents, services, venues, suppliers, funders
        and neighbours."""
        env, rng = self.env, self.rng
        Partner = env["res.partner"]
        self.landlord = Partner.create(
            {"name": "OPH Pays d'Aix Habitat Métropole ×10 (bench)", "is_company": True}
        )
        self.association = Partner.create(
            {"name": "Compagnons Bâtisseurs Provence (bench)", "is_company": True}
        )
        self.company.housing_landlord_partner_id = self.landlord
        # The landlord works in France: its users' days are those of Paris.
        env.ref("base.user_admin").tz = "Europe/Paris"
        self.referent_ids = self.create(
            "res.partner",
            [{"name": f"Social referent {index:03d} (bench)"} for index in range(self.n(300))],
        )
        self.service_ids = self.create(
            "res.partner",
            [
                {"name": f"Mainstream service {index:02d} (bench)", "is_company": True}
                for index in range(20)
            ],
        )
        self.venue_ids = self.create(
            "res.partner",
            [
                {"name": f"Social centre {index} (bench)", "is_company": True, "city": city}
                for index, city in enumerate(CITIES[:5], start=1)
            ],
        )
        self.supplier_ids = self.create(
            "res.partner",
            [{"name": f"DIY store {index} (bench)", "is_company": True} for index in range(5)],
        )
        self.funder_ids = self.create(
            "res.partner",
            [{"name": f"Funder {index:02d} (bench)", "is_company": True} for index in range(24)],
        )
        self.neighbour_ids = self.create(
            "res.partner",
            [
                {"name": f"{self.person_name(rng.choice(('female', 'male')))} (neighbour)"}
                for _index in range(self.n(1500))
            ],
        )

    def _users(self):
        """Support staff and facilitators."""
        env = self.env
        user_group = env.ref("housing_accompaniment.group_housing_user")
        facilitator_group = env.ref("housing_accompaniment.group_housing_facilitator")
        Users = env["res.users"].with_context(no_reset_password=True)
        self.staff_ids = Users.create(
            [
                {
                    "name": f"Support staff {index:02d} (bench)",
                    "login": f"bench_staff_{index:02d}",
                    "tz": "Europe/Paris",
                    "groups_id": [Command.set([user_group.id])],
                }
                for index in range(20)
            ]
        ).ids
        self.facilitator_user_ids = Users.create(
            [
                {
                    "name": f"Facilitator {index:02d} (bench)",
                    "login": f"bench_facilitator_{index:02d}",
                    "tz": "Europe/Paris",
                    "groups_id": [Command.set([facilitator_group.id])],
                }
                for index in range(10)
            ]
        ).ids

    def _lists(self):
        """Tags of the files and the QPV."""
        self.tag_ids = self.create(
            "housing.accompaniment.tag",
            [
                {"name": name, "color": index}
                for index, name in enumerate(
                    ("Language barrier", "Debt", "Health", "Large family", "Elderly", "Urgent"),
                    start=1,
                )
            ],
        )
        self.qpv_ids = self.create(
            "housing.qpv",
            [
                {
                    "name": f"QPV {index:02d} (bench)",
                    "code": f"BENCH-QPV-{index:02d}",
                    "city": CITIES[index % len(CITIES)],
                }
                for index in range(1, 31)
            ],
        )

    # ------------------------------------------------------------------
    def residences(self):
        rng = self.rng
        count = self.n(600)
        in_qpv = set(rng.sample(range(count), round(count * 0.55)))
        vals_list = []
        for index in range(count):
            city = rng.choice(CITIES)
            vals_list.append(
                {
                    "name": f"Résidence {rng.choice(LAST_NAMES)} {index + 1:03d}",
                    "code": f"B{index + 1:04d}",
                    "street": f"{rng.randint(1, 120)} {rng.choice(STREETS)} "
                    f"{rng.choice(LAST_NAMES)}",
                    "zip": "13090" if city == "Aix-en-Provence" else "13100",
                    "city": city,
                    "landlord_id": self.landlord.id,
                    "qpv_id": rng.choice(self.qpv_ids) if index in in_qpv else False,
                }
            )
        self.residence_ids = self.create("housing.residence", vals_list)
        self.commit()
        return f"{count} residences, {len(in_qpv)} in QPV"

    def dwellings(self):
        rng = self.rng
        total = self.n(56_800)
        weights = [rng.randint(20, 170) for _residence in self.residence_ids]
        sizes = [max(1, total * weight // sum(weights)) for weight in weights]
        for index in rng.sample(range(len(sizes)), total - sum(sizes)):
            sizes[index] += 1
        typologies = ["t1", "t2", "t3", "t3", "t4", "t4", "t5", "t6"]
        vals_list = []
        for residence_id, size in zip(self.residence_ids, sizes, strict=True):
            for number in range(1, size + 1):
                typology = rng.choice(typologies)
                vals_list.append(
                    {
                        "name": f"L{number:04d}",
                        "residence_id": residence_id,
                        "typology": typology,
                        "floor": rng.randint(0, 9),
                        "surface": 25 + 14 * typologies.index(typology) + rng.randint(0, 12),
                    }
                )
        self.dwelling_ids = self._copy_dwellings(vals_list)
        self.commit()
        qpv = self.env["housing.dwelling"].search_count([("is_qpv", "=", True)])
        return f"{len(self.dwelling_ids)} dwellings, {qpv} in QPV"

    def _copy_dwellings(self, vals_list):
        """The dwellings, copied: each takes its residence's address, landlord, QPV and
        company, as the stored related and computed fields would."""
        residences = fetch_dict(
            self.env,
            "SELECT id, street, street2, zip, city, landlord_id, qpv_id, is_qpv, company_id"
            " FROM housing_residence WHERE id = ANY(%s)",
            [self.residence_ids],
        )
        columns = (
            "name", "residence_id", "typology", "floor", "surface",
            "street", "street2", "zip", "city", "landlord_id", "qpv_id", "is_qpv", "company_id",
            "active",
        )  # fmt: skip
        rows = (
            (
                vals["name"],
                vals["residence_id"],
                vals["typology"],
                vals["floor"],
                f"{vals['surface']:.2f}",  # as the ORM writes a Float of 2 digits
                *residences[vals["residence_id"]],
                True,
            )
            for vals in vals_list
        )
        return copy_rows(self.env, "housing_dwelling", columns, rows)

    # ------------------------------------------------------------------
    def plan_files(self):
        """Decide every file (workflow, household, dates, step reached) before the households,
        whose data (dwelling, lease) follows from their files."""
        rng = self.rng
        total_days = (REF_DATE - FIRST_DAY).days
        per_workflow = self.n(5000)
        overlap = per_workflow // 5
        household_total = self.n(20_000)
        files = []
        for workflow in ("new_entrant", "ara"):
            starts = sorted(
                FIRST_DAY + timedelta(days=rng.randint(0, total_days)) for _i in range(per_workflow)
            )
            for start in starts:
                duration = (
                    rng.randint(180, 540) if workflow == "new_entrant" else rng.randint(120, 420)
                )
                files.append({"workflow": workflow, "start": start, "duration": duration})
        ne_files = files[:per_workflow]
        ara_files = files[per_workflow:]
        # Households 0…n-1 get the new-entrant files, the earliest first; the households of the
        # first fifth of them (closed long ago) later get an ARA file too.
        for index, plan in enumerate(ne_files):
            plan["household"] = index
        ara_households = list(range(overlap)) + list(
            range(per_workflow, per_workflow + per_workflow - overlap)
        )
        rng.shuffle(ara_households)
        for plan, household in zip(ara_files, ara_households, strict=True):
            plan["household"] = household
        ne_end = {
            plan["household"]: plan["start"] + timedelta(days=plan["duration"]) for plan in ne_files
        }
        for plan in ara_files:
            if plan["household"] in ne_end:
                earliest = ne_end[plan["household"]] + timedelta(days=30)
                if plan["start"] < earliest:
                    plan["start"] = min(earliest, REF_DATE)
        for plan in files:
            self._plan_steps(plan)
        self.file_plans = files
        self.household_total = household_total
        self.ne_request = {}
        for plan in ne_files:
            plan["request"] = "transfer" if rng.random() < 0.2 else "new_entrant"
            self.ne_request[plan["household"]] = plan["request"]

    def _plan_steps(self, plan):
        """The step reached on the reference date, the day each step was entered, and the
        closing (completed or abandoned)."""
        rng = self.rng
        start, duration = plan["start"], plan["duration"]
        plan["entered"] = [
            start + timedelta(days=duration * k // CLOSED) for k in range(CLOSED + 1)
        ]
        end = plan["entered"][CLOSED]
        if end <= REF_DATE:
            if rng.random() < 0.1:
                reached = rng.randint(0, CLOSED - 1)
                plan["reached"] = reached
                plan["outcome"] = "abandoned"
                plan["close"] = min(
                    plan["entered"][reached] + timedelta(days=rng.randint(5, 40)), REF_DATE
                )
            else:
                plan["reached"] = CLOSED
                plan["outcome"] = "completed"
                plan["close"] = end
            plan["step"] = CLOSED
        else:
            step = max(k for k in range(CLOSED) if plan["entered"][k] <= REF_DATE)
            plan.update(reached=step, step=step, outcome=False, close=False)

    def households(self):
        self.plan_files()
        total = self.household_total
        kinds, others = self._compositions(total)
        heads, households = self._household_plans(kinds, others)
        partner_ids = self.create("res.partner", heads, batch=2000)
        vals_list = []
        for index, (plan, partner_id, head) in enumerate(
            zip(households, partner_ids, heads, strict=True)
        ):
            vals_list.append(self._household_vals(index, plan, partner_id, head["name"]))
        self.household_ids = self.create("housing.household", vals_list, batch=1000)
        self.commit()
        members = self.env["housing.member"].search_count([])
        return (
            f"{len(self.household_ids)} households, {members} members, {len(partner_ids)} contacts"
        )

    def _compositions(self, total):
        """Each household's kind and number of members besides the head: 2 on average
        (60,000 members)."""
        rng = self.rng
        kinds = []
        others = []
        for _index in range(total):
            draw = rng.random()
            if draw < 0.45:
                kind, count = "single_parent", rng.choice((1, 1, 2, 2, 3, 4))
            elif draw < 0.80:
                kind, count = "couple", 1 + rng.choice((0, 1, 2, 2, 3, 4))
            else:
                kind, count = "single", rng.choice((0, 0, 0, 1))
            kinds.append(kind)
            others.append(count)
        target, current = 2 * total, sum(others)
        while current != target:
            index = rng.randrange(total)
            if current < target and kinds[index] != "single":
                others[index] += 1
                current += 1
            elif current > target and others[index] > (kinds[index] != "single"):
                others[index] -= 1
                current -= 1
        return kinds, others

    def _household_plans(self, kinds, others):
        """The heads' contacts and each household's plan: one dwelling per household (new
        entrants before the allocation have none), lease and entry type from its files."""
        rng = self.rng
        free = list(self.dwelling_ids)
        rng.shuffle(free)
        file_of = {}
        for plan in self.file_plans:
            file_of.setdefault(plan["household"], {})[plan["workflow"]] = plan
        self.household_files = file_of
        heads, households = [], []
        for index, kind in enumerate(kinds):
            head_gender = "female" if kind == "single_parent" or rng.random() < 0.55 else "male"
            heads.append({"name": self.person_name(head_gender)})
            files = file_of.get(index, {})
            ne = files.get("new_entrant")
            has_dwelling = True
            lease = self.day_between(date(1995, 1, 1), date(2023, 12, 31))
            entry_type = "in_place"
            if ne:
                entry_type = ne["request"]
                if ne["request"] == "new_entrant" and ne["reached"] >= 4:
                    lease = ne["entered"][4]
                elif ne["request"] == "new_entrant" and "ara" not in files:
                    # A candidate before the allocation: the dwelling comes with the lease.
                    has_dwelling, lease = False, False
            households.append(
                {
                    "kind": kind,
                    "head_gender": head_gender,
                    "others": others[index],
                    "dwelling": free.pop() if has_dwelling else False,
                    "lease": lease,
                    "entry_type": entry_type,
                }
            )
        return heads, households

    def _household_vals(self, index, plan, partner_id, head_name):
        rng = self.rng
        head_birth = self.day_between(date(1950, 1, 1), date(2001, 12, 31))
        members = [
            Command.create(
                {
                    "name": head_name,
                    "partner_id": partner_id,
                    "relationship": "head",
                    "gender": plan["head_gender"],
                    "birth_date": head_birth,
                }
            )
        ]
        remaining = plan["others"]
        if plan["kind"] == "couple":
            gender = "male" if plan["head_gender"] == "female" else "female"
            members.append(
                self._member_vals("spouse", gender, date(1950, 1, 1), date(2001, 12, 31))
            )
            remaining -= 1
        elif plan["kind"] == "single" and remaining:
            members.append(
                self._member_vals(
                    "parent", rng.choice(("female", "male")), date(1935, 1, 1), date(1960, 12, 31)
                )
            )
            remaining -= 1
        youngest = max(head_birth + timedelta(days=365 * 17), date(2000, 1, 1))
        for _child in range(remaining):
            gender = rng.choice(("female", "male", "female", "male", "other"))
            members.append(self._member_vals("child", gender, youngest, date(2024, 6, 30)))
        ne = self.household_files.get(index, {}).get("new_entrant")
        return {
            "tenant_partner_id": partner_id,
            "member_ids": members,
            "dwelling_id": plan["dwelling"],
            "lease_start_date": plan["lease"],
            "entry_type": plan["entry_type"],
            "is_dalo": bool(ne and ne["request"] == "new_entrant" and rng.random() < 0.35),
            "is_first_time_arrival": bool(ne and rng.random() < 0.2),
            "is_rsa_beneficiary": rng.random() < (0.8 if plan["kind"] == "single_parent" else 0.4),
            "is_single_parent": plan["kind"] == "single_parent",
            "referent_partner_id": rng.choice(self.referent_ids),
        }

    def _member_vals(self, relationship, gender, born_from, born_to):
        unknown = self.rng.random() < 0.02
        return Command.create(
            {
                "name": self.person_name(gender),
                "relationship": relationship,
                "gender": gender if self.rng.random() > 0.01 else False,
                "birth_date": False if unknown else self.day_between(born_from, born_to),
            }
        )

    # ------------------------------------------------------------------
    def accompaniments(self):
        env = self.env
        stages = {
            stage.code: stage.id for stage in env["housing.stage"].search([("code", "!=", False)])
        }
        vals_list = []
        for plan in self.file_plans:
            builder = self._ne_vals if plan["workflow"] == "new_entrant" else self._ara_vals
            vals = builder(plan)
            codes = NE_STEPS if plan["workflow"] == "new_entrant" else ARA_STEPS
            vals.update(self._common_vals(plan, stages[codes[plan["step"]]]))
            vals_list.append(vals)
        file_ids = self.create("housing.accompaniment", vals_list, batch=1000)
        for plan, file_id in zip(self.file_plans, file_ids, strict=True):
            plan["id"] = file_id
        self.commit()
        rights = self._rights_statuses()
        self.commit()
        open_count = sum(1 for plan in self.file_plans if plan["step"] != CLOSED)
        return f"{len(file_ids)} files ({open_count} open), {rights} right lines"

    def _common_vals(self, plan, stage_id):
        rng = self.rng
        household_id = self.household_ids[plan["household"]]
        entered = plan["close"] or plan["entered"][plan["step"]]
        vals = {
            "household_id": household_id,
            "workflow": plan["workflow"],
            "stage_id": stage_id,
            "start_date": plan["start"],
            "date_last_stage_update": self.at(entered),
            "user_id": rng.choice(self.staff_ids),
            "priority": "1" if rng.random() < 0.05 else "0",
            "kanban_state": rng.choices(("normal", "done", "blocked"), (75, 15, 10))[0]
            if plan["step"] != CLOSED
            else "normal",
            "close_date": plan["close"],
            "outcome": plan["outcome"],
            "abandon_reason": "The household stopped answering (bench)."
            if plan["outcome"] == "abandoned"
            else False,
            "color": rng.choice((0, 0, 0, 1, 2, 3)),
        }
        if rng.random() < 0.3:
            vals["tag_ids"] = [Command.set(rng.sample(self.tag_ids, rng.randint(1, 2)))]
        return vals

    def _ne_vals(self, plan):
        rng = self.rng
        reached, entered = plan["reached"], plan["entered"]
        designated = plan["request"] == "new_entrant"
        vals = {
            "request_type": plan["request"],
            "designation_date": plan["start"] if designated else False,
            "designation_type": rng.choice(("dalo", "contingent")) if designated else False,
            "designation_reference": f"PREF-{rng.randint(10000, 99999)}" if designated else False,
        }
        if reached >= 2:
            vals["contact_date"] = self.day_between(entered[1], entered[2])
            vals["appointment_datetime"] = self.at(vals["contact_date"], 13)
        if reached >= 3:
            vals["interview_date"] = self.day_between(entered[2], entered[3])
            vals["committee_date"] = self.day_between(vals["interview_date"], entered[3])
            vals["committee_decision"] = rng.choice(("allocated", "allocated", "allocated_ranked"))
        if reached >= 4:
            vals["lease_signature_date"] = entered[4] - timedelta(days=rng.randint(0, 7))
            vals["move_in_date"] = entered[4]
        if reached >= 6:
            vals["appropriation_notes"] = "<p>Settled in; furniture bought (bench).</p>"
        if reached >= 7:
            vals["mainstream_service_id"] = rng.choice(self.service_ids)
            vals["orientation_date"] = plan["close"]
        return vals

    def _ara_vals(self, plan):
        rng = self.rng
        reached, entered = plan["reached"], plan["entered"]
        vals = {
            "referral_date": plan["start"],
            "referral_reason": "Walls and floors in poor repair (bench).",
            "referent_partner_id": rng.choice(self.referent_ids),
            "facilitator_id": rng.choice(self.facilitator_user_ids),
            "budget_amount": rng.choice((800, 1000, 1200, 1500, 2000)),
        }
        plan["budget"] = vals["budget_amount"]
        if reached >= 2:
            vals["tripartite_meeting_date"] = self.day_between(entered[1], entered[2])
        if reached >= 4:
            vals["worksite_start_date"] = entered[4]
        if reached >= 5:
            vals["worksite_end_date"] = self.day_between(entered[4], entered[5])
            vals["household_hours"] = rng.randint(10, 80)
            vals["volunteer_hours"] = rng.randint(0, 40)
        if reached >= 7:
            vals["review_date"] = plan["close"]
            vals["works_completed"] = rng.choices(("all", "partly", "none"), (70, 25, 5))[0]
            vals["continued_autonomously"] = rng.random() < 0.34
            vals["skills_gained"] = "Painting, wallpapering (bench)."
        return vals

    def _rights_statuses(self):
        """The rights checklist each new-entrant file got at its creation, decided as far as
        the file went. Written in a few batched writes (one per status)."""
        rng = self.rng
        Line = self.env["housing.right.line"]
        by_file = {}
        for line in Line.search_read([], ["accompaniment_id"], order="id"):
            by_file.setdefault(line["accompaniment_id"][0], []).append(line["id"])
        by_status = {}
        for plan in self.file_plans:
            if plan["workflow"] != "new_entrant" or plan["reached"] < 4:
                continue
            for line_id in by_file.get(plan["id"], []):
                if plan["reached"] >= 5:
                    status = rng.choices(("opened", "not_applicable", "refused"), (70, 25, 5))[0]
                else:
                    status = rng.choice(("to_do", "requested", "opened"))
                by_status.setdefault(status, []).append(line_id)
        for status, ids in by_status.items():
            Line.browse(ids).write({"status": status})
        return sum(len(ids) for ids in by_file.values())

    # ------------------------------------------------------------------
    def visits(self):
        rng = self.rng
        total = self.n(40_000)
        required, extra_slots = [], []
        for plan in self.file_plans:
            file_id, entered, reached = plan["id"], plan["entered"], plan["reached"]
            last_day = plan["close"] or REF_DATE
            ara = plan["workflow"] == "ara"
            user_id = rng.choice(self.facilitator_user_ids if ara else self.staff_ids)
            if ara:
                if reached >= 2:
                    required.append((file_id, "tripartite", entered[1], entered[2], user_id))
                if reached >= 3:
                    for _i in range(rng.randint(1, 2)):
                        required.append((file_id, "preparation", entered[2], entered[3], user_id))
                if reached >= 6:
                    required.append((file_id, "encouragement", entered[5], entered[6], user_id))
                if reached == CLOSED:
                    required.append((file_id, "review", entered[6], entered[7], user_id))
            else:
                if reached >= 2:
                    required.append((file_id, "contact", entered[1], entered[2], user_id))
                if reached >= 3:
                    required.append(
                        (file_id, "committee_interview", entered[2], entered[3], user_id)
                    )
            extra_type = "encouragement" if ara and reached >= 5 else "other"
            extra_slots.append((file_id, extra_type, plan["start"], last_day, user_id))
        if len(required) > total:
            raise SystemExit(f"{len(required)} visits needed by the files, more than {total}")
        extras = [rng.choice(extra_slots) for _i in range(total - len(required))]
        vals_list = []
        self.visits_by_file = {}
        for file_id, visit_type, first, last, user_id in required + extras:
            day = self.day_between(first, min(last, REF_DATE))
            vals_list.append(
                {
                    "accompaniment_id": file_id,
                    "visit_type": visit_type,
                    "visit_datetime": self.at(day),
                    "duration": rng.choice((1.0, 1.5, 2.0)),
                    "state": "done",
                    "user_id": user_id,
                    "with_household": True,
                    "with_referent": visit_type in ("tripartite", "review"),
                    "with_facilitator": visit_type
                    in ("tripartite", "preparation", "encouragement", "review"),
                    "with_staff": visit_type in ("contact", "committee_interview"),
                }
            )
        ids = self._copy_visits(vals_list)
        for vals, visit_id in zip(vals_list, ids, strict=True):
            if vals["visit_type"] == "preparation":
                self.visits_by_file.setdefault(vals["accompaniment_id"], []).append(
                    (visit_id, vals["visit_datetime"].date())
                )
        self.commit()
        return f"{len(ids)} visits"

    def _copy_visits(self, vals_list):
        """The visits, copied with their file's household, workflow, facilitator and company.
        What their creation does besides is void for these visits: all are done and past
        (no activity to schedule, no next appointment), their file already holds the date
        each one would give it, and they get no calendar event (see ``CONTEXT``)."""
        files = fetch_dict(
            self.env,
            "SELECT id, household_id, workflow, facilitator_id, company_id"
            " FROM housing_accompaniment WHERE id = ANY(%s)",
            [list({vals["accompaniment_id"] for vals in vals_list})],
        )
        columns = (
            "accompaniment_id", "household_id", "workflow", "facilitator_id", "company_id",
            "visit_type", "visit_datetime", "duration", "state", "user_id", "with_household",
            "with_referent", "with_facilitator", "with_staff",
        )  # fmt: skip
        rows = (
            (
                vals["accompaniment_id"],
                *files[vals["accompaniment_id"]],
                *(vals[name] for name in columns[5:]),
            )
            for vals in vals_list
        )
        return copy_rows(self.env, "housing_visit", columns, rows)

    def purchases(self):
        rng = self.rng
        total = self.n(20_000)
        worksites = [
            plan for plan in self.file_plans if plan["workflow"] == "ara" and plan["reached"] >= 4
        ]
        counts = [1] * len(worksites)
        for _i in range(total - len(worksites)):
            counts[rng.randrange(len(worksites))] += 1
        vals_list, items = [], []
        categories = list(MATERIALS)
        for plan, count in zip(worksites, counts, strict=True):
            spent = 0
            for _i in range(count):
                category = rng.choice(categories)
                vals_list.append(
                    {
                        "accompaniment_id": plan["id"],
                        "name": rng.choice(MATERIALS[category]),
                        "category": category,
                        "supplier_id": rng.choice(self.supplier_ids),
                        "purchase_date": self.day_between(plan["entered"][3], plan["entered"][4]),
                        "quantity": rng.randint(1, 6),
                        "unit_cost": rng.randint(3, 60),
                    }
                )
                # A purchase over the worksite's budget needs a reason, as in the form.
                spent += vals_list[-1]["quantity"] * vals_list[-1]["unit_cost"]
                if spent > plan["budget"]:
                    vals_list[-1]["over_budget_reason"] = "More wall to cover than planned (bench)."
            if plan["reached"] >= 5:
                for sequence in range(rng.randint(2, 3)):
                    items.append(
                        {
                            "accompaniment_id": plan["id"],
                            "sequence": sequence,
                            "room": rng.choice(("living_room", "bedroom", "kitchen", "bathroom")),
                            "nature": rng.choice(("painting", "wallpaper", "flooring", "tiling")),
                            "is_done": True,
                        }
                    )
        ids, item_ids = self._copy_purchases(vals_list, items)
        self.commit()
        return f"{len(ids)} purchase lines, {len(item_ids)} work items"

    def _copy_purchases(self, vals_list, items):
        """The purchase lines and work items, copied with their file's household and company
        and the line's total; then the files' spent amount and budget left, recomputed."""
        files = fetch_dict(
            self.env,
            "SELECT id, household_id, company_id FROM housing_accompaniment WHERE id = ANY(%s)",
            [list({vals["accompaniment_id"] for vals in vals_list + items})],
        )
        columns = (
            "accompaniment_id", "household_id", "company_id", "name", "category", "supplier_id",
            "purchase_date", "quantity", "unit_cost", "total_amount", "over_budget_reason",
        )  # fmt: skip
        rows = (
            (
                vals["accompaniment_id"],
                *files[vals["accompaniment_id"]],
                vals["name"],
                vals["category"],
                vals["supplier_id"],
                vals["purchase_date"],
                f"{vals['quantity']:.2f}",  # as the ORM writes 2-digit amounts
                f"{vals['unit_cost']:.2f}",
                f"{vals['quantity'] * vals['unit_cost']:.2f}",
                vals.get("over_budget_reason"),
            )
            for vals in vals_list
        )
        ids = copy_rows(self.env, "housing_purchase_line", columns, rows)
        columns = ("accompaniment_id", "company_id", "sequence", "room", "nature", "is_done")
        rows = (
            (
                vals["accompaniment_id"],
                files[vals["accompaniment_id"]][1],
                vals["sequence"],
                vals["room"],
                vals["nature"],
                vals["is_done"],
            )
            for vals in items
        )
        item_ids = copy_rows(self.env, "housing_work_item", columns, rows)
        worksites = sorted({vals["accompaniment_id"] for vals in vals_list})
        recompute(self.env, "housing.accompaniment", ["spent_amount", "budget_left"], worksites)
        return ids, item_ids

    def kits_and_mutual_aid(self):
        rng = self.rng
        equipment = self.env["housing.equipment"].search([], order="id")
        prepared = sorted(self.visits_by_file)
        kit_files = rng.sample(prepared, min(len(prepared), self.n(2000)))
        kit_vals = []
        for file_id in kit_files:
            visit_id, _day = self.visits_by_file[file_id][0]
            for item in rng.sample(list(equipment), 2):
                kit_vals.append(
                    {
                        "accompaniment_id": file_id,
                        "visit_id": visit_id,
                        "equipment_id": item.id,
                        "quantity": rng.randint(1, 4),
                    }
                )
        kit_ids = self.create("housing.kit.installation", kit_vals, batch=5000)
        worksites = [
            plan for plan in self.file_plans if plan["workflow"] == "ara" and plan["reached"] >= 5
        ]
        helpers = sorted(
            {plan["household"] for plan in self.file_plans if plan["workflow"] == "ara"}
        )
        aid_vals = []
        for _i in range(self.n(1000)):
            plan = rng.choice(worksites)
            helper = rng.choice(helpers)
            if helper == plan["household"]:
                continue
            aid_vals.append(
                {
                    "helper_household_id": self.household_ids[helper],
                    "accompaniment_id": plan["id"],
                    "aid_date": self.day_between(plan["entered"][4], plan["entered"][5]),
                    "hours": rng.choice((2.0, 3.0, 4.0, 6.0)),
                }
            )
        aid_ids = self.create("housing.mutual.aid", aid_vals, batch=5000)
        self.commit()
        return f"{len(kit_ids)} kit lines, {len(aid_ids)} mutual aid"

    # ------------------------------------------------------------------
    def workshops(self):
        rng = self.rng
        env = self.env
        themes = env["housing.workshop.theme"].search([], order="id").ids
        count = self.n(2000)
        total_days = (REF_DATE - FIRST_DAY).days
        vals_list = []
        for index in range(count):
            day = FIRST_DAY + timedelta(days=rng.randint(0, total_days))
            theme = rng.choice(themes)
            vals_list.append(
                {
                    "name": f"Workshop {index + 1:04d} (bench)",
                    "start_datetime": datetime(day.year, day.month, day.day, 12, 30),
                    "duration": rng.choice((2.0, 2.5, 3.0)),
                    "theme_id": theme,
                    "venue_id": rng.choice(self.venue_ids),
                    "facilitator_ids": [
                        Command.set(rng.sample(self.facilitator_user_ids, rng.randint(1, 2)))
                    ],
                    "state": "cancelled" if rng.random() < 0.05 else "held",
                    "has_shared_meal": rng.random() < 0.4,
                }
            )
        workshop_ids = self.create("housing.workshop", vals_list, batch=1000)
        held = [
            workshop_id
            for workshop_id, vals in zip(workshop_ids, vals_list, strict=True)
            if vals["state"] == "held"
        ]
        # Attendance: members of the accompanied households, and some neighbours.
        accompanied = sorted({self.household_ids[plan["household"]] for plan in self.file_plans})
        members = env["housing.member"].search_read(
            [("household_id", "in", accompanied)], ["id"], order="id"
        )
        member_ids = [member["id"] for member in members]
        total = self.n(30_000)
        sizes = [1] * len(held)
        for _i in range(total - len(held)):
            sizes[rng.randrange(len(held))] += 1
        lines = []
        for workshop_id, size in zip(held, sizes, strict=True):
            neighbours = round(size * 0.1)
            for member_id in rng.sample(member_ids, size - neighbours):
                lines.append(
                    {"workshop_id": workshop_id, "member_id": member_id, "is_present": True}
                )
            for partner_id in rng.sample(self.neighbour_ids, neighbours):
                lines.append(
                    {"workshop_id": workshop_id, "partner_id": partner_id, "is_present": True}
                )
        for line in lines:
            line["is_present"] = rng.random() < 0.85
        line_ids = self._copy_attendance(lines, workshop_ids)
        self.commit()
        return f"{len(workshop_ids)} workshops ({len(held)} held), {len(line_ids)} attendance lines"

    def _copy_attendance(self, lines, workshop_ids):
        """The attendance lines, copied with the person's name and household and the
        workshop's date, theme, status and company; then the workshops' counts, recomputed."""
        env = self.env
        workshops = fetch_dict(
            env,
            "SELECT id, start_datetime, theme_id, state, company_id FROM housing_workshop"
            " WHERE id = ANY(%s)",
            [workshop_ids],
        )
        members = fetch_dict(
            env,
            "SELECT id, name, household_id FROM housing_member WHERE id = ANY(%s)",
            [list({line["member_id"] for line in lines if line.get("member_id")})],
        )
        partners = fetch_dict(
            env,
            "SELECT id, name FROM res_partner WHERE id = ANY(%s)",
            [list({line["partner_id"] for line in lines if line.get("partner_id")})],
        )
        columns = (
            "workshop_id", "member_id", "partner_id", "is_present", "person_name",
            "household_id", "workshop_date", "theme_id", "workshop_state", "company_id",
        )  # fmt: skip

        def row(line):
            member_id, partner_id = line.get("member_id"), line.get("partner_id")
            if member_id:
                name, household_id = members[member_id]
            else:
                name, household_id = partners[partner_id][0], None
            return (
                line["workshop_id"],
                member_id or None,
                partner_id or None,
                line["is_present"],
                name,
                household_id,
                *workshops[line["workshop_id"]],
            )

        ids = copy_rows(env, "housing_workshop_attendance", columns, (row(line) for line in lines))
        recompute(
            env,
            "housing.workshop",
            ["registered_count", "present_count", "household_count"],
            workshop_ids,
        )
        return ids

    # ------------------------------------------------------------------
    def funding(self):
        rng = self.rng
        env = self.env
        actions = env["housing.action"].search([], order="sequence, id")
        yearly = {"new_entrant": 200_000, "ara": 300_000, "workshop": 80_000, "energy_kit": 40_000}
        agreement_ids = self.create(
            "housing.agreement",
            [
                {
                    "name": f"PAHM ×10 – association partnership {year} (bench)",
                    "reference": f"BENCH-CONV-{year}",
                    "partner_ids": [Command.set([self.landlord.id, self.association.id])],
                    "action_ids": [Command.set(actions.ids)],
                    "signature_date": date(year, 1, 1) - timedelta(days=20),
                    "date_start": date(year, 1, 1),
                    "date_end": date(year, 12, 31),
                    "state": "signed",
                    "yearly_budget": sum(yearly.values()),
                }
                for year in YEARS
            ],
        )
        env["housing.agreement"].browse(agreement_ids)._update_states()
        funders_per_pair = 25
        vals_list = []
        for year, agreement_id in zip(YEARS, agreement_ids, strict=True):
            for action in actions:
                total = yearly[action.code]
                landlord_amount = round(total * 0.3)
                others = rng.sample(self.funder_ids, funders_per_pair - 1)
                weights = [rng.randint(1, 10) for _funder in others]
                vals_list.append(
                    {
                        "funder_id": self.landlord.id,
                        "agreement_id": agreement_id,
                        "action_id": action.id,
                        "year": year,
                        "amount_committed": landlord_amount,
                    }
                )
                for funder_id, weight in zip(others, weights, strict=True):
                    vals_list.append(
                        {
                            "funder_id": funder_id,
                            "agreement_id": agreement_id,
                            "action_id": action.id,
                            "year": year,
                            "amount_committed": round(
                                (total - landlord_amount) * weight / sum(weights)
                            ),
                        }
                    )
        ids = self.create("housing.funding", vals_list, batch=1000)
        self.commit()
        return f"{len(agreement_ids)} agreements, {len(ids)} funding lines"

    def tfpb(self):
        rng = self.rng
        env = self.env
        axes = env["housing.tfpb.axis"].search([], order="code").ids
        vals_list = [
            {
                "year": year,
                "line_ids": [
                    Command.create(
                        {
                            "qpv_id": qpv_id,
                            "axis_id": axis_id,
                            "planned_amount": rng.choice((0, 1000, 2500, 5000, 8000, 12000)),
                        }
                    )
                    for qpv_id in self.qpv_ids
                    for axis_id in axes
                ],
            }
            for year in YEARS
        ]
        ids = self.create("housing.tfpb.year", vals_list)
        self.commit()
        lines = env["housing.tfpb.line"].search_count([("year_id", "in", ids)])
        return f"{len(ids)} programme years, {lines} lines"

    def activities(self):
        rng = self.rng
        env = self.env
        model_id = env["ir.model"]._get_id("housing.accompaniment")
        todo = env.ref("mail.mail_activity_data_todo").id
        vals_list = []
        for plan in self.file_plans:
            if plan["step"] == CLOSED or rng.random() > 0.25:
                continue
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": plan["id"],
                    "activity_type_id": todo,
                    "summary": "Call the household back (bench)",
                    "date_deadline": REF_DATE + timedelta(days=rng.randint(-30, 30)),
                    "user_id": rng.choice(self.staff_ids),
                }
            )
        ids = self.create("mail.activity", vals_list, batch=1000)
        self.commit()
        return f"{len(ids)} activities on open files"

    def analyze(self):
        # bench/run.sh then runs VACUUM (ANALYZE), which cannot run in a transaction.
        self.env.cr.execute("ANALYZE")
        return "statistics of every table"


CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "mail_activity_quick_update": True,
    "housing_stage_override": True,
    "no_reset_password": True,
    "tz": "Europe/Paris",
    "lang": "en_US",
    # No calendar event for the files' dates and visits: the calendar is not measured, and
    # creating the events one by one took most of the generation (a scale of 0.2 spent 427 s
    # on the visits and 62 s on the files with them).
    "housing_calendar_sync": True,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: the ten-times dataset")
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("odoo_args", nargs=argparse.REMAINDER, help="-- then Odoo's options")
    args = parser.parse_args()
    odoo_args = args.odoo_args[1:] if args.odoo_args[:1] == ["--"] else args.odoo_args
    dbname = setup_odoo(odoo_args)
    with environment(dbname, context=CONTEXT) as env:
        if env["housing.qpv"].search_count([("code", "=", MARKER_QPV_CODE)]):
            print(f"{dbname} already holds the benchmark data: nothing to do.")
            return 0
        if env["housing.accompaniment"].with_context(active_test=False).search_count([]):
            print(f"{dbname} already holds accompaniments: use a database without demo data.")
            return 1
        print(
            f"Generating the ten-times dataset in {dbname} (scale {args.scale}, seed {args.seed})"
        )
        generator = Generator(env, args.seed, args.scale)
        timer = Timer()
        timer.part("reference data", generator.reference_data)
        timer.part("residences", generator.residences)
        timer.part("dwellings", generator.dwellings)
        timer.part("households and members", generator.households)
        timer.part("accompaniments", generator.accompaniments)
        timer.part("visits", generator.visits)
        timer.part("purchases and work items", generator.purchases)
        timer.part("kits and mutual aid", generator.kits_and_mutual_aid)
        timer.part("workshops and attendance", generator.workshops)
        timer.part("agreements and funding", generator.funding)
        timer.part("TFPB programme", generator.tfpb)
        timer.part("activities", generator.activities)
        timer.part("ANALYZE", generator.analyze)
        timer.total()
    return 0


if __name__ == "__main__":
    sys.exit(main())
