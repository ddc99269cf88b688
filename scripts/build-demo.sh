#!/usr/bin/env bash
# Builds the JsSIP browser bundle the click-to-call demo page loads (/demo/jssip.min.js):
# npm ci in gateway/src/test/js when its node_modules are missing or older than package-lock.json, then esbuild
# bundles node_modules/jssip into gateway/target/demo/jssip.min.js (config key demo.jssip-bundle).
# Nothing is committed: the bundle is made from the pinned package-lock.json each time it is missing or stale.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
js_dir="$root/gateway/src/test/js"
out="$root/gateway/target/demo/jssip.min.js"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "build-demo: node and npm are needed to build the demo's JsSIP bundle" >&2
  exit 1
fi
stamp="$js_dir/node_modules/.package-lock.json"
if [ ! -d "$js_dir/node_modules/esbuild" ] || [ ! -f "$stamp" ] || [ "$js_dir/package-lock.json" -nt "$stamp" ]; then
  echo "build-demo: npm ci in $js_dir" >&2
  (cd "$js_dir" && npm ci --no-audit --no-fund) >&2
fi
if [ -f "$out" ] && [ "$out" -nt "$js_dir/package-lock.json" ] && [ "$out" -nt "$js_dir/build-jssip-bundle.mjs" ]; then
  exit 0
fi
mkdir -p "$(dirname "$out")"
(cd "$js_dir" && node build-jssip-bundle.mjs "$out") >&2
