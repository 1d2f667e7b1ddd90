from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import column_exists, table_exists

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


class HousingAccompanimentSituation(models.Model):
    """The household's social profile recorded on one file, for the figures of past periods.

    While the file is open it follows the household (each household write updates its open
    files' situation in one statement); once the file is closed it keeps what it ended with,
    and follows the household again when the file is reopened. A narrow table of its own, one
    row per file, read by ``housing.population`` only: the board and the file's form read
    nothing more."""

    _name = "housing.accompaniment.situation"
    _description = "Household situation recorded on a file"
    _rec_name = "accompaniment_id"

    accompaniment_id = fields.Many2one(
        "housing.accompaniment", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    lease_start_date = fields.Date(readonly=True)
    is_dalo = fields.Boolean(string="DALO", readonly=True)
    is_first_time_arrival = fields.Boolean(string="First-time arrival", readonly=True)
    is_rsa_beneficiary = fields.Boolean(string="RSA beneficiary", readonly=True)
    is_single_parent = fields.Boolean(string="Single-parent family", readonly=True)

    _sql_constraints = [
        (
            "accompaniment_unique",
            "unique(accompaniment_id)",
            "A file records one situation of its household.",
        ),
    ]

    def init(self):
        """Existing databases: give every file that has none the situation of its household
        today (open files follow it anyway; closed ones keep this from now on)."""
        cr = self.env.cr
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
        """Copy the household's situation onto ``files`` that are open (no closing date), in
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
        """Insert or update the situation of the files matching ``where`` (on ``a``, the
        files) from their household (``h``)."""
        columns = SQL(", ").join(SQL.identifier(fname) for fname in SITUATION_FIELDS)
        values = SQL(", ").join(
            SQL("h.%s", SQL.identifier(fname))
            if fname == "lease_start_date"
            else SQL("COALESCE(h.%s, FALSE)", SQL.identifier(fname))
            for fname in SITUATION_FIELDS
        )
        updates = SQL(", ").join(
            SQL("%s = EXCLUDED.%s", SQL.identifier(fname), SQL.identifier(fname))
            for fname in SITUATION_FIELDS
        )
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO %(table)s (accompaniment_id, company_id, %(columns)s,
                                       create_uid, create_date, write_uid, write_date)
                SELECT a.id, a.company_id, %(values)s,
                       %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
                  FROM housing_accompaniment a
                  JOIN housing_household h ON h.id = a.household_id
                 WHERE %(where)s
                ON CONFLICT (accompaniment_id) DO UPDATE
                   SET %(updates)s, write_uid = EXCLUDED.write_uid,
                       write_date = EXCLUDED.write_date
                """,
                table=SQL.identifier(self._table),
                columns=columns,
                values=values,
                uid=self.env.uid,
                where=where,
                updates=updates,
            )
        )
        self.invalidate_model()
