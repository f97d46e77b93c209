#!/usr/bin/env bash
# Install the pinned front-end libraries (package-lock.json) and copy the files the map loads
# into static/vendor/, which Streamlit serves at /app/static/vendor/ and map_html() inlines.
# Safe to run again: it reinstalls from the lockfile and replaces the copies.
set -euo pipefail

cd "$(dirname "$0")/.."

npm ci --no-audit --no-fund

dest=static/vendor
rm -rf "$dest/leaflet" "$dest/leaflet.markercluster" "$dest/map-vendor.js"
mkdir -p "$dest/leaflet/images" "$dest/leaflet.markercluster"

cp node_modules/leaflet/dist/leaflet.js \
   node_modules/leaflet/dist/leaflet.css \
   node_modules/leaflet/LICENSE \
   "$dest/leaflet/"
# leaflet.css points at images/ (the layer control's icon); our markers are divIcons.
cp node_modules/leaflet/dist/images/*.png "$dest/leaflet/images/"

cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js \
   node_modules/leaflet.markercluster/dist/MarkerCluster.css \
   node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css \
   node_modules/leaflet.markercluster/MIT-LICENCE.txt \
   "$dest/leaflet.markercluster/"

# The app's map loads one script, not two: streamlit-folium loads its scripts one after another,
# so each extra file is one more round trip before the markers can be drawn.
{
  grep -v '^//# sourceMappingURL=' "$dest/leaflet/leaflet.js"
  echo ";"
  grep -v '^//# sourceMappingURL=' "$dest/leaflet.markercluster/leaflet.markercluster.js"
} > "$dest/map-vendor.js"

echo "front-end files in $dest:"
find "$dest" -type f | sort
