"""Access guards that every housing model gets, whoever calls it (web client, JSON-RPC, ORM).

Odoo checks access rights and record rules on the records a user reads or writes, but not:

- the records a search goes *through*: a domain on a one2many or many2many field compares ids
  (``('household_ids', 'in', [42])``, ``('household_ids', '=', False)``) without the record
  rules of the other model, and ignores the groups of the relational field itself;
- the records a write *points to*: a many2one may be set to any id, whose name is then read
  back (a many2one is always displayed with its name);
- where a record *ends up* after a write: record rules are checked before the write only;
- stored computed and related fields, read-only in the forms but writable over RPC.

The overrides below close those paths for every model named ``housing.*`` (and every search
through a relation to such a model), for every user but the superuser.
"""

from odoo import api, models
from odoo.exceptions import AccessError

HOUSING_PREFIX = "housing."
X2MANY = ("one2many", "many2many")
ID_OPERATORS = {"=": "any", "in": "any", "!=": "not any", "not in": "not any"}


def _is_id_list(value):
    if isinstance(value, int) and not isinstance(value, bool):
        return True
    return (
        isinstance(value, list | tuple)
        and bool(value)
        and all(isinstance(item, int) and not isinstance(item, bool) for item in value)
    )


class Base(models.AbstractModel):
    _inherit = "base"

    # ------------------------------------------------------------------
    # Searches through restricted relations
    # ------------------------------------------------------------------
    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if domain and not self.env.su:
            domain = self._housing_guard_domain(domain)
        return super()._search(domain, offset=offset, limit=limit, order=order)

    @api.model
    def _housing_guard_domain(self, domain):
        """``domain`` where every condition through a relation to a housing model obeys the
        groups of the fields it goes through and the record rules of the records it compares.
        Raises AccessError when it goes through a field or a model the user may not read."""
        if not isinstance(domain, list | tuple):
            return domain
        return [
            self._housing_guard_leaf(leaf)
            if isinstance(leaf, list | tuple) and len(leaf) == 3 and isinstance(leaf[0], str)
            else leaf
            for leaf in domain
        ]

    @api.model
    def _housing_guard_leaf(self, leaf):
        path, operator, value = leaf[0].split("."), leaf[1], leaf[2]
        model = self
        for index, fname in enumerate(path):
            field = model._fields.get(fname)
            if field is None:
                return leaf  # Odoo itself says the field does not exist
            is_housing = model._name.startswith(HOUSING_PREFIX) or (
                field.relational and field.comodel_name.startswith(HOUSING_PREFIX)
            )
            if not is_housing:
                if not field.relational:
                    return leaf
                model = model.env[field.comodel_name]
                continue
            if field.groups:
                model.check_field_access_rights("read", [fname])
            if not field.relational:
                return leaf
            comodel = model.env[field.comodel_name]
            if field.type in X2MANY:
                comodel.check_access("read")
                if index == len(path) - 1:
                    return self._housing_x2many_leaf(leaf, operator, value)
            model = comodel
        return leaf

    @api.model
    def _housing_x2many_leaf(self, leaf, operator, value):
        """Rewrite a condition on the ids of an x2many's records as an ``any`` condition,
        which Odoo evaluates with the record rules of those records."""
        if operator in ("=", "!=") and (value is False or value is None):
            return (leaf[0], "not any" if operator == "=" else "any", [])
        if operator in ID_OPERATORS and _is_id_list(value):
            ids = [value] if isinstance(value, int) else list(value)
            return (leaf[0], ID_OPERATORS[operator], [("id", "in", ids)])
        return leaf

    # ------------------------------------------------------------------
    # Writes: what may be written, what it points to, where it ends up
    # ------------------------------------------------------------------
    @api.model
    def default_get(self, fields_list):
        defaults = super().default_get(fields_list)
        if self._name.startswith(HOUSING_PREFIX) and not self.env.su:
            # ``default_<field>`` keys come from the caller's context: never for derived fields.
            # Only those of the context go: the fields' own defaults (a year starts open) stay.
            for fname in self._housing_derived_fields(defaults):
                if f"default_{fname}" in self.env.context:
                    defaults.pop(fname)
                    field = self._fields[fname]
                    if field.default:
                        defaults[fname] = field.convert_to_write(field.default(self), self)
        return defaults

    @api.model_create_multi
    def create(self, vals_list):
        if not self._name.startswith(HOUSING_PREFIX) or self.env.su:
            return super().create(vals_list)
        for vals in vals_list:
            self._housing_check_writable(vals)
        records = super().create(vals_list)
        written = set().union(*(vals.keys() for vals in vals_list)) if vals_list else set()
        records._housing_check_after_write(written, "create")
        return records

    def write(self, vals):
        if not self._name.startswith(HOUSING_PREFIX) or self.env.su or not self:
            return super().write(vals)
        self._housing_check_writable(vals)
        result = super().write(vals)
        self._housing_check_after_write(set(vals), "write")
        return result

    @api.model
    def _housing_derived_fields(self, vals):
        """The fields of ``vals`` that are computed from other data (related fields such as a
        file's household or company, counts, dates of last contact) and have no inverse, and
        those the model's own processes set (``_housing_protected_fields``, such as the date a
        household was anonymised)."""
        protected = getattr(self, "_housing_protected_fields", ())
        return [
            fname
            for fname in vals
            if (field := self._fields.get(fname))
            and (fname in protected or (field.compute and field.readonly and not field.inverse))
            and fname not in models.MAGIC_COLUMNS
            and fname != "display_name"
        ]

    @api.model
    def _housing_check_writable(self, vals):
        derived = self._housing_derived_fields(vals)
        if derived:
            labels = ", ".join(
                self._fields[fname]._description_string(self.env) for fname in derived
            )
            raise AccessError(
                self.env._(
                    "%(fields)s of %(model)s cannot be written: these fields follow from other "
                    "data. Change the data they come from instead.",
                    fields=labels,
                    model=self.env["ir.model"]._get(self._name).name,
                )
            )

    def _housing_check_after_write(self, fnames, operation):
        """After a create or write: the records are still within the user's record rules (a
        visit cannot be moved to another facilitator's file), every record they now point to
        is readable by the user and of the kind the field accepts, and of a compatible
        company."""
        self.check_access(operation)
        for fname in fnames:
            field = self._fields.get(fname)
            if not field or not field.relational or field.type == "one2many":
                continue
            targets = self.sudo()[fname]
            if not targets:
                continue
            targets.with_env(self.env).check_access("read")
            domain = field.get_domain_list(self) if not isinstance(field.domain, str) else []
            if domain and len(targets.sudo().filtered_domain(domain)) != len(targets):
                raise AccessError(
                    self.env._(
                        "%(records)s cannot be chosen as %(field)s: pick a record from the "
                        "list the field offers.",
                        records=", ".join(targets.sudo().mapped("display_name")),
                        field=field._description_string(self.env),
                    )
                )
        links = [
            fname
            for fname in fnames
            if fname in self._fields
            and self._fields[fname].relational
            and self._fields[fname].check_company
        ]
        if "company_id" in fnames:
            self._check_company()
        elif links:
            self._check_company(links)
