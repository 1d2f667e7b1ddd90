"""Load test: N simulated users of every role through real HTTP sessions, for a bounded time.

Three sub-commands, run in order by ``bench/run.sh load`` (``make bench-load``):

``prepare``  (ORM, before the server starts) on a copy of the ten-times database: users of each
             role with ``password = login``, and a plan of what each simulated user works on:
             the open files each support staff member drags (their own, disjoint, files whose
             steps they may enter), the ARA files of each facilitator, the TFPB years.
``run``      (HTTP only) N threads, each logged in as its own user (``/web/session/authenticate``),
             call the server as the web client does (JSON-RPC ``/web/dataset/call_kw``, the mail
             routes, the report URLs) until the time or the operation budget runs out. Each user
             waits a random think time between two operations. Every write the server acknowledged
             is written down.
``check``    (HTTP, as the administrator, the server still running) every acknowledged write is in
             the database exactly once: each created visit, kit and message carries a marker of its
             own; each dragged file stands in the step of its last acknowledged drag.

The figures printed per operation: count, p50, p95, max (seconds), errors (HTTP 5xx, JSON-RPC
errors, serialization failures that reached the user, time-outs), and the lost writes.
Only loopback addresses are accepted as the server's URL.
"""

import argparse
import base64
import json
import os
import random
import re
import statistics
import sys
import threading
import time
import uuid
from collections import defaultdict
from urllib.parse import urlparse

import requests

ROLES = ("staff", "facilitator", "manager", "accountant")
GROUPS = {
    "staff": "housing_accompaniment.group_housing_user",
    "facilitator": "housing_accompaniment.group_housing_facilitator",
    "manager": "housing_accompaniment.group_housing_manager",
    "accountant": "housing_accompaniment.group_housing_accountant",
}
# Share of the N users in each role (the rest are support staff).
ROLE_SHARES = {"facilitator": 0.3, "manager": 0.15, "accountant": 0.15}
# The operations of each role and their weights.
OPERATIONS = {
    "staff": {"board": 3, "drag": 2},
    "facilitator": {"visit": 2, "kit": 1, "photo": 1},
    "manager": {"key_figures": 2, "board": 1},
    "accountant": {"activity_report": 1, "tfpb_statement": 1},
}
BOARDS = {
    "new_entrant": "housing_accompaniment.action_housing_accompaniment_board_new_entrant",
    "ara": "housing_accompaniment.action_housing_accompaniment_board_ara",
}
KANBAN_VIEW = "housing_accompaniment.view_housing_accompaniment_kanban"
FILES_PER_STAFF = 6
CARDS_PER_COLUMN = 40
PHOTO = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def role_counts(users):
    counts = {role: round(users * share) for role, share in ROLE_SHARES.items()}
    counts["staff"] = users - sum(counts.values())
    return counts


# ----------------------------------------------------------------------------------------
# prepare (ORM)
# ----------------------------------------------------------------------------------------
def prepare(args, odoo_args):
    from odoo_env import environment, setup_odoo  # noqa: PLC0415 (Odoo is only needed here)

    dbname = setup_odoo(odoo_args)
    with environment(dbname, context={"no_reset_password": True, "tracking_disable": True}) as env:
        # The users work in French, as the landlord's staff do.
        if not env["res.lang"]._lang_get("fr_FR"):
            env["res.lang"]._activate_lang("fr_FR")
            modules = env["ir.module.module"].search([("state", "=", "installed")])
            modules._load_module_terms(modules.mapped("name"), ["fr_FR"])
        users = {
            role: load_users(env, role, count) for role, count in role_counts(args.users).items()
        }
        plan = {
            "db": dbname,
            "run_id": uuid.uuid4().hex[:8],
            "users": users,
            "drag_files": drag_files(env, users["staff"]),
            "ara_files": ara_files(env, users["facilitator"]),
            "tfpb_year_ids": env["housing.tfpb.year"].search([], order="year desc", limit=5).ids,
            "equipment_ids": env["housing.equipment"].search([], limit=5).ids,
            "kanban_view_id": env.ref(KANBAN_VIEW).id,
            "year": busiest_year(env),
        }
        env["res.users"].browse(env.ref("base.user_admin").id).password = "admin"
    with open(args.plan, "w", encoding="utf-8") as stream:
        json.dump(plan, stream, indent=1)
    print(f"Plan for {args.users} users written to {args.plan}")


