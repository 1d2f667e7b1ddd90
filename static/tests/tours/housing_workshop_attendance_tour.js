import { registry } from "@web/core/registry";

const line = (name) => `.o_field_widget[name='attendance_ids'] .o_data_row:contains('${name}')`;

registry.category("web_tour.tours").add("housing_workshop_attendance_tour", {
    steps: () => [
        {
            content: "The workshop shows its attendance list: three people registered",
            trigger: ".o_form_view .o_field_widget[name='registered_count']:contains('3')",
        },
        {
            content: "Everyone came: one click",
            trigger: ".o_form_view button[name='action_all_present']",
            run: "click",
        },
        {
            content: "Three people are present",
            trigger: ".o_form_view .o_field_widget[name='present_count']:contains('3')",
        },
        {
            content: "The volunteer left early: untick them",
            trigger: `${line("Tour Volunteer")} .o_field_boolean_toggle input`,
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Two people are present",
            trigger: ".o_form_view .o_field_widget[name='present_count']:contains('2')",
        },
        {
            content: "A family arrived together: add its members",
            trigger: ".o_form_view button[name='action_add_households']",
            run: "click",
        },
        {
            content: "Choose the household",
            trigger: ".modal .o_field_widget[name='household_ids'] input",
            run: "edit Tour Family",
        },
        {
            content: "Pick it in the list",
            trigger: ".modal .o-autocomplete--dropdown-menu li:contains('Tour Family')",
            run: "click",
        },
        {
            content: "Its members are proposed",
            trigger: ".modal .o_field_widget[name='member_ids'] .o_data_row:contains('Tour Child')",
        },
        {
            content: "Add them",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The family is on the list, present: the workshop was held",
            trigger: `${line("Tour Child")} .o_field_boolean_toggle input:checked`,
        },
        {
            content: "Four people registered",
            trigger: ".o_form_view .o_field_widget[name='registered_count']:contains('4')",
        },
        {
            content: "Three of them present",
            trigger: ".o_form_view .o_field_widget[name='present_count']:contains('3')",
        },
    ],
});
