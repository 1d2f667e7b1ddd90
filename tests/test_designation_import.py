import base64
import codecs
import io
from datetime import date, datetime

import openpyxl
import psycopg2

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from ..wizards.housing_designation_file import MAX_ROWS
from ..wizards.housing_designation_import_wizard import TARGET_SPECS
from .common import HousingCase

HEADINGS = [heading for _key, heading, _length in TARGET_SPECS]
COLUMNS = {key: index for index, (key, _heading, _length) in enumerate(TARGET_SPECS)}


def line(**values):
    """A line of the template, given by target: ``line(last_name="MARTIN", ...)``."""
    cells = [""] * len(HEADINGS)
    for key, value in values.items():
        cells[COLUMNS[key]] = value
    return cells


def csv_bytes(rows, delimiter=";", encoding="utf-8", bom=False, headings=HEADINGS):
    text = "\r\n".join(delimiter.join(str(cell) for cell in row) for row in [headings, *rows])
    content = text.encode(encoding)
    return codecs.BOM_UTF8 + content if bom else content


def xlsx_bytes(rows, headings=HEADINGS):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def candidates(count, start=0, **extra):
    """``count`` candidates on one line each, with a number of their own."""
    return [
        line(
            application_number=f"013{index:07d}",
            designation_date="15/01/2026",
            designation_reference=f"DES-{index}",
            last_name=f"NAME{index}",
            first_name="Alex",
            birth_date="01/02/1980",
            phone=f"06{index:08d}",
            **extra,
        )
        for index in range(start, start + count)
    ]