def load_users(env, role, count):
    """``count`` users of ``role`` named load_<role>_NN, password = login."""
    Users = env["res.users"].with_context(no_reset_password=True)
    group = env.ref(GROUPS[role])
    logins = []
    for index in range(count):
        login = f"load_{role}_{index:02d}"
        user = Users.search([("login", "=", login)])
        if not user:
            user = Users.create(
                {
                    "name": f"Load {role} {index:02d}",
                    "login": login,
                    "tz": "Europe/Paris",
                    "lang": "fr_FR",
                    "groups_id": [(6, 0, [group.id])],
                }
            )
        user.password = login
        if not user.email:
            # The steps' activity plans post in the file's chatter as the user who drags
            # the card: Odoo refuses a message whose author has no address.
            user.email = f"{login}@load.example.org"
        logins.append(login)
    return logins


def drag_files(env, staff_logins):
    """Each staff member's own open files, in a step they may leave back and enter again."""
    Files = env["housing.accompaniment"]
    # Files in a step whose needs are fields of the file only (the tripartite meeting of ARA):
    # the later steps also need documents and visits that the generated data does not hold.
    candidates = Files.search(
        [("is_closed", "=", False), ("stage_id.code", "=", "ara_tripartite")],
        order="id",
        limit=len(staff_logins) * FILES_PER_STAFF * 4,
    )
    plan, pool = {}, iter(candidates)
    for login in staff_logins:
        user = env["res.users"].search([("login", "=", login)])
        chosen = []
        for file in pool:
            previous = env["housing.stage"].search(
                [
                    ("workflow", "=", file.workflow),
                    ("sequence", "<", file.stage_id.sequence),
                    ("is_closing", "=", False),
                ],
                order="sequence desc",
                limit=1,
            )
            if previous and not file._missing_for_stage(file.stage_id):
                file.user_id = user
                chosen.append([file.id, file.stage_id.id, previous.id])
            if len(chosen) == FILES_PER_STAFF:
                break
        plan[login] = chosen
    return plan


def ara_files(env, facilitator_logins):
    """Open ARA files given to each facilitator (three each)."""
    files = env["housing.accompaniment"].search(
        [("workflow", "=", "ara"), ("is_closed", "=", False)],
        order="id",
        limit=3 * len(facilitator_logins),
    )
    plan = {}
    for index, login in enumerate(facilitator_logins):
        user = env["res.users"].search([("login", "=", login)])
        own = files[3 * index : 3 * index + 3]
        own.write({"facilitator_id": user.id})
        plan[login] = own.ids
    return plan


def busiest_year(env):
    env.cr.execute(
        "SELECT EXTRACT(YEAR FROM start_date)::int, COUNT(*) FROM housing_accompaniment"
        " GROUP BY 1 ORDER BY 2 DESC LIMIT 1"
    )
    row = env.cr.fetchone()
    return row[0] if row else time.gmtime().tm_year - 1


# ----------------------------------------------------------------------------------------
# run (HTTP)
# ----------------------------------------------------------------------------------------
class RPCError(Exception):
    def __init__(self, error):
        data = error.get("data") or {}
        super().__init__(data.get("message") or error.get("message") or str(error))
        self.name = data.get("name", "")


