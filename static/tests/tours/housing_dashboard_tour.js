import { registry } from "@web/core/registry";

const dashboard = (name) => `.o_search_panel_category_value[data-name='${name}']`;

registry.category("web_tour.tours").add("housing_dashboard_tour", {
    steps: () => [
        {
            content: "The Dashboards side panel shows the key figures, opened",
            trigger: `${dashboard("Accompaniment: key figures")}.active`,
        },
        {
            content: "The period filter is set to the year so far",
            trigger: ".o-filter-value select.date_filter_values:value(year_to_date)",
        },
        {
            content: "The spreadsheet is rendered with its scorecards and charts",
            trigger: ".o_spreadsheet_dashboard_action .o_renderer .o-figure",
        },
        {
            content: "Open the funding dashboard of the same group",
            trigger: dashboard("Accompaniment: funding"),
            run: "click",
        },
        {
            content: "The funding dashboard is open, with its chart",
            trigger: `${dashboard("Accompaniment: funding")}.active`,
        },
        {
            content: "Its figures are drawn, and no loading error",
            trigger:
                ".o_spreadsheet_dashboard_action:not(:has(.dashboard-loading-status)) .o_renderer .o-figure",
        },
    ],
});
