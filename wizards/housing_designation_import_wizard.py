import base64
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

import xlsxwriter

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .housing_designation_file import CellReader, DesignationFileReader, normalize

# What a column of a designation file may hold: (key, label, French heading of the import
# template, longest text accepted). The labels are those of ``TARGETS`` below.
TARGET_SPECS = [
    ("application_number", "Numéro unique (SNE)", 32),
    ("designation_date", "Date de désignation", 40),
    ("designation_reference", "Référence de la désignation", 64),
    ("is_dalo", "DALO (oui/non)", 10),
    ("reservation_holder", "Réservataire", 128),
    ("dwelling_reference", "Logement proposé (référence)", 64),
    ("last_name", "Nom", 100),
    ("first_name", "Prénom", 100),
    ("birth_date", "Date de naissance", 40),
    ("gender", "Sexe (F/M)", 20),
    ("relationship", "Lien avec le demandeur", 60),
    ("phone", "Téléphone", 32),
    ("email", "Courriel", 240),
    ("street", "Adresse", 200),
    ("zip", "Code postal", 16),
    ("city", "Ville", 100),
    ("adult_count", "Nombre d'adultes", 5),
    ("child_count", "Nombre d'enfants", 5),
]
TARGETS = [
    ("application_number", "Application number (numéro unique / SNE)"),
    ("designation_date", "Designation date"),
    ("designation_reference", "Designation reference"),
    ("is_dalo", "DALO (yes / no)"),
    ("reservation_holder", "Reservation holder"),
    ("dwelling_reference", "Proposed dwelling (reference)"),
    ("last_name", "Last name"),
    ("first_name", "First name"),
    ("birth_date", "Birth date"),
    ("gender", "Gender"),
    ("relationship", "Relationship to the applicant"),
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("street", "Address"),
    ("zip", "Postcode"),
    ("city", "City"),
    ("adult_count", "Number of adults"),
    ("child_count", "Number of children"),
]
REQUIRED_TARGETS = ("application_number", "last_name")
TEMPLATE_HEADINGS = {key: heading for key, heading, _length in TARGET_SPECS}
MAX_LENGTHS = {key: length for key, _heading, length in TARGET_SPECS}
# Other headings a column is recognised by, besides its template heading, its label and key.
ALIASES = {
    "application_number": ("numero unique", "nud", "numero sne", "sne", "num unique"),
    "designation_date": ("date designation",),
    "designation_reference": ("reference designation", "ref designation"),
    "dwelling_reference": ("logement", "logement propose", "reference logement"),
    "last_name": ("nom de famille", "nom du demandeur"),
    "birth_date": ("ne le", "ne e le", "nee le", "naissance", "date naissance"),
    "phone": ("telephone portable", "portable", "tel"),
    "email": ("mail", "e-mail", "adresse mail", "adresse electronique"),
    "zip": ("cp",),
    "city": ("commune",),
    "gender": ("sexe", "civilite"),
    "relationship": ("lien", "lien de parente"),
    "adult_count": ("adultes", "nb adultes"),
    "child_count": ("enfants", "nb enfants"),
}
STATES = [
    ("upload", "File"),
    ("map", "Columns"),
    ("preview", "Preview"),
    ("done", "Imported"),
]
LINE_STATUSES = [("new", "New"), ("update", "Already known"), ("error", "Error")]
CONTACT_FIELDS = ("phone", "email", "street", "zip", "city")
FILE_FIELDS = (
    "designation_date",
    "designation_reference",
    "designation_type",
    "reservation_holder_id",
    "proposed_dwelling_id",
)


@dataclass
class Person:
    """One line of the file: a person of an application."""

    line: int
    cells: list
    values: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)

    @property
    def name(self):
        return " ".join(
            part for part in (self.values["last_name"], self.values["first_name"]) if part
        )

    @property
    def key(self):
        return (normalize(self.name), self.values["birth_date"])


