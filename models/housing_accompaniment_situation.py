from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_unique_index, table_exists

# The household's social profile as the figures count it (DESIGN: "as recorded on its latest
# file active in the period"): copied on each file. The lease start date is kept, not whether
# the tenancy is older than two years: that depends on the period's end.
SITUATION_FIELDS = (
    "lease_start_date",
    "is_dalo",
    "is_first_time_arrival",
    "is_rsa_beneficiary",
    "is_single_parent",
)
# One version per file and date, the first one (no date) included.
UNIQUE_INDEX = "housing_accompaniment_situation_version_unique"


class HousingAccompanimentSituation(models.Model):
    """The household's social profile recorded on one file, version by version, for the
    figures of past periods.

    While the file is open it follows the household: each household write that changes it
    adds a version valid from that day (set-based, whatever the number of files), so a past
    period keeps reading the version it had. The first version has no date (valid from the
    file's beginning). Once the file is closed it keeps its versions, and follows the
    household again when the file is reopened. A narrow table of its own, read by
    ``housing.population`` only: the board and the file's form read nothing more."""

    _name = "housing.accompaniment.situation"
    _description = "Household situation recorded on a file"
    _rec_name = "accompaniment_id"
    _order = "accompaniment_id, date_from ASC NULLS FIRST, id"

    accompaniment_id = fields.Many2one(
        "housing.accompaniment", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    date_from = fields.Date(
        string="Valid from",
        readonly=True,
        help="The day this situation of the household was recorded on the file; empty for the "
        "first one, valid from the file's beginning. It holds until the next one.",
    )
    lease_start_date = fields.Date(readonly=True)
    is_dalo = fields.Boolean(string="DALO", readonly=True)
    is_first_time_arrival = fields.Boolean(string="First-time arrival", readonly=True)
    is_rsa_beneficiary = fields.Boolean(string="RSA beneficiary", readonly=True)
    is_single_parent = fields.Boolean(string="Single-parent family", readonly=True)

    def init(self):
        """One version per file and date (the first one, without a date, included). Existing
        databases: the former one row per file becomes its first version (its date empty);
        every file without any gets the situation of its household today (open files follow
        it anyway; closed ones keep this from now on)."""
        cr = self.env.cr
        # Before versions: one row per file (a constraint that the versions replace).
        cr.execute(
            SQL(
                "ALTER TABLE %s DROP CONSTRAINT IF EXISTS %s",
                SQL.identifier(self._table),
                SQL.identifier("housing_accompaniment_situation_accompaniment_unique"),
            )
        )
        create_unique_index(
            cr,
            UNIQUE_INDEX,
            self._table,
            ["accompaniment_id", "COALESCE(date_from, '-infinity'::date)"],
        )
        if not (
            table_exists(cr, "housing_accompaniment")
            and column_exists(cr, "housing_household", "is_single_parent")
        ):
            return
        self._upsert(
            SQL("a.id NOT IN (SELECT accompaniment_id FROM %s)", SQL.identifier(self._table))
        )

    # ------------------------------------------------------------------
    # Following the household
    # ------------------------------------------------------------------
    @api.model
    def _follow_households(self, files, open_only=True):
        """Record the household's situation on ``files`` that are open (no closing date), in
        one statement whatever their number; closed files keep theirs (a new file takes it
        even when created closed)."""
        if not files:
            return
        files.flush_recordset(["household_id", "close_date", "company_id"])
        files.household_id.flush_recordset(list(SITUATION_FIELDS))
        where = SQL("a.id IN %s", tuple(files.ids))
        if open_only:
            where = SQL("%s AND a.close_date IS NULL", where)
        self._upsert(where)

    @api.model
    def _follow_households_of(self, households):
        """After ``households`` changed: their open files follow them."""
        if not households:
            return
        households.flush_recordset(list(SITUATION_FIELDS))
        self.env["housing.accompaniment"].flush_model(["household_id", "close_date"])
        self._upsert(SQL("a.household_id IN %s AND a.close_date IS NULL", tuple(households.ids)))

    @api.model
    def _upsert(self, where):
        """Record the situation of the files matching ``where`` (on ``a``, the files) from
        their household (``h``), in one statement:

        - a file without any version gets its first one (no date);
        - a file whose latest version differs gets a new one from today, or has today's
          updated in place; today's is removed when it comes back to the version before it
          (a change and its revert on the same day leave nothing);
        - a file whose latest version is the household's situation is left alone."""
        today = fields.Date.context_today(self)
        columns = SQL(", ").join(SQL.identifier(fname) for fname in SITUATION_FIELDS)

        def same(left, right):
            return SQL(" AND ").join(
                SQL(
                    "%s IS NOT DISTINCT FROM %s",
                    SQL.identifier(left, fname),
                    SQL.identifier(right, fname),
                )
                for fname in SITUATION_FIELDS
            )

        def prefixed(alias):
            return SQL(", ").join(SQL.identifier(alias, fname) for fname in SITUATION_FIELDS)

        values = SQL(", ").join(
            SQL("h.%s AS %s", SQL.identifier(fname), SQL.identifier(fname))
            if fname == "lease_start_date"
            else SQL("COALESCE(h.%s, FALSE) AS %s", SQL.identifier(fname), SQL.identifier(fname))
            for fname in SITUATION_FIELDS
        )
        updates = SQL(", ").join(
            SQL("%s = src.%s", SQL.identifier(fname), SQL.identifier(fname))
            for fname in SITUATION_FIELDS
        )
        table = SQL.identifier(self._table)
        self.env.cr.execute(
            SQL(
                """
                WITH src AS (
                    SELECT a.id AS accompaniment_id, a.company_id, %(values)s
                      FROM housing_accompaniment a
                      JOIN housing_household h ON h.id = a.household_id
                     WHERE %(where)s
                ),
                last AS (
                    SELECT DISTINCT ON (s.accompaniment_id) s.*
                      FROM %(table)s s
                     WHERE s.accompaniment_id IN (SELECT accompaniment_id FROM src)
                     ORDER BY s.accompaniment_id, s.date_from DESC NULLS LAST, s.id DESC
                ),
                prev AS (
                    -- the version before today's, which today's may come back to
                    SELECT DISTINCT ON (s.accompaniment_id) s.*
                      FROM %(table)s s
                      JOIN last ON last.accompaniment_id = s.accompaniment_id
                     WHERE last.date_from = %(today)s
                       AND (s.date_from IS NULL OR s.date_from < %(today)s)
                     ORDER BY s.accompaniment_id, s.date_from DESC NULLS LAST, s.id DESC
                ),
                todays AS (
                    SELECT last.id, src.accompaniment_id, %(src_columns)s,
                           prev.id IS NOT NULL AND %(same_prev)s AS reverted
                      FROM src
                      JOIN last ON last.accompaniment_id = src.accompaniment_id
                      LEFT JOIN prev ON prev.accompaniment_id = src.accompaniment_id
                     WHERE last.date_from = %(today)s AND NOT (%(same_last)s)
                ),
                removed AS (
                    DELETE FROM %(table)s s USING todays
                     WHERE s.id = todays.id AND todays.reverted
                ),
                updated AS (
                    UPDATE %(table)s s
                       SET %(updates)s, write_uid = %(uid)s,
                           write_date = NOW() AT TIME ZONE 'UTC'
                      FROM todays src
                     WHERE s.id = src.id AND NOT src.reverted
                )
                INSERT INTO %(table)s (accompaniment_id, company_id, date_from, %(columns)s,
                                       create_uid, create_date, write_uid, write_date)
                SELECT src.accompaniment_id, src.company_id,
                       CASE WHEN last.id IS NULL THEN NULL ELSE %(today)s::date END,
                       %(src_columns)s,
                       %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
                  FROM src
                  LEFT JOIN last ON last.accompaniment_id = src.accompaniment_id
                 WHERE last.id IS NULL
                    OR (last.date_from IS DISTINCT FROM %(today)s AND NOT (%(same_last)s))
                """,
                table=table,
                columns=columns,
                values=values,
                src_columns=prefixed("src"),
                same_last=same("src", "last"),
                same_prev=same("src", "prev"),
                uid=self.env.uid,
                where=where,
                updates=updates,
                today=today,
            )
        )
        self.invalidate_model()
