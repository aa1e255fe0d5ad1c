#!/usr/bin/env bash
# Installs the front-end libraries from npm (package-lock.json) and copies their
# distributed files to static/vendor/, which git ignores.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

rm -rf static/vendor
mkdir -p static/vendor
cp -r node_modules/leaflet.markercluster/dist static/vendor/leaflet.markercluster
# The API's interactive documentation at /api/docs/.
mkdir -p static/vendor/swagger-ui
cp node_modules/swagger-ui-dist/swagger-ui{-bundle.js,-standalone-preset.js,.css}{,.map} \
  node_modules/swagger-ui-dist/favicon-{16x16,32x32}.png static/vendor/swagger-ui/
# The campaign timeline page.
cp -r node_modules/@knight-lab/timelinejs/dist static/vendor/timelinejs
# The staff dashboard's heat map.
mkdir -p static/vendor/leaflet.heat
cp node_modules/leaflet.heat/dist/leaflet-heat.js static/vendor/leaflet.heat/
# Drawing contributions on the campaign map.
mkdir -p static/vendor/leaflet-geoman
# With their source maps, which the CSS and JS name (the static files manifest checks them).
cp node_modules/@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.{min.js,css}{,.map} static/vendor/leaflet-geoman/
# Reading a photo's GPS position in the browser, to offer it as the contribution's pin.
mkdir -p static/vendor/exifr
cp node_modules/exifr/dist/lite.esm.js static/vendor/exifr/
# Reading the vector tiles of the campaign map and the dashboard's heat map (ES modules;
# the pages' import map names them).
for module in @mapbox/vector-tile @mapbox/point-geometry pbf; do
  mkdir -p "static/vendor/$module"
  cp "node_modules/$module/index.js" "node_modules/$module/"LICENSE* "static/vendor/$module/"
done
