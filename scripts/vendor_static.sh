#!/usr/bin/env bash
# Vendor pinned front-end assets from the npm registry into
# tidlig/static/vendor/ (the result is committed; nothing needs Node at run
# time). Re-run after changing a version below:
#
#     bash scripts/vendor_static.sh
#
# Needs npm (and so node) and tar. Only the built files the site serves are
# copied: no scss/sources/docs; source maps only when under 1 MB (otherwise
# the sourceMappingURL comment is stripped so that Django's
# ManifestStaticFilesStorage does not fail on a missing file).
set -euo pipefail

DKFDS_VERSION=11.2.0   # Det Fælles Designsystem
HTMX_VERSION=4.0.1     # htmx.org (4.x: explicit inheritance, see VERSIONS.md)
AXE_VERSION=4.14.1     # axe-core, for accessibility checks in browser tests
SWAGGER_UI_VERSION=5.35.0  # swagger-ui-dist, for the API docs at /api/v1/docs (staff only)
# DKFDS theme: dkfds (neutral), dkfds-borgerdk or dkfds-virkdk
DKFDS_THEME=dkfds
MAX_MAP_BYTES=$((1024 * 1024))

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DEST="$ROOT/tidlig/static/vendor"

for tool in npm node tar realpath; do
  command -v "$tool" >/dev/null || { echo "vendor_static: $tool is required" >&2; exit 1; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/tidlig-vendor.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export npm_config_loglevel=error npm_config_fund=false npm_config_audit=false \
  npm_config_update_notifier=false

declare -A PKG_DIR PKG_INTEGRITY PKG_LICENSE

# fetch NAME VERSION: download the tarball with `npm pack` (which checks it
# against the registry's integrity hash) and unpack it.
fetch() {
  local name=$1 version=$2 json="$WORK/$1.pack.json" tgz
  npm pack --json --pack-destination "$WORK" "$name@$version" >"$json"
  tgz=$(node -e 'console.log(require(process.argv[1])[0].filename)' "$json")
  PKG_INTEGRITY[$name]=$(node -e 'console.log(require(process.argv[1])[0].integrity)' "$json")
  mkdir -p "$WORK/x/$name"
  tar -xzf "$WORK/$tgz" -C "$WORK/x/$name"
  PKG_DIR[$name]="$WORK/x/$name/package"
  PKG_LICENSE[$name]=$(node -e 'console.log(require(process.argv[1]).license || "see LICENSE")' \
    "${PKG_DIR[$name]}/package.json")
  local got
  got=$(node -e 'console.log(require(process.argv[1]).version)' "${PKG_DIR[$name]}/package.json")
  [[ $got == "$version" ]] || { echo "vendor_static: $name: wanted $version, got $got" >&2; exit 1; }
  echo "vendor_static: fetched $name@$version"
}

# put SRC DST: copy one file, creating directories.
put() {
  mkdir -p "$(dirname "$2")"
  cp "$1" "$2"
}

# put_with_map SRC DST: copy a built .js/.css file and its source map when
# small enough; otherwise strip the sourceMappingURL comment.
put_with_map() {
  local src=$1 dst=$2 map
  put "$src" "$dst"
  map=$(grep -oE 'sourceMappingURL=[^ *]+' "$src" | tail -n1 | cut -d= -f2- || true)
  [[ -n $map ]] || return 0
  if [[ $map != *://* && $map != data:* && -f "$(dirname "$src")/$map" ]] &&
     (( $(stat -c %s "$(dirname "$src")/$map") <= MAX_MAP_BYTES )); then
    put "$(dirname "$src")/$map" "$(dirname "$dst")/$map"
  else
    sed -i -E 's|/\*[#@] sourceMappingURL=[^*]*\*/||; s|^//[#@] sourceMappingURL=.*$||' "$dst"
  fi
}

fetch dkfds "$DKFDS_VERSION"
fetch htmx.org "$HTMX_VERSION"
fetch axe-core "$AXE_VERSION"
fetch swagger-ui-dist "$SWAGGER_UI_VERSION"

mkdir -p "$DEST"
rm -rf "$DEST/dkfds" "$DEST/htmx" "$DEST/axe-core" "$DEST/swagger-ui"

# --- DKFDS: compiled CSS + JS bundle + everything the CSS url()s + icon sprite
src=$(realpath "${PKG_DIR[dkfds]}/dist")
out="$DEST/dkfds"
put_with_map "$src/css/$DKFDS_THEME.min.css" "$out/css/$DKFDS_THEME.min.css"
put_with_map "$src/js/dkfds.min.js" "$out/js/dkfds.min.js"
put "$src/img/all-svg-icons.svg" "$out/img/all-svg-icons.svg"
put "${PKG_DIR[dkfds]}/LICENSE.md" "$out/LICENSE.md"

count=0
while IFS= read -r ref; do
  ref=${ref%%[?#]*}
  [[ -z $ref || $ref == data:* || $ref == *://* || $ref == /* ]] && continue
  file=$(realpath -m "$src/css/$ref")
  case $file in
    "$src"/*) ;;
    *) echo "vendor_static: CSS reference outside dist/: $ref" >&2; exit 1 ;;
  esac
  [[ -f $file ]] || { echo "vendor_static: CSS references missing file $ref" >&2; exit 1; }
  put "$file" "$out/${file#"$src"/}"
  count=$((count + 1))
done < <(grep -oE 'url\([^)]*\)' "$src/css/$DKFDS_THEME.min.css" |
         sed -E 's/^url\(//; s/\)$//; s/^["'\'']//; s/["'\'']$//' | sort -u)
echo "vendor_static: dkfds: copied $count files referenced by $DKFDS_THEME.min.css"

# The IBM Plex Sans fonts are under the SIL OFL 1.1: keep its text beside them.
for d in "$out"/fonts/IBMPlexSans/*/*/; do
  if [[ -f "$src/${d#"$out"/}license.txt" ]]; then
    put "$src/${d#"$out"/}license.txt" "${d}license.txt"
  fi
done

# --- htmx
put_with_map "${PKG_DIR[htmx.org]}/dist/htmx.min.js" "$DEST/htmx/htmx.min.js"
put "${PKG_DIR[htmx.org]}/LICENSE" "$DEST/htmx/LICENSE"

# --- axe-core
put_with_map "${PKG_DIR[axe-core]}/axe.min.js" "$DEST/axe-core/axe.min.js"
put "${PKG_DIR[axe-core]}/LICENSE" "$DEST/axe-core/LICENSE"
put "${PKG_DIR[axe-core]}/LICENSE-3RD-PARTY.txt" "$DEST/axe-core/LICENSE-3RD-PARTY.txt"

# --- swagger-ui-dist: the bundle and its CSS only (the standalone preset is in the bundle). Its
# initialisation is tidlig/static/tidlig/swagger-init.js, not an inline script (Content Security Policy).
put_with_map "${PKG_DIR[swagger-ui-dist]}/swagger-ui-bundle.js" "$DEST/swagger-ui/swagger-ui-bundle.js"
put_with_map "${PKG_DIR[swagger-ui-dist]}/swagger-ui.css" "$DEST/swagger-ui/swagger-ui.css"
put "${PKG_DIR[swagger-ui-dist]}/LICENSE" "$DEST/swagger-ui/LICENSE"
[[ -f "${PKG_DIR[swagger-ui-dist]}/NOTICE" ]] && put "${PKG_DIR[swagger-ui-dist]}/NOTICE" "$DEST/swagger-ui/NOTICE"

# --- VERSIONS.md
{
  echo "# Vendored front-end packages"
  echo
  echo "Fetched from the npm registry and copied here by \`scripts/vendor_static.sh\`"
  echo "(built files only). Do not edit by hand: change the pinned version in the"
  echo "script and re-run \`bash scripts/vendor_static.sh\`."
  echo
  echo "| Package | Version | Licence | Files | npm integrity |"
  echo "| --- | --- | --- | --- | --- |"
  echo "| dkfds (Det Fælles Designsystem) | $DKFDS_VERSION | ${PKG_LICENSE[dkfds]} | \`dkfds/\` (css/$DKFDS_THEME.min.css, js/dkfds.min.js, fonts/, img/) | \`${PKG_INTEGRITY[dkfds]}\` |"
  echo "| htmx.org | $HTMX_VERSION | ${PKG_LICENSE[htmx.org]} | \`htmx/htmx.min.js\` | \`${PKG_INTEGRITY[htmx.org]}\` |"
  echo "| axe-core | $AXE_VERSION | ${PKG_LICENSE[axe-core]} | \`axe-core/axe.min.js\` | \`${PKG_INTEGRITY[axe-core]}\` |"
  echo "| swagger-ui-dist | $SWAGGER_UI_VERSION | ${PKG_LICENSE[swagger-ui-dist]} | \`swagger-ui/\` (swagger-ui-bundle.js, swagger-ui.css) | \`${PKG_INTEGRITY[swagger-ui-dist]}\` |"
  echo
  echo "Licence texts: \`dkfds/LICENSE.md\` (MIT; IBM Plex Sans fonts under SIL OFL 1.1,"
  echo "also in \`dkfds/fonts/IBMPlexSans/*/*/license.txt\`; icons under Apache-2.0),"
  echo "\`htmx/LICENSE\` (0BSD), \`axe-core/LICENSE\` (MPL-2.0) and"
  echo "\`axe-core/LICENSE-3RD-PARTY.txt\`, \`swagger-ui/LICENSE\` (Apache-2.0)."
  echo
  echo "Note: htmx 4 differs from htmx 2: attribute inheritance is explicit"
  echo "(\`hx-target:inherited\`, \`hx-headers:inherited\`), 4xx/5xx responses are swapped,"
  echo "events are named \`htmx:after:swap\` etc., and the \`HX-Trigger\` request header"
  echo "is replaced by \`HX-Source\`."
} > "$DEST/VERSIONS.md"

echo "vendor_static: done; $(find "$DEST" -type f | wc -l) files, $(du -sh "$DEST" | cut -f1) in ${DEST#"$ROOT"/}"
