import { registry } from "@web/core/registry";

const card = "Tour Household";
const column = (title) => `.o_kanban_group:has(.o_column_title:contains('${title}'))`;

registry.category("web_tour.tours").add("housing_ara_board_tour", {
    url: "/odoo/action-housing_accompaniment.action_housing_accompaniment_board_ara",
    steps: () => [
        {
            content: "The ARA board shows its own columns, the empty ones included",
            trigger: `${column("Encouragement and advice visit(s)")}`,
        },
        {
            content: "Move the card from the referral to the tripartite meeting",
            trigger: `${column("Referral by the social referent")} .o_kanban_record:contains('${card}')`,
            run: `drag_and_drop(${column("Tripartite meeting")})`,
        },
        {
            content: "The card is now in the tripartite meeting column: open it",
            trigger: `${column("Tripartite meeting")} .o_kanban_record:contains('${card}')`,
            run: "click",
        },
        {
            content: "The file is at its new step",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Tripartite meeting')",
        },
        {
            content: "The form says what the next step needs",
            trigger: ".o_form_view .o_housing_next_step:contains('Tripartite meeting')",
        },
        {
            content: "The step's required fields are marked required",
            trigger: ".o_form_view .o_field_widget[name='facilitator_id'].o_required_modifier",
        },
        {
            content: "The referral date is required from this step on",
            trigger: ".o_form_view .o_field_widget[name='referral_date'].o_required_modifier",
        },
    ],
});
