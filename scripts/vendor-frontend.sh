#!/usr/bin/env bash
# Re-vendors the front-end files from the npm registry into static/vendor/.
# GOV.UK Frontend's precompiled CSS names the GDS Transport font, which is licensed for
# GOV.UK services only and has no Cyrillic: its @font-face rules are removed and the
# font stack is replaced with system fonts that have Cyrillic.
set -euo pipefail
GOVUK_VERSION=6.6.0
HTMX_VERSION=2.0.11
ALTCHA_VERSION=3.2.2
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack --silent "govuk-frontend@$GOVUK_VERSION" "htmx.org@$HTMX_VERSION" "altcha@$ALTCHA_VERSION" >/dev/null
mkdir govuk htmx altcha
tar xzf "govuk-frontend-$GOVUK_VERSION.tgz" -C govuk
tar xzf "htmx.org-$HTMX_VERSION.tgz" -C htmx
tar xzf "altcha-$ALTCHA_VERSION.tgz" -C altcha
out="$here/static/vendor"
rm -rf "$out/govuk-frontend" "$out/htmx" "$out/altcha"
mkdir -p "$out/govuk-frontend" "$out/htmx" "$out/altcha"
sed -E -e 's/@font-face\{font-family:GDS Transport[^}]*\}//g' \
       -e 's/font-family:GDS Transport,arial,sans-serif/font-family:"PT Sans",Arial,"Liberation Sans","DejaVu Sans",sans-serif/g' \
       -e 's/font-family:GDS Transport/font-family:"PT Sans",Arial,"Liberation Sans",sans-serif/g' \
       govuk/package/dist/govuk/govuk-frontend.min.css > "$out/govuk-frontend/govuk-frontend.min.css"
# Source maps are not vendored, so their references go (the manifest storage checks them).
sed -i -e 's|/\*# sourceMappingURL=[^*]*\*/||g' "$out/govuk-frontend/govuk-frontend.min.css"
sed -e 's|//# sourceMappingURL=.*$||' govuk/package/dist/govuk/govuk-frontend.min.js \
  > "$out/govuk-frontend/govuk-frontend.min.js"
# The npm package ships no licence file; package.json says MIT (Crown Copyright, GDS).
cat > "$out/govuk-frontend/LICENSE.txt" <<'LICENCE'
The MIT License (MIT)

Copyright (C) 2018 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of this
software and associated documentation files (the "Software"), to deal in the Software
without restriction, including without limitation the rights to use, copy, modify, merge,
publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons
to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED,
INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR
PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE
FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER
DEALINGS IN THE SOFTWARE.
LICENCE
sed -e 's|//# sourceMappingURL=.*$||' htmx/package/dist/htmx.min.js > "$out/htmx/htmx.min.js"
cp htmx/package/LICENSE "$out/htmx/LICENSE"
# ALTCHA: the build without bundled workers and styles (strict CSP), its stylesheet, the
# PBKDF2 worker it runs as a file of ours, and the Russian and English texts. The module
# build (altcha.min.js), not the UMD one: 3.2.2's UMD build still injects a <style>, which
# the CSP blocks; pages load it and the texts with <script type="module">.
sed -e 's|//# sourceMappingURL=.*$||' altcha/package/dist/external/altcha.min.js > "$out/altcha/altcha.min.js"
cp altcha/package/dist/external/altcha.css "$out/altcha/altcha.css"
cp altcha/package/dist/workers/pbkdf2.js "$out/altcha/pbkdf2.js"
cp altcha/package/dist/i18n/ru.js "$out/altcha/ru.js"
cp altcha/package/dist/i18n/en.js "$out/altcha/en.js"
cp altcha/package/LICENSE.txt "$out/altcha/LICENSE.txt"
echo "govuk-frontend $GOVUK_VERSION, htmx.org $HTMX_VERSION, altcha $ALTCHA_VERSION vendored into $out"
