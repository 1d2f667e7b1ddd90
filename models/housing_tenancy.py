from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.columns import rows
from .housing_population import Place, spans_overlap

# What changes where a household lived in a period (the TFPB split of those years).
COUNTED_FIELDS = {"household_id", "dwelling_id", "start_date", "end_date"}


class HousingTenancy(models.Model):
    """A household's stay in one dwelling, from its move-in to its move-out: the one place
    where a household's dwelling, lease and dates live. The household's current dwelling and
    lease start, the new-entrant file's move-in and the figures' place of a past period are
    all read from here."""

    _name = "housing.tenancy"
    _description = "Tenancy"
    _inherit = ["housing.personal.data.mixin"]
    _order = "household_id, start_date desc, id desc"
    _check_company_auto = True
    # Dates and dwellings are what the counts of past periods read: nothing here is erased.
    _housing_personal_fields = []

    household_id = fields.Many2one(
        "housing.household",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    dwelling_id = fields.Many2one(
        "housing.dwelling", required=True, index=True, ondelete="restrict", check_company=True
    )
    residence_id = fields.Many2one(related="dwelling_id.residence_id", store=True, index=True)
    landlord_id = fields.Many2one(related="dwelling_id.landlord_id", store=True, index=True)
    qpv_id = fields.Many2one(related="dwelling_id.qpv_id", store=True, index=True)
    is_qpv = fields.Boolean(related="dwelling_id.is_qpv", store=True, string="In a QPV")
    lease_signature_date = fields.Date(help="The day the lease of this dwelling was signed.")
    start_date = fields.Date(
        string="Move-in",
        required=True,
        index=True,
        help="The day the household moved in: the tenancy (and the lease) starts then.",
    )
    end_date = fields.Date(
        string="Move-out",
        index=True,
        help="The last day the household lived in the dwelling; empty while it still lives there.",
    )
    accompaniment_id = fields.Many2one(
        "housing.accompaniment",
        string="Origin file",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
        help="The new-entrant or transfer file whose move-in opened this tenancy.",
    )
    is_current = fields.Boolean(
        string="Current",
        compute="_compute_is_current",
        help="The household lives in this dwelling today.",
    )
    company_id = fields.Many2one(related="household_id.company_id", store=True, index=True)

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("start_date", "end_date")
    @api.depends_context("tz")
    def _compute_is_current(self):
        today = fields.Date.context_today(self)
        for tenancy in self:
            tenancy.is_current = tenancy._covers(today)

    def _covers(self, day):
        return bool(self.start_date) and spans_overlap(self.start_date, self.end_date, day, day)

    def _compute_display_name(self):
        for tenancy in self:
            start = fields.Date.to_string(tenancy.start_date) if tenancy.start_date else "?"
            end = fields.Date.to_string(tenancy.end_date) if tenancy.end_date else "…"
            tenancy.display_name = f"{tenancy.dwelling_id.display_name} ({start} → {end})"

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("start_date", "end_date", "lease_signature_date")
    def _check_dates(self):
        today = fields.Date.context_today(self)
        for tenancy in self:
            if tenancy.end_date and tenancy.end_date < tenancy.start_date:
                raise ValidationError(
                    self.env._(
                        "The move-out of %(tenancy)s is before its move-in: enter a move-out "
                        "on or after the move-in.",
                        tenancy=tenancy.display_name,
                    )
                )
            if tenancy.lease_signature_date and tenancy.start_date < tenancy.lease_signature_date:
                raise ValidationError(
                    self.env._(
                        "The move-in of %(tenancy)s is before the lease signature: a household "
                        "moves in once the lease is signed. Correct one of the two dates.",
                        tenancy=tenancy.display_name,
                    )
                )
            if tenancy.start_date > today:
                raise ValidationError(
                    self.env._(
                        "The move-in of %(tenancy)s is in the future: record the move-in on "
                        "the day it takes place.",
                        tenancy=tenancy.display_name,
                    )
                )

    @api.constrains("household_id", "dwelling_id", "start_date", "end_date")
    def _check_no_overlap(self):
        """One household lives in one dwelling at a time, and a dwelling houses one household
        at a time (an archived household no longer holds its dwelling). One query for the
        whole batch."""
        # sudo: the tenancies of households the user may not read still occupy their dwellings.
        candidates = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    "|",
                    ("household_id", "in", self.household_id.ids),
                    ("dwelling_id", "in", self.dwelling_id.ids),
                ]
            )
        )
        by_household = candidates.grouped("household_id")
        by_dwelling = candidates.grouped("dwelling_id")
        for tenancy in self.sudo():
            others = by_household.get(tenancy.household_id, candidates.browse()) | by_dwelling.get(
                tenancy.dwelling_id, candidates.browse()
            )
            for other in others:
                if other == tenancy or not tenancy._overlaps(other):
                    continue
                if other.household_id == tenancy.household_id:
                    raise ValidationError(
                        self.env._(
                            "Household %(household)s already lives in %(other)s over these "
                            "dates: end that tenancy (its move-out) before %(tenancy)s starts.",
                            household=tenancy.household_id.name,
                            other=other.display_name,
                            tenancy=tenancy.display_name,
                        )
                    )
                if (
                    other.dwelling_id == tenancy.dwelling_id
                    and other.household_id.active
                    and tenancy.household_id.active
                ):
                    raise ValidationError(
                        self.env._(
                            "Dwelling %(dwelling)s is already occupied by household "
                            "%(other)s over these dates (%(dates)s): record that household's "
                            "move-out first.",
                            dwelling=tenancy.dwelling_id.display_name,
                            other=other.household_id.name,
                            dates=other.display_name,
                        )
                    )

    def _overlaps(self, other):
        return spans_overlap(self.start_date, self.end_date, other.start_date, other.end_date)

    # ------------------------------------------------------------------
    # CRUD: where a household lived changes the TFPB split of those years
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        tenancies = super().create(vals_list)
        self.env["housing.tfpb.year"]._mark_stale(tenancies._tfpb_scope())
        tenancies._follow_households()
        return tenancies

    def write(self, vals):
        counted = bool(COUNTED_FIELDS & set(vals))
        scope = self._tfpb_scope() if counted else set()
        households = self.sudo().household_id
        result = super().write(vals)
        if counted:
            self.env["housing.tfpb.year"]._mark_stale(scope | self._tfpb_scope())
            (households | self.sudo().household_id)._housing_follow_situation()
        return result

    def unlink(self):
        scope = self._tfpb_scope()
        households = self.sudo().household_id
        result = super().unlink()
        self.env["housing.tfpb.year"]._mark_stale(scope)
        households._housing_follow_situation()
        return result

    def _follow_households(self):
        self.sudo().household_id._housing_follow_situation()

    def _tfpb_scope(self):
        return {
            (
                tenancy.company_id,
                tenancy.start_date.year if tenancy.start_date else None,
                tenancy.end_date.year if tenancy.end_date else None,
            )
            for tenancy in self.sudo()
        }

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _end_before(self, day):
        """End the tenancy the day before ``day`` (a move elsewhere on ``day``)."""
        for tenancy in self:
            tenancy.end_date = day - timedelta(days=1)

    @api.model
    def _places_at(self, household_ids, date_from, date_to):
        """``{household id: Place}``: the dwelling of the latest tenancy of each household
        that overlaps ``[date_from, date_to]`` (where it lived last in the period), in one
        query. As superuser, like ``housing.population``: callers hand out aggregates
        only."""
        tenancies = (
            self.sudo()
            .with_context(active_test=False)
            .search_fetch(
                [
                    ("household_id", "in", list(household_ids)),
                    ("start_date", "<=", date_to),
                    "|",
                    ("end_date", "=", False),
                    ("end_date", ">=", date_from),
                ],
                ["household_id", *Place._fields],
                order="start_date, id",
            )
        )
        # Oldest first: each household's last one wins.
        return {
            row[1]: Place._make(row[2:])
            for row in rows(tenancies, ["household_id", *Place._fields])
        }

    def init(self):
        """Backfill: a household that has a dwelling and no tenancy yet (a database from
        before the dwelling history) gets one, from its lease start (else its creation)."""
        self.env.cr.execute(
            """
            INSERT INTO housing_tenancy (
                household_id, dwelling_id, residence_id, landlord_id, qpv_id, is_qpv,
                company_id, start_date, create_uid, write_uid, create_date, write_date)
            SELECT h.id, h.dwelling_id, d.residence_id, d.landlord_id, d.qpv_id, d.is_qpv,
                   h.company_id, COALESCE(h.lease_start_date, h.create_date::date),
                   h.create_uid, h.write_uid, h.create_date, now() AT TIME ZONE 'UTC'
              FROM housing_household h
              JOIN housing_dwelling d ON d.id = h.dwelling_id
             WHERE NOT EXISTS (SELECT 1 FROM housing_tenancy t WHERE t.household_id = h.id)
            """
        )
