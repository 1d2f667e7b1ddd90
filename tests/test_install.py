from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import HousingCase

GROUPS = (
    "group_housing_facilitator",
    "group_housing_user",
    "group_housing_accountant",
    "group_housing_manager",
)


@tagged("post_install", "-at_install")
class TestInstall(HousingCase):
    def test_groups_and_implications(self):
        groups = {xmlid: self.env.ref(f"housing_accompaniment.{xmlid}") for xmlid in GROUPS}
        manager = groups["group_housing_manager"]
        self.assertIn(groups["group_housing_user"], manager.trans_implied_ids)
        self.assertIn(groups["group_housing_accountant"], manager.trans_implied_ids)
        self.assertIn(groups["group_housing_facilitator"], groups["group_housing_user"].implied_ids)
        self.assertNotIn(
            groups["group_housing_user"], groups["group_housing_accountant"].trans_implied_ids
        )
        self.assertIn(self.env.ref("base.user_admin"), manager.users)

    def test_menus_exist(self):
        root = self.env.ref("housing_accompaniment.menu_housing_root")
        self.assertEqual(root.web_icon, "housing_accompaniment,static/description/icon.png")
        for xmlid in (
            "menu_housing_board_new_entrant",
            "menu_housing_board_ara",
            "menu_housing_household",
            "menu_housing_visit",
            "menu_housing_config",
        ):
            menu = self.env.ref(f"housing_accompaniment.{xmlid}")
            self.assertEqual(menu.parent_path.split("/")[0], str(root.id), xmlid)

    def _app_action(self, user):
        """The action the web client opens when ``user`` clicks the app, as load_menus gives it."""
        root = self.env.ref("housing_accompaniment.menu_housing_root")
        menus = self.env["ir.ui.menu"].with_user(user).load_web_menus(debug=False)
        self.assertIn(root.id, menus, f"{user.login} does not see the app")
        app = menus[root.id]
        self.assertTrue(app["actionID"], f"no action opens the app for {user.login}")
        return self.env[app["actionModel"]].browse(app["actionID"])

    def test_each_group_opens_the_app(self):
        expected = {
            self.facilitator: "housing_accompaniment.action_housing_accompaniment_board_ara",
            self.staff: "housing_accompaniment.action_housing_accompaniment_board_new_entrant",
            self.manager: "housing_accompaniment.action_housing_accompaniment_board_new_entrant",
            self.accountant: "housing_accompaniment.action_housing_agreement",
        }
        for user, xmlid in expected.items():
            with self.subTest(user=user.login):
                action = self._app_action(user)
                if xmlid:
                    self.assertEqual(action, self.env.ref(xmlid))
                # The user can run the action's default view, as the web client does.
                Model = self.env[action.res_model].with_user(user)
                domain = safe_eval(action.domain or "[]", {"uid": user.id})
                Model.web_search_read(domain, {"display_name": {}}, limit=10)

    def test_user_outside_the_app_does_not_see_it(self):
        plain = self.env["res.users"].create(
            {
                "name": "Plain employee",
                "login": "plain_employee",
                "groups_id": [(6, 0, [self.env.ref("base.group_user").id])],
            }
        )
        root = self.env.ref("housing_accompaniment.menu_housing_root")
        menus = self.env["ir.ui.menu"].with_user(plain).load_menus(debug=False)
        self.assertNotIn(root.id, menus)
