#!/usr/bin/env bash
# Starts SIPp on 127.0.0.1:5090 as the demo tenant's SIP trunk: it answers every call (100, 180, 200 with
# an SDP a browser accepts), waits for the ACK and the BYE. Ctrl-C stops it.
#   scripts/demo-trunk.sh                 # answer calls
#   scripts/demo-trunk.sh busy            # answer 486 Busy Here
#   scripts/demo-trunk.sh ring            # ring until the caller cancels
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v sipp >/dev/null || { echo "demo-trunk.sh: sipp missing: apt-get install sip-tester" >&2; exit 2; }
case "${1:-answer}" in
  answer) scenario=trunk-answer.xml ;;
  busy) scenario=trunk-busy.xml ;;
  ring) scenario=trunk-ring-forever.xml ;;
  *) echo "usage: demo-trunk.sh [answer|busy|ring]" >&2; exit 2 ;;
esac
echo "demo trunk: SIPp ($scenario) on udp 127.0.0.1:5090; the demo tenant's calls land here" >&2
exec sipp -sf "$root/gateway/src/test/resources/sipp/$scenario" -i 127.0.0.1 -p 5090 -t u1
