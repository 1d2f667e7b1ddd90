"""The household's situation kept per date on each file (issue 14, item 1): an open file
adds a version each day its household's situation changes, and a period reads the version
valid on its last day."""

import importlib
import os
import sys
from datetime import date

import psycopg2
from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from .test_figures_over_time import FileSituationCase


@tagged("post_install", "-at_install")
class TestSituationVersions(FileSituationCase):
    """Versions of a file's situation: one per day it changed while the file was open."""

    def _roux(self):
        """Mme Roux: RSA, a file open from 2016 (through 2020 and today)."""
        roux = self._household(
            "Mme Roux",
            dwelling_id=self.dwellings[2].id,
            lease_start_date=date(2013, 3, 3),
            is_rsa_beneficiary=True,
        )
        file = self.Accompaniment.create(
            {"household_id": roux.id, "workflow": "ara", "referral_date": date(2016, 3, 1)}
        )
        return roux, file

    def _rsa_counts(self, *years):
        return tuple(
            self._profile((date(year, 1, 1), date(year, 12, 31))).rsa.count for year in years
        )

    def test_open_file_keeps_each_periods_situation(self):
        """Open from 2016 through 2020, RSA ends on 1 May 2019: 2017 and 2018 keep it, 2019
        and 2020 do not (the Mme RSA household, RSA throughout, counts in every year)."""
        roux, file = self._roux()
        before = self._rsa_counts(2016, 2017, 2018, 2019, 2020)
        self.assertEqual(before, (1, 2, 2, 2, 2))
        profile_2017 = self._profile()
        with freeze_time("2019-05-01"):
            roux.is_rsa_beneficiary = False
        self.assertEqual(self._rsa_counts(2016, 2017, 2018, 2019, 2020), (1, 2, 2, 1, 1))
        self.assertEqual(self._profile(), profile_2017, "2017 unchanged")
        # The day the change was recorded counts it; the day before does not.
        self.assertEqual(self._profile((date(2019, 1, 1), date(2019, 5, 1))).rsa.count, 1)
        self.assertEqual(self._profile((date(2019, 1, 1), date(2019, 4, 30))).rsa.count, 2)
        versions = self._versions(file)
        self.assertEqual(versions.mapped("date_from"), [False, date(2019, 5, 1)])
        self.assertEqual(versions.mapped("is_rsa_beneficiary"), [True, False])
        # A later change adds a third version; each earlier one stays valid in its years.
        with freeze_time("2020-02-02"):
            roux.is_rsa_beneficiary = True
        self.assertEqual(self._rsa_counts(2017, 2019, 2020), (2, 1, 2))
        self.assertEqual(len(self._versions(file)), 3)

    def test_same_day_change_and_revert_leave_one_version(self):
        roux, file = self._roux()
        with freeze_time("2019-05-01"):
            roux.is_rsa_beneficiary = False
            roux.is_rsa_beneficiary = True
        self.assertEqual(len(self._versions(file)), 1, "back to the first version")
        self.assertTrue(self._situation(file).is_rsa_beneficiary)
        # Two changes the same day: today's version is updated in place.
        with freeze_time("2019-05-02"):
            roux.is_rsa_beneficiary = False
            roux.is_single_parent = True
        versions = self._versions(file)
        self.assertEqual(versions.mapped("date_from"), [False, date(2019, 5, 2)])
        self.assertEqual(
            (versions[1].is_rsa_beneficiary, versions[1].is_single_parent), (False, True)
        )
        # A write that changes nothing of the situation adds no version.
        with freeze_time("2019-06-01"):
            roux.write({"is_rsa_beneficiary": False, "color": 4})
        self.assertEqual(len(self._versions(file)), 2)

    def test_closed_file_keeps_its_versions_and_reopened_follows(self):
        roux, file = self._roux()
        with freeze_time("2018-04-04"):
            roux.is_single_parent = True
            self._close(file, date(2018, 4, 4))
        with freeze_time("2019-05-01"):
            roux.is_rsa_beneficiary = False
        self.assertEqual(len(self._versions(file)), 2, "closed: no new version")
        self.assertTrue(self._situation(file).is_rsa_beneficiary)
        with freeze_time("2020-01-10"):
            file.write({"stage_id": self._stage("ara_worksite").id})
        self.assertFalse(file.close_date)
        versions = self._versions(file)
        self.assertEqual(versions.mapped("date_from"), [False, date(2018, 4, 4), date(2020, 1, 10)])
        self.assertFalse(versions[-1].is_rsa_beneficiary)
        self.assertEqual(self._rsa_counts(2018, 2020), (2, 1))

    def test_bench_floor_reads_the_same_version(self):
        """The benchmark's SQL floor (bench/benchmark.py) picks the version the report reads,
        so that its comparison with the report stays fair."""
        bench_dir = os.path.join(os.path.dirname(os.path.dirname(__file__)), "bench")
        sys.path.insert(0, bench_dir)
        try:
            benchmark = importlib.import_module("benchmark")
        finally:
            sys.path.remove(bench_dir)
        roux, _file = self._roux()
        with freeze_time("2019-05-01"):
            roux.write({"is_rsa_beneficiary": False, "is_dalo": True})
        with freeze_time("2020-02-02"):
            roux.write({"is_single_parent": True})
        self.env.flush_all()
        for date_from, date_to, rsa in (
            (date(2017, 1, 1), date(2017, 12, 31), 2),
            (date(2019, 1, 1), date(2019, 4, 30), 2),
            (date(2019, 1, 1), date(2019, 5, 1), 1),
            (date(2020, 1, 1), date(2020, 12, 31), 1),
        ):
            with self.subTest(date_to=date_to):
                report = benchmark.report_figures(self.env, date_from, date_to)
                _queries, _seconds, floor = benchmark.floor(self.env, date_from, date_to)
                self.assertEqual(report["profile.rsa"], rsa)
                profile = {key: value for key, value in report.items() if key[:8] == "profile."}
                self.assertEqual({key: floor[key] for key in profile}, profile)

    def test_one_version_per_file_and_date(self):
        """The first version (no date) is unique too (NULLs are distinct in a plain
        unique constraint)."""
        _roux, file = self._roux()
        self.env.flush_all()
        for date_from in (None, fields.Date.today()):
            if date_from:
                self.env.cr.execute(
                    "INSERT INTO housing_accompaniment_situation (accompaniment_id, company_id,"
                    " date_from) VALUES (%s, %s, %s)",
                    [file.id, file.company_id.id, date_from],
                )
            with (
                self.subTest(date_from=date_from),
                mute_logger("odoo.sql_db"),
                self.assertRaises(psycopg2.errors.UniqueViolation),
                self.env.cr.savepoint(),
            ):
                self.env.cr.execute(
                    "INSERT INTO housing_accompaniment_situation (accompaniment_id, company_id,"
                    " date_from) VALUES (%s, %s, %s)",
                    [file.id, file.company_id.id, date_from],
                )
