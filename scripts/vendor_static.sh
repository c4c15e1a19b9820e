#!/usr/bin/env bash
# Re-vendor the front-end assets from the npm registry (no CDN at runtime, no node_modules).
# Bump a version here, run `make vendor`, and commit the files and static/vendor/README.md.
set -euo pipefail

BOOTSTRAP=5.3.9
HTMX=2.0.11
AXE=4.14.1
SWAGGER_UI=5.32.0

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# fetch <package> <version>: unpack the registry tarball into $work/<package>/package/.
fetch() {
    mkdir -p "$work/$1"
    (cd "$work/$1" && npm pack --silent "$1@$2" >/dev/null && tar -xzf ./*.tgz)
}
# put <package> <file in package> <destination>
put() {
    install -D -m 0644 "$work/$1/package/$2" "$root/$3"
}

fetch bootstrap "$BOOTSTRAP"
fetch htmx.org "$HTMX"
fetch axe-core "$AXE"
fetch swagger-ui-dist "$SWAGGER_UI"

put bootstrap dist/css/bootstrap.min.css static/vendor/bootstrap/bootstrap.min.css
put bootstrap dist/js/bootstrap.bundle.min.js static/vendor/bootstrap/bootstrap.bundle.min.js
# The source maps the two files name: a browser's developer tools (and Lighthouse) ask for them.
put bootstrap dist/css/bootstrap.min.css.map static/vendor/bootstrap/bootstrap.min.css.map
put bootstrap dist/js/bootstrap.bundle.min.js.map static/vendor/bootstrap/bootstrap.bundle.min.js.map
put htmx.org dist/htmx.min.js static/vendor/htmx/htmx.min.js
put axe-core axe.min.js tests/assets/axe.min.js
put swagger-ui-dist swagger-ui-bundle.js static/vendor/swagger-ui/swagger-ui-bundle.js
put swagger-ui-dist swagger-ui.css static/vendor/swagger-ui/swagger-ui.css
put swagger-ui-dist LICENSE static/vendor/swagger-ui/LICENSE

cat > "$root/static/vendor/README.md" <<README
# Vendored front-end assets

Served by the portal itself (WhiteNoise); nothing is loaded from a CDN. Written by
\`make vendor\` (scripts/vendor_static.sh) from the npm registry — edit the versions there,
not these files.

| package | version | files |
| --- | --- | --- |
| bootstrap | $BOOTSTRAP | bootstrap/bootstrap.min.css, bootstrap/bootstrap.bundle.min.js (includes Popper), their source maps |
| htmx.org | $HTMX | htmx/htmx.min.js |
| swagger-ui-dist | $SWAGGER_UI | swagger-ui/swagger-ui-bundle.js, swagger-ui/swagger-ui.css, swagger-ui/LICENSE (the interactive API docs at /api/docs) |
| axe-core | $AXE | ../../tests/assets/axe.min.js (accessibility checks in browser tests; not served) |

Licences: bootstrap MIT, htmx.org 0BSD, swagger-ui-dist Apache-2.0, axe-core MPL-2.0.
README
echo "vendored bootstrap $BOOTSTRAP, htmx.org $HTMX, swagger-ui-dist $SWAGGER_UI, axe-core $AXE"
