from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class HousingHouseholdRetention(models.Model):
    """Retention and anonymisation: the last contact with each household, the households past
    their company's retention period, and the erasure of their personal data, model by model
    (each model names its own personal fields)."""

    # One model in several files (each under ~450 lines).
    _inherit = "housing.household"  # pylint: disable=consider-merging-classes-inherited

    def _last_contact_dates(self):
        """The last contact with each household, as ``{household_id: date}``: the latest of
        its files' start and closing dates, of its visits, of the workshops its members came to
        and of the help it gave on other worksites; its creation when it has none."""
        last = {}
        # (model, field naming the household, date aggregates, extra domain)
        sources = [
            ("housing.accompaniment", "household_id", ["start_date:max", "close_date:max"], []),
            ("housing.visit", "household_id", ["visit_datetime:max"], [("state", "=", "done")]),
            # Coming to a workshop, or helping on another household's worksite, is contact too.
            (
                "housing.workshop.attendance",
                "household_id",
                ["workshop_date:max"],
                [("is_present", "=", True)],
            ),
            ("housing.mutual.aid", "helper_household_id", ["aid_date:max"], []),
        ]
        for model, fname, aggregates, domain in sources:
            # sudo: the last contact is found in all the household's records, whoever runs the
            # retention (the daily job, a manager's preview).
            Model = self.env[model].sudo().with_context(active_test=False)
            for household, *days in Model._read_group(
                [(fname, "in", self.ids), *domain], [fname], aggregates
            ):
                for day in days:
                    day = day and fields.Date.to_date(day)
                    if day and (household.id not in last or day > last[household.id]):
                        last[household.id] = day
        for household in self:
            last.setdefault(household.id, household.create_date.date())
        return last

    @api.model
    def _anonymisation_candidates(self, company=None, today=None):
        """Households whose files are all closed and whose last contact is older than their
        company's retention period, not yet anonymised."""
        today = today or fields.Date.context_today(self)
        candidates = self.browse()
        # sudo: the retention looks at every company's households and their files, not only those
        # the user running it may read.
        companies = company or self.env["res.company"].sudo().search([])
        for company in companies:
            limit = today - relativedelta(months=company.housing_retention_months or 24)
            households = (
                self.sudo()
                .with_context(active_test=False)
                .search(
                    [
                        ("company_id", "=", company.id),
                        ("anonymised_date", "=", False),
                        "!",
                        (
                            "accompaniment_ids",
                            "any",
                            [("is_closed", "=", False), ("active", "=", True)],
                        ),
                    ]
                )
            )
            last = households._last_contact_dates()
            candidates |= households.filtered(lambda h, last=last, limit=limit: last[h.id] < limit)
        return candidates.with_env(self.env)

    @api.model
    def _housing_personal_models(self):
        """The models that declare personal data of households (``_housing_personal_fields``,
        see ``housing.personal.data.mixin``)."""
        return [
            self.env[name]
            for name, model_class in self.env.registry.items()
            if not model_class._abstract and getattr(model_class, "_housing_personal_fields", None)
        ]

    def _anonymise(self):
        """Erase the personal data of these households; keep what the yearly figures need.

        Every model holding personal data of households (``housing.personal.data.mixin``)
        erases its own: names, contact details, day and month of birth, free-text notes, visit
        notes, attachments and chatter messages go; gender, birth year, flags, dates and links
        stay, so that past reports give the same figures. Irreversible."""
        if not self:
            return
        # sudo: the anonymisation runs from the daily job or a manager's wizard and must reach
        # every record of the households, whatever the record rules (other facilitators' files).
        self = self.sudo().with_context(active_test=False, tracking_disable=True)
        today = fields.Date.context_today(self)
        for Model in self._housing_personal_models():
            Model._housing_personal_records(self)._housing_erase_personal_data(self)
        self.write({"anonymised_date": today})

    @api.model
    def _cron_anonymise(self):
        """Daily: anonymise the households past their retention period."""
        self._anonymisation_candidates()._anonymise()
