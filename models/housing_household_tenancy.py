from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


def household_designations(households):
    """``{household: its latest file with a Préfecture designation}`` (an empty recordset
    for a household without one)."""
    return {
        household: household.accompaniment_ids.filtered("designation_type").sorted(
            lambda file: (file.designation_date or file.start_date, file.id)
        )[-1:]
        for household in households
    }


class HousingHouseholdTenancy(models.Model):
    """The household's dwelling history: its current dwelling and lease start are those of
    its current tenancy (``housing.tenancy``), and its DALO status comes from the Préfecture's
    designation on its files. Each fact is kept in one place; the household shows it."""

    # One model in several files, each a part of the household.
    _inherit = "housing.household"  # pylint: disable=consider-merging-classes-inherited

    tenancy_ids = fields.One2many(
        "housing.tenancy",
        "household_id",
        string="Dwellings",
        help="The household's successive dwellings, with their move-in and move-out.",
    )
    dwelling_id = fields.Many2one(
        compute="_compute_current_tenancy",
        inverse="_inverse_current_tenancy",
        store=True,
        readonly=False,
        help="The dwelling of the current tenancy (see the Dwellings tab). Empty for a "
        "candidate designated by the Préfecture: the dwelling comes with the lease. Changing "
        "it here records a move today.",
    )
    lease_start_date = fields.Date(
        compute="_compute_current_tenancy",
        inverse="_inverse_current_tenancy",
        store=True,
        readonly=False,
        help="The move-in of the current tenancy (see the Dwellings tab).",
    )
    is_dalo = fields.Boolean(
        help="Priority household designated by the préfet under the enforceable right to "
        "housing (droit au logement opposable). Set by the Préfecture's designation on the "
        "household's latest designated file; typed by hand only for a household without one.",
    )
    is_dalo_designated = fields.Boolean(
        string="DALO set by a designation",
        compute="_compute_is_dalo_designated",
        groups="housing_accompaniment.group_housing_user",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("tenancy_ids.dwelling_id", "tenancy_ids.start_date", "tenancy_ids.end_date")
    def _compute_current_tenancy(self):
        for household in self:
            current = household._current_tenancy()
            if current:
                household.dwelling_id = current.dwelling_id
                household.lease_start_date = current.start_date
            elif household.tenancy_ids:
                # Every tenancy ended: the household no longer lives in the landlord's stock.
                household.dwelling_id = False
                household.lease_start_date = False
            else:
                # No history: no dwelling; a lease start typed without one stays as it is.
                household.dwelling_id = False
                household.lease_start_date = household.lease_start_date

    def _current_tenancy(self):
        self.ensure_one()
        today = fields.Date.context_today(self)
        return self.tenancy_ids.filtered(lambda t: t._covers(today)).sorted("start_date")[-1:]

    def _inverse_current_tenancy(self):
        """A dwelling or lease start typed on the household goes to its tenancies: a new
        dwelling is a move (the current tenancy ends the day before the new one starts: today,
        or the lease start given with it), no dwelling is a move-out, a new lease start
        corrects the current move-in."""
        today = fields.Date.context_today(self)
        to_create = []
        for household in self:
            current = household._current_tenancy()
            dwelling, start = household.dwelling_id, household.lease_start_date
            if current and current.dwelling_id == dwelling:
                if start and start != current.start_date:
                    current.start_date = start
                continue
            if not dwelling:
                if current and current.start_date < today:
                    current.end_date = today - relativedelta(days=1)
                elif current:
                    current.unlink()  # recorded by mistake today
                continue
            new_start = start if start and (not current or start > current.start_date) else today
            if current and new_start <= current.start_date:
                current.dwelling_id = dwelling  # a correction of today's dwelling
                continue
            current._end_before(new_start)
            to_create.append(
                {"household_id": household.id, "dwelling_id": dwelling.id, "start_date": new_start}
            )
        # One create for a batch of households (an import, the benchmark's generator).
        self.env["housing.tenancy"].create(to_create)

    def _sync_dalo_from_designation(self):
        """Set DALO as the Préfecture's designation on the household's latest designated
        file says, in the same transaction as the designation (tracked in the chatter)."""
        for household, designated in household_designations(self.sudo()).items():
            is_dalo = designated.designation_type == "dalo"
            if designated and household.is_dalo != is_dalo:
                # sudo: whoever may record the designation sets the household's DALO with it.
                household.is_dalo = is_dalo

    @api.depends("accompaniment_ids.designation_type")
    def _compute_is_dalo_designated(self):
        for household, designated in household_designations(self).items():
            household.is_dalo_designated = bool(designated)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        households = super().create(vals_list)
        households._refresh_current_tenancy(set().union(*vals_list))
        return households

    def write(self, vals):
        result = super().write(vals)
        self._refresh_current_tenancy(vals)
        return result

    def _housing_follow_situation(self):
        """The lease start comes from the tenancies (computed, never written on the household):
        when they change, the open files' situation follows, as after a household write."""
        self.env["housing.accompaniment.situation"]._follow_households_of(self.exists())

    def _refresh_current_tenancy(self, fnames):
        """A dwelling or lease start written on the household went to its tenancies (the
        inverse); read both back from them, now that the write no longer protects them."""
        if {"dwelling_id", "lease_start_date"} & set(fnames):
            for fname in ("dwelling_id", "lease_start_date"):
                self.env.add_to_compute(self._fields[fname], self)

    # ------------------------------------------------------------------
    # Scheduled jobs
    # ------------------------------------------------------------------
    @api.model
    def _cron_refresh_age_figures(self, batch_size=2000):
        """Also: a household whose tenancy ended yesterday no longer lives there."""
        result = super()._cron_refresh_age_figures(batch_size=batch_size)
        today = fields.Date.context_today(self)
        tenancies = (
            self.env["housing.tenancy"]
            .with_context(active_test=False)
            .search([("end_date", "<", today), ("household_id.dwelling_id", "!=", False)])
        )
        ended = tenancies.filtered(
            lambda t: t.household_id.dwelling_id == t.dwelling_id
        ).household_id
        for fname in ("dwelling_id", "lease_start_date"):
            self.env.add_to_compute(self._fields[fname], ended)
        ended.flush_recordset()
        return result
