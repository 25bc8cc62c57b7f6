#!/usr/bin/env bash
# Install the YASGUI query editor used by `remote-kg serve` for its query page.
#
# Fetches the @zazuko/yasgui package from the npm registry (no CDN at run time) and copies
# its browser bundle into a git-ignored directory that the server looks in:
#   remote_kg/static/vendor/yasgui/   (default; or the directory given as $1)
# Set REMOTE_KG_YASGUI_DIR to serve it from anywhere else. Without it, the server falls
# back to a plain HTML form.
set -euo pipefail

VERSION="${YASGUI_VERSION:-4.6.2}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="${1:-$ROOT/remote_kg/static/vendor/yasgui}"

if [[ -f "$TARGET/yasgui.min.js" && -f "$TARGET/yasgui.min.css" \
      && "$(cat "$TARGET/VERSION" 2>/dev/null)" == "$VERSION" ]]; then
  echo "YASGUI $VERSION already in $TARGET"
  exit 0
fi
command -v npm >/dev/null || { echo "error: npm is needed (apt-get install npm)" >&2; exit 2; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
npm install --prefix "$WORK" --no-audit --no-fund --ignore-scripts --loglevel=error \
  "@zazuko/yasgui@$VERSION" >&2
BUILD="$WORK/node_modules/@zazuko/yasgui/build"
mkdir -p "$TARGET"
cp "$BUILD/yasgui.min.js" "$BUILD/yasgui.min.css" "$TARGET/"
cp "$WORK/node_modules/@zazuko/yasgui/package.json" "$TARGET/package.json"
echo "$VERSION" > "$TARGET/VERSION"
echo "YASGUI $VERSION installed in $TARGET"
