"""Reading a designation file (XLSX or CSV) into rows of cells, and reading its cells.

Nothing here writes to the database. Every problem raises a ``UserError`` (for the whole
file) or returns the reason in words (for one cell), in the user's language.
"""

import codecs
import csv
import functools
import io
import re
import unicodedata
import zipfile
from datetime import date, datetime

import openpyxl

from odoo.exceptions import UserError

# Above this many lines, a file is refused at once with a clear message (a département's
# yearly designations are a few thousand candidates).
MAX_ROWS = 20000
# A cell longer than this is not a designation's data: the file is refused.
MAX_CELL_LENGTH = 2000
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y")
TRUE_WORDS = {"oui", "o", "yes", "y", "1", "x", "vrai", "true", "dalo"}
FALSE_WORDS = {"non", "n", "no", "0", "faux", "false", ""}
FEMALE_WORDS = {"f", "femme", "female", "woman", "mme", "madame", "w"}
MALE_WORDS = {"m", "h", "homme", "male", "man", "m.", "mr", "monsieur"}
RELATIONSHIP_WORDS = {
    "head": {"demandeur", "titulaire", "requerant", "head", "applicant", "chef de famille"},
    "spouse": {
        "conjoint",
        "conjointe",
        "epoux",
        "epouse",
        "concubin",
        "concubine",
        "partenaire",
        "pacse",
        "pacsee",
        "co-demandeur",
        "codemandeur",
        "spouse",
        "partner",
    },
    "child": {"enfant", "fils", "fille", "child", "son", "daughter"},
    "parent": {"parent", "pere", "mere", "father", "mother", "ascendant"},
    "sibling": {"frere", "soeur", "sibling", "brother", "sister"},
}


@functools.lru_cache(maxsize=65536)
def _normalize(text):
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"[\W_]+", " ", text).strip().lower()


def normalize(text):
    """Lower case, no accents, single spaces: how headings and words are compared."""
    return _normalize(str(text or ""))


# The words as they are compared.
FEMALE_WORDS = {normalize(word) for word in FEMALE_WORDS}
MALE_WORDS = {normalize(word) for word in MALE_WORDS}
RELATIONSHIP_WORDS = {
    relationship: {normalize(word) for word in words}
    for relationship, words in RELATIONSHIP_WORDS.items()
}


class DesignationFileReader:
    """Turns the bytes of an uploaded file into ``(headings, rows)``."""

    def __init__(self, env, file_name):
        self.env = env
        self.file_name = file_name or env._("the file")

    def read_file(self, content):
        _ = self.env._
        if not content or not content.strip():
            raise UserError(
                _(
                    "%(file)s is empty: export the designations again, or start from the "
                    "import template.",
                    file=self.file_name,
                )
            )
        if content.startswith(XLSX_MAGIC):
            rows = self._read_xlsx(content)
        elif content.startswith(OLE_MAGIC):
            raise UserError(
                _(
                    "%(file)s is in the old Excel format (.xls): open it in a spreadsheet and "
                    "save it as .xlsx, or as CSV.",
                    file=self.file_name,
                )
            )
        else:
            rows = self._read_csv(content)
        rows = [self._clean_row(row) for row in rows]
        while rows and not any(cell not in (None, "") for cell in rows[-1]):
            rows.pop()
        while rows and not any(cell not in (None, "") for cell in rows[0]):
            rows.pop(0)
        if not rows:
            raise UserError(
                _("%(file)s holds no line: fill in the import template.", file=self.file_name)
            )
        headings = self._headings(rows[0])
        body = rows[1:]
        if not any(any(cell not in (None, "") for cell in row) for row in body):
            raise UserError(
                _(
                    "%(file)s has headings but no designation under them: add one line per "
                    "candidate (or per person).",
                    file=self.file_name,
                )
            )
        width = len(headings)
        return headings, [(list(row) + [None] * width)[:width] for row in body]

    def _too_many_rows(self):
        return UserError(
            self.env._(
                "%(file)s has more than %(max)s lines: split it into several files of at most "
                "%(max)s lines and import them one after the other.",
                file=self.file_name,
                max=MAX_ROWS,
            )
        )

    def _read_xlsx(self, content):
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as error:
            raise UserError(
                self.env._(
                    "%(file)s cannot be read as an XLSX spreadsheet (it may be damaged): save "
                    "it again from the spreadsheet, or as CSV.",
                    file=self.file_name,
                )
            ) from error
        try:
            sheet = workbook.worksheets[0]
            rows = []
            for row in sheet.iter_rows(values_only=True):
                rows.append(list(row))
                if len(rows) > MAX_ROWS + 1:
                    raise self._too_many_rows()
            return rows
        finally:
            workbook.close()

    def _read_csv(self, content):
        _ = self.env._
        not_text = UserError(
            _(
                "%(file)s is neither an XLSX spreadsheet nor a CSV text file: export the "
                "designations as .xlsx or as CSV (UTF-8 or Windows-1252).",
                file=self.file_name,
            )
        )
        if content.startswith(codecs.BOM_UTF8):
            content = content[len(codecs.BOM_UTF8) :]
            encodings = ("utf-8",)
        elif content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise UserError(
                _(
                    "%(file)s is a UTF-16 text file: save it as CSV UTF-8 (or Windows-1252), "
                    "or as .xlsx.",
                    file=self.file_name,
                )
            )
        else:
            encodings = ("utf-8", "cp1252")
        if b"\x00" in content:
            raise not_text
        text = None
        for encoding in encodings:
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        if text is None:
            raise UserError(
                _(
                    "%(file)s is not written in UTF-8 nor in Windows-1252: save it again as CSV "
                    "UTF-8, or as .xlsx.",
                    file=self.file_name,
                )
            )
        controls = sum(
            1
            for char in text[:20000]
            if unicodedata.category(char) == "Cc" and char not in "\t\r\n"
        )
        if controls > 5:
            raise not_text
        first_line = text.lstrip("\r\n").split("\n", 1)[0]
        delimiter = max((";", ",", "\t"), key=first_line.count)
        rows = []
        try:
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
                rows.append(row)
                if len(rows) > MAX_ROWS + 1:
                    raise self._too_many_rows()
        except csv.Error as error:
            raise UserError(
                _(
                    "%(file)s cannot be read as CSV (line %(line)s: %(error)s): save it again "
                    "from the spreadsheet as CSV, or as .xlsx.",
                    file=self.file_name,
                    line=len(rows) + 1,
                    error=error,
                )
            ) from error
        return rows

    def _clean_row(self, row):
        """Cells as text or numbers (dates as dd/mm/yyyy, as typed in a CSV file)."""
        cleaned = []
        for cell in row:
            if isinstance(cell, datetime | date):
                cell = cell.strftime("%d/%m/%Y")
            elif isinstance(cell, bool):
                cell = str(cell)
            if isinstance(cell, str):
                cell = cell.strip()
                if len(cell) > MAX_CELL_LENGTH:
                    raise UserError(
                        self.env._(
                            "%(file)s has a cell of %(length)s characters (“%(start)s…”): it "
                            "does not look like designations. Check the file's columns.",
                            file=self.file_name,
                            length=len(cell),
                            start=cell[:30],
                        )
                    )
            cleaned.append(cell)
        return cleaned

    def _headings(self, row):
        headings, seen = [], {}
        for index, cell in enumerate(row, start=1):
            heading = str(cell).strip() if cell not in (None, "") else ""
            heading = heading or self.env._("Column %(index)s", index=index)
            key = normalize(heading)
            if key in seen:
                seen[key] += 1
                heading = f"{heading} ({seen[key]})"
            else:
                seen[key] = 1
            headings.append(heading)
        return headings


