# Run through `odoo shell` (stdin), which provides `env`: make French the language of
# the demo database's admin, of its public user, and the default language of partners.
# ruff: noqa: F821
lang = env["res.lang"]._activate_lang("fr_FR")
assert lang, "fr_FR could not be activated"
env.ref("base.user_admin").lang = "fr_FR"
env.ref("base.public_user").lang = "fr_FR"
env.ref("base.partner_admin").lang = "fr_FR"
env["ir.default"].set("res.partner", "lang", "fr_FR")
env.cr.commit()
print("LANG_SET_OK")