class Client:
    """One browser-like session: a cookie jar, JSON-RPC calls, timed."""

    def __init__(self, base_url, db, login, timeout):
        self.base_url, self.timeout = base_url, timeout
        self.session = requests.Session()
        self.login = login
        session = self.json(
            "/web/session/authenticate", {"db": db, "login": login, "password": login}
        )
        # Every call carries the user's context (language, time zone), as the web client's do.
        self.user_context = session.get("user_context") or {}
        self.csrf = None

    def json(self, path, params):
        response = self.session.post(
            self.base_url + path,
            timeout=self.timeout,
            json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params},
        )
        if response.status_code >= 500:
            raise RPCError({"message": f"HTTP {response.status_code}"})
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            raise RPCError(body["error"])
        return body.get("result")

    def call(self, model, method, *args, **kwargs):
        kwargs["context"] = dict(self.user_context, **kwargs.get("context", {}))
        return self.json(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def get(self, path):
        response = self.session.get(self.base_url + path, timeout=self.timeout)
        if response.status_code >= 400:
            raise RPCError({"message": f"HTTP {response.status_code} on {path.split('?')[0]}"})
        return response

    def csrf_token(self):
        if not self.csrf:
            page = self.get("/odoo").text
            self.csrf = re.search(r'csrf_token\s*:\s*"([0-9a-f]+o?[0-9]*)"', page).group(1)
        return self.csrf


class SimulatedUser(threading.Thread):
    def __init__(self, runner, role, login):
        super().__init__(daemon=True, name=login)
        self.runner, self.role, self.login = runner, role, login
        self.rng = random.Random(f"{runner.plan['run_id']}-{login}")
        self.client = None
        self.drag_state = {}

    def log_in(self):
        """Open the user's session (before the measured window, as users who are logged in
        already: the password check is deliberately slow)."""
        runner = self.runner
        try:
            self.client = Client(runner.url, runner.plan["db"], self.login, runner.args.timeout)
            if "photo" in OPERATIONS[self.role]:
                self.client.csrf_token()  # from the web client's page, loaded once
        except (requests.RequestException, RPCError) as error:
            runner.record("login", 0.0, error)

    def run(self):
        runner = self.runner
        if self.client is None:
            return  # the login failed, and was recorded
        # Users do not all click at the same instant: the first operation comes after a
        # think time too.
        time.sleep(self.rng.uniform(0, runner.think[1]))
        operations = dict(OPERATIONS[self.role])
        if self.role == "staff" and not runner.plan["drag_files"].get(self.login):
            operations.pop("drag")  # no file of theirs to drag
        names, weights = list(operations), list(operations.values())
        while runner.take_budget():
            name = self.rng.choices(names, weights)[0]
            start = time.perf_counter()
            error = None
            try:
                getattr(self, f"op_{name}")()
            except Exception as exc:  # noqa: BLE001 - any failure is an error to report
                error = exc
            runner.record(name, time.perf_counter() - start, error)
            time.sleep(self.rng.uniform(*runner.think))

    # -- support staff and managers ------------------------------------------------------
    def op_board(self):
        workflow = self.rng.choice(sorted(BOARDS))
        domain = [["workflow", "=", workflow]]
        context = {"default_workflow": workflow}
        spec = self.runner.card_spec(self.client)
        groups = self.client.call(
            "housing.accompaniment",
            "web_read_group",
            domain,
            [],
            ["stage_id"],
            lazy=True,
            limit=80,
            context=context,
        )
        self.client.call(
            "housing.accompaniment",
            "read_progress_bar",
            domain,
            "stage_id",
            {
                "field": "kanban_state",
                "colors": {"normal": "200", "done": "success", "blocked": "danger"},
            },
            context=context,
        )
        for group in groups["groups"]:
            if group.get("__fold") or not group.get("stage_id_count"):
                continue
            self.client.call(
                "housing.accompaniment",
                "web_search_read",
                group["__domain"],
                spec,
                offset=0,
                limit=CARDS_PER_COLUMN,
                order="",
                context=dict(context, default_stage_id=group["stage_id"][0]),
            )

    def op_drag(self):
        file_id, forward_stage, back_stage = self.rng.choice(
            self.runner.plan["drag_files"][self.login]
        )
        going_back = not self.drag_state.get(file_id)
        stage = back_stage if going_back else forward_stage
        self.client.call(
            "housing.accompaniment",
            "write",
            [file_id],
            {"stage_id": stage},
        )
        self.drag_state[file_id] = going_back
        self.runner.ack("drag", file_id, stage)

    # -- facilitators --------------------------------------------------------------------
    def own_file(self):
        return self.rng.choice(self.runner.plan["ara_files"][self.login])

    def op_visit(self):
        marker = self.runner.marker()
        self.client.call(
            "housing.visit",
            "create",
            [
                {
                    "accompaniment_id": self.own_file(),
                    "visit_type": "encouragement",
                    "state": "done",
                    "notes": f"<p>{marker}</p>",
                }
            ],
        )
        self.runner.ack("visit", marker, 1)

    def op_kit(self):
        marker = self.runner.marker()
        self.client.call(
            "housing.kit.installation",
            "create",
            [
                {
                    "accompaniment_id": self.own_file(),
                    "equipment_id": self.rng.choice(self.runner.plan["equipment_ids"]),
                    "quantity": 1,
                    "notes": marker,
                }
            ],
        )
        self.runner.ack("kit", marker, 1)

    def op_photo(self):
        file_id, marker = self.own_file(), self.runner.marker()
        response = self.client.session.post(
            self.runner.url + "/mail/attachment/upload",
            timeout=self.runner.args.timeout,
            data={
                "thread_id": file_id,
                "thread_model": "housing.accompaniment",
                "is_pending": "true",
                "csrf_token": self.client.csrf_token(),
            },
            files={"ufile": (f"{marker}.png", PHOTO, "image/png")},
        )
        if response.status_code >= 400:
            raise RPCError({"message": f"HTTP {response.status_code} on the upload"})
        attachment = response.json()["data"]["ir.attachment"][0]
        self.client.json(
            "/mail/message/post",
            {
                "thread_model": "housing.accompaniment",
                "thread_id": file_id,
                "post_data": {
                    "body": marker,
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                    "attachment_ids": [attachment["id"]],
                },
            },
        )
        self.runner.ack("photo", marker, 1)

    # -- managers and accountants --------------------------------------------------------
    def period(self):
        year = self.runner.plan["year"]
        return f"{year}-01-01", f"{year}-12-31"

    def op_key_figures(self):
        context = {"housing_dashboard": True}
        wizard = self.client.call("housing.activity.report.wizard", "create", [{}], context=context)
        self.client.call(
            "housing.activity.report.wizard",
            "read",
            wizard,
            ["persons_count", "household_count", "workshops_held"],
            context=context,
        )

    def op_activity_report(self):
        date_from, date_to = self.period()
        wizard = self.client.call(
            "housing.activity.report.wizard",
            "create",
            [{"date_from": date_from, "date_to": date_to}],
        )
        self.client.get(f"/report/xlsx/housing_accompaniment.activity_report_xlsx/{wizard[0]}")

    def op_tfpb_statement(self):
        year_id = self.rng.choice(self.runner.plan["tfpb_year_ids"])
        self.client.get(f"/report/xlsx/housing_accompaniment.tfpb_statement_xlsx/{year_id}")


class Runner:
    """Starts the simulated users, keeps the budget, the timings and the acknowledged writes."""

    def __init__(self, args, plan):
        self.args, self.plan, self.url = args, plan, args.url.rstrip("/")
        self.think = (args.think_min, args.think_max)
        self.lock = threading.Lock()
        self.deadline = time.monotonic() + args.duration
        self.budget = args.max_ops
        self.timings = defaultdict(list)
        self.errors = defaultdict(list)
        self.acks = defaultdict(dict)
        self.spec = None
        self.counter = 0

    def take_budget(self):
        with self.lock:
            if self.budget <= 0 or time.monotonic() >= self.deadline:
                return False
            self.budget -= 1
            return True

    def record(self, name, seconds, error):
        with self.lock:
            if error is None:
                self.timings[name].append(seconds)
            else:
                self.errors[name].append(f"{type(error).__name__}: {str(error)[:200]}")

    def ack(self, kind, key, value):
        with self.lock:
            self.acks[kind][str(key)] = value

    def marker(self):
        with self.lock:
            self.counter += 1
            return f"load-{self.plan['run_id']}-{self.counter:06d}"

    def card_spec(self, client):
        """The kanban cards' field specification, read once from the view as the client does."""
        with self.lock:
            if self.spec is not None:
                return self.spec
        views = client.call(
            "housing.accompaniment", "get_views", [[self.plan["kanban_view_id"], "kanban"]]
        )
        arch = views["views"]["kanban"]["arch"]
        fields = views["models"]["housing.accompaniment"]["fields"]
        spec = {}
        for name in dict.fromkeys(re.findall(r'<field name="([a-z_0-9]+)"', arch)):
            ftype = fields.get(name, {}).get("type")
            if ftype in ("many2one", "one2many", "many2many"):
                spec[name] = {"fields": {"display_name": {}}}
            elif ftype:
                spec[name] = {}
        with self.lock:
            self.spec = spec
        return spec

    def start(self):
        """Log every user in, read the board's view once (the web client keeps it), then run
        them all for the duration; returns the measured time."""
        users = [
            SimulatedUser(self, role, login) for role in ROLES for login in self.plan["users"][role]
        ]
        logins = [threading.Thread(target=user.log_in, daemon=True) for user in users]
        for thread in logins:
            thread.start()
        for thread in logins:
            thread.join(2 * self.args.timeout)
        staff = next((user for user in users if user.role == "staff" and user.client), None)
        if staff:
            self.card_spec(staff.client)
        started = time.monotonic()
        self.deadline = started + self.args.duration
        for user in users:
            user.start()
        for user in users:
            user.join(self.args.duration + 2 * self.args.timeout)
        return time.monotonic() - started


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def summary(runner, elapsed):
    names = sorted(set(runner.timings) | set(runner.errors))
    rows = []
    for name in names:
        times = runner.timings.get(name, [])
        errors = runner.errors.get(name, [])
        rows.append(
            {
                "operation": name,
                "count": len(times),
                "errors": len(errors),
                "p50": statistics.median(times) if times else None,
                "p95": percentile(times, 0.95) if times else None,
                "max": max(times) if times else None,
                "serialization_failures": sum("serializ" in error for error in errors),
                "error_samples": sorted(set(errors))[:3],
            }
        )
    total = sum(row["count"] for row in rows)
    return {
        "elapsed": elapsed,
        "operations": total,
        "per_second": total / elapsed if elapsed else 0,
        "rows": rows,
    }


def cpu_snapshot():
    """CPU seconds used so far by the machine (``busy``, ``total``, all cores) and by each
    kind of process (the Odoo server's, PostgreSQL's, this load client's, the rest), read
    from ``/proc`` (Linux); ``None`` elsewhere."""
    try:
        with open("/proc/stat", encoding="ascii") as stream:
            ticks = [int(value) for value in stream.readline().split()[1:]]
        hertz = os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError):
        return None
    idle = ticks[3] + ticks[4]  # idle and waiting for the disk
    kinds = defaultdict(float)
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as stream:
                stat = stream.read()
            with open(f"/proc/{pid}/cmdline", "rb") as stream:
                cmdline = stream.read()
        except OSError:
            continue  # ended meanwhile
        fields = stat[stat.rindex(")") + 2 :].split()
        seconds = (int(fields[11]) + int(fields[12])) / hertz  # utime + stime
        if int(pid) == os.getpid():
            kind = "load client"
        elif b"postgres" in cmdline.split(b"\0")[0] or stat.split()[1] == "(postgres)":
            kind = "PostgreSQL"
        elif b"odoo" in cmdline:
            kind = "Odoo"
        else:
            kind = "other"
        kinds[kind] += seconds
    return {"busy": (sum(ticks) - idle) / hertz, "total": sum(ticks) / hertz, "kinds": kinds}


