#!/usr/bin/env bash
# Lint the addon: ruff check, ruff format --check, pylint-odoo (OCA mandatory checks).
# Runs every linter; exits non-zero if any of them complained. PYTHON defaults to python3.
set -uo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT" || exit 1

FAILED=()
say "ruff check"
"$PYTHON" -m ruff check --no-fix . || FAILED+=("ruff check")
say "ruff format --check"
"$PYTHON" -m ruff format --check . || FAILED+=("ruff format --check (run 'make format')")

say "pylint-odoo (.pylintrc: OCA mandatory checks)"
# pylint resolves symlinks and names modules after the real folder: lint a copy named
# like the addon, as the checkout's folder may be called anything.
LINT_DIR="$(mktemp -d "${TMPDIR:-/tmp}/${ADDON_NAME}-lint.XXXXXX")"
trap 'rm -rf "$LINT_DIR"' EXIT
mkdir "$LINT_DIR/$ADDON_NAME"
tar -C "$REPO_ROOT" --exclude=./.git --exclude=./.local --exclude=./bench --exclude=__pycache__ \
    -cf - . | tar -C "$LINT_DIR/$ADDON_NAME" -xf -
(cd "$LINT_DIR" && "$PYTHON" -m pylint --rcfile="$REPO_ROOT/.pylintrc" "$ADDON_NAME") ||
    FAILED+=("pylint-odoo")

if [ "${#FAILED[@]}" != 0 ]; then
    printf -v joined '%s, ' "${FAILED[@]}"
    echo "Lint failed: ${joined%, }"
    exit 1
fi
echo "Lint OK."
