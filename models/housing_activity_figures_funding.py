from odoo import api, models


class HousingActivityFigures(models.AbstractModel):
    """The activity report's funding figures: the landlord's share of each action's funding
    beside the share of the households reached that are its tenants."""

    _inherit = "housing.activity.figures"

    @api.model
    def _extra_figures(self, date_from, date_to, files):
        figures = super()._extra_figures(date_from, date_to, files)
        figures["funding"] = self._funding_figures(date_from, date_to)
        return figures

    @api.model
    def _funding_figures(self, date_from, date_to):
        """For the years of the period, per action: all funders' committed amount, the
        landlord's committed amount and its share; and the households reached in the period
        that live in the landlord's dwellings, with their share. The landlord is each
        company's TFPB landlord. Empty for users who may not read the funding (social-support
        users): they see the rest of the report.

        Returns ``{"actions": [(action, total, landlord amount, landlord share)],
        "landlord_households": (count, share)}``.
        """
        Funding = self.env["housing.funding"]
        if not Funding.has_access("read"):
            return {}
        companies = self.env.companies
        landlords = {company._housing_landlord_partner() for company in companies}
        groups = Funding._read_group(
            [
                ("year", "in", list(range(date_from.year, date_to.year + 1))),
                ("company_id", "in", companies.ids),
            ],
            ["action_id", "funder_id"],
            ["amount_committed:sum"],
        )
        amounts = {}
        for action, funder, amount in groups:
            total, landlord_amount = amounts.get(action, (0.0, 0.0))
            amounts[action] = (
                total + amount,
                landlord_amount + (amount if funder in landlords else 0.0),
            )
        shares = Funding._landlord_household_shares(date_from, date_to, companies=companies)
        reached = sum(count for count, _share in shares.values())
        tenants = sum(shares.get(landlord, (0, 0.0))[0] for landlord in landlords)
        return {
            "actions": [
                (action, total, landlord_amount, landlord_amount / total if total else 0.0)
                for action, (total, landlord_amount) in sorted(
                    amounts.items(), key=lambda item: (item[0].sequence, item[0].id)
                )
            ],
            "landlord_households": (tenants, tenants / reached if reached else 0.0),
        }