def cpu_use(before, after, elapsed):
    """What the cores did during the run: the share of them busy and the core-seconds per
    kind of process (a process started and ended within the run is not seen)."""
    if not before or not after:
        return None
    cores = os.cpu_count() or 1
    total = after["total"] - before["total"]
    return {
        "cores": cores,
        "busy_share": (after["busy"] - before["busy"]) / total if total else 0.0,
        "core_seconds": {
            kind: round(after["kinds"][kind] - before["kinds"].get(kind, 0.0), 1)
            for kind in sorted(after["kinds"])
        },
        "available_core_seconds": round(cores * elapsed, 1),
    }


def run(args):
    host = urlparse(args.url).hostname or ""
    if not (host.startswith("127.") or host in ("localhost", "::1")):
        raise SystemExit(f"{args.url}: the load test only targets loopback addresses")
    with open(args.plan, encoding="utf-8") as stream:
        plan = json.load(stream)
    runner = Runner(args, plan)
    cpu_before = cpu_snapshot()
    elapsed = runner.start()
    cpu_after = cpu_snapshot()
    result = summary(runner, elapsed)
    result["cpu"] = cpu_use(cpu_before, cpu_after, elapsed)
    result["users"] = {role: len(plan["users"][role]) for role in ROLES}
    result["acks"] = runner.acks
    with open(args.acks, "w", encoding="utf-8") as stream:
        json.dump(result, stream, indent=1)
    print(
        f"{result['operations']} operations in {elapsed:.0f} s "
        f"({result['per_second']:.1f}/s), users {result['users']}"
    )


