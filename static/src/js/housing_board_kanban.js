import { _t } from "@web/core/l10n/translation";
import { ConfirmationDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { registry } from "@web/core/registry";
import { KanbanRenderer } from "@web/views/kanban/kanban_renderer";
import { kanbanView } from "@web/views/kanban/kanban_view";

/**
 * The boards of the accompaniment files: dragging a closed file back to an open step reopens
 * it, which the board asks to confirm first (the server logs the reopening on the file).
 */
export class HousingBoardKanbanRenderer extends KanbanRenderer {
    async sortRecordDrop(dataRecordId, dataGroupId, params) {
        const targetGroupId = params.parent?.dataset.id;
        if (this.props.list.isGrouped && targetGroupId && targetGroupId !== dataGroupId) {
            const group = this.props.list.groups.find((g) => g.id === dataGroupId);
            const record = group?.list.records.find((r) => r.id === dataRecordId);
            if (record?.data.is_closed) {
                const confirmed = await new Promise((resolve) => {
                    this.dialog.add(
                        ConfirmationDialog,
                        {
                            title: _t("Reopen the file?"),
                            body: _t(
                                "This file is closed. Moving it to an open step reopens it: its closing date, outcome and reason are cleared, and the reopening is logged on the file."
                            ),
                            confirmLabel: _t("Reopen"),
                            confirm: () => resolve(true),
                            cancel: () => resolve(false),
                        },
                        { onClose: () => resolve(false) }
                    );
                });
                if (!confirmed) {
                    this.render(true);
                    return;
                }
                // The drop target lost its highlight while the dialog was open.
                params.parent.classList.add("o_kanban_hover");
            }
        }
        return super.sortRecordDrop(dataRecordId, dataGroupId, params);
    }
}

export const housingBoardKanbanView = {
    ...kanbanView,
    Renderer: HousingBoardKanbanRenderer,
};

registry.category("views").add("housing_board_kanban", housingBoardKanbanView);
