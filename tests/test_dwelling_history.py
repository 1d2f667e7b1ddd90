"""One source for each fact (issue 14, item 3): a household's successive dwellings are its
tenancies; its current dwelling and lease start, a file's move-in and a transfer's from → to
are read from them; the Préfecture's DALO designation sets the household's DALO; a past
period's place (QPV, landlord) stays where the household lived then."""

from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import HousingCase
from .funding_common import FundingCase


class DwellingHistoryCase(FundingCase):
    @classmethod
    def _tenant(cls, residence, since, **vals):
        """A household living in a new dwelling of ``residence`` since ``since``."""
        dwelling = cls._dwelling(residence)
        return cls._household(
            f"Household {cls._dwelling_seq}",
            dwelling_id=dwelling.id,
            lease_start_date=since,
            **vals,
        )

    @classmethod
    def _transfer(cls, household, start):
        return cls.env["housing.accompaniment"].create(
            {
                "household_id": household.id,
                "workflow": "new_entrant",
                "request_type": "transfer",
                "start_date": start,
            }
        )

    @classmethod
    def _move(cls, file, dwelling, lease, move_in):
        """The committee allocates ``dwelling``; the lease is signed, the household moves."""
        file.write({"dwelling_id": dwelling.id})
        file.write({"lease_signature_date": lease, "move_in_date": move_in})