# ----------------------------------------------------------------------------------------
# check (HTTP, as the administrator)
# ----------------------------------------------------------------------------------------
def lost_writes(args):
    with open(args.plan, encoding="utf-8") as stream:
        plan = json.load(stream)
    with open(args.acks, encoding="utf-8") as stream:
        result = json.load(stream)
    admin = Client(args.url.rstrip("/"), plan["db"], "admin", args.timeout)
    prefix = f"load-{plan['run_id']}-"
    found = {
        "visit": marker_counts(admin, "housing.visit", "notes", prefix),
        "kit": marker_counts(admin, "housing.kit.installation", "notes", prefix),
        "photo": marker_counts(admin, "mail.message", "body", prefix),
    }
    lost = {}
    for kind, counts in found.items():
        acked = result["acks"].get(kind, {})
        lost[kind] = sum(1 for marker in acked if counts.get(marker, 0) != 1)
    drags = result["acks"].get("drag", {})
    stages = {
        row["id"]: row["stage_id"][0]
        for row in admin.call(
            "housing.accompaniment", "read", [int(key) for key in drags], ["stage_id"]
        )
    }
    lost["drag"] = sum(1 for key, stage in drags.items() if stages.get(int(key)) != stage)
    result["lost_writes"] = lost
    result["acknowledged_writes"] = {kind: len(acks) for kind, acks in result["acks"].items()}
    with open(args.acks, "w", encoding="utf-8") as stream:
        json.dump(result, stream, indent=1)
    print_table(result)
    failed = sum(lost.values()) + sum(row["errors"] for row in result["rows"])
    return 1 if failed else 0


