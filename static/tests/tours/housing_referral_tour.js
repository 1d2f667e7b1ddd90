import { registry } from "@web/core/registry";

const household = "Mme Tour Referral";
// The browser's date inputs take an ISO value; the tour's "edit" would type it as text.
const setDate = (value) =>
    function () {
        this.anchor.value = value;
    };

registry.category("web_tour.tours").add("housing_referral_portal_tour", {
    url: "/my",
    steps: () => [
        {
            content: "My account shows the referrals",
            trigger: "a[href='/my/referrals']",
            run: "click",
        },
        {
            content: "Refer a household",
            trigger: "a.o_housing_referral_new",
            run: "click",
        },
        { trigger: "input[name='head_name']", run: `edit ${household}` },
        { trigger: "input[name='head_birth_date']", run: setDate("1984-06-15") },
        { trigger: "input[name='phone']", run: "edit 06 11 22 33 44" },
        { trigger: "input[name='street']", run: "edit 4 rue du Tour" },
        { trigger: "input[name='zip']", run: "edit 13090" },
        { trigger: "input[name='city']", run: "edit Aix-en-Provence" },
        { trigger: "input[name='member_name_1']", run: "edit Enfant Tour" },
        { trigger: "input[name='member_birth_date_1']", run: setDate("2016-02-03") },
        { trigger: "textarea[name='referral_reason']", run: "edit Damp walls in the bedroom." },
        { trigger: "textarea[name='works_wished']", run: "edit Paint the bedroom." },
        {
            content: "The household gave its consent",
            trigger: "input[name='consent']",
            run: "click",
        },
        {
            content: "Send the referral",
            trigger: "button.o_housing_referral_submit",
            run: "click",
        },
        {
            content: "The referral is sent and waits for the coordinator",
            trigger: ".alert-success:contains('The referral is sent')",
        },
        {
            content: "Back to the list",
            trigger: ".breadcrumb a[href='/my/referrals']",
            run: "click",
        },
        {
            content: "The referral is in the list, at the referral step",
            trigger: `tr.o_housing_referral_row:contains('${household}') .o_housing_referral_step:contains('Referral by the social referent')`,
        },
    ],
});

registry.category("web_tour.tours").add("housing_referral_coordinator_tour", {
    url: "/odoo/action-housing_accompaniment.action_housing_accompaniment_board_ara",
    steps: () => [
        {
            content: "The new referral is on the ARA board, marked to review",
            trigger: `.o_kanban_record:contains('${household}'):contains('To review')`,
            run: "click",
        },
        {
            content: "Choose the technical facilitator",
            trigger: ".o_form_view .o_field_widget[name='facilitator_id'] input",
            run: "edit Tour Referral Facilitator",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Referral Facilitator')",
            run: "click",
        },
        {
            content: "Accept the referral",
            trigger: ".o_form_view button[name='action_accept_referral']",
            run: "click",
        },
        {
            content: "The file moved to the tripartite meeting",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Tripartite meeting')",
        },
    ],
});

registry.category("web_tour.tours").add("housing_referral_followup_tour", {
    url: "/my/referrals",
    steps: () => [
        {
            content: "The referent sees the new step",
            trigger: `tr.o_housing_referral_row:contains('${household}') .o_housing_referral_step:contains('Tripartite meeting')`,
            run: "click",
        },
        {
            content: "Open the file: the facilitator and the decision are there",
            trigger: `tr.o_housing_referral_row:contains('${household}') a`,
            run: "click",
        },
        {
            trigger: ".o_housing_current_step:contains('Tripartite meeting')",
        },
        {
            trigger: ".card-body:contains('Tour Referral Facilitator')",
        },
        {
            content: "Write to the team on the file",
            trigger: "#chatterRoot:shadow .o-mail-Composer-input",
            run: "edit The household is available on Mondays.",
        },
        {
            trigger: "#chatterRoot:shadow .o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The message is in the file's thread",
            trigger: "#chatterRoot:shadow .o-mail-Message:contains('available on Mondays')",
        },
    ],
});
