from odoo import api, fields, models

# Fields of a file that are meetings on the calendar, and whether the social referent attends.
FILE_EVENT_FIELDS = {
    "appointment_datetime": False,
    "committee_date": False,
    "tripartite_meeting_date": True,
    "review_date": True,
}
# The context key of a change made by the synchronisation itself, so that it does not echo.
SYNC_CONTEXT_KEY = "housing_calendar_sync"


def changed_values(record, vals):
    """The values of ``vals`` that differ from what ``record`` holds (a many2one given as an
    id, a many2many as one SET command)."""
    changed = {}
    for fname, value in vals.items():
        current = record[fname]
        if isinstance(current, models.BaseModel):
            if record._fields[fname].type == "many2many":
                if set(current.ids) != set(value[0][2]):
                    changed[fname] = value
                continue
            current = current.id
        if current != value:
            changed[fname] = value
    return changed


class CalendarEvent(models.Model):
    """Meetings of the accompaniment files: the file (or visit) and the event keep the same date,
    whichever of the two is moved."""

    _inherit = "calendar.event"

    housing_date_field = fields.Selection(
        [
            ("appointment_datetime", "Appointment"),
            ("committee_date", "Allocation committee (CAL)"),
            ("tripartite_meeting_date", "Tripartite meeting"),
            ("review_date", "Review visit"),
        ],
        string="Date of the file",
        readonly=True,
        copy=False,
        help="The date of the accompaniment file this event shows: moving the event moves it.",
    )
    housing_visit_id = fields.Many2one(
        "housing.visit", string="Home visit", readonly=True, copy=False, index="btree_not_null"
    )

    def write(self, vals):
        result = super().write(vals)
        if not self.env.context.get(SYNC_CONTEXT_KEY) and {
            "start",
            "stop",
            "start_date",
            "stop_date",
            "allday",
        } & set(vals):
            self._housing_report_dates()
        return result

    def _housing_day(self):
        """The day of the event, in the organiser's time zone for a timed event."""
        self.ensure_one()
        if self.allday:
            return self.start_date
        return fields.Date.context_today(self.with_context(tz=self.user_id.tz or "UTC"), self.start)

    def _housing_report_dates(self):
        """Give the new dates of the moved events to their files and visits."""
        for event in self:
            if event.housing_visit_id:
                visit_vals = {"visit_datetime": event.start}
                if not event.allday:
                    visit_vals["duration"] = (event.stop - event.start).total_seconds() / 3600
                event.housing_visit_id.with_context(**{SYNC_CONTEXT_KEY: True}).write(visit_vals)
            elif event.housing_date_field and event.res_model == "housing.accompaniment":
                file = self.env["housing.accompaniment"].browse(event.res_id).exists()
                fname = event.housing_date_field
                value = event.start if fname == "appointment_datetime" else event._housing_day()
                if file and file[fname] != value:
                    file.with_context(**{SYNC_CONTEXT_KEY: True}).write({fname: value})

    @api.model
    def _housing_partners(self, *partners):
        return [fields.Command.set(list(dict.fromkeys(p.id for p in partners if p)))]
