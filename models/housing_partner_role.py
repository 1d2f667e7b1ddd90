from odoo import fields, models


class HousingPartnerRole(models.Model):
    """A role a partner organisation plays in the support: landlord, association, social
    services, funder, State / Préfecture, municipality or EPCI."""

    _name = "housing.partner.role"
    _description = "Partner role"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        help="Technical code of the roles shipped with the app (landlord, funder, …). Roles "
        "added by a manager need none."
    )
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "Another role already has this technical code."),
    ]
