"""Print the --addons-path for running this addon with the Odoo importable here.

Usage: python3 scripts/addons_path.py LINK_DIR

LINK_DIR is the folder holding the symlink ``housing_accompaniment`` -> repository.
The path also gets Odoo's own addons folders (``<odoo package>/../addons`` for a
source checkout, ``odoo/addons`` for a packaged install; only those that exist) and
the folder that holds ``report_xlsx`` (OCA wheel installed into ``odoo/addons``).
"""

import os
import sys

import odoo

import odoo.addons


def main():
    dirs = [os.path.abspath(sys.argv[1])]
    for pkg_dir in odoo.__path__:
        dirs.append(os.path.join(os.path.dirname(pkg_dir), "addons"))
        dirs.append(os.path.join(pkg_dir, "addons"))
    extra = [
        path
        for path in odoo.addons.__path__
        if os.path.isfile(os.path.join(path, "report_xlsx", "__manifest__.py"))
    ]
    if not extra:
        sys.stderr.write("WARNING: report_xlsx not found in odoo.addons.__path__\n")
    dirs += extra
    seen, result = set(), []
    for path in dirs:
        real = os.path.realpath(path)
        if os.path.isdir(path) and real not in seen:
            seen.add(real)
            result.append(path)
    print(",".join(result))


if __name__ == "__main__":
    main()
