# Sourced by the other scripts: creates or reuses the repository's virtual environment in .venv
# and reinstalls the pinned requirements only when requirements.txt or pyproject.toml changed.
# After sourcing, REPO is the repository root, the venv is active and the current directory is REPO.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
VENV="$REPO/.venv"

pick_python() {
    for candidate in "${LIVEGARDEN_PYTHON:-}" python3.11 python3 python; do
        [ -n "$candidate" ] || continue
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    echo "livegarden: needs Python 3.11 or newer on PATH (or LIVEGARDEN_PYTHON=/path/to/python)" >&2
    return 1
}

if [ ! -x "$VENV/bin/python" ]; then
    echo "livegarden: creating virtual environment in .venv" >&2
    "$(pick_python)" -m venv "$VENV"
fi

# Which pinned set: requirements.txt (everything: build, lint, tests) by default, or
# LIVEGARDEN_REQUIREMENTS=requirements/build.txt for a build alone (the Pages workflow).
# LIVEGARDEN_TORCH=cuda adds requirements/torch-cuda.txt as constraints: PyPI's CUDA build of
# torch with each package it pulls pinned. LIVEGARDEN_TORCH_INDEX takes torch from another index
# first, e.g. https://download.pytorch.org/whl/cpu for the CPU build on any Linux machine.
REQUIREMENTS="${LIVEGARDEN_REQUIREMENTS:-requirements.txt}"
pip_args=(-r "$REQUIREMENTS")
# requirements.txt installs this package itself; build.txt does not, so that users can take it
# as a constraints file (pip refuses an editable line there)
[ "$REQUIREMENTS" = requirements.txt ] || pip_args+=(-e .)
case "${LIVEGARDEN_TORCH:-}" in
"") ;;
cuda) pip_args+=(-c requirements/torch-cuda.txt) ;;
*)
    echo "livegarden: LIVEGARDEN_TORCH=${LIVEGARDEN_TORCH} is not known; write cuda, or leave it unset" >&2
    exit 1
    ;;
esac

wanted="$( (cat requirements.txt requirements/*.txt pyproject.toml
    echo "$REQUIREMENTS ${LIVEGARDEN_TORCH:-} ${LIVEGARDEN_TORCH_INDEX:-}") | sha256sum | cut -d' ' -f1)"
stamp="$VENV/.livegarden-requirements"
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
    echo "livegarden: installing the pinned $REQUIREMENTS (first run takes about a minute)" >&2
    if [ -n "${LIVEGARDEN_TORCH_INDEX:-}" ]; then
        # the pinned torch from that index first (its CPU build satisfies torch==2.13.0), so the
        # line in requirements/build.txt adds nothing; without its dependencies, which then come
        # at their pinned versions from the requirements
        torch_pin="$(grep -E '^torch==' requirements/build.txt)"
        "$VENV/bin/python" -m pip install --disable-pip-version-check --no-deps \
            --index-url "$LIVEGARDEN_TORCH_INDEX" "$torch_pin" >"$VENV/pip-install.log" 2>&1 || {
            cat "$VENV/pip-install.log" >&2
            echo "livegarden: could not install $torch_pin from $LIVEGARDEN_TORCH_INDEX" >&2
            exit 1
        }
    fi
    if ! "$VENV/bin/python" -m pip install --disable-pip-version-check "${pip_args[@]}" \
        >"$VENV/pip-install.log" 2>&1; then
        grep -v "is ignored: it is neither a file nor a directory" "$VENV/pip-install.log" >&2
        echo "livegarden: pip install failed; full log in .venv/pip-install.log" >&2
        exit 1
    fi
    echo "$wanted" >"$stamp"
fi

if [ "$REQUIREMENTS" = requirements.txt ]; then
    [ -f "$VENV/share/livegarden/commonmark.json" ] || bash "$REPO/scripts/fetch-commonmark-spec" >&2 ||
        echo "livegarden: CommonMark spec examples not fetched; tests/reading/test_commonmark_spec.py will fail" >&2
fi
# shellcheck disable=SC1091
source "$VENV/bin/activate"
# Material prints its end-of-life notice on every build; it is shown on purpose (see the page
# "After May 2027"). Tests that read build logs set NO_MKDOCS_2_WARNING=1 for themselves.
