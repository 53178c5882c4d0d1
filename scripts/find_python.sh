#!/bin/sh
# Print the path of the newest Python 3.12 or newer, or nothing (exit 1) if there is none.
# Looks on PATH, in /usr/local/bin, ~/.local/bin, pyenv's shims and pyenv's installed versions, for
# python3.14 … python3.12 and python3, and asks each for its version: Debian 12's own python3 is 3.11,
# and a pyenv shim for a version that is not selected fails, so neither is picked. Of equal versions the
# first found wins (PATH first). Used by the Makefile (PYTHON ?= …).
found=""
for name in python3.14 python3.13 python3.12 python3; do
    for cand in "$(command -v "$name" 2>/dev/null)" "/usr/local/bin/$name" "$HOME/.local/bin/$name" \
        "${PYENV_ROOT:-$HOME/.pyenv}/shims/$name" "${PYENV_ROOT:-$HOME/.pyenv}"/versions/*/bin/"$name"; do
        [ -n "$cand" ] && [ -x "$cand" ] || continue
        minor=$("$cand" -c 'import sys; print(sys.version_info[1] if sys.version_info >= (3, 12) else "")' 2>/dev/null) || continue
        [ -n "$minor" ] || continue
        found="$found$minor $cand
"
    done
done
best=$(printf '%s' "$found" | sort -s -k1,1nr | head -n 1 | cut -d' ' -f2-)
[ -n "$best" ] || exit 1
echo "$best"
