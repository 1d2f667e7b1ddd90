#!/usr/bin/env python3
"""Measure the designation import: a file of 5,000 candidates (about 15,000 people) read,
previewed and imported, as the administrator (rules applied, not the superuser).

    python3 bench/bench_import.py [--candidates 5000] [--people 3] [--format xlsx] \
        -- -d <database> --addons-path=… --db_host=… --db_port=… --db_user=…

The database needs ``housing_accompaniment`` installed (with or without demo data). The
script adds a residence with 500 dwellings for the proposed dwellings, writes the file in
memory (the import template's columns: one line per person, the application number repeated),
runs the wizard's three steps and prints their time and SQL queries, then imports the same file
again (everything already known: nothing to write). Nothing is committed: the database is left
as it was. ``bench/run.sh import`` runs it on a throwaway database.
"""

import argparse
import base64
import cProfile
import csv
import io
import pstats
import resource
import sys
import time

import openpyxl
from odoo_env import environment, setup_odoo

DWELLINGS = 500


def build_file(headings, count, people, file_format):
    """``count`` candidates of ``people`` persons each: applicant, spouse, children."""
    rows = []
    for index in range(count):
        number = f"0131{index:09d}"
        for person in range(people):
            relationship = ("Demandeur", "Conjoint", "Enfant")[min(person, 2)]
            birth_year = 1975 + index % 20 if person < 2 else 2008 + (index + person) % 15
            rows.append(
                [
                    number,
                    "15/01/2026" if person == 0 else "",
                    f"DES-{index}" if person == 0 else "",
                    ("oui" if index % 3 == 0 else "non") if person == 0 else "",
                    ("Préfecture des Bouches-du-Rhône", "Action Logement")[index % 2]
                    if person == 0
                    else "",
                    f"B{index % DWELLINGS:04d}" if person == 0 else "",
                    f"NOM{index}",
                    f"Prénom{person}",
                    f"{1 + person:02d}/{1 + index % 12:02d}/{birth_year}",
                    ("F", "M")[(index + person) % 2],
                    relationship,
                    f"06{index:08d}" if person == 0 else "",
                    f"candidat{index}@example.com" if person == 0 else "",
                    f"{index} avenue de l'Europe" if person == 0 else "",
                    "13090" if person == 0 else "",
                    "Aix-en-Provence" if person == 0 else "",
                    "",
                    "",
                ]
            )
    if file_format == "csv":
        output = io.StringIO()
        csv.writer(output, delimiter=";").writerows([headings, *rows])
        return output.getvalue().encode("utf-8"), "designations.csv"
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue(), "designations.xlsx"


def measure(cr, step, profile=None):
    queries = cr.sql_log_count
    start, cpu_start = time.perf_counter(), time.process_time()
    if profile:
        profiler = cProfile.Profile()
        profiler.runcall(step)
        pstats.Stats(profiler, stream=profile).sort_stats("cumulative").print_stats(40)
    else:
        step()
    cr.flush()
    return (
        time.perf_counter() - start,
        time.process_time() - cpu_start,
        cr.sql_log_count - queries,
    )


def run_import(env, content, file_name, source, profile=False):
    wizard = env["housing.designation.import.wizard"].create(
        {"source_id": source.id, "data_file": base64.b64encode(content), "file_name": file_name}
    )
    figures = {}
    for label, step in (
        ("read", wizard.action_read_file),
        ("preview", wizard.action_preview),
        ("import", wizard.action_import),
    ):
        env.invalidate_all()
        figures[label] = measure(env.cr, step, profile=sys.stderr if profile else None)
    figures["result"] = (wizard.new_count, wizard.update_count, wizard.error_count)
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", type=int, default=5000)
    parser.add_argument("--people", type=int, default=3)
    parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    parser.add_argument(
        "--profile", action="store_true", help="print the cProfile of each step on stderr"
    )
    args, odoo_args = parser.parse_known_args()
    odoo_args = [arg for arg in odoo_args if arg != "--"]
    dbname = setup_odoo(odoo_args)
    from odoo.addons.housing_accompaniment.wizards.housing_designation_import_wizard import (  # noqa: PLC0415
        TARGET_SPECS,
    )

    headings = [heading for _key, heading, _length in TARGET_SPECS]
    start = time.perf_counter()
    content, file_name = build_file(headings, args.candidates, args.people, args.format)
    print(
        f"File: {args.candidates} candidates, {args.candidates * args.people} lines, "
        f"{len(content) / 1e6:.1f} MB ({args.format}), written in "
        f"{time.perf_counter() - start:.1f} s"
    )
    with environment(dbname) as env:
        admin = env.ref("base.user_admin")
        env = env(
            user=admin,
            context=dict(admin.context_get(), allowed_company_ids=[admin.company_id.id]),
        )
        landlord = env["res.partner"].create({"name": "Bench import landlord", "is_company": True})
        residence = env["housing.residence"].create(
            {"name": "Bench import residence", "code": "BENCH-IMPORT", "landlord_id": landlord.id}
        )
        env["housing.dwelling"].create(
            [{"name": f"B{index:04d}", "residence_id": residence.id} for index in range(DWELLINGS)]
        )
        source = env["housing.import.mapping"].create({"name": "Bench import source"})
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        runs = {
            "first import (all new)": run_import(
                env, content, file_name, source, profile=args.profile
            ),
            "same file again (all known)": run_import(env, content, file_name, source),
        }
        rss_growth = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
        env.cr.rollback()
    print(f"{'Run':<30} {'step':<8} {'time':>9} {'Odoo CPU':>9} {'queries':>9}")
    for run, figures in runs.items():
        total = cpu_total = 0.0
        for step in ("read", "preview", "import"):
            seconds, cpu, queries = figures[step]
            total += seconds
            cpu_total += cpu
            print(f"{run:<30} {step:<8} {seconds:>7.1f} s {cpu:>7.1f} s {queries:>9}")
        new, known, errors = figures["result"]
        print(
            f"{run:<30} {'total':<8} {total:>7.1f} s {cpu_total:>7.1f} s   (new {new}, "
            f"already known {known}, in error {errors})"
        )
    print(f"Growth of the peak RSS: {rss_growth:.0f} MB. Nothing committed.")


if __name__ == "__main__":
    sys.exit(main())
