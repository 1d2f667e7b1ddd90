from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import HousingCase


@tagged("post_install", "-at_install")
class TestHousehold(HousingCase):
    @freeze_time("2017-12-31")
    def test_people_figures(self):
        household = self._household(
            "Mme Figures",
            members=[
                ("Adult man", "spouse", "male", date(1980, 1, 1)),
                ("Child", "child", "female", date(2010, 3, 3)),
                ("Just eighteen", "child", "male", date(1999, 12, 31)),
                ("Unknown age", "child", "female", False),
            ],
            head_birth_date=date(1984, 2, 2),
        )
        self.assertEqual(household.member_count, 5)
        self.assertEqual(household.adult_count, 3, "head, spouse and the member 18 today")
        self.assertEqual(household.women_count, 1)
        self.assertEqual(household.men_count, 2)
        self.assertEqual(household.child_count, 1)
        self.assertEqual(household.unknown_age_count, 1, "no birth date: counted apart")

    def test_child_turning_eighteen(self):
        with freeze_time("2017-06-14"):
            household = self._household(
                "Mme Birthday", members=[("Teen", "child", "male", date(1999, 6, 15))]
            )
            self.assertEqual((household.adult_count, household.child_count), (1, 1))
        with freeze_time("2017-06-15"):
            self.env["housing.household"]._cron_refresh_age_figures()
            self.assertEqual((household.adult_count, household.child_count), (2, 0))
            self.assertEqual(household.men_count, 1)
            teen = household.member_ids.filtered(lambda m: m.name == "Teen")
            teen.invalidate_recordset(["age"])
            self.assertEqual(teen.age, 18)

    def test_figures_at_a_past_date(self):
        household = self._household(
            "Mme Past", members=[("Kid", "child", "female", date(2001, 7, 1))]
        )
        figures = household._people_figures(date(2017, 12, 31))[household.id]
        self.assertEqual(figures["child_count"], 1)
        figures = household._people_figures(date(2019, 12, 31))[household.id]
        self.assertEqual(figures["adult_count"], 2)
        self.assertEqual(figures["women_count"], 2)

    def test_figures_count_people_as_the_activity_figures_do(self):
        """One rule: a member born after the date is not counted, by the household as by the
        figures of the people reached."""
        with freeze_time("2021-01-10"):
            household = self._household(
                "Mme Rule",
                members=[
                    ("Baby", "child", "male", date(2020, 3, 1)),
                    ("No birth date", "child", "female", False),
                ],
            )
        figures = household._people_figures(date(2019, 12, 31))[household.id]
        self.assertEqual(
            (figures["member_count"], figures["child_count"], figures["unknown_age_count"]),
            (2, 0, 1),
            "the baby born in 2020 is not counted at the end of 2019",
        )
        counts = self.env["housing.population"]._count_people(
            self.env["housing.activity.figures"]._reached_people(household), date(2019, 12, 31)
        )
        self.assertEqual((counts["total"], counts["children"]), (2, 0))
        self.assertEqual(household.member_count, 3, "all three today")

    def test_long_term_tenant_and_qpv(self):
        with freeze_time("2018-01-10"):
            household = self._household(
                "Mme Lease", dwelling_id=self.dwellings[0].id, lease_start_date=date(2016, 1, 10)
            )
            self.assertFalse(household.is_long_term_tenant, "exactly two years is not more")
            self.assertTrue(household.is_qpv)
            self.assertEqual(household.residence_id, self.residence_qpv)
            self.assertEqual(household.landlord_id, self.landlord)
        with freeze_time("2018-01-11"):
            self.env["housing.household"]._cron_refresh_age_figures()
            self.assertTrue(household.is_long_term_tenant)
        household.dwelling_id = self.dwelling_out
        self.assertFalse(household.is_qpv)

    def test_reference_and_head_from_tenant(self):
        tenant = self.env["res.partner"].create({"name": "M. Auto Head"})
        household = self.env["housing.household"].create({"tenant_partner_id": tenant.id})
        self.assertTrue(household.name.startswith("MEN-"))
        self.assertEqual(household.member_ids.partner_id, tenant)
        self.assertEqual(household.member_ids.relationship, "head")
        other = self.env["housing.household"].create(
            {"tenant_partner_id": self.env["res.partner"].create({"name": "X"}).id}
        )
        self.assertNotEqual(household.name, other.name)
        self.assertIn(household, tenant.headed_household_ids)
        self.assertEqual(tenant.headed_household_count, 1)

    def test_future_dates_refused(self):
        with self.assertRaisesRegex(ValidationError, "birth date .* is in the future"):
            self._household("Mme Future", members=[("Unborn", "child", "male", date(2999, 1, 1))])
        with self.assertRaisesRegex(ValidationError, "lease start date .* is in the future"):
            self._household("Mme Future Lease", lease_start_date=date(2999, 1, 1))

    def test_exactly_one_head(self):
        household = self._household("Mme Head")
        with self.assertRaisesRegex(ValidationError, "exactly one member must be the head"):
            household.member_ids.create(
                {"household_id": household.id, "name": "Second head", "relationship": "head"}
            )
        with self.assertRaisesRegex(ValidationError, "exactly one member must be the head"):
            household.member_ids.unlink()
        with self.assertRaisesRegex(ValidationError, "has 0 heads"):
            household.member_ids.relationship = "spouse"
        self.assertEqual(len(household.member_ids), 1, "nothing half-written")
        self.assertEqual(household.member_ids.relationship, "head")

    def test_swap_head_in_one_save(self):
        household = self._household(
            "Mme Swap", members=[("M. Swap", "spouse", "male", date(1980, 1, 1))]
        )
        head = household.member_ids.filtered("is_head")
        spouse = household.member_ids - head
        household.write(
            {
                "member_ids": [
                    Command.update(head.id, {"relationship": "spouse"}),
                    Command.update(spouse.id, {"relationship": "head"}),
                ]
            }
        )
        self.assertEqual(household.member_ids.filtered("is_head"), spouse)

    def test_dwelling_given_to_a_second_household(self):
        first = self._household("Mme First", dwelling_id=self.dwellings[1].id)
        with self.assertRaisesRegex(ValidationError, "already occupied by household"):
            self._household("Mme Second", dwelling_id=self.dwellings[1].id)
        self.assertEqual(self.dwellings[1].current_household_id, first)
        # Once the first household is archived (it moved out), the dwelling is free.
        first.active = False
        second = self._household("Mme Second", dwelling_id=self.dwellings[1].id)
        self.assertEqual(self.dwellings[1].current_household_id, second)
        with self.assertRaisesRegex(ValidationError, "already occupied"):
            first.active = True

    def test_member_in_two_households(self):
        first = self._household("Mme One")
        person = first.member_ids.partner_id
        second = self._household("Mme Two")
        with self.assertRaisesRegex(ValidationError, "already a member of household"):
            self.env["housing.member"].create(
                {
                    "household_id": second.id,
                    "name": person.name,
                    "partner_id": person.id,
                    "relationship": "other",
                }
            )
        self.assertEqual(len(second.member_ids), 1)

    def test_archive_not_delete_with_history(self):
        household = self._household("Mme History", dwelling_id=self.dwellings[2].id)
        self.env["housing.accompaniment"].create({"household_id": household.id, "workflow": "ara"})
        with self.assertRaisesRegex(UserError, "archive it instead"):
            household.unlink()
        with self.assertRaisesRegex(UserError, "archive it instead"):
            self.dwellings[2].unlink()
        household.action_archive()
        self.assertFalse(household.active)
        # Without history, a household created by mistake can be deleted.
        mistake = self._household("Mme Mistake")
        mistake.unlink()
        self.assertFalse(mistake.exists())

    def test_search_filters(self):
        dalo = self._household("Mme Dalo", is_dalo=True, dwelling_id=self.dwellings[3].id)
        rsa = self._household(
            "Mme Rsa",
            is_rsa_beneficiary=True,
            is_single_parent=True,
            entry_type="transfer",
            referent_partner_id=self.referent.id,
            dwelling_id=self.dwelling_out.id,
        )
        view = self.env.ref("housing_accompaniment.view_housing_household_search")
        Household = self.env["housing.household"]
        from lxml import etree

        arch = etree.fromstring(view.arch)

        def filtered(name):
            node = arch.xpath(f"//filter[@name='{name}']")[0]
            domain = safe_eval(node.get("domain"))
            return Household.search(domain + [("id", "in", (dalo | rsa).ids)])

        self.assertEqual(filtered("filter_qpv"), dalo)
        self.assertEqual(filtered("filter_dalo"), dalo)
        self.assertEqual(filtered("filter_rsa"), rsa)
        self.assertEqual(filtered("filter_single_parent"), rsa)
        self.assertEqual(filtered("filter_transfer"), rsa)
        self.assertEqual(filtered("filter_in_place"), dalo)
        self.assertEqual(Household.search([("referent_partner_id", "=", self.referent.id)]), rsa)
        self.assertEqual(
            Household.search(
                [("residence_id", "=", self.residence_qpv.id), ("id", "in", (dalo | rsa).ids)]
            ),
            dalo,
        )

    def test_form_creates_household_with_members(self):
        tenant = self.env["res.partner"].create({"name": "Mme Form"})
        form = Form(self.env["housing.household"].with_user(self.staff))
        form.tenant_partner_id = tenant
        form.dwelling_id = self.dwellings[4]
        with form.member_ids.new() as member:
            member.name = "Mme Form"
            member.relationship = "head"
            member.gender = "female"
            member.birth_date = date(1990, 1, 1)
        with form.member_ids.new() as member:
            member.name = "Child Form"
            member.relationship = "child"
            member.birth_date = date(2015, 1, 1)
        household = form.save()
        self.assertEqual(household.member_count, 2)
        self.assertEqual(household.child_count, 1)
        self.assertEqual(household.company_id, self.staff.company_id)

    def test_dwelling_address_defaults_from_residence(self):
        dwelling = self.env["housing.dwelling"].create(
            {"name": "NEW", "residence_id": self.residence_qpv.id}
        )
        self.assertEqual(dwelling.street, "1 rue du Test")
        self.assertEqual(dwelling.city, "Aix-en-Provence")
        self.assertTrue(dwelling.is_qpv)
        self.assertEqual(self.residence_qpv.dwelling_count, 6)
