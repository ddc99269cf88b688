#!/usr/bin/env bash
# Installs the real peers the integration tests drive: SIPp, Kamailio (websocket + auth_ephemeral
# modules, the reference proxy), Debian's Chromium (the browser of BrowserCallIT, driven by playwright-core;
# never a browser downloaded by a test tool), stunnel (TLS in front of a SIPp trunk), Python 3 (the bench
# report's tests) and the JsSIP test client's npm packages. Idempotent: installs only what is missing, runs
# apt-get update only when it has to install. Works as root (CI) or with sudo.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
js_dir="$repo_root/gateway/src/test/js"

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  as_root=()
fi

kamailio_module() {
  local name="$1" dir
  for dir in /usr/lib/x86_64-linux-gnu/kamailio/modules /usr/lib/aarch64-linux-gnu/kamailio/modules \
             /usr/lib64/kamailio/modules /usr/lib/kamailio/modules /usr/local/lib64/kamailio/modules; do
    [ -f "$dir/$name.so" ] && return 0
  done
  return 1
}

missing=()
command -v sipp >/dev/null 2>&1 || missing+=(sip-tester)
{ command -v kamailio >/dev/null 2>&1 || [ -x /usr/sbin/kamailio ]; } || missing+=(kamailio)
kamailio_module websocket || missing+=(kamailio-websocket-modules)
kamailio_module auth_ephemeral || missing+=(kamailio-autheph-modules)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v python3 >/dev/null 2>&1 || missing+=(python3) # the bench report's own tests
command -v stunnel4 >/dev/null 2>&1 || missing+=(stunnel4) # the TLS front of the SIPp trunk (SIPp has no TLS here)

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] && [ "${#as_root[@]}" -eq 0 ]; then
    echo "install-test-deps: missing ${missing[*]} and not root, no sudo: install them yourself" >&2
    exit 1
  fi
  echo "install-test-deps: installing ${missing[*]}"
  "${as_root[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "install-test-deps: sipp, kamailio and its websocket/auth_ephemeral modules, chromium, python3, stunnel4 already installed"
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "install-test-deps: node and npm are required for the JsSIP test client (Node 18 or newer)" >&2
  exit 1
fi

stamp="$js_dir/node_modules/.package-lock.json"
if [ ! -d "$js_dir/node_modules" ] || [ ! -f "$stamp" ] || [ "$js_dir/package-lock.json" -nt "$stamp" ]; then
  echo "install-test-deps: npm ci in $js_dir"
  (cd "$js_dir" && npm ci --no-audit --no-fund)
else
  echo "install-test-deps: $js_dir/node_modules is up to date"
fi
