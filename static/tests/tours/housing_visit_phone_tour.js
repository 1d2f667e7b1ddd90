import { registry } from "@web/core/registry";

const card = ".o_kanban_record:contains('Phone Household')";

registry.category("web_tour.tours").add("housing_visit_phone_tour", {
    url: "/odoo/action-housing_accompaniment.action_housing_visit_my_today",
    steps: () => [
        {
            content: "Today's visit shows the household, its address and a button to call",
            trigger: `${card}:contains('12 rue des Tests') a.o_housing_call[href='tel:+33 6 12 34 56 78']`,
        },
        {
            content: "and a button to open the map",
            trigger: `${card} a.o_housing_map[href*='openstreetmap']`,
        },
        {
            content: "Tomorrow's visit is not in today's list",
            trigger: ".o_kanban_view:not(:has(.o_kanban_record:contains('Tomorrow Household')))",
        },
        {
            content: "Open the visit",
            trigger: `${card} .o_housing_visit_card`,
            run: "click",
        },
        {
            content: "The form shows the address, the access notes and the phone",
            trigger: ".o_form_view .o_field_widget[name='visit_address']:contains('12 rue des Tests')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='access_notes']:contains('door code 1234')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='household_mobile'] a[href^='tel:']",
        },
        {
            content: "The social referent came too",
            trigger: ".o_form_view .o_field_widget[name='with_referent'] input",
            run: "click",
        },
        {
            content: "Hours of the household",
            trigger: ".o_form_view .o_field_widget[name='household_hours'] input",
            run: "edit 2:30",
        },
        {
            content: "Hours of the volunteers",
            trigger: ".o_form_view .o_field_widget[name='volunteer_hours'] input",
            run: "edit 1:00",
        },
        {
            content: "Mark the visit as done, from the sheet (the header is folded on a phone)",
            trigger: ".o_form_view .o_housing_mark_done",
            run: "click",
        },
        {
            content: "The visit is done",
            trigger: ".o_form_view:not(:has(.o_housing_mark_done))",
        },
    ],
});
