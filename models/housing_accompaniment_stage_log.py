from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import table_exists

from ..tools.columns import rows


class HousingAccompanimentStageLog(models.Model):
    """The steps a file went through, each with the day it entered it: the activity report
    counts the files of a past period by the step they were at on its last day, not by the
    step they are at today.

    A file enters its first step on its start date; a closing step on its closing date; any
    other step on the day it is moved there. Written in one statement for a batch of files
    (a drag, a batch close), read by the activity figures only."""

    _name = "housing.accompaniment.stage.log"
    _description = "Step entered by a file"
    _order = "date, id"
    _rec_name = "stage_id"

    accompaniment_id = fields.Many2one(
        "housing.accompaniment", required=True, index=True, ondelete="cascade", readonly=True
    )
    stage_id = fields.Many2one("housing.stage", required=True, ondelete="cascade", readonly=True)
    date = fields.Date(required=True, readonly=True, help="The day the file entered the step.")
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)

    def init(self):
        """Existing databases: each file without a log entered its current step on its
        start date (its closing date for a closed file)."""
        if not table_exists(self.env.cr, "housing_accompaniment"):
            return
        self._insert(
            SQL("a.id NOT IN (SELECT accompaniment_id FROM %s)", SQL.identifier(self._table)),
            SQL(
                "COALESCE(CASE WHEN a.is_closed THEN a.close_date END, a.start_date, "
                "a.create_date::date)"
            ),
        )

    @api.model
    def _log_entry(self, files, on_start=False):
        """``files`` entered their current step: on their start date (``on_start``: just
        created), their closing date when the step closes them, today otherwise."""
        if not files:
            return
        files.flush_recordset(["stage_id", "is_closed", "close_date", "start_date", "company_id"])
        today = fields.Date.context_today(self)
        day = SQL("COALESCE(a.start_date, %s)", today) if on_start else SQL("%s::date", today)
        self._insert(
            SQL("a.id IN %s", tuple(files.ids)),
            SQL(
                "CASE WHEN a.is_closed AND a.close_date IS NOT NULL THEN a.close_date ELSE %s END",
                day,
            ),
        )

    @api.model
    def _insert(self, where, day):
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO %(table)s (accompaniment_id, stage_id, date, company_id,
                                       create_uid, create_date, write_uid, write_date)
                SELECT a.id, a.stage_id, %(day)s, a.company_id,
                       %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
                  FROM housing_accompaniment a
                 WHERE %(where)s AND a.stage_id IS NOT NULL
                """,
                table=SQL.identifier(self._table),
                day=day,
                uid=self.env.uid,
                where=where,
            )
        )
        self.invalidate_model()

    @api.model
    def _stages_on(self, files, day):
        """``{file id: the id of the step it was at on day}``, in one query: the step of
        its latest entry on or before ``day``; its current step when it has none (created
        later)."""
        logs = self.sudo().search_fetch(
            [("accompaniment_id", "in", files.ids), ("date", "<=", day)],
            ["accompaniment_id", "stage_id"],
            order="date, id",
        )
        stages = {
            file_id: stage_id
            for _id, file_id, stage_id in rows(logs, ("accompaniment_id", "stage_id"))
        }
        return {
            file_id: stages.get(file_id, stage_id)
            for file_id, stage_id in rows(files, ["stage_id"])
        }