@tagged("post_install", "-at_install")
class TestDwellingHistory(DwellingHistoryCase):
    def test_household_follows_its_current_tenancy(self):
        household = self._tenant(self.res_a, date(2015, 6, 1))
        first = household.tenancy_ids
        self.assertEqual(len(first), 1)
        self.assertEqual(first.start_date, date(2015, 6, 1))
        self.assertFalse(first.end_date)
        self.assertTrue(first.is_current)
        self.assertEqual(household.qpv_id, self.qpv_a)
        self.assertEqual(household.landlord_id, self.landlord)
        # A corrected lease start is the current tenancy's move-in, typed once.
        household.lease_start_date = date(2015, 6, 2)
        self.assertEqual(first.start_date, date(2015, 6, 2))
        self.assertEqual(len(household.tenancy_ids), 1)
        # A new dwelling typed on the household is a move today: the old tenancy ends the
        # day before, the new one starts today.
        today = fields.Date.context_today(household)
        elsewhere = self._dwelling(self.res_out)
        household.dwelling_id = elsewhere
        second = household.tenancy_ids - first
        self.assertEqual(first.end_date, today - timedelta(days=1))
        self.assertEqual((second.dwelling_id, second.start_date), (elsewhere, today))
        self.assertEqual(household.lease_start_date, today)
        self.assertFalse(household.is_qpv)
        self.assertEqual(household.residence_id, self.res_out)
        # Emptied: the household moves out of the landlord's stock; its history stays.
        household.dwelling_id = False
        self.assertFalse(household.tenancy_ids.filtered("is_current"))
        self.assertEqual(len(household.tenancy_ids), 1, "today's tenancy was a mistake")
        self.assertFalse(household.dwelling_id)

    def test_new_entrant_move_in_opens_the_tenancy(self):
        candidate = self._household("Mme Candidate", entry_type="new_entrant")
        file = self._file(candidate, "new_entrant", start=date(2018, 1, 8))
        self.assertFalse(candidate.tenancy_ids)
        dwelling = self._dwelling(self.res_b)
        file.write({"dwelling_id": dwelling.id, "lease_signature_date": date(2018, 3, 5)})
        self.assertFalse(candidate.tenancy_ids, "no tenancy before the move-in")
        self.assertEqual(file.lease_signature_date, date(2018, 3, 5), "the file holds it")
        file.move_in_date = date(2018, 3, 9)
        tenancy = candidate.tenancy_ids
        self.assertEqual(
            (tenancy.dwelling_id, tenancy.lease_signature_date, tenancy.start_date),
            (dwelling, date(2018, 3, 5), date(2018, 3, 9)),
        )
        self.assertEqual(tenancy.accompaniment_id, file)
        self.assertEqual(candidate.dwelling_id, dwelling)
        self.assertEqual(candidate.lease_start_date, date(2018, 3, 9))
        self.assertEqual(candidate.qpv_id, self.qpv_b)
        # The open file's situation (what the figures read) follows the lease start the
        # tenancy gives, though nothing wrote it on the household.
        situation = self.env["housing.population"]._situations(file, date.today())[candidate.id]
        self.assertEqual(situation.lease_start_date, date(2018, 3, 9))
        # The tenancy is the source: corrected there, the file shows it.
        tenancy.start_date = date(2018, 3, 12)
        self.assertEqual(file.move_in_date, date(2018, 3, 12))
        situation = self.env["housing.population"]._situations(file, date.today())[candidate.id]
        self.assertEqual(situation.lease_start_date, date(2018, 3, 12))
        # Corrected on the file, it goes to the tenancy.
        file.lease_signature_date = date(2018, 3, 6)
        self.assertEqual(tenancy.lease_signature_date, date(2018, 3, 6))
        # A move-in withdrawn removes the tenancy it opened.
        file.move_in_date = False
        self.assertFalse(candidate.tenancy_ids)
        self.assertFalse(candidate.dwelling_id)

    def test_transfer_from_to(self):
        household = self._tenant(self.res_a, date(2014, 9, 1), entry_type="transfer")
        old = household.tenancy_ids
        file = self._transfer(household, date(2018, 10, 1))
        new_dwelling = self._dwelling(self.res_c)
        self.assertEqual(file.from_tenancy_id, old)
        self.assertEqual(file.from_dwelling_id, old.dwelling_id)
        file.proposed_dwelling_id = new_dwelling
        self.assertEqual(file.to_dwelling_id, new_dwelling, "before the committee: proposed")
        # The move-in cannot be recorded while the file still shows the dwelling it leaves.
        with self.assertRaisesRegex(ValidationError, "no allocated dwelling"):
            file.write(
                {"lease_signature_date": date(2019, 6, 20), "move_in_date": date(2019, 7, 1)}
            )
        self.assertFalse(old.end_date, "nothing written")
        self.assertFalse(file.move_in_date)
        self._move(file, new_dwelling, date(2019, 6, 20), date(2019, 7, 1))
        new = household.tenancy_ids - old
        self.assertEqual(old.end_date, date(2019, 6, 30), "the day before the move-in")
        self.assertEqual((new.dwelling_id, new.start_date), (new_dwelling, date(2019, 7, 1)))
        self.assertEqual(new.accompaniment_id, file)
        self.assertEqual(
            (file.from_dwelling_id, file.to_dwelling_id), (old.dwelling_id, new_dwelling)
        )
        self.assertEqual(household.dwelling_id, new_dwelling)
        self.assertEqual(household.qpv_id, self.qpv_c)
        # A later move-in: the new tenancy shrinks, the old one grows with it.
        file.move_in_date = date(2019, 7, 15)
        self.assertEqual((old.end_date, new.start_date), (date(2019, 7, 14), date(2019, 7, 15)))
        # Earlier again.
        file.move_in_date = date(2019, 7, 2)
        self.assertEqual((old.end_date, new.start_date), (date(2019, 7, 1), date(2019, 7, 2)))
        # Withdrawn: the household never left its old dwelling.
        file.move_in_date = False
        self.assertEqual(household.tenancy_ids, old)
        self.assertFalse(old.end_date)
        self.assertEqual(household.dwelling_id, old.dwelling_id)

    def test_dalo_comes_from_the_designation(self):
        # With tracking, as users work (the set-up disables it).
        env = self.env(context=dict(self.env.context, tracking_disable=False))
        household = self._household("Mme Designated", entry_type="new_entrant").with_env(env)
        self.assertFalse(household.is_dalo)
        self.assertFalse(household.is_dalo_designated)
        file = self._file(household, "new_entrant", start=date(2018, 2, 1)).with_env(env)
        # Created in an earlier transaction (records created in this one are not tracked).
        env.flush_all()
        env.cr.precommit.run()
        file.write({"designation_type": "dalo", "designation_date": date(2018, 2, 1)})
        env.flush_all()
        env.cr.precommit.run()
        self.assertTrue(household.is_dalo)
        self.assertTrue(household.is_dalo_designated)
        changes = self.env["mail.tracking.value"].search(
            [
                ("field_id.name", "=", "is_dalo"),
                ("mail_message_id.model", "=", "housing.household"),
                ("mail_message_id.res_id", "=", household.id),
            ]
        )
        self.assertEqual(len(changes), 1, "the chatter tells the DALO status changed")
        # The Préfecture corrects its designation: the household follows.
        file.designation_type = "contingent"
        self.assertFalse(household.is_dalo)
        self.assertTrue(household.is_dalo_designated)
        # Without any designation, DALO is typed by hand (a tenant in place).
        in_place = self._household("M. In Place", is_dalo=True)
        self.assertTrue(in_place.is_dalo)
        self.assertFalse(in_place.is_dalo_designated)

    def test_bad_input_refused_and_nothing_written(self):
        household = self._tenant(self.res_a, date(2016, 4, 1))
        tenancy = household.tenancy_ids
        Tenancy = self.env["housing.tenancy"]
        with self.assertRaisesRegex(ValidationError, "move-out .* is before its move-in"):
            tenancy.end_date = date(2016, 3, 31)
        self.assertFalse(tenancy.end_date)
        # A move-out on the move-in day is a one-day stay: accepted.
        tenancy.end_date = date(2016, 4, 1)
        tenancy.end_date = False
        with self.assertRaisesRegex(ValidationError, "already lives in"):
            Tenancy.create(
                {
                    "household_id": household.id,
                    "dwelling_id": self._dwelling(self.res_b).id,
                    "start_date": date(2018, 1, 1),
                }
            )
        self.assertEqual(household.tenancy_ids, tenancy)
        # Two households in one dwelling over the same dates.
        neighbour = self._tenant(self.res_b, date(2017, 9, 1))
        with self.assertRaisesRegex(ValidationError, "already occupied by household"):
            Tenancy.create(
                {
                    "household_id": neighbour.id,
                    "dwelling_id": tenancy.dwelling_id.id,
                    "start_date": date(2010, 1, 1),
                    "end_date": date(2016, 4, 1),
                }
            )
        # The day before the other's move-in, the dwelling was free.
        earlier = Tenancy.create(
            {
                "household_id": neighbour.id,
                "dwelling_id": tenancy.dwelling_id.id,
                "start_date": date(2010, 1, 1),
                "end_date": date(2016, 3, 31),
            }
        )
        self.assertEqual(len(neighbour.tenancy_ids), 2)
        self.assertEqual(neighbour.dwelling_id, (neighbour.tenancy_ids - earlier).dwelling_id)
        with self.assertRaisesRegex(ValidationError, "move-in .* is in the future"):
            tenancy.start_date = fields.Date.context_today(tenancy) + timedelta(days=1)
        self.assertEqual(tenancy.start_date, date(2016, 4, 1))

    def test_move_in_before_the_lease_refused(self):
        candidate = self._household("Mme Early", entry_type="new_entrant")
        file = self._file(candidate, "new_entrant", start=date(2018, 1, 8))
        file.dwelling_id = self._dwelling(self.res_b)
        with self.assertRaisesRegex(ValidationError, "move-in .* is before the lease signature"):
            file.write({"lease_signature_date": date(2018, 3, 5), "move_in_date": date(2018, 3, 4)})
        self.assertFalse(file.move_in_date)
        self.assertFalse(file.lease_signature_date)
        self.assertFalse(candidate.tenancy_ids)
        # The same day is fine.
        file.write({"lease_signature_date": date(2018, 3, 5), "move_in_date": date(2018, 3, 5)})
        self.assertEqual(candidate.tenancy_ids.start_date, date(2018, 3, 5))
        with self.assertRaisesRegex(ValidationError, "move-in .* is before the lease signature"):
            candidate.tenancy_ids.lease_signature_date = date(2018, 3, 6)
        self.assertEqual(file.lease_signature_date, date(2018, 3, 5))


