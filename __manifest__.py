# Copyright 2026 housing_accompaniment contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Housing Accompaniment",
    "summary": "Tenant support for social landlords: new entrants, transfer requests, "
    "assisted self-renovation (ARA), workshops, partner funding and TFPB",
    "version": "18.0.1.0.0",
    "category": "Services/Housing",
    "website": "https://github.com/housing-accompaniment/housing_accompaniment",
    "author": "housing_accompaniment contributors",
    "license": "AGPL-3",
    "application": True,
    "installable": True,
    "depends": ["mail", "report_xlsx"],
    "data": [
        "security/housing_groups.xml",
        "security/ir.model.access.csv",
        "security/ir_rules.xml",
        "data/housing_sequence_data.xml",
        "data/housing_cron_data.xml",
        "data/housing_stage_data.xml",
        "data/housing_right_type_data.xml",
        "views/housing_qpv_views.xml",
        "views/housing_residence_views.xml",
        "views/housing_dwelling_views.xml",
        "views/housing_household_views.xml",
        "views/housing_member_views.xml",
        "views/res_partner_views.xml",
        "views/housing_stage_views.xml",
        "views/housing_accompaniment_views.xml",
        "views/housing_visit_views.xml",
        "views/housing_wizard_views.xml",
        "views/res_config_settings_views.xml",
        "reports/housing_report_actions.xml",
        "views/menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "housing_accompaniment/static/tests/tours/*.js",
        ],
    },
    "demo": [
        "demo/housing_registry_demo.xml",
        "demo/housing_accompaniment_demo.xml",
    ],
}