@tagged("post_install", "-at_install")
class TestDesignationImport(HousingCase):
    """The designation import: file reading, preview, what is written, and bad files."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Real social-support users get "Contact Creation" with their user template.
        cls.importer = new_test_user(
            cls.env,
            "housing_importer",
            groups="housing_accompaniment.group_housing_user,base.group_partner_manager",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.source = cls.env["housing.import.mapping"].create({"name": "SNE Préfecture 13"})

    def _wizard(self, content, file_name="designations.csv", source=None, user=None):
        wizard = (
            self.env["housing.designation.import.wizard"]
            .with_user(user or self.importer)
            .create(
                {
                    "source_id": (source or self.source).id,
                    "data_file": base64.b64encode(content),
                    "file_name": file_name,
                }
            )
        )
        wizard.action_read_file()
        return wizard

    def _preview(self, content, **kwargs):
        wizard = self._wizard(content, **kwargs)
        wizard.action_preview()
        return wizard

    def _import(self, content, **kwargs):
        wizard = self._preview(content, **kwargs)
        wizard.action_import()
        return wizard

    def _messages(self, wizard):
        return {line.line_number: (line.status, line.message) for line in wizard.line_ids}

    def _household(self, number):
        return self.env["housing.household"].search([("application_number", "=", number)])

    def _martin_family(self):
        return [
            line(
                application_number="013 122 0012345",
                designation_date="15/01/2026",
                designation_reference="DES-2026-001",
                is_dalo="oui",
                reservation_holder="Préfecture des Bouches-du-Rhône",
                dwelling_reference="D1",
                last_name="MARTIN",
                first_name="Sophie",
                birth_date="12/05/1985",
                gender="F",
                relationship="Demandeur",
                phone="0612345678",
                email="sophie.martin@example.com",
                street="3 rue des Lilas",
                zip="13090",
                city="Aix-en-Provence",
            ),
            line(
                application_number="0131220012345",
                last_name="MARTIN",
                first_name="Léa",
                birth_date="2015-02-03",
                gender="F",
                relationship="Enfant",
            ),
            line(
                application_number="0131220012345",
                last_name="MARTIN",
                first_name="Paul",
                birth_date="21-06-12",
                gender="M",
                relationship="Fils",
            ),
        ]

    # ------------------------------------------------------------------
    # What the import creates
    # ------------------------------------------------------------------
    def test_template_has_the_french_headings_and_imports(self):
        wizard = self.env["housing.designation.import.wizard"].with_user(self.importer).create({})
        action = wizard.action_download_template()
        self.assertIn("template_file", action["url"])
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.template_file)))
        sheet = book.active
        self.assertEqual([cell.value for cell in sheet[1]], HEADINGS)
        self.assertIn("Numéro unique (SNE)", HEADINGS)
        # The template's own example lines import as they are.
        wizard = self._import(base64.b64decode(wizard.template_file), file_name="modele.xlsx")
        self.assertEqual((wizard.new_count, wizard.update_count, wizard.error_count), (2, 0, 0))
        diallo = self._household("0131220067890")
        # One line with 2 adults and 3 children: the applicant, one adult, three children,
        # whose ages are unknown (never guessed).
        self.assertEqual(diallo.member_count, 5)
        self.assertEqual(diallo.unknown_age_count, 4)
        self.assertEqual(diallo.tenant_partner_id.name, "DIALLO Moussa")
        head = diallo.member_ids.filtered("is_head")
        self.assertEqual(head.birth_date, date(1979, 9, 1))
        file = diallo.accompaniment_ids
        self.assertEqual(file.reservation_holder_id.name, "Action Logement")
        self.assertEqual(file.designation_type, "contingent")
        martin = self._household("0131220012345").accompaniment_ids
        self.assertEqual(martin.designation_type, "dalo")

    def test_designation_type_follows_the_source(self):
        action_logement = self.env["housing.import.mapping"].create(
            {
                "name": "Action Logement",
                "is_prefecture_contingent": False,
                "reservation_holder_id": self.landlord.id,
            }
        )
        rows = [*candidates(1), *candidates(1, start=5, is_dalo="oui")]
        self._import(csv_bytes(rows), source=action_logement)
        not_dalo = self._household("0130000000").accompaniment_ids
        dalo = self._household("0130000005").accompaniment_ids
        self.assertFalse(not_dalo.designation_type)
        self.assertEqual(dalo.designation_type, "dalo")
        # No holder in the file: the source's.
        self.assertEqual(not_dalo.reservation_holder_id, self.landlord)

    def test_one_line_per_person_creates_what_hand_entry_creates(self):
        wizard = self._import(csv_bytes(self._martin_family()))
        self.assertEqual((wizard.new_count, wizard.update_count, wizard.error_count), (1, 0, 0))
        household = self._household("0131220012345")
        self.assertEqual(len(household), 1)
        self.assertEqual(household.entry_type, "new_entrant")
        self.assertTrue(household.is_dalo)
        self.assertFalse(household.dwelling_id, "a candidate has no dwelling before the lease")
        tenant = household.tenant_partner_id
        self.assertEqual(
            (tenant.name, tenant.phone, tenant.email, tenant.street, tenant.zip, tenant.city),
            (
                "MARTIN Sophie",
                "0612345678",
                "sophie.martin@example.com",
                "3 rue des Lilas",
                "13090",
                "Aix-en-Provence",
            ),
        )
        members = {m.name: (m.relationship, m.gender, m.birth_date) for m in household.member_ids}
        self.assertEqual(
            members,
            {
                "MARTIN Sophie": ("head", "female", date(1985, 5, 12)),
                "MARTIN Léa": ("child", "female", date(2015, 2, 3)),
                "MARTIN Paul": ("child", "male", date(2012, 6, 21)),
            },
        )
        self.assertEqual((household.adult_count, household.child_count), (1, 2))
        self.assertEqual(household.member_ids.filtered("is_head").partner_id, tenant)
        file = household.accompaniment_ids
        self.assertEqual(len(file), 1)
        self.assertEqual(file.workflow, "new_entrant")
        self.assertEqual(file.request_type, "new_entrant")
        self.assertEqual(file.stage_id, self._stage("ne_designation"))
        self.assertEqual(file.designation_date, date(2026, 1, 15))
        self.assertEqual(file.start_date, date(2026, 1, 15))
        self.assertEqual(file.designation_reference, "DES-2026-001")
        self.assertEqual(file.designation_type, "dalo")
        self.assertEqual(file.reservation_holder_id.name, "Préfecture des Bouches-du-Rhône")
        self.assertEqual(file.proposed_dwelling_id, self.dwellings[0])
        self.assertEqual(file.user_id, self.importer)
        # The rights checklist of a new entrant, as by hand.
        self.assertEqual(len(file.right_line_ids), self.env["housing.right.type"].search_count([]))

    def test_preview_writes_nothing_and_says_what_happens(self):
        rows = [
            *self._martin_family(),
            line(application_number="0131", first_name="Nameless", birth_date="01/01/1990"),
        ]
        households = self.env["housing.household"].search_count([])
        partners = self.env["res.partner"].search_count([])
        wizard = self._preview(csv_bytes(rows))
        self.assertEqual(wizard.state, "preview")
        self.assertEqual(self.env["housing.household"].search_count([]), households)
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        messages = self._messages(wizard)
        self.assertEqual(messages[2], ("new", "new"))
        self.assertEqual(messages[4], ("new", "new"))
        self.assertEqual(messages[5], ("error", "no last name"))
        self.assertEqual((wizard.new_count, wizard.update_count, wizard.error_count), (1, 0, 1))

    def test_importing_twice_creates_nothing_twice(self):
        content = csv_bytes(self._martin_family() + candidates(3))
        self._import(content)
        counts = (
            self.env["housing.household"].search_count([]),
            self.env["housing.member"].search_count([]),
            self.env["res.partner"].search_count([]),
            self.env["housing.accompaniment"].search_count([]),
        )
        wizard = self._import(content)
        self.assertEqual((wizard.new_count, wizard.update_count, wizard.error_count), (0, 4, 0))
        self.assertEqual(
            counts,
            (
                self.env["housing.household"].search_count([]),
                self.env["housing.member"].search_count([]),
                self.env["res.partner"].search_count([]),
                self.env["housing.accompaniment"].search_count([]),
            ),
        )
        self.assertEqual(
            set(wizard.line_ids.mapped("message")), {"already known, nothing to change"}
        )

    def test_known_application_updates_its_household_and_open_file(self):
        household = self._household_by_hand()
        file = self.env["housing.accompaniment"].create(
            {
                "household_id": household.id,
                "workflow": "new_entrant",
                "designation_date": date(2026, 1, 2),
            }
        )
        rows = [
            line(
                application_number="0131220099999",
                designation_date="15/01/2026",
                dwelling_reference="D2",
                is_dalo="oui",
                last_name="BERNARD",
                first_name="Lucie",
                birth_date="01/03/1990",
                phone="0700000000",
            ),
            line(
                application_number="0131220099999",
                last_name="BERNARD",
                first_name="Tom",
                birth_date="01/03/2020",
            ),
        ]
        wizard = self._preview(csv_bytes(rows))
        self.assertEqual(self._messages(wizard)[2], ("update", "already known → updated"))
        wizard.action_import()
        self.assertEqual((wizard.new_count, wizard.update_count), (0, 1))
        self.assertEqual(self._household("0131220099999"), household)
        self.assertEqual(household.accompaniment_ids, file, "no second file")
        self.assertEqual(household.tenant_partner_id.phone, "0700000000")
        self.assertTrue(household.is_dalo)
        self.assertEqual(
            sorted(household.member_ids.mapped("name")), ["BERNARD Lucie", "BERNARD Tom"]
        )
        self.assertEqual(file.designation_date, date(2026, 1, 15))
        self.assertEqual(file.proposed_dwelling_id, self.dwellings[1])

    def _household_by_hand(self):
        tenant = self.env["res.partner"].create({"name": "BERNARD Lucie", "phone": "0600000000"})
        household = self.env["housing.household"].create(
            {
                "tenant_partner_id": tenant.id,
                "application_number": "0131220099999",
                "entry_type": "new_entrant",
                "member_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "BERNARD Lucie",
                            "partner_id": tenant.id,
                            "relationship": "head",
                            "birth_date": date(1990, 3, 1),
                        },
                    )
                ],
            }
        )
        return household

    def test_application_number_unique_per_company(self):
        self._household_by_hand()
        other_company = self.env["res.company"].create({"name": "Other landlord company"})
        tenant = self.env["res.partner"].create({"name": "Elsewhere"})
        self.env["housing.household"].create(
            {
                "tenant_partner_id": tenant.id,
                "application_number": "0131220099999",
                "company_id": other_company.id,
            }
        )
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.IntegrityError):
            self.env["housing.household"].create(
                {"tenant_partner_id": tenant.id, "application_number": "0131220099999"}
            )

    def test_columns_mapped_once_per_source(self):
        headings = ["N° dossier", "NOM", "Prénom", "Né(e) le", "Commentaire"]
        rows = [["0131220000001", "DUPONT", "Marc", "12/12/1970", "rien"]]
        wizard = self._wizard(csv_bytes(rows, headings=headings))
        columns = {column.heading: column.target for column in wizard.column_ids}
        self.assertEqual(
            columns,
            {
                "N° dossier": False,
                "NOM": "last_name",
                "Prénom": "first_name",
                "Né(e) le": "birth_date",
                "Commentaire": False,
            },
        )
        with self.assertRaisesRegex(UserError, "no column for: Application number"):
            wizard.action_preview()
        wizard.column_ids.filtered(
            lambda c: c.heading == "N° dossier"
        ).target = "application_number"
        wizard.action_preview()
        self.assertEqual(wizard.new_count, 1)
        # The next file of the same source gets the same columns; another source does not.
        again = self._wizard(csv_bytes(rows, headings=headings))
        self.assertEqual(
            again.column_ids.filtered(lambda c: c.heading == "N° dossier").target,
            "application_number",
        )
        other_source = self.env["housing.import.mapping"].create({"name": "Action Logement"})
        other = self._wizard(csv_bytes(rows, headings=headings), source=other_source)
        self.assertFalse(other.column_ids.filtered(lambda c: c.heading == "N° dossier").target)

    def test_two_columns_for_one_target(self):
        wizard = self._wizard(csv_bytes(candidates(1)))
        wizard.column_ids.filtered(lambda c: c.heading == "Prénom").target = "last_name"
        with self.assertRaisesRegex(UserError, "Two columns hold the Last name"):
            wizard.action_preview()

    # ------------------------------------------------------------------
    # Lines in error
    # ------------------------------------------------------------------
    def test_lines_in_error_say_why_and_come_back_as_a_spreadsheet(self):
        rows = [
            *candidates(2),
            line(application_number="A1", birth_date="01/01/1990"),
            line(application_number="A2", last_name="X", birth_date="31/02/1990"),
            line(application_number="A3", last_name="Y", dwelling_reference="ZZ9"),
            line(application_number="A4", last_name="Z", birth_date="01/01/2090"),
            line(application_number="A5", last_name="W", email="not-an-address"),
            line(application_number="A6", last_name="V", is_dalo="peut-être"),
            line(application_number="A7", last_name="U", adult_count="beaucoup"),
            line(application_number="A8", last_name="T", first_name="Ann", birth_date="01/01/1990"),
            line(application_number="A8", last_name="T", first_name="Ann", birth_date="01/01/1990"),
            line(application_number="A9", last_name="S", relationship="Demandeur"),
            line(application_number="A9", last_name="S2", relationship="Demandeur"),
        ]
        wizard = self._preview(csv_bytes(rows))
        messages = self._messages(wizard)
        self.assertEqual(messages[2][0], "new")
        self.assertEqual(messages[4], ("error", "no last name"))
        self.assertEqual(
            messages[5], ("error", "unreadable Birth date “31/02/1990”: write it as dd/mm/yyyy")
        )
        self.assertIn("unknown dwelling “ZZ9”", messages[6][1])
        self.assertEqual(
            messages[7], ("error", "Birth date 01/01/2090 is in the future: correct it")
        )
        self.assertIn("“not-an-address” is not an e-mail address", messages[8][1])
        self.assertIn("“peut-être” is neither oui nor non", messages[9][1])
        self.assertIn("“beaucoup” is not a number of people", messages[10][1])
        self.assertEqual(messages[11][0], "error")
        self.assertIn("not imported: line 12", messages[11][1])
        self.assertIn("same person twice: T Ann is already on line 11", messages[12][1])
        self.assertIn("a second applicant for application A9", messages[14][1])
        self.assertEqual((wizard.new_count, wizard.error_count), (2, 9))
        wizard.action_import()
        self.assertEqual(len(self._household("0130000000")), 1)
        self.assertFalse(self._household("A1") | self._household("A8") | self._household("A9"))
        self.assertTrue(wizard.action_download_errors()["url"].endswith("?download=true"))
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.error_file)))
        sheet = book.active
        header = [cell.value for cell in sheet[1]]
        self.assertEqual(header, [*HEADINGS, "Error"])
        body = list(sheet.iter_rows(min_row=2, values_only=True))
        self.assertEqual(len(body), 11, "every line of the applications in error, not the others")
        self.assertEqual(body[0][COLUMNS["application_number"]], "A1")
        self.assertEqual(body[0][-1], "no last name")
        # Corrected, the lines in error import.
        body[0] = tuple(
            "NOUVEAU" if index == COLUMNS["last_name"] else v for index, v in enumerate(body[0])
        )
        fixed = self._import(xlsx_bytes([list(row[:-1]) for row in body[:1]]))
        self.assertEqual(fixed.new_count, 1)
        self.assertEqual(self._household("A1").tenant_partner_id.name, "NOUVEAU")

    def test_person_already_in_another_household(self):
        # A household entered by hand, without an application number.
        self._household_by_hand().application_number = False
        rows = [
            line(
                application_number="0139",
                last_name="BERNARD",
                first_name="Lucie",
                birth_date="01/03/1990",
            )
        ]
        wizard = self._preview(csv_bytes(rows))
        self.assertEqual(wizard.line_ids.status, "error")
        self.assertIn("is already a member of household", wizard.line_ids.message)

    def test_same_person_in_two_applications(self):
        rows = [
            line(
                application_number="B1", last_name="DOE", first_name="Jo", birth_date="01/01/1980"
            ),
            line(
                application_number="B2", last_name="DOE", first_name="Jo", birth_date="01/01/1980"
            ),
        ]
        wizard = self._preview(csv_bytes(rows))
        self.assertEqual(self._messages(wizard)[2][0], "new")
        self.assertEqual(
            self._messages(wizard)[3],
            ("error", "same person twice: DOE Jo is already on line 2"),
        )

    # ------------------------------------------------------------------
    # Bad files, as a fuzzer would send them
    # ------------------------------------------------------------------
    def _refused(self, content, regex, file_name="designations.csv"):
        households = self.env["housing.household"].search_count([])
        with self.assertRaisesRegex(UserError, regex):
            self._wizard(content, file_name=file_name)
        self.assertEqual(self.env["housing.household"].search_count([]), households)

    def test_bad_files_are_refused_with_a_clear_message(self):
        self._refused(b"", "is empty")
        self._refused(b"  \r\n ", "is empty")
        self._refused(bytes(range(256)) * 40, "neither an XLSX spreadsheet nor a CSV text file")
        self._refused(b"\x89PNG\r\n\x1a\n" + bytes(range(1, 32)) * 50, "neither an XLSX")
        self._refused("Nom;Prénom\r\nÉlodie;Zoé".encode("utf-16"), "UTF-16")
        self._refused("Nom;Prénom\r\nÉlodie;Zoé".encode("utf-16-le"), "neither an XLSX")
        self._refused(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, r"old Excel format \(\.xls\)"
        )
        self._refused(b"PK\x03\x04garbage", "cannot be read as an XLSX spreadsheet")
        self._refused(csv_bytes([]), "has headings but no designation")
        self._refused(csv_bytes([[""] * len(HEADINGS)] * 3), "has headings but no designation")
        self._refused(b"\x81\x8d\x8f\x90\x9d;\xc3", "not written in UTF-8 nor in Windows-1252")
        self._refused(
            csv_bytes([line(application_number="1", last_name="x" * 3000)]),
            "a cell of 3000 characters",
        )

    def test_missing_columns(self):
        headings = ["Prénom", "Téléphone"]
        wizard = self._wizard(csv_bytes([["Ann", "06"]], headings=headings))
        with self.assertRaisesRegex(
            UserError, "no column for: Application number .numéro unique / SNE., Last name"
        ):
            wizard.action_preview()
        self.assertFalse(wizard.line_ids)

    def test_extra_columns_are_ignored(self):
        headings = [*HEADINGS, "Observations", ""]
        rows = [[*row, "remarque", "x"] for row in candidates(2)]
        wizard = self._import(csv_bytes(rows, headings=headings))
        self.assertEqual(wizard.new_count, 2)
        self.assertEqual(
            wizard.column_ids.filtered(lambda c: c.heading in ("Observations", "Column 20")).mapped(
                "target"
            ),
            [False, False],
        )

    def test_encodings_and_separators(self):
        rows = [line(application_number="C1", last_name="LEFÈVRE", first_name="Zoé")]
        for content in (
            csv_bytes(rows, encoding="cp1252"),
            csv_bytes(rows, bom=True),
            csv_bytes(rows, delimiter=","),
            csv_bytes(rows, delimiter="\t"),
            xlsx_bytes(rows),
        ):
            wizard = self._preview(content)
            self.assertEqual(wizard.line_ids.person, "LEFÈVRE Zoé")
            self.assertEqual(wizard.line_ids.status, "new")

    def test_dates_in_three_formats_and_excel_dates(self):
        rows = [
            line(application_number="D1", last_name="A", birth_date="05/04/1981"),
            line(application_number="D2", last_name="B", birth_date="1981-04-05"),
            line(application_number="D3", last_name="C", birth_date="05-04-81"),
            line(application_number="D4", last_name="D", birth_date=datetime(1981, 4, 5)),
            line(application_number="D5", last_name="E", birth_date="05-04-20"),
            line(application_number="D6", last_name="F", birth_date="5 avril 1981"),
            line(application_number="D7", last_name="G", birth_date=29220),
        ]
        self._import(xlsx_bytes(rows), file_name="dates.xlsx")
        births = {
            number: self._household(number).member_ids.birth_date
            for number in ("D1", "D2", "D3", "D4", "D5")
        }
        self.assertEqual(set(list(births.values())[:4]), {date(1981, 4, 5)})
        self.assertEqual(births["D5"], date(2020, 4, 5))
        self.assertFalse(self._household("D6") | self._household("D7"))

    def test_formulas_are_never_calculated(self):
        rows = [
            line(application_number="F1", last_name="=1+1"),
            line(application_number="F2", last_name="OK", first_name='=HYPERLINK("x")'),
            line(application_number="F3", last_name="OK", phone="#DIV/0!"),
            line(application_number="F4", last_name="SAFE"),
        ]
        for content in (xlsx_bytes(rows), csv_bytes(rows)):
            wizard = self._preview(content)
            messages = self._messages(wizard)
            self.assertIn(
                "Last name holds a formula (=1+1), which is never calculated", messages[2][1]
            )
            self.assertIn("First name holds a formula", messages[3][1])
            self.assertIn("Phone holds a spreadsheet error (#DIV/0!)", messages[4][1])
            self.assertEqual(messages[5][0], "new")
        wizard.action_import()
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.error_file))).active
        # Written back as text, not as a formula a spreadsheet would calculate.
        self.assertEqual(sheet.cell(2, COLUMNS["last_name"] + 1).value, "=1+1")
        self.assertEqual(sheet.cell(2, COLUMNS["last_name"] + 1).data_type, "s")

    def test_long_strings(self):
        rows = [
            line(application_number="L1", last_name="N" * 101),
            line(application_number="L" * 33, last_name="OK"),
        ]
        messages = self._messages(self._preview(csv_bytes(rows)))
        self.assertEqual(
            messages[2],
            ("error", "Last name is longer than 100 characters (101): shorten it"),
        )
        self.assertIn("Application number (numéro unique / SNE) is longer than 32", messages[3][1])

    def test_more_lines_than_the_limit(self):
        rows = [["1", "x"]] * (MAX_ROWS + 1)
        self._refused(
            csv_bytes(rows, headings=["Numéro unique (SNE)", "Nom"]),
            f"more than {MAX_ROWS} lines: split it",
        )

    def test_ten_thousand_lines(self):
        wizard = self._preview(csv_bytes(candidates(10000)))
        self.assertEqual((wizard.new_count, wizard.error_count), (10000, 0))
        self.assertEqual(len(wizard.line_ids), 10000)

    # ------------------------------------------------------------------
    # Access, log, speed
    # ------------------------------------------------------------------
    def test_who_imports_and_the_log(self):
        with self.assertRaises(AccessError):
            self.env["housing.designation.import.wizard"].with_user(self.facilitator).create({})
        # Without the right to create contacts, the import says what to ask for.
        wizard = self._wizard(csv_bytes(candidates(1)), user=self.staff)
        with self.assertRaisesRegex(UserError, "right to create contacts"):
            wizard.action_preview()
        wizard = self._import(csv_bytes(candidates(2) + [line(application_number="E")]))
        log = wizard.log_id
        with self.assertRaises(AccessError):
            log.with_user(self.importer).read(["name"])
        log = log.with_user(self.manager)
        self.assertEqual(
            (
                log.name,
                log.user_id,
                log.line_count,
                log.new_count,
                log.update_count,
                log.error_count,
            ),
            ("designations.csv", self.importer, 3, 2, 0, 1),
        )
        self.assertEqual(base64.b64decode(log.source_file), base64.b64decode(wizard.data_file))
        self.assertTrue(log.error_file)
        self.assertEqual(len(log.accompaniment_ids), 2)
        self.assertEqual(
            wizard.action_view_files()["domain"], [("id", "in", log.accompaniment_ids.ids)]
        )

    def _import_queries_again(self, count, start):
        wizard = self._preview(csv_bytes(candidates(count, start=start, dwelling_reference="D3")))
        self.env.invalidate_all()
        queries_before = self.cr.sql_log_count
        wizard.action_import()
        self.env.flush_all()
        self.assertEqual(wizard.update_count, count)
        return self.cr.sql_log_count - queries_before

    def _import_queries(self, count, start):
        wizard = self._preview(csv_bytes(candidates(count, start=start, dwelling_reference="D3")))
        self.env.invalidate_all()
        queries_before = self.cr.sql_log_count
        wizard.action_import()
        self.env.flush_all()
        queries = self.cr.sql_log_count - queries_before
        self.assertEqual(wizard.new_count, count)
        return queries

    def test_query_count_grows_with_the_batch_not_per_line(self):
        self._import_queries(2, 1000)  # the caches of the first run are not the import's
        ten = self._import_queries(10, 0)
        fifty = self._import_queries(50, 100)
        # The ORM inserts 100 rows per query: 50 files take 350 rights lines, 4 inserts (and
        # 4 updates of their stored related fields) where 10 files take one.
        # Forty more candidates: a query per line would be 40 more. What grows is the batch:
        # each table's rows are inserted 100 at a time (files, members, rights and document
        # checklist lines, the steps' activities).
        self.assertLessEqual(fifty - ten, 16, f"10 lines: {ten} queries, 50 lines: {fifty}")
        again = self._import_queries_again(50, 100)
        self.assertLessEqual(again, ten, "a file imported again writes nothing")

    def test_wizard_form_and_anonymisation(self):
        form = Form(
            self.env["housing.designation.import.wizard"]
            .with_user(self.importer)
            .with_context(default_file_name="martin.csv")
        )
        form.source_id = self.source
        form.data_file = base64.b64encode(csv_bytes(self._martin_family()))
        wizard = form.save()
        self.assertEqual(wizard.state, "upload")
        wizard.action_read_file()
        self.assertEqual(wizard.state, "map")
        self.assertEqual(len(wizard.column_ids), len(HEADINGS))
        self.assertEqual(
            wizard.column_ids.mapped("target"), [key for key, _heading, _length in TARGET_SPECS]
        )
        wizard.action_preview()
        wizard.action_back()
        self.assertEqual((wizard.state, len(wizard.line_ids)), ("map", 0))
        wizard.action_preview()
        wizard.action_import()
        self.assertEqual(wizard.state, "done")
        household = self._household("0131220012345")
        # The application number names the household: anonymisation removes it.
        household._anonymise()
        self.assertFalse(household.application_number)
        self.assertTrue(household.anonymised_date)
