from odoo.tests import new_test_user, tagged

from .common import HousingCase

# Who may read (r), write (w), create (c) and delete (d) each model, by group: the table of
# the README ("Who sees what"). Record rules narrow these further (see test_privacy).
ACCESS = {
    "housing.qpv": {"facilitator": "r", "user": "r", "accountant": "r", "manager": "rwcd"},
    "housing.residence": {"facilitator": "r", "user": "rwc", "accountant": "r", "manager": "rwcd"},
    "housing.dwelling": {"facilitator": "r", "user": "rwc", "accountant": "r", "manager": "rwcd"},
    "housing.household": {"facilitator": "r", "user": "rwc", "accountant": "", "manager": "rwcd"},
    "housing.member": {"facilitator": "r", "user": "rwcd", "accountant": "", "manager": "rwcd"},
    "housing.tenancy": {"facilitator": "r", "user": "rwcd", "accountant": "", "manager": "rwcd"},
    "housing.stage": {"facilitator": "r", "user": "r", "accountant": "", "manager": "rwcd"},
    "housing.abandon.reason": {
        "facilitator": "r",
        "user": "r",
        "accountant": "r",
        "manager": "rwcd",
    },
    "housing.skill": {"facilitator": "r", "user": "r", "accountant": "r", "manager": "rwcd"},
    "housing.accompaniment.tag": {
        "facilitator": "r",
        "user": "rwc",
        "accountant": "",
        "manager": "rwcd",
    },
    "housing.right.type": {"facilitator": "", "user": "r", "accountant": "", "manager": "rwcd"},
    "housing.right.line": {"facilitator": "", "user": "rwcd", "accountant": "", "manager": "rwcd"},
    "housing.accompaniment": {
        "facilitator": "rw",
        "user": "rwc",
        "accountant": "",
        "manager": "rwcd",
    },
    "housing.visit": {"facilitator": "rwcd", "user": "rwcd", "accountant": "", "manager": "rwcd"},
    "housing.purchase.line": {
        "facilitator": "rwcd",
        "user": "rwcd",
        "accountant": "",
        "manager": "rwcd",
    },
    "housing.work.item": {
        "facilitator": "rwcd",
        "user": "rwcd",
        "accountant": "",
        "manager": "rwcd",
    },
    "housing.stage.override.wizard": {
        "facilitator": "",
        "user": "",
        "accountant": "",
        "manager": "rwcd",
    },
    "housing.accompaniment.close.wizard": {
        "facilitator": "rwcd",
        "user": "rwcd",
        "accountant": "",
        "manager": "rwcd",
    },
    "housing.anonymisation.wizard": {
        "facilitator": "",
        "user": "",
        "accountant": "",
        "manager": "rwcd",
    },
    "housing.activity.report.wizard": {
        "facilitator": "",
        "user": "rwcd",
        "accountant": "rwcd",
        "manager": "rwcd",
    },
    "housing.agreement.review.wizard": {
        "facilitator": "",
        "user": "rwcd",
        "accountant": "rwcd",
        "manager": "rwcd",
    },
    # Partnerships: agreements, funding and the TFPB programme are the accountants'.
    "housing.partner.role": {"facilitator": "r", "user": "r", "accountant": "r", "manager": "rwcd"},
    "housing.action": {"facilitator": "", "user": "r", "accountant": "r", "manager": "rwcd"},
    "housing.tfpb.axis": {"facilitator": "", "user": "", "accountant": "r", "manager": "rwcd"},
    "housing.agreement": {"facilitator": "", "user": "r", "accountant": "rwc", "manager": "rwcd"},
    "housing.agreement.milestone": {
        "facilitator": "",
        "user": "r",
        "accountant": "rwcd",
        "manager": "rwcd",
    },
    "housing.funding": {"facilitator": "", "user": "", "accountant": "rwc", "manager": "rwcd"},
    "housing.funding.payment": {
        "facilitator": "",
        "user": "",
        "accountant": "rwcd",
        "manager": "rwcd",
    },
    "housing.tfpb.year": {"facilitator": "", "user": "", "accountant": "rwc", "manager": "rwcd"},
    "housing.tfpb.line": {"facilitator": "", "user": "", "accountant": "rwcd", "manager": "rwcd"},
    "housing.equipment": {
        "facilitator": "r",
        "user": "r",
        "accountant": "r",
        "manager": "rwcd",
    },
    "housing.kit.installation": {
        "facilitator": "rwcd",
        "user": "rwcd",
        "accountant": "",
        "manager": "rwcd",
    },
    "housing.workshop.theme": {
        "facilitator": "r",
        "user": "r",
        "accountant": "r",
        "manager": "rwcd",
    },
    "housing.workshop": {
        "facilitator": "rwc",
        "user": "rwc",
        "accountant": "r",
        "manager": "rwcd",
    },
    "housing.workshop.attendance": {
        "facilitator": "rwcd",
        "user": "rwcd",
        "accountant": "",
        "manager": "rwcd",
    },
    "housing.mutual.aid": {
        "facilitator": "rwcd",
        "user": "rwcd",
        "accountant": "",
        "manager": "rwcd",
    },
    "housing.workshop.series.wizard": {
        "facilitator": "rwcd",
        "user": "rwcd",
        "accountant": "",
        "manager": "rwcd",
    },
    "housing.workshop.series.wizard.line": {
        "facilitator": "rwcd",
        "user": "rwcd",
        "accountant": "",
        "manager": "rwcd",
    },
    "housing.workshop.add.members.wizard": {
        "facilitator": "rwcd",
        "user": "rwcd",
        "accountant": "",
        "manager": "rwcd",
    },
    "housing.referral.decline.wizard": {
        "facilitator": "",
        "user": "",
        "accountant": "",
        "manager": "rwcd",
    },
    # Steps that hold their content: document types and checklists, worksite budgets.
    "housing.document.type": {
        "facilitator": "r",
        "user": "r",
        "accountant": "",
        "manager": "rwcd",
    },
    "housing.document": {"facilitator": "rw", "user": "rw", "accountant": "", "manager": "rwcd"},
    "housing.worksite.budget": {
        "facilitator": "",
        "user": "",
        "accountant": "r",
        "manager": "r",
    },
    # Designation imports: run by the social-support staff, their log read by managers.
    "housing.import.mapping": {
        "facilitator": "",
        "user": "rwc",
        "accountant": "",
        "manager": "rwcd",
    },
    "housing.designation.import.log": {
        "facilitator": "",
        "user": "",
        "accountant": "",
        "manager": "r",
    },
    "housing.designation.import.wizard": {
        "facilitator": "",
        "user": "rwcd",
        "accountant": "",
        "manager": "rwcd",
    },
    "housing.designation.import.column": {
        "facilitator": "",
        "user": "rwcd",
        "accountant": "",
        "manager": "rwcd",
    },
    "housing.designation.import.line": {
        "facilitator": "",
        "user": "rwcd",
        "accountant": "",
        "manager": "rwcd",
    },
    "housing.dwelling.allocation.wizard": {
        "facilitator": "",
        "user": "rwcd",
        "accountant": "",
        "manager": "rwcd",
    },
    # The figures of past periods read them as superuser; managers may look.
    "housing.accompaniment.situation": {
        "facilitator": "",
        "user": "",
        "accountant": "",
        "manager": "r",
    },
    "housing.accompaniment.stage.log": {
        "facilitator": "",
        "user": "",
        "accountant": "",
        "manager": "r",
    },
    "housing.member.change.wizard": {
        "facilitator": "",
        "user": "rwcd",
        "accountant": "",
        "manager": "rwcd",
    },
}
# Two more columns. The association's coordinator has the facilitator's rights, and opens
# ARA files (households, members, files) and declines referrals. Portal users (the social
# referents) have no right at all: the portal pages read their own files for them.
COORDINATOR_ACCESS = {
    "housing.household": "rwc",
    "housing.member": "rwcd",
    "housing.tenancy": "rwcd",
    "housing.accompaniment": "rwc",
    "housing.referral.decline.wizard": "rwcd",
    "housing.member.change.wizard": "rwcd",
}
for _model, _rights in ACCESS.items():
    _rights["coordinator"] = COORDINATOR_ACCESS.get(_model, _rights["facilitator"])
    _rights["portal"] = ""
