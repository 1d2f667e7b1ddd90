"""Read an Odoo server log of a test run and summarise it.

Usage:
    python3 scripts/odoo_log_summary.py counts LOG
        prints "PASSED FAILED FOUND ERROR_LINES" on one line, where PASSED and FAILED
        come from Odoo's own test report ("odoo.tests.result: F failed, E error(s) of
        N tests when loading database ..."): passed = N - F - E, failed = F + E;
        FOUND is 1 when such a report was logged, else 0; ERROR_LINES counts the
        records Odoo logged at level ERROR or CRITICAL.
    python3 scripts/odoo_log_summary.py errors LOG
        prints every ERROR / CRITICAL record with its continuation lines (tracebacks).
"""

import re
import sys

# "2026-01-31 12:00:00,123 4242 ERROR dbname odoo.module: message"
RECORD_RE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \d+ (?P<level>[A-Z]+) ")
BAD_LEVELS = {"ERROR", "CRITICAL"}
REPORT_RE = re.compile(
    r" odoo\.tests\.result: (?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of "
    r"(?P<total>\d+) tests when loading database "
)


def records(lines):
    """Yield (level, [lines]) for each log record; continuation lines are attached."""
    level, chunk = None, []
    for line in lines:
        match = RECORD_RE.match(line)
        if match:
            if chunk:
                yield level, chunk
            level, chunk = match.group("level"), [line]
        else:
            chunk.append(line)
    if chunk:
        yield level, chunk


def read(path):
    with open(path, encoding="utf-8", errors="replace") as handle:
        return handle.read().splitlines()


def counts(lines):
    passed = failed = found = bad = 0
    for level, chunk in records(lines):
        if level in BAD_LEVELS:
            bad += 1
        match = REPORT_RE.search(chunk[0])
        if match:
            found = 1
            total = int(match.group("total"))
            broken = int(match.group("failed")) + int(match.group("errors"))
            passed += total - broken
            failed += broken
    return passed, failed, found, bad


def main():
    mode, path = sys.argv[1], sys.argv[2]
    lines = read(path)
    if mode == "counts":
        print(*counts(lines))
    elif mode == "errors":
        for level, chunk in records(lines):
            if level in BAD_LEVELS:
                sys.stdout.write("\n".join(chunk) + "\n")
    else:
        sys.exit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main()