def marker_counts(admin, model, fname, prefix):
    counts = defaultdict(int)
    for row in admin.call(
        model, "search_read", [(fname, "ilike", prefix)], [fname], context={"active_test": False}
    ):
        for marker in re.findall(re.escape(prefix) + r"\d{6}", row[fname] or ""):
            counts[marker] += 1
    return counts


def print_table(result):
    def seconds(value):
        return "–" if value is None else f"{value:.2f}"

    print(
        f"\nLoad test: users {result['users']}, {result['elapsed']:.0f} s, "
        f"{result['operations']} operations ({result['per_second']:.1f}/s)"
    )
    print(
        f"| {'operation':<16} | {'count':>6} | {'p50 s':>6} | {'p95 s':>6} | {'max s':>6} "
        f"| {'errors':>6} |"
    )
    print(f"|{'-' * 18}|{'-' * 8}|{'-' * 8}|{'-' * 8}|{'-' * 8}|{'-' * 8}|")
    for row in result["rows"]:
        print(
            f"| {row['operation']:<16} | {row['count']:>6} | {seconds(row['p50']):>6} "
            f"| {seconds(row['p95']):>6} | {seconds(row['max']):>6} | {row['errors']:>6} |"
        )
        for sample in row["error_samples"]:
            print(f"    error: {sample}")
    acked = result["acknowledged_writes"]
    lost = result["lost_writes"]
    print("Acknowledged writes: " + ", ".join(f"{k} {v}" for k, v in sorted(acked.items())))
    print(
        "Lost writes: "
        + ", ".join(f"{k} {v}" for k, v in sorted(lost.items()))
        + f" (total {sum(lost.values())})"
    )
    cpu = result.get("cpu")
    if cpu:
        # The processes' own clocks are sampled by the kernel (and do not add up exactly to
        # the machine's busy time on a virtual machine): their shares, not their seconds.
        used = sum(cpu["core_seconds"].values()) or 1.0
        print(
            f"CPU: {cpu['busy_share']:.0%} of {cpu['cores']} cores busy during the run; "
            "of the processes' CPU time: "
            + ", ".join(f"{kind} {value / used:.0%}" for kind, value in cpu["core_seconds"].items())
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("prepare", "run", "check"):
        command = sub.add_parser(name)
        command.add_argument("--plan", required=True)
        command.add_argument("--users", type=int, default=20)
        if name != "prepare":
            command.add_argument("--url", required=True)
            command.add_argument("--acks", required=True)
            command.add_argument("--timeout", type=float, default=120.0)
        if name == "run":
            command.add_argument("--duration", type=float, default=60.0)
            command.add_argument("--max-ops", type=int, default=20000)
            command.add_argument("--think-min", type=float, default=1.0)
            command.add_argument("--think-max", type=float, default=3.0)
        if name == "prepare":
            command.add_argument("odoo_args", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    if args.command == "prepare":
        odoo_args = args.odoo_args[1:] if args.odoo_args[:1] == ["--"] else args.odoo_args
        return prepare(args, odoo_args) or 0
    if args.command == "run":
        return run(args) or 0
    return lost_writes(args)


if __name__ == "__main__":
    sys.exit(main())
