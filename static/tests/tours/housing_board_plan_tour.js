import { registry } from "@web/core/registry";

const card = "Plan Tour Household";
const column = (title) => `.o_kanban_group:has(.o_column_title:contains('${title}'))`;
const today = luxon.DateTime.now().toFormat("MM/dd/yyyy");

registry.category("web_tour.tours").add("housing_board_plan_tour", {
    url: "/odoo/action-housing_accompaniment.action_housing_accompaniment_board_ara",
    steps: () => [
        {
            content: "Move the card from the referral to the tripartite meeting",
            trigger: `${column("Referral by the social referent")} .o_kanban_record:contains('${card}')`,
            run: `drag_and_drop(${column("Tripartite meeting")})`,
        },
        {
            content: "The card is in the tripartite meeting column, with its activities: open it",
            trigger: `${column("Tripartite meeting")} .o_kanban_record:contains('${card}')`,
            run: "click",
        },
        {
            content: "The step's plan scheduled its activity for the facilitator",
            trigger: ".o-mail-Activity:contains('Plan the first preparation visit'):contains('Plan Tour Facilitator')",
        },
        {
            content: "Book the tripartite meeting today",
            trigger: ".o_form_view .o_field_widget[name='tripartite_meeting_date'] input",
            run: `edit ${today}`,
        },
        {
            content: "Save the file",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "The meeting is on the calendar: open the file's meetings",
            trigger: ".o_form_view .oe_stat_button[name='action_view_calendar_events']:contains('1')",
            run: "click",
        },
        {
            content: "The tripartite meeting is in the calendar, named by the file's reference only",
            trigger: ".o_calendar_view .fc-event:contains('Tripartite meeting')",
        },
    ],
});
