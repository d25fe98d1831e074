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

wanted="$(cat requirements.txt pyproject.toml | sha256sum | cut -d' ' -f1)"
stamp="$VENV/.livegarden-requirements"
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
    echo "livegarden: installing pinned requirements (first run takes about a minute)" >&2
    if [ -n "${LIVEGARDEN_TORCH_INDEX:-}" ]; then
        # e.g. https://download.pytorch.org/whl/cpu: the pinned torch from that index first
        # (its CPU build satisfies torch==2.13.0), so the line in requirements.txt adds nothing
        torch_pin="$(grep -E '^torch==' requirements.txt)"
        "$VENV/bin/python" -m pip install --disable-pip-version-check \
            --index-url "$LIVEGARDEN_TORCH_INDEX" "$torch_pin" >"$VENV/pip-install.log" 2>&1 || {
            cat "$VENV/pip-install.log" >&2
            echo "livegarden: could not install $torch_pin from $LIVEGARDEN_TORCH_INDEX" >&2
            exit 1
        }
    fi
    if ! "$VENV/bin/python" -m pip install --disable-pip-version-check -r requirements.txt \
        >"$VENV/pip-install.log" 2>&1; then
        grep -v "is ignored: it is neither a file nor a directory" "$VENV/pip-install.log" >&2
        echo "livegarden: pip install failed; full log in .venv/pip-install.log" >&2
        exit 1
    fi
    echo "$wanted" >"$stamp"
fi

[ -f "$VENV/share/livegarden/commonmark.json" ] || bash "$REPO/scripts/fetch-commonmark-spec" >&2 || echo "livegarden: CommonMark spec examples not fetched; tests/reading/test_commonmark_spec.py will fail" >&2
# shellcheck disable=SC1091
source "$VENV/bin/activate"
# Material prints its end-of-life notice on every build; it is shown on purpose (see the page
# "After May 2027"). Tests that read build logs set NO_MKDOCS_2_WARNING=1 for themselves.
