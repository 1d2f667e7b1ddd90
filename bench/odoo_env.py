"""Open an Odoo 18.0 environment from a plain Python script (no ``odoo shell``).

The benchmark scripts take their own options, then hand everything after ``--`` to Odoo's
own configuration parser (``-d``, ``--addons-path``, ``--db_host``, ``-c``…), as
``odoo-bin`` would read them.
"""

import contextlib
import logging

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry


def setup_odoo(odoo_args, log_level="warn"):
    """Parse Odoo's options and return the name of the database they give (``-d``)."""
    odoo.tools.config.parse_config([*odoo_args, f"--log-level={log_level}"])
    odoo.modules.module.initialize_sys_path()
    dbname = odoo.tools.config["db_name"]
    if not dbname or "," in dbname:
        raise SystemExit("Give exactly one database to Odoo: -- -d <database> …")
    logging.getLogger("odoo.modules.loading").setLevel(logging.WARNING)
    return dbname


@contextlib.contextmanager
def environment(dbname, uid=SUPERUSER_ID, context=None):
    """An environment on a new cursor of ``dbname``, committed when the block ends well."""
    registry = Registry(dbname)
    with registry.cursor() as cr:
        yield api.Environment(cr, uid, dict(context or {}))
