import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("housing_dashboard_tour", {
    steps: () => [
        {
            content: "The Dashboards side panel shows the dashboard, opened",
            trigger:
                ".o_search_panel_category_value.active[data-name='Accompaniment: key figures']",
        },
        {
            content: "The period filter is set to the year so far",
            trigger: ".o-filter-value select.date_filter_values option[value='year_to_date'][selected]",
        },
        {
            content: "The spreadsheet is rendered with its scorecards and charts",
            trigger: ".o_spreadsheet_dashboard_action .o_renderer .o-figure",
        },
        {
            content: "No loading error",
            trigger: ".o_spreadsheet_dashboard_action:not(:has(.dashboard-loading-status))",
        },
    ],
});