@tagged("post_install", "-at_install")
class TestPastPeriodPlace(DwellingHistoryCase):
    """The 2017 QPV share and TFPB split, printed before and after the households moved."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Figures = cls.env["housing.activity.figures"]
        cls.Population = cls.env["housing.population"]
        # QPV A: three households; one (``leaver``) asked for a transfer in 2017 and moves
        # out of the QPV in 2019; another (``gone``) leaves the landlord's stock today.
        cls.leaver = cls._tenant(cls.res_a, date(2015, 5, 1))
        cls.leaver_file = cls._transfer(cls.leaver, date(2017, 2, 1))
        cls.gone = cls._tenant(cls.res_a, date(2016, 2, 1))
        cls._transfer(cls.gone, date(2017, 5, 2))
        cls.stayer = cls._tenant(cls.res_a, date(2013, 11, 3))
        cls._transfer(cls.stayer, date(2017, 8, 3))
        # QPV B: a candidate who moved in on the last day of 2017 (counted in B), and a
        # tenant there since 2016.
        cls.last_day = cls._household("Mme Last Day", entry_type="new_entrant")
        last_day_file = cls._file(cls.last_day, "new_entrant", start=date(2017, 1, 5))
        cls._move(last_day_file, cls._dwelling(cls.res_b), date(2017, 12, 20), date(2017, 12, 31))
        cls.b_tenant = cls._tenant(cls.res_b, date(2016, 3, 1))
        cls._transfer(cls.b_tenant, date(2017, 3, 6))
        # QPV C: a transfer whose move to B took place on 1 January 2018: C for 2017.
        cls.next_day = cls._tenant(cls.res_c, date(2014, 6, 9))
        next_day_file = cls._transfer(cls.next_day, date(2017, 4, 1))
        cls._move(next_day_file, cls._dwelling(cls.res_b), date(2017, 12, 15), date(2018, 1, 1))
        # Outside QPV: a candidate who moved in in June 2017.
        cls.outside = cls._household("M. Outside", entry_type="new_entrant")
        outside_file = cls._file(cls.outside, "new_entrant", start=date(2017, 3, 7))
        cls._move(outside_file, cls._dwelling(cls.res_out), date(2017, 6, 10), date(2017, 6, 15))
        cls._funding(cls.landlord, 1000.00, action=cls.action_new_entrant)

    def _figures_2017(self):
        figures = self.Figures.with_user(self.staff)._period_figures(
            date(2017, 1, 1), date(2017, 12, 31), workflow="new_entrant"
        )
        programme = self.env["housing.tfpb.year"].search(
            [("year", "=", 2017), ("company_id", "=", self.company.id)]
        ) or self.env["housing.tfpb.year"].with_user(self.accountant).create({"year": 2017})
        programme.with_user(self.accountant).web_read(
            {"realised_total": {}, "line_ids": {"fields": {"realised_computed": {}}}}
        )
        realised = {
            line.qpv_id: line.realised_computed
            for line in programme.line_ids
            if not line.currency_id.is_zero(line.realised_computed)
        }
        return figures.household_count, figures.profile.qpv, realised

    def test_2017_place_unchanged_after_the_moves(self):
        households, qpv, realised = self._figures_2017()
        self.assertEqual(households, 7)
        self.assertEqual(qpv, (6, 6 / 7))
        self.assertEqual(realised, {self.qpv_a: 428.57, self.qpv_b: 285.71, self.qpv_c: 142.86})
        # Years later: the leaver moves out of the QPV, another household leaves the stock.
        self._move(
            self.leaver_file, self._dwelling(self.res_out), date(2019, 6, 1), date(2019, 6, 30)
        )
        self.gone.dwelling_id = False
        self.assertFalse(self.leaver.is_qpv)
        self.assertEqual(self._figures_2017(), (households, qpv, realised))
        # 2019 sees the leaver outside the QPV.
        files = self.Population._active_files(date(2019, 1, 1), date(2019, 12, 31))
        places = self.Population._places(files, date(2019, 1, 1), date(2019, 12, 31))
        self.assertFalse(places[self.leaver.id].is_qpv)
        self.assertEqual(places[self.next_day.id].qpv_id, self.qpv_b.id)
        self.assertEqual(places[self.stayer.id].qpv_id, self.qpv_a.id)


@tagged("post_install", "-at_install")
class TestDwellingHistoryPrivacy(HttpCase, HousingCase):
    """A facilitator reads the dwellings of their own ARA households only, whatever the
    JSON-RPC call; an accountant reads none."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mine = cls._household(
            "Mme Suivie", dwelling_id=cls.dwellings[0].id, lease_start_date=date(2012, 5, 6)
        )
        cls.theirs = cls._household(
            "Mme Secrète", dwelling_id=cls.dwellings[1].id, lease_start_date=date(2011, 7, 8)
        )
        for household, facilitator in (
            (cls.mine, cls.facilitator),
            (cls.theirs, cls.other_facilitator),
        ):
            cls.env["housing.accompaniment"].create(
                {
                    "household_id": household.id,
                    "workflow": "ara",
                    "referral_date": date(2017, 3, 15),
                    "facilitator_id": facilitator.id,
                }
            )

    def _call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def test_facilitator_reads_only_their_households_dwellings(self):
        self.authenticate(self.facilitator.login, self.facilitator.login)
        rows = self._call(
            "housing.tenancy", "search_read", [], fields=["household_id", "dwelling_id"]
        )
        self.assertEqual([row["household_id"][0] for row in rows], [self.mine.id])
        groups = self._call(
            "housing.tenancy",
            "read_group",
            [],
            fields=["household_id"],
            groupby=["household_id"],
        )
        self.assertEqual([group["household_id"][0] for group in groups], [self.mine.id])
        self.assertEqual(groups[0]["household_id_count"], 1)
        found = self._call(
            "housing.tenancy", "search_count", [("dwelling_id", "=", self.dwellings[1].id)]
        )
        self.assertEqual(found, 0, "the other household's dwelling is not found either")
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
            self._call("housing.tenancy", "read", self.theirs.tenancy_ids.ids, ["start_date"])
        # Nor through the household's one2many.
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
            self._call("housing.household", "read", self.theirs.ids, ["tenancy_ids"])

    def test_accountant_reads_no_tenancy(self):
        with self.assertRaises(AccessError):
            self.env["housing.tenancy"].with_user(self.accountant).search_read([])
        self.authenticate(self.accountant.login, self.accountant.login)
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
            self._call(
                "housing.tenancy", "read_group", [], fields=["household_id"], groupby=["qpv_id"]
            )

    def test_facilitator_cannot_write_a_tenancy(self):
        tenancy = self.mine.tenancy_ids.with_user(self.facilitator)
        with self.assertRaises(AccessError):
            tenancy.end_date = date(2020, 1, 1)
        with self.assertRaises(AccessError):
            tenancy.create(
                {
                    "household_id": self.mine.id,
                    "dwelling_id": self.dwellings[2].id,
                    "start_date": date(2021, 1, 1),
                }
            )
        self.assertEqual(self.mine.tenancy_ids.start_date, date(2012, 5, 6))
        self.assertFalse(self.mine.tenancy_ids.end_date)
