#!/usr/bin/env bash
# Sustained drop rate of banned UDP traffic: starts the gateway (UDP and admin only, temp config, free loopback
# ports), bans 127.0.0.77 by flooding it, then sends a fixed number of OPTIONS datagrams from it as fast as one
# thread can and reports what the gateway dropped per second (webtrunk_protection_drops_total{reason="banned"}
# delta) and the gateway's CPU seconds (/proc/<pid>/stat utime+stime). Loopback only, bounded (about 30 s),
# stops the gateway it started.
#   scripts/bench/banned-drop-rate.sh                 # 3,000,000 datagrams, at most 15 s of sending
#   PACKETS=1000000 MAX_SECONDS=10 scripts/bench/banned-drop-rate.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
PACKETS="${PACKETS:-3000000}"
MAX_SECONDS="${MAX_SECONDS:-15}"
BANNED=127.0.0.77

jar="gateway/target/gateway-0.1.0-SNAPSHOT.jar"
if [[ ! -f "$jar" || ! -d gateway/target/lib ]]; then
  echo "banned-drop-rate: building the gateway (mvn package)..." >&2
  mvn -B -q -pl gateway -am package -DskipTests >&2
fi
flood=(java -XX:+UseSerialGC benchmarks/src/main/java/org/webtrunk/bench/UdpFlood.java)

work="$(mktemp -d /tmp/webtrunk-drop-rate.XXXXXX)"
gw_pid=""
cleanup() {
  if [[ -n "$gw_pid" ]] && kill -0 "$gw_pid" 2>/dev/null; then
    kill "$gw_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$gw_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$gw_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

read -r udp_port admin_port < <(python3 - <<'PY'
import socket
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", 0))
t = socket.socket(); t.bind(("127.0.0.1", 0))
print(u.getsockname()[1], t.getsockname()[1])
PY
)
cat > "$work/webtrunk.yaml" <<YAML
listeners:
  ws: {enabled: false}
  wss: {enabled: false}
  tcp: {enabled: false}
  tls: {enabled: false}
  udp: {host: 127.0.0.1, port: $udp_port}
admin: {host: 127.0.0.1, port: $admin_port}
protection:
  flood: {window: 2s, max-requests: 400, action: drop, ban-time: 10m}
YAML

WEBTRUNK_GATEWAY_SECRET="bench-secret-not-for-production-0123456789" \
  java -Xms512m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=5 -XX:+AlwaysPreTouch \
  -cp "$jar:gateway/target/lib/*" org.webtrunk.gateway.Main --config "$work/webtrunk.yaml" >"$work/gateway.log" 2>&1 &
gw_pid=$!

metrics() { curl -s --max-time 2 "http://127.0.0.1:$admin_port/metrics"; }
drops() { metrics | awk '/^webtrunk_protection_drops_total\{.*reason="banned"/ {s += $NF} END {printf "%.0f\n", s}'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$gw_pid/stat"; }

for _ in $(seq 150); do
  metrics >/dev/null 2>&1 && break
  kill -0 "$gw_pid" 2>/dev/null || { echo "gateway died:" >&2; cat "$work/gateway.log" >&2; exit 1; }
  sleep 0.1
done
metrics >/dev/null || { echo "gateway admin not up after 15 s" >&2; exit 1; }

# Ban: 2,000 datagrams at 20,000/s cross the flood density (400 per 2 s) within 20 ms.
"${flood[@]}" "$BANNED" "$udp_port" 2000 5 20000 >/dev/null
banned=false
for _ in $(seq 30); do
  curl -s --max-time 2 "http://127.0.0.1:$admin_port/admin/bans" | grep -q "\"$BANNED\"" && { banned=true; break; }
  sleep 0.1
done
$banned || { echo "$BANNED was not banned; gateway log:" >&2; tail -20 "$work/gateway.log" >&2; exit 1; }
# Warm-up of the drop path (JIT), then the measured run.
"${flood[@]}" "$BANNED" "$udp_port" 500000 5 >/dev/null

hz="$(getconf CLK_TCK)"
d0="$(drops)"; c0="$(cpu_ticks)"; t0="$(date +%s.%N)"
sender="$("${flood[@]}" "$BANNED" "$udp_port" "$PACKETS" "$MAX_SECONDS")"
sleep 0.5 # let the gateway drain its socket buffer
d1="$(drops)"; c1="$(cpu_ticks)"; t1="$(date +%s.%N)"
sent="$(sed -n 's/.*sent=\([0-9]*\).*/\1/p' <<<"$sender")"
send_s="$(sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' <<<"$sender")"

python3 - "$sent" "$send_s" "$d0" "$d1" "$c0" "$c1" "$hz" "$t0" "$t1" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import sys
sent, send_s, d0, d1, c0, c1, hz, t0, t1, cores, load = sys.argv[1:]
print(f"machine:  {cores} cores, load average {load} (other processes compete for the same cores)")
sent = int(sent); send_s = float(send_s); dropped = int(d1) - int(d0)
cpu = (int(c1) - int(c0)) / int(hz); wall = float(t1) - float(t0)
print(f"sender:   {sent} datagrams in {send_s:.2f} s ({sent / send_s:,.0f}/s), one thread")
print(f"gateway:  dropped {dropped} as banned ({dropped / send_s:,.0f}/s over the send time); "
      f"{sent - dropped} never reached it (socket buffer overflow)")
print(f"gateway CPU: {cpu:.2f} s over {wall:.2f} s wall ({cpu / wall:.2f} cores), "
      f"{cpu * 1e6 / max(dropped, 1):.2f} us CPU per dropped datagram")
PY
