import { registry } from "@web/core/registry";

const card = "Reopen Tour Household";
const column = (title) => `.o_kanban_group:has(.o_column_title:contains('${title}'))`;

registry.category("web_tour.tours").add("housing_board_reopen_tour", {
    url: "/odoo/action-housing_accompaniment.action_housing_accompaniment_board_ara",
    steps: () => [
        {
            content: "Unfold the column of the closed files",
            trigger: ".o_kanban_group.o_column_folded:contains('Closed')",
            run: "click",
        },
        {
            content: "Drag the closed file back to the referral",
            trigger: `${column("Closed")} .o_kanban_record:contains('${card}')`,
            run: `drag_and_drop(${column("Referral by the social referent")})`,
        },
        {
            content: "The board asks to confirm the reopening",
            trigger: ".modal:contains('Reopen the file?') .modal-footer .btn-primary:contains('Reopen')",
            run: "click",
        },
        {
            content: "The file is open again, in the referral column",
            trigger: `${column("Referral by the social referent")} .o_kanban_record:contains('${card}')`,
        },
    ],
});