OPERATIONS = {"r": "read", "w": "write", "c": "create", "d": "unlink"}


@tagged("post_install", "-at_install")
class TestAccessMatrix(HousingCase):
    def test_access_matrix(self):
        users = {
            "facilitator": self.facilitator,
            "user": self.staff,
            "accountant": self.accountant,
            "manager": self.manager,
            "coordinator": new_test_user(
                self.env,
                "housing_matrix_coordinator",
                groups="housing_accompaniment.group_housing_coordinator",
            ),
            "portal": new_test_user(self.env, "housing_matrix_portal", groups="base.group_portal"),
        }
        mismatches = []
        for model, expected_by_group in ACCESS.items():
            for group, expected in expected_by_group.items():
                Model = self.env[model].with_user(users[group])
                for letter, operation in OPERATIONS.items():
                    allowed = Model.has_access(operation)
                    if allowed != (letter in expected):
                        mismatches.append(
                            f"{model} {operation} for {group}: "
                            f"{'allowed' if allowed else 'refused'}"
                        )
        self.assertFalse(mismatches, "\n".join(mismatches))

    def test_every_model_is_in_the_matrix(self):
        models = self.env["ir.model"].search([("model", "=like", "housing.%")]).mapped("model")
        # Abstract models (mixins, the figures) have no table and no access rights.
        abstract = {model for model in models if self.env[model]._abstract}
        self.assertEqual(sorted(set(models) - abstract), sorted(ACCESS))
