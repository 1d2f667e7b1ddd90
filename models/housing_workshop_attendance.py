from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HousingWorkshopAttendance(models.Model):
    """A person registered at a workshop: a household member or someone else, present or not."""

    _name = "housing.workshop.attendance"
    _description = "Workshop attendance"
    _order = "workshop_date desc, workshop_id, household_id, person_name, id"

    workshop_id = fields.Many2one(
        "housing.workshop", required=True, index=True, ondelete="cascade", check_company=True
    )
    member_id = fields.Many2one(
        "housing.member",
        string="Household member",
        index=True,
        ondelete="restrict",
        check_company=True,
        help="The person, when they belong to a household of the registry.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Other person",
        index=True,
        ondelete="restrict",
        check_company=True,
        help="Someone who is not a member of a household of the registry (a neighbour, a "
        "volunteer…).",
    )
    person_name = fields.Char(string="Person", compute="_compute_person_name", store=True)
    household_id = fields.Many2one(
        related="member_id.household_id", store=True, index=True, string="Household"
    )
    is_present = fields.Boolean(string="Present")
    workshop_date = fields.Datetime(
        related="workshop_id.start_datetime", store=True, string="Workshop date"
    )
    theme_id = fields.Many2one(related="workshop_id.theme_id", store=True, string="Theme")
    workshop_state = fields.Selection(
        related="workshop_id.state", store=True, string="Workshop status"
    )
    company_id = fields.Many2one(
        related="workshop_id.company_id", store=True, index=True, string="Company"
    )

    @api.depends("member_id.name", "partner_id.name")
    def _compute_person_name(self):
        for line in self:
            # sudo: who came is shown to those who run the workshop, even without access to the
            # person's household or contact.
            # The name only: the member's other data stays behind the registry's rules.
            line.person_name = line.member_id.sudo().name or line.partner_id.sudo().name

    @api.depends("person_name", "workshop_id")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.person_name or ''} · {line.workshop_id.name or ''}"

    @api.model_create_multi
    def create(self, vals_list):
        self._register_members_as_members(vals_list)
        lines = super().create(vals_list)
        lines._check_member_readable()
        return lines

    def write(self, vals):
        if vals.get("partner_id") and not vals.get("member_id"):
            self._register_members_as_members([vals])
        result = super().write(vals)
        if "member_id" in vals:
            self._check_member_readable()
        return result

    def _check_member_readable(self):
        """Registering a member must not open their household to a user who may not read it
        (a facilitator sees only the households of their ARA files)."""
        if not self.env.su:
            self.member_id.check_access("read")

    @api.model
    def _register_members_as_members(self, vals_list):
        """A contact who is a household member is registered as that member, so that the
        line counts for their household."""
        partner_ids = {
            vals["partner_id"]
            for vals in vals_list
            if vals.get("partner_id") and not vals.get("member_id")
        }
        if not partner_ids:
            return
        # Within the user's rights: a facilitator must not learn of another household this way.
        members = self.env["housing.member"].search(
            [("partner_id", "in", list(partner_ids)), ("company_id", "in", self.env.companies.ids)]
        )
        member_of_partner = {member.partner_id.id: member.id for member in members}
        for vals in vals_list:
            member_id = not vals.get("member_id") and member_of_partner.get(vals.get("partner_id"))
            if member_id:
                vals.update(member_id=member_id, partner_id=False)

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        """A contact who is a household member is registered as that member."""
        if self.partner_id and not self.member_id:
            member = self.env["housing.member"].search(
                [("partner_id", "=", self.partner_id.id)], limit=1
            )
            if member:
                self.member_id = member
                self.partner_id = False

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("workshop_id", "member_id", "partner_id")
    def _check_person(self):
        for line in self:
            if not line.member_id and not line.partner_id:
                raise ValidationError(
                    self.env._(
                        "A line of the attendance of “%(workshop)s” names nobody: choose a "
                        "household member or another person.",
                        workshop=line.workshop_id.name,
                    )
                )

    @api.constrains("workshop_id", "member_id", "partner_id", "is_present")
    def _check_workshop_not_cancelled(self):
        for line in self:
            if line.workshop_id.state == "cancelled":
                raise ValidationError(
                    self.env._(
                        "Workshop “%(workshop)s” is cancelled: nobody can be registered or marked "
                        "present. Set it back to planned first if it takes place after all.",
                        workshop=line.workshop_id.name,
                    )
                )

    @api.constrains("workshop_id", "member_id", "partner_id")
    def _check_person_once(self):
        # sudo: a person comes once per workshop, counting the lines the user may not read
        # (households followed by someone else).
        lines = self.sudo()
        others = lines.search([("workshop_id", "in", lines.workshop_id.ids)])
        # Grouped by workshop: a batch of lines is checked in linear time.
        by_workshop = defaultdict(list)
        for line in others | lines:
            by_workshop[line.workshop_id].append(line)
        for workshop in lines.workshop_id:
            seen = {}
            for line in by_workshop[workshop]:
                for key in line._person_keys():
                    if key in seen and seen[key] != line:
                        raise ValidationError(
                            self.env._(
                                "%(person)s is listed twice on workshop “%(workshop)s”: keep one "
                                "line per person.",
                                person=line.person_name,
                                workshop=workshop.name,
                            )
                        )
                    seen[key] = line

    def _person_keys(self):
        """What identifies the person of this line: the member, and their contact."""
        self.ensure_one()
        keys = set()
        if self.member_id:
            keys.add(("member", self.member_id.id))
        partner = self.partner_id or self.member_id.partner_id
        if partner:
            keys.add(("partner", partner.id))
        return keys
