from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# What decides the household's DALO status (its latest designated file).
DESIGNATION_FIELDS = {"designation_type", "designation_date", "household_id", "active"}


class HousingAccompanimentTenancy(models.Model):
    """The move of a new-entrant or transfer file: its allocated dwelling, lease signature and
    move-in open the household's tenancy (``housing.tenancy``), which holds them from then
    on; the file shows them. A transfer leaves the tenancy it started from (its "from"
    dwelling), which ends the day before the move-in into the allocated one (its "to")."""

    # One model in several files, each a part of the file.
    _inherit = "housing.accompaniment"  # pylint: disable=consider-merging-classes-inherited

    tenancy_ids = fields.One2many(
        "housing.tenancy",
        "accompaniment_id",
        string="Tenancy opened",
        groups="housing_accompaniment.group_housing_facilitator",
    )
    from_tenancy_id = fields.Many2one(
        "housing.tenancy",
        string="Leaves the tenancy",
        compute="_compute_from_tenancy_id",
        store=True,
        precompute=True,
        readonly=False,
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
        copy=False,
        help="For a transfer: the household's tenancy when it asked to move. It ends the day "
        "before the move-in into the allocated dwelling.",
    )
    from_dwelling_id = fields.Many2one(
        related="from_tenancy_id.dwelling_id", string="From dwelling", readonly=True
    )
    to_dwelling_id = fields.Many2one(
        "housing.dwelling",
        string="To dwelling",
        compute="_compute_to_dwelling_id",
        help="For a transfer: the dwelling allocated (or, before the committee, proposed).",
    )
    dwelling_id = fields.Many2one(inverse="_inverse_move")
    lease_signature_date = fields.Date(
        compute="_compute_move_dates",
        inverse="_inverse_move",
        store=True,
        readonly=False,
        help="Kept on the household's tenancy once the move-in is recorded.",
    )
    move_in_date = fields.Date(
        compute="_compute_move_dates",
        inverse="_inverse_move",
        store=True,
        readonly=False,
        help="Opens the household's tenancy of the allocated dwelling (for a transfer, the "
        "previous tenancy ends the day before).",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("household_id", "request_type")
    def _compute_from_tenancy_id(self):
        for file in self:
            if file.request_type != "transfer":
                file.from_tenancy_id = False
            elif not file.from_tenancy_id and file.household_id:
                file.from_tenancy_id = file.household_id._current_tenancy()

    @api.depends("request_type", "dwelling_id", "from_dwelling_id", "proposed_dwelling_id")
    def _compute_to_dwelling_id(self):
        for file in self:
            if file.request_type != "transfer":
                file.to_dwelling_id = False
            elif file.dwelling_id and file.dwelling_id != file.from_dwelling_id:
                file.to_dwelling_id = file.dwelling_id
            else:
                file.to_dwelling_id = file.proposed_dwelling_id

    @api.depends("tenancy_ids.lease_signature_date", "tenancy_ids.start_date")
    def _compute_move_dates(self):
        for file in self:
            tenancy = file.sudo().tenancy_ids[:1]
            if tenancy:
                file.lease_signature_date = tenancy.lease_signature_date
                file.move_in_date = tenancy.start_date
            else:
                # Before the move-in, the file holds its dates.
                file.lease_signature_date = file.lease_signature_date
                file.move_in_date = file.move_in_date

    # ------------------------------------------------------------------
    # CRUD: the designation sets the household's DALO
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        files = super().create(vals_list)
        files.filtered("designation_type").household_id._sync_dalo_from_designation()
        return files

    def write(self, vals):
        result = super().write(vals)
        if DESIGNATION_FIELDS & set(vals):
            self.household_id._sync_dalo_from_designation()
        return result

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("lease_signature_date", "move_in_date")
    def _check_move_in_after_lease(self):
        for file in self:
            if (
                file.lease_signature_date
                and file.move_in_date
                and file.move_in_date < file.lease_signature_date
            ):
                raise ValidationError(
                    self.env._(
                        "The move-in of %(file)s is before the lease signature: a household "
                        "moves in once the lease is signed. Correct one of the two dates.",
                        file=file.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # The move
    # ------------------------------------------------------------------
    def _inverse_move(self):
        for file in self:
            if file.workflow == "new_entrant":
                file._sync_tenancy()

    def _sync_tenancy(self):
        """Open, update or withdraw the tenancy of this file's move-in."""
        self.ensure_one()
        self._check_move_in_after_lease()
        Tenancy = self.env["housing.tenancy"]
        tenancy = self.sudo().tenancy_ids[:1].with_env(self.env)
        if not self.move_in_date:
            if tenancy:
                # The move-in is withdrawn: the tenancy left goes on.
                tenancy.unlink()
                self._reopen_from_tenancy()
            return
        if not self.dwelling_id or (
            self.request_type == "transfer"
            and self.dwelling_id == self.from_dwelling_id
            and self.proposed_dwelling_id
            and self.proposed_dwelling_id != self.dwelling_id
        ):
            raise ValidationError(
                self.env._(
                    "%(file)s has no allocated dwelling: record the committee's allocation of "
                    "the new dwelling before the move-in.",
                    file=self.display_name,
                )
            )
        vals = {
            "dwelling_id": self.dwelling_id.id,
            "lease_signature_date": self.lease_signature_date,
            "start_date": self.move_in_date,
        }
        if not tenancy:
            # A tenancy of the same dwelling already on the household's record (typed by
            # hand) is the same stay: the file takes it over and gives it its dates.
            tenancy = self.household_id.tenancy_ids.filtered(
                lambda t: t.dwelling_id == self.dwelling_id and not t.accompaniment_id
            )[-1:]
            if tenancy and self.from_tenancy_id == tenancy:
                self.from_tenancy_id = False
            vals["accompaniment_id"] = self.id
        if not tenancy:
            self._end_from_tenancy()
            Tenancy.create(dict(vals, household_id=self.household_id.id))
        elif tenancy.start_date and self.move_in_date > tenancy.start_date:
            tenancy.write(vals)  # later: the new tenancy shrinks before the old one grows
            self._end_from_tenancy()
        else:
            self._end_from_tenancy()
            tenancy.write(vals)

    def _end_from_tenancy(self):
        """A transfer's previous tenancy ends the day before the move-in."""
        previous = self.from_tenancy_id
        if self.request_type != "transfer" or not previous:
            return
        if self.move_in_date <= previous.start_date:
            raise ValidationError(
                self.env._(
                    "The move-in of %(file)s is on or before the household moved into "
                    "%(dwelling)s, the dwelling it leaves: enter the day of the move to the "
                    "new dwelling.",
                    file=self.display_name,
                    dwelling=previous.dwelling_id.display_name,
                )
            )
        previous.end_date = self.move_in_date - timedelta(days=1)

    def _reopen_from_tenancy(self):
        if self.request_type == "transfer" and self.from_tenancy_id:
            self.from_tenancy_id.end_date = False
