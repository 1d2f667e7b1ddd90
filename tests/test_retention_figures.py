import base64
import io
from datetime import date, datetime

import openpyxl
from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command
from odoo.tests import new_test_user, tagged

from ..models.housing_retention_rules import adult_from, coarsest_birth_date
from .funding_common import FundingCase

# What names or reaches the people of the anonymised household: none of it may be left.
NAME, SPOUSE_NAME, FAMILY_NAME = "Zéphyrine", "Barnabé", "Quarantotto"
EMAIL, SPOUSE_EMAIL = "zephyrine.q@example.org", "barnabe.q@example.org"
PHONE, SPOUSE_PHONE = "06 12 34 98 76", "07 55 43 21 09"
TRACES = (NAME, SPOUSE_NAME, FAMILY_NAME, EMAIL, SPOUSE_EMAIL, PHONE, SPOUSE_PHONE)
# The day the retention runs: more than two years after the files closed.
ANONYMISED_ON = "2020-06-15"


@tagged("post_install", "-at_install")
class TestRetentionFigures(FundingCase):
    """Years later, anonymisation changes no figure of a past period, whatever its start and
    end, counts each person once and leaves nothing that names or reaches them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.diy = cls.env.ref("housing_accompaniment.workshop_theme_diy")
        cls.programme = cls.env["housing.tfpb.year"].create(
            {
                "year": 2017,
                "line_ids": [
                    Command.create(
                        {"qpv_id": cls.qpv_a.id, "axis_id": cls.axis_7.id, "planned_amount": 700}
                    ),
                    Command.create(
                        {"qpv_id": cls.qpv_b.id, "axis_id": cls.axis_7.id, "planned_amount": 300}
                    ),
                ],
            }
        )
        cls._funding(cls.landlord, 900.00)
        # The family anonymised: an adult on 1 January of her birth year already, a spouse
        # registered at a workshop through his contact, a son who turns 18 on 20 September
        # 2017 (inside both periods), a daughter who turns 18 on 14 September 2020 (after the
        # anonymisation) and a baby born on 9 July 2017.
        cls.family = cls._household(
            f"{NAME} {FAMILY_NAME}",
            dwelling_id=cls._dwelling(cls.res_a).id,
            head_birth_date=date(1979, 6, 13),
            members=[
                (f"{SPOUSE_NAME} {FAMILY_NAME}", "spouse", "male", date(1977, 11, 3)),
                (f"Octave {FAMILY_NAME}", "child", "male", date(1999, 9, 20)),
                (f"Ombeline {FAMILY_NAME}", "child", "female", date(2002, 9, 14)),
                (f"Perpétue {FAMILY_NAME}", "child", "female", date(2017, 7, 9)),
            ],
            notes=f"<p>{NAME} works nights, {PHONE}</p>",
            application_number="013091700000QUAR",
        )
        cls.head, cls.spouse, cls.son, cls.daughter, cls.baby = (
            cls.family.member_ids.filtered(lambda m, first=first: m.name.startswith(first))
            for first in (NAME, SPOUSE_NAME, "Octave", "Ombeline", "Perpétue")
        )
        cls.family.tenant_partner_id.write(
            {"email": EMAIL, "phone": PHONE, "street": f"3 allée {FAMILY_NAME}", "city": "Aix"}
        )
        cls.spouse_partner = cls.env["res.partner"].create(
            {"name": f"{SPOUSE_NAME} {FAMILY_NAME}", "email": SPOUSE_EMAIL, "mobile": SPOUSE_PHONE}
        )
        # The file starts on the agreement's first day and closes on 15 January 2018.
        cls.file = cls._file(
            cls.family,
            start=date(2017, 3, 15),
            close=date(2018, 1, 15),
            referral_reason=f"Damp in {NAME}'s bedroom",
            works_wished=f"{SPOUSE_NAME} wants to tile",
        )
        # Others reached in the same periods, left as they are.
        cls.neighbour = cls._accompanied(cls.res_b, start=date(2016, 11, 2))
        cls.portal_user = new_test_user(
            cls.env, "housing_retention_portal", groups="base.group_portal", name="Mme Portail"
        )
        cls.portal_family = cls._household(
            "Mme Portail",
            dwelling_id=cls._dwelling(cls.res_a).id,
            head_birth_date=date(1990, 2, 28),
        )
        cls.portal_family.member_ids.partner_id = False
        cls.portal_family.tenant_partner_id = cls.portal_user.partner_id
        cls._file(cls.portal_family, start=date(2017, 4, 3), close=date(2017, 12, 1))
        cls.volunteer = cls.env["res.partner"].create({"name": "Bénévole Retention"})
        # Registered through their contacts before the contact was linked to the member: the
        # lines name the contact, not the member.
        cls.workshop = cls.env["housing.workshop"].create(
            {
                "name": "Tiling",
                "start_datetime": datetime(2017, 5, 10, 12, 0),
                "theme_id": cls.diy.id,
                "state": "held",
                "notes": f"<p>{SPOUSE_NAME} {FAMILY_NAME} came with Octave.</p>",
                "attendance_ids": [
                    Command.create({"partner_id": cls.spouse_partner.id, "is_present": True}),
                    Command.create({"member_id": cls.son.id, "is_present": True}),
                    Command.create({"partner_id": cls.volunteer.id, "is_present": True}),
                    Command.create(
                        {"partner_id": cls.portal_user.partner_id.id, "is_present": True}
                    ),
                ],
            }
        )
        cls.spouse.partner_id = cls.spouse_partner
        cls.portal_family.member_ids.partner_id = cls.portal_user.partner_id

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _anonymise(self, households):
        with freeze_time(ANONYMISED_ON):
            households._anonymise()
        self.env.invalidate_all()

    def _period_ends(self):
        """Period ends around every day a class changes, and every month end to the
        anonymisation."""
        days = {
            date(2017, 3, 14),
            date(2017, 3, 15),
            date(2017, 7, 8),
            date(2017, 7, 9),
            date(2017, 9, 19),
            date(2017, 9, 20),
        }
        day = date(2017, 1, 31)
        while day < date(2020, 6, 15):
            days.add(day)
            day = day + relativedelta(days=1) + relativedelta(months=1) - relativedelta(days=1)
        return sorted(days)

    def _figures(self):
        """Every figure of a set of periods: the people at each period end (from March 2017
        and from January 2017), the whole activity report of calendar 2017 and of March
        2017 – February 2018, and the TFPB statement 2017."""
        Figures = self.env["housing.activity.figures"].with_context(tz="Europe/Paris")
        people = {
            (start, end): Figures._period_figures(start, end).persons
            for end in self._period_ends()
            for start in (date(2017, 1, 1), date(2017, 3, 1))
            if start <= end
        }
        workshops = Figures._period_figures(date(2017, 1, 1), date(2017, 12, 31)).workshops
        return {
            "people": people,
            "workshops": (
                workshops.held,
                workshops.presences,
                workshops.persons,
                workshops.households,
            ),
            "calendar": self._activity_cells(date(2017, 1, 1), date(2017, 12, 31)),
            "agreement": self._activity_cells(date(2017, 3, 1), date(2018, 2, 28)),
            "tfpb": self._cells(
                self.env["ir.actions.report"]._render_xlsx(
                    "housing_accompaniment.action_report_housing_tfpb_statement_xlsx",
                    self.programme.ids,
                    None,
                )[0]
            ),
        }

    def _activity_cells(self, date_from, date_to):
        wizard = self.env["housing.activity.report.wizard"].create(
            {"date_from": date_from, "date_to": date_to}
        )
        content, _format = self.env["ir.actions.report"]._render_xlsx(
            "housing_accompaniment.action_report_housing_activity_xlsx", wizard.ids, None
        )
        return self._cells(content)

    def _cells(self, content):
        book = openpyxl.load_workbook(io.BytesIO(content))
        return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book}

    def _database_traces(self, texts):
        """``{(table, column): [texts found]}``: every text column of every table of the
        database searched for ``texts``."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            """
            SELECT c.table_name, c.column_name
              FROM information_schema.columns c
              JOIN information_schema.tables t
                ON t.table_schema = c.table_schema AND t.table_name = c.table_name
             WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
               AND c.data_type IN ('character varying', 'text', 'jsonb', 'json')
            """
        )
        columns = {}
        for table, column in cr.fetchall():
            columns.setdefault(table, []).append(column)
        found = {}
        for table, names in columns.items():
            for text in texts:
                condition = " OR ".join(f'"{name}"::text ILIKE %(pattern)s' for name in names)
                cr.execute(
                    f'SELECT * FROM "{table}" WHERE {condition} LIMIT 1',  # noqa: S608
                    {"pattern": f"%{text}%"},
                )
                row = cr.dictfetchone()
                if row:
                    hits = [n for n in names if row[n] and text.lower() in str(row[n]).lower()]
                    for name in hits:
                        found.setdefault((table, name), []).append(text)
        return found

    def _leave_traces(self):
        """What a few years of work leave about the family, everywhere the addon keeps it."""
        env = self.env(context=dict(self.env.context, tracking_disable=False))
        file = self.file.with_env(env)
        message = file.message_post(
            body=f"Called {NAME} {FAMILY_NAME} at {PHONE}",
            subject=f"{NAME}'s damp",
            attachments=[("notes.txt", f"{SPOUSE_NAME} {FAMILY_NAME} {SPOUSE_EMAIL}".encode())],
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        env["mail.tracking.value"].create(
            {
                "field_id": env["ir.model.fields"]._get("housing.accompaniment", "household_id").id,
                "old_value_char": f"{NAME} {FAMILY_NAME}",
                "new_value_char": self.family.name,
                "mail_message_id": message.id,
            }
        )
        self.family.with_env(env).message_post(body=f"<p>{SPOUSE_EMAIL}</p>")
        file.activity_schedule("mail.mail_activity_data_todo", summary=f"Ring {NAME}")
        file.message_subscribe(partner_ids=[self.spouse_partner.id])
        self.family.tenant_partner_id.with_env(env).message_post(body=f"{NAME} moved")
        self.env["ir.attachment"].create(
            {
                "name": f"{FAMILY_NAME}.txt",
                "raw": f"RSA certificate of {NAME}".encode(),
                "res_model": "housing.household",
                "res_id": self.family.id,
            }
        )
        visit = self.env["housing.visit"].create(
            {
                "accompaniment_id": self.file.id,
                "visit_type": "tripartite",
                "visit_datetime": datetime(2017, 4, 20, 9, 0),
                "notes": f"<p>{NAME} was tired</p>",
                "absence_reason": f"{SPOUSE_NAME} at work",
            }
        )
        self.env["housing.purchase.line"].create(
            {
                "accompaniment_id": self.file.id,
                "name": f"Paint for {NAME}'s kitchen",
                "category": "paint",
                "unit_cost": 42.0,
                "visit_id": visit.id,
            }
        )
        # On a workshop, shared with other households: a message the spouse wrote, one the
        # tenant received, the spouse following it; mail sent to them.
        workshop = self.workshop.with_env(env)
        workshop.message_post(
            body=f"{SPOUSE_NAME} will bring tiles", author_id=self.spouse_partner.id
        )
        workshop.message_post(
            body="See you on Wednesday",
            partner_ids=self.family.tenant_partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        workshop.message_subscribe(partner_ids=[self.spouse_partner.id])
        workshop.message_post(body=f"<p>Photos of {SPOUSE_NAME} {FAMILY_NAME} tiling</p>")
        self.env["mail.mail"].create(
            {
                "email_to": SPOUSE_EMAIL,
                "subject": "Workshop",
                "body_html": f"<p>Dear {SPOUSE_NAME} {FAMILY_NAME}</p>",
            }
        )
        self.env["mail.mail"].create(
            {
                "recipient_ids": [Command.set(self.family.tenant_partner_id.ids)],
                "subject": "Your file",
                "body_html": f"<p>Dear {NAME}</p>",
            }
        )
        self.env["housing.designation.import.log"].create(
            {
                "name": "designations.csv",
                "user_id": self.manager.id,
                "company_id": self.company.id,
                "source_file": base64.b64encode(f"{NAME};{FAMILY_NAME};{EMAIL}".encode()),
                "source_file_name": "designations.csv",
                "accompaniment_ids": [Command.set(self.file.ids)],
            }
        )
        # An import preview left open, with the rows it read and its lines.
        source = self.env["housing.import.mapping"].create({"name": "SNE test"})
        self.env["housing.designation.import.wizard"].create(
            {
                "source_id": source.id,
                "file_rows": [["Nom", "Courriel"], [f"{NAME} {FAMILY_NAME}", EMAIL]],
                "line_ids": [
                    Command.create(
                        {
                            "line_number": 2,
                            "application_number": self.family.application_number,
                            "person": f"{NAME} {FAMILY_NAME}",
                            "status": "update",
                        }
                    )
                ],
            }
        )

    # ------------------------------------------------------------------
    # Tests
    # ------------------------------------------------------------------
    def test_coarsest_birth_date(self):
        window = (date(2017, 3, 15), date(2020, 6, 15))
        # Born and adult before the window: the year is enough.
        self.assertEqual(coarsest_birth_date(date(1979, 6, 13), *window), date(1979, 1, 1))
        # 18 on 20 September 2017, inside the window: the day itself.
        self.assertEqual(coarsest_birth_date(date(1999, 9, 20), *window), date(1999, 9, 20))
        # 18 in September 2020, after the window: the month.
        self.assertEqual(coarsest_birth_date(date(2002, 9, 14), *window), date(2002, 9, 1))
        # Born on 9 July 2017, inside the window: the day itself.
        self.assertEqual(coarsest_birth_date(date(2017, 7, 9), *window), date(2017, 7, 9))
        # 18 on 14 March 2017, the day before the window opens: the year.
        self.assertEqual(coarsest_birth_date(date(1999, 3, 14), *window), date(1999, 1, 1))
        # 18 on 15 March 2017, the first day of the window: an adult that day either way.
        self.assertEqual(coarsest_birth_date(date(1999, 3, 15), *window), date(1999, 1, 1))
        # 18 on 16 March 2017, the window's second day: the day itself.
        self.assertEqual(coarsest_birth_date(date(1999, 3, 16), *window), date(1999, 3, 16))
        # The activity report's age bands start at 6, 26 and 60 too: a birthday of those inside
        # the window keeps the day (with the year only, the person would change band).
        self.assertEqual(coarsest_birth_date(date(2011, 11, 11), *window), date(2011, 11, 11))
        self.assertEqual(coarsest_birth_date(date(1992, 10, 5), *window), date(1992, 10, 5))
        self.assertEqual(coarsest_birth_date(date(1958, 4, 20), *window), date(1958, 4, 20))
        # 26 on 2 May 2020, inside the window: the day; 26 in July 2020, after it: the month.
        self.assertEqual(coarsest_birth_date(date(1994, 5, 2), *window), date(1994, 5, 2))
        self.assertEqual(coarsest_birth_date(date(1994, 7, 2), *window), date(1994, 7, 1))
        # Born on 29 February 2000: an adult from 1 March 2018, as the figures count.
        self.assertEqual(adult_from(date(2000, 2, 29)), date(2018, 3, 1))
        self.assertEqual(coarsest_birth_date(date(2000, 2, 29), *window), date(2000, 2, 29))

    def test_every_figure_of_every_past_period_stays(self):
        self.maxDiff = None
        self._leave_traces()
        before = self._figures()
        calendar = before["people"][(date(2017, 1, 1), date(2017, 12, 31))]
        # Family 5 (the son an adult, the baby born), the neighbour, Mme Portail, the
        # volunteer: 8 people, the spouse once although registered through his contact.
        self.assertEqual((calendar.total, calendar.adults, calendar.children), (8, 5, 2))
        self.assertEqual(calendar.unknown, 1, "the volunteer")
        before_birthday = before["people"][(date(2017, 3, 1), date(2017, 9, 19))]
        self.assertEqual((before_birthday.adults, before_birthday.children), (4, 3))
        before_birth = before["people"][(date(2017, 3, 1), date(2017, 7, 8))]
        self.assertEqual(before_birth.total, 7)
        self.assertEqual(before["workshops"], (1, 4, 4, 1))

        self._anonymise(self.family | self.portal_family)

        self.assertEqual(
            self.family.member_ids.mapped("birth_date"),
            [
                date(1979, 1, 1),
                date(1977, 1, 1),
                date(1999, 9, 20),
                date(2002, 9, 1),
                date(2017, 7, 9),
            ],
            "the year, unless the day or the month is needed to count the same",
        )
        after = self._figures()
        for key in ("people", "workshops", "calendar", "agreement", "tfpb"):
            self.assertEqual(after[key], before[key], key)

    def test_each_person_counted_once(self):
        self._anonymise(self.family | self.portal_family)
        Figures = self.env["housing.activity.figures"]
        figures = Figures._period_figures(date(2017, 1, 1), date(2017, 12, 31))
        self.assertEqual(figures.persons.total, 8)
        self.assertEqual(figures.workshops.persons, 4)
        # The user's contact keeps its data; the household and its member have an anonymous
        # contact instead, which the workshop line now names.
        portal_partner = self.portal_user.partner_id
        self.assertEqual(portal_partner.name, "Mme Portail")
        tenant = self.portal_family.tenant_partner_id
        self.assertNotEqual(tenant, portal_partner)
        self.assertEqual(tenant.name, f"Anonymised household {self.portal_family.name}")
        self.assertEqual(self.portal_family.member_ids.partner_id, tenant)
        lines = self.workshop.attendance_ids
        self.assertFalse(lines.filtered(lambda line: line.partner_id == portal_partner))
        self.assertEqual(
            sorted(lines.mapped("person_name")),
            sorted(
                [
                    f"Anonymised member of household {self.family.name}",
                    "Member 3",
                    "Bénévole Retention",
                    f"Anonymised household {self.portal_family.name}",
                ]
            ),
        )
        # The spouse's line still names his (anonymised) contact, linked to him.
        spouse_line = lines.filtered(lambda line: line.partner_id == self.spouse_partner)
        self.assertEqual(self.spouse.partner_id, self.spouse_partner)
        self.assertEqual(
            self.spouse_partner.name, f"Anonymised member of household {self.family.name}"
        )
        self.assertTrue(spouse_line)

    def test_nothing_left_that_names_or_reaches_them(self):
        self._leave_traces()
        found = self._database_traces(TRACES)
        # The scan finds what is there.
        for table in (
            "res_partner",
            "housing_member",
            "mail_message",
            "ir_attachment",
            "housing_designation_import_line",
        ):
            self.assertTrue(any(key[0] == table for key in found), table)
        self._anonymise(self.family)
        self.assertEqual(self._database_traces(TRACES), {})
        # The workshop keeps its notes, without the names.
        self.assertIn("came with", self.workshop.notes)
        self.assertEqual(
            self.family.member_ids.mapped("gender"), ["female", "male", "male", "female", "female"]
        )
        self.assertEqual(self.volunteer.name, "Bénévole Retention")

    def test_anonymising_many_households_is_batched(self):
        """Six households cost far less than six times one: the erasure works on all of
        them at once, model by model."""

        def households(count):
            made = self.env["housing.household"]
            for _index in range(count):
                household = self._household(
                    "Batch Tenant",
                    dwelling_id=self._dwelling(self.res_c).id,
                    members=[
                        ("Batch Spouse", "spouse", "male", date(1980, 4, 2)),
                        ("Batch Child", "child", "female", date(2012, 8, 30)),
                    ],
                    notes="<p>Batch notes</p>",
                )
                self._file(household, start=date(2016, 5, 4), close=date(2017, 6, 30))
                made |= household
            return made

        def queries(records):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self._anonymise(records)
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        one, six = queries(households(1)), queries(households(6))
        self.assertLess(six, 2.5 * one, f"one household: {one} queries, six: {six}")

    def test_a_contact_of_a_live_household_keeps_its_data(self):
        """The son moved out with his contact into a household still followed: his contact
        keeps its name and e-mail, and the anonymised family's member gets an anonymous one."""
        son_partner = self.env["res.partner"].create(
            {"name": f"Octave {FAMILY_NAME}", "email": "octave.q@example.org"}
        )
        self.son.partner_id = son_partner
        self.family.active = False
        own = self._household("Octave Own", dwelling_id=self._dwelling(self.res_b).id)
        own.member_ids.partner_id = False
        own.tenant_partner_id = son_partner
        own.member_ids.partner_id = son_partner
        self._anonymise(self.family)
        self.assertEqual(son_partner.name, f"Octave {FAMILY_NAME}")
        self.assertEqual(son_partner.email, "octave.q@example.org")
        self.assertEqual(own.member_ids.partner_id, son_partner)
        self.assertNotEqual(self.son.partner_id, son_partner)
        self.assertEqual(
            self.son.partner_id.name, f"Anonymised member of household {self.family.name}"
        )
        self.assertFalse(self.son.partner_id.email)