@dataclass
class Application:
    """The lines of one application number: its applicant and the other members."""

    number: str
    people: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    household: object = None
    file: object = None
    dwelling: object = None
    is_new: bool = True
    is_closed: bool = False
    changes: list = field(default_factory=list)
    file_changes: dict = field(default_factory=dict)

    @property
    def head(self):
        heads = [person for person in self.people if person.values["relationship"] == "head"]
        return heads[0] if heads else self.people[0]

    @property
    def in_error(self):
        return bool(self.errors) or any(person.errors for person in self.people)


class HousingDesignationImportWizard(models.TransientModel):
    """Imports the Préfecture's (or another reservation holder's) designations from a
    spreadsheet: columns mapped once per source, a preview line by line, then the contacts,
    households, members and new-entrant files written through their own models."""

    _name = "housing.designation.import.wizard"
    _description = "Import designations"

    state = fields.Selection(STATES, default="upload", required=True)
    source_id = fields.Many2one(
        "housing.import.mapping",
        required=True,
        default=lambda self: self._default_source(),
        help="Who sends the file (the Préfecture's SNE export, Action Logement…): the columns "
        "mapped for a source are proposed again for its next file.",
    )
    data_file = fields.Binary(string="File", attachment=False)
    file_name = fields.Char()
    file_rows = fields.Json(
        help="The headings and lines of the file as read at the first step: the next steps do "
        "not read the spreadsheet again."
    )
    column_ids = fields.One2many("housing.designation.import.column", "wizard_id", string="Columns")
    line_ids = fields.One2many("housing.designation.import.line", "wizard_id", string="Lines")
    new_count = fields.Integer(string="New", readonly=True)
    update_count = fields.Integer(string="Already known", readonly=True)
    error_count = fields.Integer(string="In error", readonly=True)
    error_file = fields.Binary(string="Lines in error", readonly=True, attachment=False)
    error_file_name = fields.Char()
    template_file = fields.Binary(readonly=True, attachment=False)
    log_id = fields.Many2one("housing.designation.import.log", string="Import log", readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    @api.model
    def _default_source(self):
        return self.env["housing.import.mapping"].search(
            [("company_id", "in", [self.env.company.id, False])], limit=1
        )

    # ------------------------------------------------------------------
    # Steps
    # ------------------------------------------------------------------
    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Import designations"),
        }

    def action_read_file(self):
        """Read the file's headings and propose what each column holds."""
        self.ensure_one()
        headings, rows = self._read()
        saved = self.source_id.column_map or {}
        proposals = self._auto_targets()
        used = set()
        columns = []
        for index, heading in enumerate(headings):
            key = normalize(heading)
            target = saved.get(key) or proposals.get(key)
            if target in used or target not in TEMPLATE_HEADINGS:
                target = False
            used.add(target)
            sample = next((row[index] for row in rows[:20] if row[index] not in (None, "")), "")
            if isinstance(sample, datetime | date):
                sample = sample.strftime("%d/%m/%Y")
            columns.append(
                Command.create(
                    {
                        "sequence": index,
                        "heading": heading,
                        "sample": str(sample)[:60],
                        "target": target,
                    }
                )
            )
        self.write({"column_ids": [Command.clear(), *columns], "state": "map"})
        return self._reopen()

    def action_preview(self):
        """Check every line, say what the import would do with it, and save the mapping."""
        self.ensure_one()
        applications = self._analyse()
        self.source_id.column_map = {
            normalize(column.heading): column.target for column in self.column_ids if column.target
        }
        self._write_preview(applications)
        self.state = "preview"
        return self._reopen()

    def action_back(self):
        self.ensure_one()
        self.write({"state": "map", "line_ids": [Command.clear()]})
        return self._reopen()

    def action_import(self):
        """Write every valid application; offer the lines in error back as a spreadsheet."""
        self.ensure_one()
        applications = self._analyse()
        valid = [application for application in applications if not application.in_error]
        try:
            with self.env.cr.savepoint():
                files = self._write_applications(valid)
        except ValidationError as error:
            raise UserError(
                self.env._(
                    "Nothing was imported: %(error)s\nCorrect the file and import it again.",
                    error=error.args[0],
                )
            ) from error
        self._write_preview(applications)
        errors = [application for application in applications if application.in_error]
        self.error_file = errors and base64.b64encode(self._error_workbook(errors))
        self.error_file_name = errors and self.env._(
            "errors-%(file)s.xlsx", file=(self.file_name or "import").rsplit(".", 1)[0]
        )
        # sudo: the log is the managers' (users may not read it); the wizard keeps its id to
        # open the files it created.
        self.sudo().log_id = (
            self.env["housing.designation.import.log"]
            .sudo()
            .create(
                {
                    "name": self.file_name or self.env._("Designations"),
                    "source_id": self.source_id.id,
                    "company_id": self.company_id.id,
                    "user_id": self.env.user.id,
                    "line_count": sum(len(application.people) for application in applications),
                    "new_count": self.new_count,
                    "update_count": self.update_count,
                    "error_count": self.error_count,
                    "source_file": self.data_file,
                    "source_file_name": self.file_name,
                    "error_file": self.error_file,
                    "error_file_name": self.error_file_name,
                    "accompaniment_ids": [Command.set(files.ids)],
                }
            )
        )
        self.state = "done"
        return self._reopen()

    def action_download_errors(self):
        self.ensure_one()
        return self._download("error_file", self.error_file_name)

    def action_download_template(self):
        self.ensure_one()
        self.template_file = base64.b64encode(self._template_workbook())
        return self._download("template_file", self.env._("designations-template.xlsx"))

    def action_view_files(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "housing_accompaniment.action_housing_accompaniment"
        )
        action["domain"] = [("id", "in", self.log_id.sudo().accompaniment_ids.ids)]
        action["context"] = {"default_workflow": "new_entrant"}
        return action

    def _download(self, fname, file_name):
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/{fname}/{file_name}?download=true",
            "target": "self",
        }

    # ------------------------------------------------------------------
    # Reading
    # ------------------------------------------------------------------
    def write(self, vals):
        if "data_file" in vals:
            vals = dict(vals, file_rows=False)
        return super().write(vals)

    def _read(self):
        if self.file_rows:
            return self.file_rows["headings"], self.file_rows["rows"]
        if not self.data_file and not self.file_name:
            raise UserError(self.env._("Choose the file to import first."))
        content = base64.b64decode(self.data_file or b"")
        headings, rows = DesignationFileReader(self.env, self.file_name).read_file(content)
        self.file_rows = {"headings": headings, "rows": rows}
        return headings, rows

    def _auto_targets(self):
        labels = dict(
            self.env["housing.designation.import.column"]
            ._fields["target"]
            ._description_selection(self.env)
        )
        proposals = {}
        for key, heading in TEMPLATE_HEADINGS.items():
            for name in (heading, labels[key], dict(TARGETS)[key], key, *ALIASES.get(key, ())):
                proposals.setdefault(normalize(name), key)
        return proposals

    def _mapping(self):
        """``{target: column index}`` of the mapped columns; refuses an unusable mapping."""
        labels = dict(
            self.env["housing.designation.import.column"]
            ._fields["target"]
            ._description_selection(self.env)
        )
        mapping = {}
        for index, column in enumerate(self.column_ids.sorted("sequence")):
            if not column.target:
                continue
            if column.target in mapping:
                raise UserError(
                    self.env._(
                        "Two columns hold the %(target)s: “%(first)s” and “%(second)s”. Leave "
                        "one of them empty.",
                        target=labels[column.target],
                        first=self.column_ids.sorted("sequence")[mapping[column.target]].heading,
                        second=column.heading,
                    )
                )
            mapping[column.target] = index
        missing = [labels[target] for target in REQUIRED_TARGETS if target not in mapping]
        if missing:
            raise UserError(
                self.env._(
                    "The file has no column for: %(missing)s. Say which column holds them, or "
                    "start from the import template.",
                    missing=", ".join(missing),
                )
            )
        return mapping, labels

    def _analyse(self):
        """Read every line of the file and return its applications, each with its errors in
        words, its known household and file, and what an import would change."""
        if not self.env["res.partner"].has_access("create"):
            raise UserError(
                self.env._(
                    "Importing designations creates the candidates' contacts: ask an "
                    "administrator for the right to create contacts (Contact Creation)."
                )
            )
        mapping, labels = self._mapping()
        headings, rows = self._read()
        if len(headings) != len(self.column_ids):
            raise UserError(
                self.env._(
                    "The file's columns changed since they were mapped: go back and read the "
                    "file again."
                )
            )
        reader = CellReader(self.env, fields.Date.context_today(self))
        applications = {}
        for offset, cells in enumerate(rows, start=2):
            if not any(cell not in (None, "") for cell in cells):
                continue
            person = self._read_person(offset, cells, mapping, labels, reader)
            number = person.values["application_number"]
            if number not in applications:
                applications[number] = Application(number=number)
            applications[number].people.append(person)
        applications = list(applications.values())
        self._check_people(applications)
        self._match_records(applications)
        for application in applications:
            if application.in_error:
                self._spread_errors(application)
        return applications

    def _read_person(self, line, cells, mapping, labels, reader):
        person = Person(line=line, cells=cells)
        unreadable = set()
        readers = {
            "designation_date": lambda value, label: reader.date(value, label),
            "birth_date": lambda value, label: reader.date(value, label),
            "is_dalo": reader.boolean,
            "adult_count": reader.count,
            "child_count": reader.count,
            "email": reader.email,
            "gender": reader.gender,
            "relationship": reader.relationship,
        }
        for target, _label in TARGETS:
            label = labels[target]
            if target not in mapping:
                person.values[target] = False if target in readers else ""
                continue
            value = cells[mapping[target]]
            if target in readers:
                value, reason = readers[target](value, label)
            else:
                value, reason = reader.text(value, label, MAX_LENGTHS[target])
            person.values[target] = value
            if reason:
                person.errors.append(reason)
                unreadable.add(target)
        values = person.values
        values["application_number"] = values["application_number"].replace(" ", "").upper()
        if not values["application_number"] and "application_number" not in unreadable:
            person.errors.append(self.env._("no application number"))
        if not values["last_name"] and "last_name" not in unreadable:
            person.errors.append(self.env._("no last name"))
        return person

    def _check_people(self, applications):
        """Errors that need the whole file: two applicants, the same person twice."""
        seen = {}
        for application in applications:
            heads = [p for p in application.people if p.values["relationship"] == "head"]
            for extra in heads[1:]:
                extra.errors.append(
                    self.env._(
                        "a second applicant for application %(number)s (the first is on line "
                        "%(line)s)",
                        number=application.number,
                        line=heads[0].line,
                    )
                )
            for person in application.people:
                if not person.values["last_name"]:
                    continue
                first = seen.get(person.key)
                if first and (first[0] is application or person.values["birth_date"]):
                    person.errors.append(
                        self.env._(
                            "same person twice: %(name)s is already on line %(line)s",
                            name=person.name,
                            line=first[1].line,
                        )
                    )
                else:
                    seen[person.key] = (application, person)

    def _match_records(self, applications):
        """Find, in a few queries whatever the file's size, the known households and their
        open files, the proposed dwellings and the people already in another household."""
        _ = self.env._
        company = self.company_id
        numbers = [application.number for application in applications if application.number]
        households = (
            self.env["housing.household"]
            .with_context(active_test=False)
            .search([("application_number", "in", numbers), ("company_id", "=", company.id)])
        )
        by_number = {household.application_number: household for household in households}
        files = (
            self.env["housing.accompaniment"]
            .with_context(active_test=False)
            .search([("household_id", "in", households.ids), ("workflow", "=", "new_entrant")])
        )
        file_by_household = {file.household_id: file for file in files if not file.is_closed}
        closed_designations = {
            (file.household_id, file.designation_reference or file.designation_date)
            for file in files
            if file.is_closed
        }
        dwellings = self._find_dwellings(applications)
        birth_dates = {
            person.values["birth_date"]
            for application in applications
            for person in application.people
            if person.values["birth_date"]
        }
        known_people = defaultdict(list)
        for member in self.env["housing.member"].search(
            [
                ("birth_date", "in", list(birth_dates)),
                ("company_id", "=", company.id),
                ("household_id.active", "=", True),
            ]
        ):
            known_people[(normalize(member.name), member.birth_date)].append(member)
        for application in applications:
            household = by_number.get(application.number)
            if household and not household.active:
                application.errors.append(
                    _(
                        "the household %(household)s of application %(number)s is archived: "
                        "restore it first, or correct the number",
                        household=household.display_name,
                        number=application.number,
                    )
                )
                continue
            application.household = household
            application.is_new = not household
            application.file = file_by_household.get(household) if household else None
            head = application.head.values
            application.is_closed = bool(
                household
                and not application.file
                and (household, head["designation_reference"] or head["designation_date"])
                in closed_designations
            )
            reference = application.head.values["dwelling_reference"]
            if reference:
                found = dwellings.get(normalize(reference))
                if isinstance(found, str):
                    application.head.errors.append(found)
                else:
                    application.dwelling = found
            for person in application.people:
                others = [
                    member
                    for member in known_people.get(person.key, [])
                    if member.household_id != household
                ]
                if person.values["birth_date"] and others:
                    person.errors.append(
                        _(
                            "%(name)s, born on %(date)s, is already a member of household "
                            "%(household)s: check the application number",
                            name=person.name,
                            date=person.values["birth_date"].strftime("%d/%m/%Y"),
                            household=others[0].household_id.display_name,
                        )
                    )
            if household and not application.in_error:
                application.changes = self._changes(application)
                application.file_changes = self._file_changes(application)

    def _find_dwellings(self, applications):
        """``{normalized reference: dwelling or reason}``. A reference is the dwelling's, or
        ``<residence code>/<reference>`` when several residences use it."""
        references = {
            normalize(application.head.values["dwelling_reference"]): application.head.values[
                "dwelling_reference"
            ]
            for application in applications
            if application.head.values["dwelling_reference"]
        }
        names = {reference.rsplit("/", 1)[-1].strip() for reference in references.values()}
        dwellings = self.env["housing.dwelling"].search(
            [("name", "in", list(names)), ("company_id", "=", self.company_id.id)]
        )
        by_name = defaultdict(list)
        for dwelling in dwellings:
            by_name[normalize(dwelling.name)].append(dwelling)
        found = {}
        for key, reference in references.items():
            code, _slash, name = reference.rpartition("/")
            candidates = by_name.get(normalize(name), [])
            if code:
                candidates = [
                    d for d in candidates if normalize(d.residence_id.code) == normalize(code)
                ]
            if len(candidates) == 1:
                found[key] = candidates[0]
            elif not candidates:
                found[key] = self.env._(
                    "unknown dwelling “%(reference)s”: check its reference (or write "
                    "<residence code>/<reference>)",
                    reference=reference,
                )
            else:
                found[key] = self.env._(
                    "dwelling reference “%(reference)s” is used in several residences "
                    "(%(residences)s): write it as <residence code>/<reference>",
                    reference=reference,
                    residences=", ".join(
                        d.residence_id.code or d.residence_id.name for d in candidates
                    ),
                )
        return found

    def _spread_errors(self, application):
        """An application is imported whole or not at all: its other lines say why."""
        first_error = next(
            (person for person in application.people if person.errors), application.people[0]
        )
        for person in application.people:
            if not person.errors:
                person.errors.append(
                    self.env._(
                        "not imported: line %(line)s of the same application is in error",
                        line=first_error.line,
                    )
                )
        if application.errors:
            application.people[0].errors[:0] = application.errors

    # ------------------------------------------------------------------
    # What the import writes
    # ------------------------------------------------------------------
    def _file_values(self, application, holders):
        head = application.head.values
        return {
            "designation_date": head["designation_date"] or False,
            "designation_reference": head["designation_reference"] or False,
            "designation_type": "dalo"
            if head["is_dalo"]
            else ("contingent" if self.source_id.is_prefecture_contingent else False),
            "reservation_holder_id": holders.get(normalize(head["reservation_holder"]))
            or self.source_id.reservation_holder_id.id
            or False,
            "proposed_dwelling_id": application.dwelling.id if application.dwelling else False,
        }

    def _file_changes(self, application):
        """The designation data of a known application that its open file does not have yet
        (empty cells change nothing); the reservation holder is compared by name."""
        file = application.file
        if not file:
            return {}
        head = application.head.values
        vals = self._file_values(application, {})
        vals.pop("reservation_holder_id")
        changes = {
            fname: value
            for fname, value in vals.items()
            if value and value != self._cache_value(file, fname)
        }
        holder = head["reservation_holder"] or self.source_id.reservation_holder_id.name
        if holder and normalize(holder) != normalize(file.reservation_holder_id.name):
            changes["reservation_holder_id"] = holder
        return changes

    def _member_values(self, person, relationship=None):
        values = person.values
        return {
            "name": person.name,
            "birth_date": values["birth_date"] or False,
            "gender": values["gender"] or False,
            "relationship": relationship
            or values["relationship"]
            or self._guess_relationship(person),
        }

    def _guess_relationship(self, person):
        birth_date = person.values["birth_date"]
        today = fields.Date.context_today(self)
        if birth_date and (today - birth_date).days < 18 * 365.25:
            return "child"
        return "other_relative"

    def _counted_members(self, application, existing=None):
        """Members added from the numbers of adults and children, for an application given
        on one line: named after the applicant, without a birth date (counted as age
        unknown, never guessed)."""
        head = application.head.values
        if len(application.people) > 1:
            return []
        existing = existing or self.env["housing.member"]
        adults_known = len(existing.filtered(lambda m: m.relationship != "child")) or 1
        children_known = len(existing.filtered(lambda m: m.relationship == "child"))
        members = []
        for index in range(adults_known + 1, head["adult_count"] + 1):
            members.append(
                {
                    "name": self.env._(
                        "%(name)s (adult %(index)s)", name=head["last_name"], index=index
                    ),
                    "relationship": "other_relative",
                }
            )
        for index in range(children_known + 1, head["child_count"] + 1):
            members.append(
                {
                    "name": self.env._(
                        "%(name)s (child %(index)s)", name=head["last_name"], index=index
                    ),
                    "relationship": "child",
                }
            )
        return members

    def _changes(self, application):
        """What importing a known application would change, as ``[(record, vals)]`` and
        the labels of the changed data; empty when the file brings nothing new."""
        household = application.household
        head = application.head.values
        changes = []
        tenant = household.tenant_partner_id
        tenant_vals = {
            fname: head[fname]
            for fname in CONTACT_FIELDS
            if head[fname] and head[fname] != (tenant[fname] or "")
        }
        if tenant_vals:
            changes.append((tenant, tenant_vals))
        household_vals = {}
        if head["is_dalo"] and not household.is_dalo:
            household_vals["is_dalo"] = True
        known = {(normalize(m.name), m.birth_date) for m in household.member_ids}
        known_names = {normalize(m.name) for m in household.member_ids}
        new_members = [
            self._member_values(
                person,
                relationship="other_relative" if person.values["relationship"] == "head" else None,
            )
            for person in application.people
            if person.key not in known
            and not (not person.values["birth_date"] and normalize(person.name) in known_names)
        ]
        new_members += self._counted_members(application, household.member_ids)
        if new_members:
            household_vals["member_ids"] = [Command.create(vals) for vals in new_members]
        if household_vals:
            changes.append((household, household_vals))
        return changes

    def _write_applications(self, applications):
        """Create and update what the valid applications say; return their files."""
        env = self.env
        holders = self._holders(applications)
        new = [application for application in applications if not application.household]
        known = [application for application in applications if application.household]
        create_env = self.with_context(
            tracking_disable=True, mail_create_nolog=True, default_workflow="new_entrant"
        ).env
        tenants = create_env["res.partner"].create(
            [
                dict(
                    {fname: app.head.values[fname] or False for fname in CONTACT_FIELDS},
                    name=app.head.name,
                )
                for app in new
            ]
        )
        households = create_env["housing.household"].create(
            [
                {
                    "tenant_partner_id": tenant.id,
                    "application_number": app.number,
                    "entry_type": "new_entrant",
                    "is_dalo": bool(app.head.values["is_dalo"]),
                    "company_id": self.company_id.id,
                    "member_ids": [
                        Command.create(
                            dict(
                                self._member_values(person, relationship="head"),
                                partner_id=tenant.id,
                            )
                            if person is app.head
                            else self._member_values(
                                person,
                                relationship="other_relative"
                                if person.values["relationship"] == "head"
                                else None,
                            )
                        )
                        for person in app.people
                    ]
                    + [Command.create(vals) for vals in self._counted_members(app)],
                }
                for app, tenant in zip(new, tenants, strict=True)
            ]
        )
        for app, household in zip(new, households, strict=True):
            app.household = household
        for app in known:
            for record, vals in app.changes:
                record.write(vals)
        file_values = []
        files = env["housing.accompaniment"]
        for app in new + known:
            if app.is_closed:
                continue
            if app.file:
                if app.file_changes:
                    vals = dict(app.file_changes)
                    if "reservation_holder_id" in vals:
                        vals["reservation_holder_id"] = (
                            holders.get(normalize(vals["reservation_holder_id"]))
                            or self.source_id.reservation_holder_id.id
                        )
                    app.file.write(vals)
                files |= app.file
            else:
                file_values.append(
                    dict(
                        self._file_values(app, holders),
                        household_id=app.household.id,
                        workflow="new_entrant",
                        request_type="new_entrant",
                        company_id=self.company_id.id,
                    )
                )
        files |= create_env["housing.accompaniment"].create(file_values)
        return files.with_env(env)

    def _cache_value(self, record, fname):
        value = record[fname]
        return value.id if isinstance(value, models.BaseModel) else value

    def _holders(self, applications):
        """``{normalized name: partner id}`` of the reservation holders named in the file;
        the unknown ones are created as companies."""
        names = {
            normalize(app.head.values["reservation_holder"]): app.head.values["reservation_holder"]
            for app in applications
            if app.head.values["reservation_holder"]
        }
        if not names:
            return {}
        Partner = self.env["res.partner"]
        partners = Partner.search(
            [("name", "in", list(names.values())), ("is_company", "=", True)], order="id"
        )
        holders = {}
        for partner in partners:
            holders.setdefault(normalize(partner.name), partner.id)
        missing = [name for key, name in names.items() if key not in holders]
        for partner in Partner.create([{"name": name, "is_company": True} for name in missing]):
            holders[normalize(partner.name)] = partner.id
        return holders

    # ------------------------------------------------------------------
    # Preview and spreadsheets
    # ------------------------------------------------------------------
    def _write_preview(self, applications):
        _ = self.env._
        lines = []
        counts = defaultdict(int)
        for application in applications:
            if application.in_error:
                status = "error"
            else:
                status = "new" if application.is_new else "update"
            counts[status] += 1
            for person in application.people:
                if status == "error":
                    message = "; ".join(person.errors)
                elif status == "new":
                    message = _("new")
                elif application.is_closed and not application.changes:
                    message = _("already known, its file of this designation is closed")
                elif application.changes or application.file_changes or not application.file:
                    message = _("already known → updated")
                else:
                    message = _("already known, nothing to change")
                lines.append(
                    {
                        "wizard_id": self.id,
                        "line_number": person.line,
                        "application_number": application.number,
                        "person": person.name,
                        "status": status,
                        "message": message,
                    }
                )
        current = [
            (line.line_number, line.status, line.message) for line in self.line_ids.sorted("id")
        ]
        if current != [(vals["line_number"], vals["status"], vals["message"]) for vals in lines]:
            # Written again only when they changed since the preview (10,000 lines).
            self.line_ids.unlink()
            self.env["housing.designation.import.line"].create(lines)
        self.write(
            {
                "new_count": counts["new"],
                "update_count": counts["update"],
                "error_count": counts["error"],
            }
        )

    def _error_workbook(self, applications):
        headings = [column.heading for column in self.column_ids.sorted("sequence")]
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True, "strings_to_formulas": False})
        sheet = workbook.add_worksheet(self.env._("Errors"))
        bold = workbook.add_format({"bold": True})
        date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
        for col, heading in enumerate([*headings, self.env._("Error")]):
            sheet.write_string(0, col, heading, bold)
            sheet.set_column(col, col, 18)
        row = 1
        for application in applications:
            for person in application.people:
                for col, cell in enumerate(person.cells):
                    if isinstance(cell, datetime | date):
                        sheet.write_datetime(row, col, cell, date_format)
                    elif isinstance(cell, int | float) and not isinstance(cell, bool):
                        sheet.write_number(row, col, cell)
                    elif cell not in (None, ""):
                        sheet.write_string(row, col, str(cell))
                sheet.write_string(row, len(headings), "; ".join(person.errors))
                row += 1
        sheet.set_column(len(headings), len(headings), 60)
        sheet.freeze_panes(1, 0)
        workbook.close()
        return output.getvalue()

    def _template_workbook(self):
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet("Désignations")
        bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "text_wrap": True})
        text = workbook.add_format({"num_format": "@"})
        labels = dict(
            self.env["housing.designation.import.column"]
            ._fields["target"]
            ._description_selection(self.env)
        )
        for col, (key, heading, _length) in enumerate(TARGET_SPECS):
            sheet.write_string(0, col, heading, bold)
            sheet.write_comment(0, col, labels[key])
            sheet.set_column(col, col, 20, text)
        examples = [
            [
                "0131220012345",
                "15/01/2026",
                "DES-2026-001",
                "oui",
                "Préfecture des Bouches-du-Rhône",
                "D1",
                "MARTIN",
                "Sophie",
                "12/05/1985",
                "F",
                "Demandeur",
                "0612345678",
                "sophie.martin@example.com",
                "3 rue des Lilas",
                "13090",
                "Aix-en-Provence",
                "",
                "",
            ],
            [
                "0131220012345",
                "",
                "",
                "",
                "",
                "",
                "MARTIN",
                "Léa",
                "03/02/2015",
                "F",
                "Enfant",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
            [
                "0131220067890",
                "2026-01-15",
                "DES-2026-002",
                "non",
                "Action Logement",
                "D1",
                "DIALLO",
                "Moussa",
                "01-09-79",
                "M",
                "Demandeur",
                "",
                "",
                "",
                "",
                "",
                "2",
                "3",
            ],
        ]
        for row, values in enumerate(examples, start=1):
            for col, value in enumerate(values):
                if value:
                    sheet.write_string(row, col, value)
        sheet.freeze_panes(1, 0)
        workbook.close()
        return output.getvalue()


class HousingDesignationImportColumn(models.TransientModel):
    """A column of the uploaded file and what it holds."""

    _name = "housing.designation.import.column"
    _description = "Column of a designation file"
    _order = "sequence, id"

    wizard_id = fields.Many2one(
        "housing.designation.import.wizard", required=True, ondelete="cascade"
    )
    sequence = fields.Integer()
    heading = fields.Char(string="Column", readonly=True)
    sample = fields.Char(string="First value", readonly=True)
    target = fields.Selection(
        TARGETS, string="Holds", help="Leave empty for a column the import does not read."
    )


class HousingDesignationImportLine(models.TransientModel):
    """What the import does (or did) with one line of the file."""

    _name = "housing.designation.import.line"
    _description = "Line of a designation import"
    _order = "status, line_number"  # the lines in error first

    wizard_id = fields.Many2one(
        "housing.designation.import.wizard", required=True, ondelete="cascade"
    )
    line_number = fields.Integer(string="Line")
    application_number = fields.Char()
    person = fields.Char()
    status = fields.Selection(LINE_STATUSES)
    message = fields.Char(string="What happens")