class CellReader:
    """Reads one cell as the value a target needs; returns ``(value, reason)``, where a
    reason in words says why the cell cannot be read."""

    def __init__(self, env, today):
        self.env = env
        self.today = today

    def text(self, value, label, max_length):
        if value is None:
            return "", None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, datetime | date):
            value = value.strftime("%d/%m/%Y")
        text = str(value).strip()
        if text.startswith("="):
            return "", self.env._(
                "%(label)s holds a formula (%(formula)s), which is never calculated: type its "
                "value instead",
                label=label,
                formula=text[:40],
            )
        if text.startswith("#") and text.upper().rstrip("!?0/") in {
            "#N/A",
            "#REF",
            "#VALUE",
            "#DIV",
            "#NAME",
            "#NUM",
            "#NULL",
        }:
            return "", self.env._(
                "%(label)s holds a spreadsheet error (%(error)s): type its value instead",
                label=label,
                error=text,
            )
        if len(text) > max_length:
            return "", self.env._(
                "%(label)s is longer than %(max)s characters (%(length)s): shorten it",
                label=label,
                max=max_length,
                length=len(text),
            )
        return text, None

    def date(self, value, label, past_only=True):
        if isinstance(value, datetime):
            value = value.date()
        if not isinstance(value, date):
            text, reason = self.text(value, label, 40)
            if reason or not text:
                return False, reason
            text = text.split(" ")[0]
            value = None
            for date_format in DATE_FORMATS:
                try:
                    value = datetime.strptime(text, date_format).date()
                except ValueError:
                    continue
                if date_format.endswith("%y") and value > self.today:
                    value = value.replace(year=value.year - 100)
                break
            if value is None:
                return False, self.env._(
                    "unreadable %(label)s “%(value)s”: write it as dd/mm/yyyy",
                    label=label,
                    value=text,
                )
        if value.year < 1900:
            return False, self.env._(
                "%(label)s %(value)s is before 1900: correct it",
                label=label,
                value=value.strftime("%d/%m/%Y"),
            )
        if past_only and value > self.today:
            return False, self.env._(
                "%(label)s %(value)s is in the future: correct it",
                label=label,
                value=value.strftime("%d/%m/%Y"),
            )
        return value, None

    def boolean(self, value, label):
        text, reason = self.text(value, label, 10)
        if reason:
            return False, reason
        word = normalize(text)
        if word in TRUE_WORDS:
            return True, None
        if word in FALSE_WORDS:
            return False, None
        return False, self.env._(
            "%(label)s “%(value)s” is neither oui nor non", label=label, value=text
        )

    def count(self, value, label):
        text, reason = self.text(value, label, 20)
        if reason or not text:
            return 0, reason
        if not text.isdigit() or int(text) > 20:
            return 0, self.env._(
                "%(label)s “%(value)s” is not a number of people between 0 and 20",
                label=label,
                value=text,
            )
        return int(text), None

    def email(self, value, label):
        text, reason = self.text(value, label, 240)
        if reason or not text:
            return text, reason
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text):
            return "", self.env._(
                "%(label)s “%(value)s” is not an e-mail address", label=label, value=text
            )
        return text, None

    def gender(self, value, label):
        text, reason = self.text(value, label, 20)
        word = normalize(text)
        if reason or not word:
            return False, reason
        if word in FEMALE_WORDS:
            return "female", None
        if word in MALE_WORDS:
            return "male", None
        return "other", None

    def relationship(self, value, label):
        text, reason = self.text(value, label, 60)
        word = normalize(text)
        if reason or not word:
            return False, reason
        for relationship, words in RELATIONSHIP_WORDS.items():
            if word in words:
                return relationship, None
        return "other_relative", None
