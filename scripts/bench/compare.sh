#!/usr/bin/env bash
# WebTrunk vs Kamailio 5.6 on the same job (sanity, flood detection, auth_ephemeral digest, record-route, stateful
# relay to a SIPp trunk, WebSocket listener), same loopback ports, same run. For every case the two servers take
# turns: start the server and the SIPp trunk, warm up, measure, stop everything.
#
# Cases (SCENARIOS):
#   reg-udp   REGISTER with ephemeral digest over UDP (sipp/uac-register-auth-rtd.xml) at each of REG_RATES
#   call-udp  authenticated INVITE -> 200 -> ACK -> BYE over UDP (uac-call-auth.xml) at each of CALL_RATES
#   call-tcp  the same over TCP, one connection (-t t1)
#   ws-reg    ws-load.mjs register: WS_CONNS WebSocket connections looping REGISTER -> 401 -> REGISTER -> 200
#   ws-call   ws-load.mjs call: WS_CONNS WebSocket connections looping JsSIP-shaped calls to the SIPp trunk
#             (INVITE -> 407 -> ACK -> INVITE with credentials -> 200 -> ACK -> BYE -> 200)
#   ws-reg-rate, ws-call-rate  the same at a fixed rate (ws-load.mjs --rate, open loop over WS_CONNS connections):
#             WS_REG_RATE REGISTERs/s, WS_CALL_RATE calls/s (defaults: about half of Kamailio's closed-loop rates
#             here), for p50/p99 at a fixed load rather than at saturation
#   ws-idle   ws-load.mjs idle: IDLE_CONNS open, silent WebSocket connections; server memory before and with them
#   ring-udp  authenticated INVITEs over UDP that the trunk rings and never answers (a queue): server memory with
#             RING_CALLS ringing and with twice as many; the second batch gives the cost per ringing call (the
#             first also pays for JIT and first-touched pages)
#   ring-tcp  the same with the callers over TCP (one connection per batch)
#   ring-ws   the same with JsSIP-shaped callers over WebSocket (ws-load.mjs ring), one connection per call, as
#             browsers: the second batch's connections open first, giving the cost per connection too
#   cap-reg-udp, cap-call-udp  capacity: one server, warmed up at the first rate, then CAP_SECONDS at each rate of
#             CAP_REG_RATES / CAP_CALL_RATES in turn until a step fails (>= 1 % failed, a retransmission storm of
#             >= 1 % of calls, or under 95 % of the offered rate achieved); the highest step passed is the
#             capacity. Read loadgen cores: SIPp is one thread.
# Per run: SIPp successful/failed calls and retransmissions, the server's CPU seconds from /proc/<pid>/stat
# (Kamailio: main process and all children), CPU seconds per 1,000 operations, p50/p99 response time (SIPp
# -trace_rtt, whole milliseconds; over UDP also from tcpdump in microseconds, see wire_capture), the load
# generator's CPU, the machine's busy cores and load average.
#
#   scripts/bench/compare.sh                               # the default set, about 25 minutes
#   SCENARIOS="reg-udp" REG_RATES="1000" scripts/bench/compare.sh
#   IDLE_CONNS=2000 SYSTEMS=kamailio scripts/bench/compare.sh
#   REPEATS=3 SCENARIOS="reg-udp call-udp" scripts/bench/compare.sh   # three rounds; medians and their ratios
#   SERVER_CPUS=1 LOADGEN_CPUS=0 SCENARIOS=reg-udp scripts/bench/compare.sh  # each side held to its own core(s)
#   LOADGEN_SCHED=idle SCENARIOS=reg-udp scripts/bench/compare.sh  # load generators yield their core to the server
#   WT_WARMUP=0s SCENARIOS=ring-ws scripts/bench/compare.sh   # WebTrunk without its start-up warm-up (a cold JVM)
#   WIRE_KEEP=1 SERVER_CPUS=1 LOADGEN_CPUS=0 SCENARIOS=reg-udp scripts/bench/compare.sh  # keep the captures
# Results: $OUT (default var/bench/compare-<time>/): results.jsonl, results.md, logs and SIPp traces per case.
# Loopback only; every step bounded by `timeout`; everything started is stopped on exit.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
bench="$root/scripts/bench"

REG_RATES="${REG_RATES:-500 1000 2000}"
REG_SECONDS="${REG_SECONDS:-20}"
CALL_RATES="${CALL_RATES:-200 400}"
CALL_SECONDS="${CALL_SECONDS:-20}"
# Every case first runs this long at its own rate, unmeasured: the JVM's JIT needs it (with 4 s WebTrunk's CPU per
# operation still fell with the rate, i.e. compilation was being measured; at 400 calls/s C2 still spent 10-40 % of
# the event loop's CPU in the 20-30 s window, under 5 % after 40 s). Kamailio gets the same for symmetry.
# Measured runs of 20 s: a ZGC cycle (~0.4 s of CPU every 20-30 s at 400 calls/s) falls into a 10 s window or not.
WARMUP_SECONDS="${WARMUP_SECONDS:-40}"
WIRE_SECONDS="${WIRE_SECONDS:-10}"  # 0: no tcpdump capture (see wire_capture)
WIRE_KEEP="${WIRE_KEEP:-0}"  # 1: keep each capture (dir/wire.pcap, ~80 MB per 10 s at 4,000 REGISTER/s) to study its tail
# Optional CPU pinning (taskset lists, e.g. SERVER_CPUS=1 LOADGEN_CPUS=0): the server on its cores, SIPp and Node on
# theirs, the same for both servers. Unset (the default), the scheduler places everything, and Kamailio's second
# UDP worker can use the core the load generator leaves idle between bursts.
SERVER_CPUS="${SERVER_CPUS:-}"
LOADGEN_CPUS="${LOADGEN_CPUS:-}"
server_pin=(); [[ -n "$SERVER_CPUS" ]] && server_pin=(taskset -c "$SERVER_CPUS")
loadgen_pin=(); [[ -n "$LOADGEN_CPUS" ]] && loadgen_pin=(taskset -c "$LOADGEN_CPUS")
# Optional scheduling policy of the load generators (chrt): "idle" (SCHED_IDLE) runs them only when the servers
# have nothing to run, without fixing anyone's core, so a woken server never waits behind SIPp or Node; "batch"
# (SCHED_BATCH) only stops their wake-ups preempting the server. Unset: normal, as everything else.
LOADGEN_SCHED="${LOADGEN_SCHED:-}"
case "$LOADGEN_SCHED" in
  "") ;;
  idle|batch) loadgen_pin=(chrt "--$LOADGEN_SCHED" 0 "${loadgen_pin[@]}") ;;
  *) echo "LOADGEN_SCHED must be idle or batch, not '$LOADGEN_SCHED'" >&2; exit 2 ;;
esac
CAP_REG_RATES="${CAP_REG_RATES:-2000 3000 4000 5000 6000 8000 10000 12000}"
CAP_CALL_RATES="${CAP_CALL_RATES:-400 600 800 1000 1200 1500 1800}"
CAP_SECONDS="${CAP_SECONDS:-10}"
WS_CONNS="${WS_CONNS:-50}"
WS_SECONDS="${WS_SECONDS:-10}"
WS_LOADGEN_WARMUP="${WS_LOADGEN_WARMUP:-3}"  # s the measured Node process runs unmeasured first (ws-load --warmup)
WS_REG_RATE="${WS_REG_RATE:-7000}"
WS_CALL_RATE="${WS_CALL_RATE:-1200}"
IDLE_CONNS="${IDLE_CONNS:-10000}"
RING_CALLS="${RING_CALLS:-2000}"  # per batch, sent at RING_RATE; both batches must ring well within Kamailio's
RING_RATE="${RING_RATE:-1000}"    # fr_inv_timer (30 s) and SIPp's 32 s wait for the 200
# s of ringing calls Node places on a stand-in server inside itself before ring-ws's first batch (ws-load --warmup):
# a cold Node sent its second INVITE 83 ms after its first and took 14-19 ms per challenge (stop 34).
RING_LOADGEN_WARMUP="${RING_LOADGEN_WARMUP:-3}"
# Every SIPp's socket buffers (-buff_size; the kernel doubles it, up to net.core.rmem_max). With SIPp's default
# 64 KiB a load generator that lost its core for a few ms overflowed its own receive buffer and retransmitted after
# 500 ms: the trunk in stop 34's ring-ws runs (~20 calls), the REGISTER caller at 4,000/s in stop 36 (185-1,700
# retransmissions per run, every drop on SIPp's socket, none on the server's). Defects of the harness.
SIPP_BUFF_SIZE="${SIPP_BUFF_SIZE:-1048576}"
SYSTEMS="${SYSTEMS:-webtrunk kamailio}"
# Rounds of the whole SCENARIOS list: single 10 s runs move +-25 %, so ratios are read as medians over rounds.
REPEATS="${REPEATS:-1}"
ROUND=1
ROUND_TAG=""
SCENARIOS="${SCENARIOS:-reg-udp call-udp call-tcp ws-reg ws-call ws-idle ring-udp ring-tcp ring-ws}"
KAMAILIO_CHILDREN="${KAMAILIO_CHILDREN:-2}"
# Shared memory (MB): every TCP/WS connection holds a 64 KB read buffer in shm, 10,000 need about 750 MB.
KAMAILIO_SHM="${KAMAILIO_SHM:-1024}"
# pike's requests per second (sampling_time_unit 1) per address. pike keeps the limit and its counters in unsigned
# shorts: the 1,000,000 of runs 1-4 became 16,960 per 2 s (1,000,000 mod 65,536), which blocked 127.0.0.1 above
# ~8,500 requests/s (run 4: Kamailio's REGISTER ramp failed at 5,000/s, its WS REGISTER run lost 100). Keep < 65,536.
KAMAILIO_PIKE_DENSITY="${KAMAILIO_PIKE_DENSITY:-60000}"
CREDENTIALS="${CREDENTIALS:-1000}"
NUMBER="${NUMBER:-15551234567}"
OUT="${OUT:-$root/var/bench/compare-$(date +%Y%m%d-%H%M%S)}"
source "$root/scripts/jvm-opts.sh"  # JAVA and JAVA_OPTS as scripts/run.sh picks them
# WebTrunk's per-connection request rate (token bucket; defaults 50/s, burst 100, sized for one browser): raised, as
# SIPp's TCP runs carry every call over one connection, like a trunk (which belongs on the allow-list, exempt).
WT_REQUESTS_PER_SECOND="${WT_REQUESTS_PER_SECOND:-1000000}"
WT_REQUEST_BURST="${WT_REQUEST_BURST:-1000000}"
# WebTrunk's listeners.udp.threads (unset: its default, 1; 2: both I/O threads answer UDP).
WT_UDP_THREADS="${WT_UDP_THREADS:-}"
# WebTrunk's warmup.duration (unset: its default, 5s; 0s: none, the cold start that ring-*'s first batch then shows).
WT_WARMUP="${WT_WARMUP:-}"
SECRET="bench-secret-not-for-production-0123456789"
REALM="bench.test"
report() { python3 "$bench/compare_report.py" "$@"; }
log() { echo "compare: $*" >&2; }

# (a) what is missing
timeout 900 "$root/scripts/install-test-deps.sh" >&2
# (b) WebTrunk, built only when the jar is missing (run.sh rebuilds on any newer source; others edit sources now).
# WEBTRUNK_CP: another class path (e.g. a copy of the jar and lib/ taken before others rebuild target/).
jar="gateway/target/gateway-0.1.0-SNAPSHOT.jar"
WEBTRUNK_CP="${WEBTRUNK_CP:-$jar:gateway/target/lib/*}"
if [[ "$WEBTRUNK_CP" == "$jar:"* ]] && [[ ! -f "$jar" || ! -d gateway/target/lib ]]; then
  log "building the gateway (mvn package)..."
  timeout 900 mvn -B -q -pl gateway -am package -DskipTests >&2
fi
# (c) tcpdump for the microsecond response times of UDP cases (optional: without it they are left out)
if ! command -v tcpdump >/dev/null 2>&1 && [[ "$WIRE_SECONDS" -gt 0 && "$(id -u)" == 0 ]]; then
  timeout 300 apt-get install -y -q tcpdump >&2 || log "tcpdump not installed: no wire response times"
fi
tcpdump_bin="$(command -v tcpdump || true)"
kamailio_bin="$(command -v kamailio || echo /usr/sbin/kamailio)"
mpath=""
for d in /usr/lib/x86_64-linux-gnu/kamailio/modules /usr/lib/aarch64-linux-gnu/kamailio/modules \
         /usr/lib64/kamailio/modules /usr/lib/kamailio/modules; do
  [[ -f "$d/websocket.so" ]] && { mpath="$d/"; break; }
done
[[ -n "$mpath" ]] || { log "kamailio websocket module not found"; exit 1; }

mkdir -p "$OUT/gc"
OUT="$(cd "$OUT" && pwd)"  # SIPp and Kamailio run in case directories: a relative OUT would not resolve there
results="$OUT/results.jsonl"
: >"$results"
read -r SIP_PORT WS_PORT ADMIN_PORT TRUNK_PORT < <(report ports 4)
log "ports: sip $SIP_PORT ws $WS_PORT admin $ADMIN_PORT trunk $TRUNK_PORT; results in $OUT"
fd_limit="$(ulimit -Hn)"
ulimit -n "$fd_limit"

# --- the two servers ---------------------------------------------------------------------------------------------
cat >"$OUT/webtrunk.yaml" <<YAML
# Generated by scripts/bench/compare.sh: loopback only, limits raised for one load-generator address.
listeners:
  max-connections: 100000
  ws: {host: 127.0.0.1, port: $WS_PORT, path: /}
  wss: {enabled: false}
  udp: {host: 127.0.0.1, port: $SIP_PORT${WT_UDP_THREADS:+, threads: $WT_UDP_THREADS}}
  tcp: {host: 127.0.0.1, port: $SIP_PORT}
  tls: {enabled: false}
admin: {host: 127.0.0.1, port: $ADMIN_PORT}
auth: {realm: $REALM}
trunks:
  - name: bench-trunk
    targets: [{uri: "sip:127.0.0.1:$TRUNK_PORT;transport=udp"}]
tenants:
  - id: bench
    numbers: ["*"]
    trunks: [bench-trunk]
protection:
  flood: {window: 2s, max-requests: 1000000, action: drop, ban-time: 10s}
  auth-failures: {max-failures: 1000, window: 1s, ban-time: 1s}
  scanner: {max-unknown-numbers: 1000000}
  limits:
    connections-per-address: 100000
    connections-total: 100000
    handshakes-in-progress: 100000
    requests-per-second: $WT_REQUESTS_PER_SECOND
    request-burst: $WT_REQUEST_BURST
    calls-per-second-per-tenant: 1000000
    concurrent-calls-per-tenant: 1000000
    registrations-per-credential: 1000000
    registration-window: 1s
token-service: {enabled: false}
# Local answers (401, REGISTER 200) hold no transaction; calls hold theirs 32 s after the end (RFC 6026, Timer J
# for the BYE): the default 100,000 would cap the call ramp near 1,500 calls/s, so it is raised as before.
proxy: {max-transactions: 1000000}
${WT_WARMUP:+warmup: {duration: $WT_WARMUP\}}
YAML

sed -e "s|@@SIP_PORT@@|$SIP_PORT|g; s|@@WS_PORT@@|$WS_PORT|g; s|@@TRUNK_HOST@@|127.0.0.1|g" \
    -e "s|@@TRUNK_PORT@@|$TRUNK_PORT|g; s|@@SECRET@@|$SECRET|g; s|@@REALM@@|$REALM|g; s|@@MPATH@@|$mpath|g" \
    -e "s|@@CHILDREN@@|$KAMAILIO_CHILDREN|g; s|@@DEBUG@@|1|g; s|@@PIKE_DENSITY@@|$KAMAILIO_PIKE_DENSITY|g" \
    -e "s|@@OPEN_FILES@@|$fd_limit|g" "$bench/kamailio-bench.cfg" >"$OUT/kamailio.cfg"
if grep -q '@@[A-Z_]*@@' "$OUT/kamailio.cfg"; then log "unfilled placeholder in kamailio.cfg"; exit 1; fi

server_pid=""
server_kids=""
trunk_pid=""
bg_pid=""
capture_pid=""
stop_pid() {  # pid [extra pids]: TERM, wait up to 10 s, KILL what is left
  local p
  for p in "$@"; do [[ -n "$p" ]] && kill "$p" 2>/dev/null || true; done
  for _ in $(seq 100); do
    local alive=false
    for p in "$@"; do [[ -n "$p" ]] && kill -0 "$p" 2>/dev/null && alive=true; done
    $alive || break
    sleep 0.1
  done
  for p in "$@"; do [[ -n "$p" ]] && kill -9 "$p" 2>/dev/null || true; done
}
stop_server() {
  [[ -n "$server_pid" ]] || return 0
  server_kids="$(pgrep -P "$server_pid" | tr '\n' ' ' || true)"
  # shellcheck disable=SC2086
  stop_pid "$server_pid" $server_kids
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}
stop_trunk() {
  [[ -n "$trunk_pid" ]] || return 0
  stop_pid "$trunk_pid"
  wait "$trunk_pid" 2>/dev/null || true
  trunk_pid=""
}
cleanup() {
  [[ -n "$bg_pid" ]] && stop_pid "$bg_pid"
  [[ -n "$capture_pid" ]] && stop_pid "$capture_pid"  # a capture still waiting to start, or timeout over tcpdump
  stop_trunk
  stop_server
  # shellcheck disable=SC2046
  stop_pid $(report descendants $$)  # what an interrupt left running in the foreground (a SIPp run, its timeout)
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_server() {  # system casedir
  local system="$1" dir="$2"
  if [[ "$system" == webtrunk ]]; then
    # shellcheck disable=SC2086
    WEBTRUNK_GATEWAY_SECRET="$SECRET" "${server_pin[@]}" "$JAVA" $JAVA_OPTS \
      -Xlog:gc*:file="$OUT/gc/$(basename "$dir").log":time,uptime \
      -cp "$WEBTRUNK_CP" org.webtrunk.gateway.Main --config "$OUT/webtrunk.yaml" \
      >"$dir/server.log" 2>&1 &
  else
    mkdir -p "$dir/kamailio-run"
    "${server_pin[@]}" "$kamailio_bin" -f "$OUT/kamailio.cfg" -DD -E -n "$KAMAILIO_CHILDREN" -Y "$dir/kamailio-run" \
      -P "$dir/kamailio-run/kamailio.pid" -m "$KAMAILIO_SHM" -M 8 >"$dir/server.log" 2>&1 &
  fi
  server_pid=$!
  if ! timeout 30 python3 "$bench/compare_report.py" probe "$SIP_PORT"; then
    log "$system did not answer OPTIONS on udp $SIP_PORT; log:"; tail -20 "$dir/server.log" >&2; return 1
  fi
  sleep 1  # Kamailio forks its TCP/WS workers after UDP answers
}
start_trunk() {  # casedir [scenario, default trunk-answer]: the trunk's stat.csv each second in casedir/trunk-stat.csv
  (cd "$1" && exec "${loadgen_pin[@]}" sipp -sf "$root/gateway/src/test/resources/sipp/${2:-trunk-answer}.xml" -i 127.0.0.1 -p "$TRUNK_PORT" \
     -buff_size "$SIPP_BUFF_SIZE" -nostdin -timeout 600s -trace_err -max_log_size 2000000 -bind_local -trace_stat -stf trunk-stat.csv -fd 1 >trunk.out 2>&1) &
  trunk_pid=$!
  sleep 0.5
}

loadavg() { cut -d' ' -f1 /proc/loadavg; }
row() { python3 -c 'import json,sys; print(json.dumps(json.loads(sys.argv[1])))' "$1" >>"$results"; }

# SIPp's own port, picked when it starts: a port picked at the start may since be held in TIME_WAIT by one of the
# WebSocket cases' thousands of closed client connections (run 58: the second ring-tcp batch could not bind).
uac_port() { report ports 1; }

# One SIPp UAC run. Echoes nothing; writes DIR/stat.csv, DIR/*_rtt.csv, DIR/time.txt (user sys elapsed of SIPp).
sipp_uac() {  # dir scenario transport rate count
  local dir="$1" scenario="$2" transport="$3" rate="$4" count="$5" port
  port="$(uac_port)"
  mkdir -p "$dir"
  local t=$(( count / rate + 45 ))
  (cd "$dir" && /usr/bin/time -o time.txt -f "%U %S %e" timeout $(( t + 15 )) "${loadgen_pin[@]}" sipp "127.0.0.1:$SIP_PORT" \
     -sf "$scenario" -inf "$OUT/creds.csv" -s "$NUMBER" -i 127.0.0.1 -p "$port" -t "$transport" \
     -r "$rate" -rp 1000 -m "$count" -l 20000 -max_socket 1000 -buff_size "$SIPP_BUFF_SIZE" -nostdin -timeout "${t}s" \
     -trace_stat -stf stat.csv -fd 1 -trace_rtt -rtt_freq 1 -trace_err -max_log_size 2000000 \
     >sipp.out 2>&1) || true
}

# Response times at microsecond resolution for UDP cases: tcpdump on loopback over the last WIRE_SECONDS of the
# warm-up (a capture costs the sender CPU per packet, so not during the measured run), matched by Call-ID and CSeq.
wire_capture() {  # dir: starts the capture in the background, sets capture_pid (not without tcpdump)
  [[ -n "$tcpdump_bin" && "$WIRE_SECONDS" -gt 0 ]] || return 0
  local start=$(( WARMUP_SECONDS - WIRE_SECONDS - 2 ))
  (( start < 0 )) && start=0
  ( sleep "$start"; exec timeout "$WIRE_SECONDS" "$tcpdump_bin" -i lo -w "$1/wire.pcap" -s 2000 -B 131072 \
      --time-stamp-precision=nano -c 4000000 "udp port $SIP_PORT" 2>"$1/tcpdump.log" ) >/dev/null &
  capture_pid=$!
}

wire_latency() {  # dir capture-pid: waits for the capture, keeps its figures in dir/wire.json, drops the file
  wait "$2" 2>/dev/null || true
  [[ -f "$1/wire.pcap" ]] || return 0
  report wire "$1/wire.pcap" "$SIP_PORT" >"$1/wire.json" 2>/dev/null || rm -f "$1/wire.json"
  [[ "$WIRE_KEEP" == 1 ]] || rm -f "$1/wire.pcap"
}

sipp_case() {  # system case scenario transport rate seconds
  local system="$1" case="$2" scenario="$3" transport="$4" rate="$5" seconds="$6"
  local dir="$OUT/$case-$system$ROUND_TAG" count=$(( rate * seconds ))
  mkdir -p "$dir"
  start_server "$system" "$dir" || { row "{\"case\":\"$case\",\"system\":\"$system\",\"error\":\"start\",\"ok\":0,\"failed\":0,\"cpu_s\":0}"; stop_server; return 0; }
  start_trunk "$dir"
  log "$case $system: warm-up ${WARMUP_SECONDS}s"
  capture_pid=""
  if [[ "$transport" == u1 ]]; then wire_capture "$dir"; fi
  sipp_uac "$dir/warmup" "$scenario" "$transport" "$rate" $(( rate * WARMUP_SECONDS ))
  if [[ -n "$capture_pid" ]]; then wire_latency "$dir" "$capture_pid"; capture_pid=""; fi
  sleep 1
  measure_sipp "$system" "$case" "$dir/run" "$scenario" "$transport" "$rate" "$count" || true
  stop_trunk
  stop_server
}

# One measured SIPp run against the running server; appends a row; fails when the step did not pass
# (>= 1 % failed calls, retransmissions >= 1 % of calls, or under 95 % of the offered rate achieved).
measure_sipp() {  # system case rundir scenario transport rate count
  local system="$1" case="$2" rundir="$3" scenario="$4" transport="$5" rate="$6" count="$7"
  local c0 b0 la0 c1 b1 la1
  c0="$(report cpu "$server_pid")"; b0="$(report busy)"; la0="$(loadavg)"
  log "$case $system: $count at ${rate}/s"
  sipp_uac "$rundir" "$scenario" "$transport" "$rate" "$count"
  c1="$(report cpu "$server_pid")"; b1="$(report busy)"; la1="$(loadavg)"
  local alive=yes; kill -0 "$server_pid" 2>/dev/null || alive=no
  local s; s="$(report sipp "$rundir" 2>/dev/null || echo '{}')"
  python3 - "$results" "$case" "$system" "$rate" "$count" "$c0" "$c1" "$b0" "$b1" "$la0" "$la1" "$alive" "$s" \
    "$(cat "$rundir/time.txt" 2>/dev/null | tail -1)" "$(cat "$(dirname "$rundir")/wire.json" 2>/dev/null)" <<'PY'
import json, sys
res, case, system, rate, count, c0, c1, b0, b1, la0, la1, alive, s, t, w = sys.argv[1:]
s = json.loads(s) if s else {}
try:
    u, st, e = (float(x) for x in t.split()[-3:])
except ValueError:
    u = st = 0.0; e = None
cpu = float(c1) - float(c0)
ok = s.get("ok", 0)
sent = s.get("created", 0)
achieved = round(ok / e, 1) if e else None
passed = (bool(sent) and s.get("failed", 0) < 0.01 * sent and (s.get("retrans") or 0) < 0.01 * sent
          and achieved is not None and achieved >= 0.95 * int(rate))
r = {"case": case, "system": system, "target": int(rate), "sent": sent, "ok": ok,
     "failed": s.get("failed", 0), "retrans": s.get("retrans"), "failed_kinds": s.get("failed_kinds"),
     "dead_msgs": s.get("dead_msgs"), "out_of_call": s.get("out_of_call"),
     "cpu_s": round(cpu, 2), "cpu_per_1k": round(1000 * cpu / ok, 3) if ok else None,
     "elapsed_s": e, "achieved": achieved,
     "server_cores": round(cpu / e, 2) if e else None, "loadgen_cores": round((u + st) / e, 2) if e else None,
     "machine_busy_cores": round((float(b1) - float(b0)) / e, 2) if e else None,
     "p50_ms": s.get("rtt_p50_ms"), "p99_ms": s.get("rtt_p99_ms"), "loadavg": f"{la0}->{la1}",
     "server_alive_after": alive, "passed": passed}
r.update(json.loads(w) if w.strip() else {})
open(res, "a").write(json.dumps(r) + "\n")
print(json.dumps(r), file=sys.stderr)
sys.exit(0 if passed else 1)
PY
}

# Capacity: one server and trunk, warmed up at the first rate, then each rate in turn until a step fails.
sipp_ramp() {  # system family scenario transport rates
  local system="$1" family="$2" scenario="$3" transport="$4" rates="$5"
  local dir="$OUT/$family-$system$ROUND_TAG" first="${5%% *}"
  mkdir -p "$dir"
  start_server "$system" "$dir" || { stop_server; return 0; }
  start_trunk "$dir"
  log "$family $system: warm-up ${WARMUP_SECONDS}s at ${first}/s"
  sipp_uac "$dir/warmup" "$scenario" "$transport" "$first" $(( first * WARMUP_SECONDS ))
  local rate
  for rate in $rates; do
    sleep 2  # let the previous step's transactions drain from the SIPp peers
    measure_sipp "$system" "$family-$rate" "$dir/r$rate" "$scenario" "$transport" "$rate" $(( rate * CAP_SECONDS )) \
      || { log "$family $system: step $rate/s failed, stopping the ramp"; break; }
  done
  stop_trunk
  stop_server
}

await_line() {  # file pattern pid seconds: until the file has a line matching pattern, the pid exits or time is up
  local tries=$(( $4 * 20 ))
  while (( tries-- > 0 )) && ! grep -q "$2" "$1" 2>/dev/null && kill -0 "$3" 2>/dev/null; do
    sleep 0.05
  done
}

ws_load_case() {  # system case mode [rate]: ws-load.mjs <mode> (register, call) against the server (and a trunk
  local system="$1" case="$2" mode="$3" rate="${4:-0}" dir="$OUT/$2-$1$ROUND_TAG"  # for calls); rate 0: closed loop
  mkdir -p "$dir"
  start_server "$system" "$dir" || { stop_server; return 0; }
  [[ "$mode" == call ]] && start_trunk "$dir"
  local url="ws://127.0.0.1:$WS_PORT/"
  # The warm-up is a series of 10 s load-generator runs, so the measured run's connections are not the second set
  # the server has seen open, as browsers keep coming and going: after one 40 s warm-up run, new connections sent
  # WebTrunk's compiled Netty event-loop methods back to the interpreter ("made not entrant") and C2 took a third
  # of the CPU recompiling them. Kamailio is run the same way.
  log "$case $system: warm-up ${WARMUP_SECONDS}s (connection sets of 10 s)"
  local part left="$WARMUP_SECONDS"
  while (( left > 0 )); do
    part=$(( left >= 20 ? 10 : left ))
    left=$(( left - part ))
    WS_LOAD_SECRET="$SECRET" timeout $(( part + 30 )) "${loadgen_pin[@]}" node "$bench/ws-load.mjs" "$mode" --url "$url" \
      --conns "$WS_CONNS" --seconds "$part" --number "$NUMBER" --rate "$rate" >>"$dir/warmup.json" 2>>"$dir/warmup.err" || true
    sleep 1
  done
  local c0 b0 la0 c1 b1 la1 loadgen
  log "$case $system: $WS_CONNS connections, ${WS_SECONDS}s (after ${WS_LOADGEN_WARMUP}s unmeasured in the same process)"
  # The measured process first runs WS_LOADGEN_WARMUP s on connections it then closes: a cold Node made the first
  # 0.5 s of calls late for both servers (hundreds of calls over 8 ms, some up to 0.5 s, for Kamailio as for
  # WebTrunk, every set). The server's CPU counts from its {"measuring":true} line.
  WS_LOAD_SECRET="$SECRET" /usr/bin/time -o "$dir/time.txt" -f "%U %S %e" timeout $(( WS_LOADGEN_WARMUP + WS_SECONDS + 40 )) \
    "${loadgen_pin[@]}" node "$bench/ws-load.mjs" "$mode" --url "$url" --conns "$WS_CONNS" --seconds "$WS_SECONDS" --number "$NUMBER" \
    --rate "$rate" --warmup "$WS_LOADGEN_WARMUP" >"$dir/run.json" 2>"$dir/run.err" &
  loadgen=$!
  await_line "$dir/run.json" '"measuring"' "$loadgen" $(( WS_LOADGEN_WARMUP + 30 ))
  c0="$(report cpu "$server_pid")"; b0="$(report busy)"; la0="$(loadavg)"
  wait "$loadgen" || true
  c1="$(report cpu "$server_pid")"; b1="$(report busy)"; la1="$(loadavg)"
  local alive=yes; kill -0 "$server_pid" 2>/dev/null || alive=no
  stop_trunk
  stop_server
  python3 - "$results" "$system" "$c0" "$c1" "$b0" "$b1" "$la0" "$la1" "$alive" "$dir" "$case" "$rate" <<'PY'
import json, sys
res, system, c0, c1, b0, b1, la0, la1, alive, d, case, rate = sys.argv[1:]
try:
    w = json.loads(open(f"{d}/run.json").read().strip().splitlines()[-1])
except (OSError, ValueError, IndexError):
    w = {}
try:
    u, st, e = (float(x) for x in open(f"{d}/time.txt").read().split()[-3:])
except (OSError, ValueError):
    u = st = 0.0; e = None
secs = w.get("seconds") or e
cpu = float(c1) - float(c0)
ok = w.get("ops", 0)
r = {"case": case, "system": system, "target": int(rate) or None, "sent": ok + w.get("failures", 0), "ok": ok,
     "failed": w.get("failures", 0), "errors": w.get("errors"), "conns": w.get("conns"), "retrans": None,
     "cpu_s": round(cpu, 2), "cpu_per_1k": round(1000 * cpu / ok, 3) if ok else None,
     "elapsed_s": secs, "achieved": w.get("opsPerSec"),
     # server and machine over the measured phase; the load generator over its whole process (warm-up too)
     "server_cores": round(cpu / secs, 2) if secs else None, "loadgen_cores": round((u + st) / e, 2) if e else None,
     "machine_busy_cores": round((float(b1) - float(b0)) / secs, 2) if secs else None,
     "p50_ms": w.get("p50ms"), "p99_ms": w.get("p99ms"), "loadavg": f"{la0}->{la1}", "server_alive_after": alive}
open(res, "a").write(json.dumps(r) + "\n")
print(json.dumps(r), file=sys.stderr)
PY
}

# The live Java heap in KiB (the total of a class histogram, which a full GC precedes), or empty. Not jstat's "used"
# after GC.run: under ZGC that still counted pages of garbage, tens of MiB from one reading to the next (ring-ws:
# 172, 100, 180 MiB used where the histograms said 42.7, 52.8, 73.9 MB live).
heap_used_kb() {  # pid
  timeout 60 "$JDK_BIN/jcmd" "$1" GC.class_histogram 2>/dev/null | awk '$1 == "Total" {printf "%.0f\n", $3 / 1024}'
}

ws_idle_case() {  # system
  local system="$1" dir="$OUT/ws-idle-$1$ROUND_TAG"
  mkdir -p "$dir"
  start_server "$system" "$dir" || { stop_server; return 0; }
  sleep 2
  local hb="" hw="" la
  [[ "$system" == webtrunk ]] && hb="$(heap_used_kb "$server_pid")"
  read -r rss0 pss0 n0 < <(report mem "$server_pid")
  log "ws-idle $system: opening $IDLE_CONNS connections"
  timeout 300 "${loadgen_pin[@]}" node "$bench/ws-load.mjs" idle --url "ws://127.0.0.1:$WS_PORT/" --conns "$IDLE_CONNS" --hold 120 \
    >"$dir/idle.json" 2>"$dir/idle.err" &
  bg_pid=$!
  await_line "$dir/idle.json" '"ready"' "$bg_pid" 120
  sleep 3
  [[ "$system" == webtrunk ]] && hw="$(heap_used_kb "$server_pid")"
  read -r rss1 pss1 n1 < <(report mem "$server_pid")
  la="$(loadavg)"
  stop_pid "$bg_pid"; wait "$bg_pid" 2>/dev/null || true; bg_pid=""
  local alive=yes; kill -0 "$server_pid" 2>/dev/null || alive=no
  stop_server
  python3 - "$results" "$system" "$rss0" "$pss0" "$rss1" "$pss1" "$n1" "${hb:-}" "${hw:-}" "$la" "$alive" "$dir" <<'PY'
import json, sys
res, system, rss0, pss0, rss1, pss1, n1, hb, hw, la, alive, d = sys.argv[1:]
try:
    ready = json.loads(open(f"{d}/idle.json").read().splitlines()[0])
except (OSError, ValueError, IndexError):
    ready = {"opened": 0, "failed": None}
opened = ready.get("opened", 0)
rss0, pss0, rss1, pss1 = (int(x) for x in (rss0, pss0, rss1, pss1))
heap0 = int(hb) if hb else None
heap1 = int(hw) if hw else None
# Java: the heap is pre-touched (AlwaysPreTouch), so heap growth is not in RSS: add it. Kamailio: PSS (its
# processes share memory, summing RSS counts shared pages once per process).
if heap0 is not None and heap1 is not None:
    growth = (rss1 - rss0) + (heap1 - heap0)
else:
    growth = pss1 - pss0
r = {"case": "ws-idle", "system": system, "opened": opened, "open_failed": ready.get("failed"),
     "open_errors": ready.get("errors"), "open_seconds": ready.get("openSeconds"), "processes": int(n1),
     "rss_before_kb": rss0, "rss_with_kb": rss1, "pss_before_kb": pss0, "pss_with_kb": pss1,
     "heap_before_kb": heap0, "heap_with_kb": heap1,
     "per_conn_kb": round(growth / opened, 2) if opened else None, "loadavg": la, "server_alive_after": alive,
     "ok": opened, "failed": ready.get("failed") or 0, "cpu_s": 0}
open(res, "a").write(json.dumps(r) + "\n")
print(json.dumps(r), file=sys.stderr)
PY
}

trunk_current_calls() {  # casedir: calls open at the trunk in its last stat line (here: ringing)
  python3 - "$1/trunk-stat.csv" <<'PY'
import sys
rows = [l.rstrip("\n").split(";") for l in open(sys.argv[1]) if l.strip()]
print(rows[-1][rows[0].index("CurrentCall")] if len(rows) > 1 else 0)
PY
}

ring_point() {  # casedir: appends the server's memory, Java heap and the trunk's ringing calls to the caller's
  [[ "$system" == webtrunk ]] && heap+=("$(heap_used_kb "$server_pid")")  # mem, heap and c (bash locals are
  c+=("$(trunk_current_calls "$1")")                                     # seen by the functions they call)
  mem+=("$(report mem "$server_pid")")
}

ring_sipp() {  # casedir transport: two batches of SIPp callers, a point after each
  local batch
  for batch in 1 2; do
    local port
    port="$(uac_port)"
    log "$case $system: batch $batch, $RING_CALLS calls at ${RING_RATE}/s"
    (cd "$1" && exec timeout 120 "${loadgen_pin[@]}" sipp "127.0.0.1:$SIP_PORT" \
       -sf "$root/gateway/src/test/resources/sipp/uac-call-auth.xml" -inf "$OUT/creds.csv" -s "$NUMBER" -i 127.0.0.1 \
       -p "$port" -t "$2" -r "$RING_RATE" -rp 1000 -m "$RING_CALLS" -l $(( RING_CALLS + 10 )) \
       -buff_size "$SIPP_BUFF_SIZE" -nostdin -timeout 100s >"uac-$batch.out" 2>&1) &
    pids+=($!)
    sleep $(( RING_CALLS / RING_RATE + settle ))
    ring_point "$1"
  done
}

# ws-load.mjs ring, two batches; points with the first batch ringing, the second's connections open, and its calls
# ringing. Not under timeout(1), which would not pass SIGUSR2 on: each of node's steps ends by itself within --hold s
# (handshakes and calls have their own time limits).
ring_ws() {  # casedir
  local ws_pid step
  WS_LOAD_SECRET="$SECRET" "${loadgen_pin[@]}" node "$bench/ws-load.mjs" ring --url "ws://127.0.0.1:$WS_PORT/" \
    --conns "$RING_CALLS" --rate "$RING_RATE" --batches 2 --hold 60 --number "$NUMBER" --warmup "$RING_LOADGEN_WARMUP" \
    >"$1/ring.json" 2>"$1/ring.err" &
  ws_pid=$!
  pids+=("$ws_pid")
  for step in '"opened","batch":1' '"ringing","batch":1' '"opened","batch":2' '"ringing","batch":2'; do
    log "$case $system: waiting for $step"
    await_line "$1/ring.json" "\"step\":$step" "$ws_pid" 60
    if [[ "$step" != *'"opened","batch":1' ]]; then sleep "$settle"; ring_point "$1"; fi
    kill -USR2 "$ws_pid" 2>/dev/null || true
  done
}

ring_case() {  # system transport(u1|t1|ws) case: memory per ringing call (see ring-udp and ring-ws above)
  local system="$1" transport="$2" case="$3" dir="$OUT/$3-$1$ROUND_TAG" settle=3
  mkdir -p "$dir"
  start_server "$system" "$dir" || { stop_server; return 0; }
  start_trunk "$dir" trunk-ring-forever
  local pids=() c=() mem=() heap=() la opened=""
  if [[ "$transport" == ws ]]; then
    ring_ws "$dir"
    opened="$(grep -o '"step":"opened","batch":2,"opened":[0-9]*' "$dir/ring.json" | grep -o '[0-9]*$' || true)"
  else
    ring_sipp "$dir" "$transport"
  fi
  la="$(loadavg)"
  stop_pid "${pids[@]}"
  stop_trunk
  stop_server
  # the last two points give the cost per ringing call; over WebSocket, the first two that of a connection
  python3 - "$results" "$system" "$la" "$RING_CALLS" "$case" "${opened:-0}" "${#mem[@]}" "${c[@]}" "${mem[@]}" \
    "${heap[@]}" <<'PY'
import json, sys
res, system, la, sent, case, opened, n = sys.argv[1:8]
n, opened = int(n), int(opened)
rest = sys.argv[8:]
c, mems, heaps = [int(x) for x in rest[:n]], [[int(x) for x in m.split()] for m in rest[n:2 * n]], rest[2 * n:]
heaps = [int(h) for h in heaps] if len(heaps) == n and all(heaps) else None
def growth(i, j):
    # as ws-idle: Java's heap is pre-touched, so the live heap's growth is added to RSS; Kamailio: PSS
    return (mems[j][0] - mems[i][0]) + (heaps[j] - heaps[i]) if heaps else mems[j][1] - mems[i][1]
(rss1, pss1, procs), (rss2, pss2, _) = mems[-2], mems[-1]
c1, c2 = c[-2], c[-1]
r = {"case": case, "system": system, "ringing_first": c1, "ringing_both": c2, "processes": procs,
     "rss_first_kb": rss1, "rss_both_kb": rss2, "pss_first_kb": pss1, "pss_both_kb": pss2,
     "heap_first_kb": heaps[-2] if heaps else None, "heap_both_kb": heaps[-1] if heaps else None,
     "per_call_kb": round(growth(n - 2, n - 1) / (c2 - c1), 2) if c2 > c1 else None, "loadavg": la,
     "ok": c2, "failed": max(0, 2 * int(sent) - c2), "cpu_s": 0}
r["points"] = [{"ringing": c[i], "rss_kb": mems[i][0], "pss_kb": mems[i][1], "heap_kb": heaps[i] if heaps else None}
               for i in range(n)]
if n == 3:
    r["ws_opened"] = opened
    r["per_conn_kb"] = round(growth(0, 1) / opened, 2) if opened else None
open(res, "a").write(json.dumps(r) + "\n")
print(json.dumps(r), file=sys.stderr)
PY
}

# --- run ---------------------------------------------------------------------------------------------------------
{
  echo "date: $(date -Is)"
  echo "nproc: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "java: $JAVA, $("$JAVA" -version 2>&1 | head -2 | tail -1)"
  echo "kamailio: $("$kamailio_bin" -v 2>/dev/null | head -1)"
  echo "sipp: $(sipp -v 2>/dev/null | grep -m1 -o 'SIPp v[0-9.]*' || true); node: $(node -v)"
  echo "JAVA_OPTS: $JAVA_OPTS; webtrunk listeners.udp.threads: ${WT_UDP_THREADS:-default}, warmup.duration: ${WT_WARMUP:-default}; kamailio children: $KAMAILIO_CHILDREN (udp) + $KAMAILIO_CHILDREN (tcp/ws), shm ${KAMAILIO_SHM} MB; cores: server ${SERVER_CPUS:-any}, load generators ${LOADGEN_CPUS:-any}${LOADGEN_SCHED:+ (SCHED_${LOADGEN_SCHED^^})}"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$OUT/machine.txt"
cat "$OUT/machine.txt" >&2

for ROUND in $(seq 1 "$REPEATS"); do
  (( REPEATS > 1 )) && ROUND_TAG="-r$ROUND" && log "round $ROUND of $REPEATS"
  report creds "$SECRET" "$CREDENTIALS" bench >"$OUT/creds.csv"  # an hour each: fresh every round
  for scenario in $SCENARIOS; do
    case "$scenario" in
      reg-udp)
        for rate in $REG_RATES; do for s in $SYSTEMS; do
          sipp_case "$s" "reg-udp-$rate" "$bench/sipp/uac-register-auth-rtd.xml" u1 "$rate" "$REG_SECONDS"
        done; done ;;
      call-udp)
        for rate in $CALL_RATES; do for s in $SYSTEMS; do
          sipp_case "$s" "call-udp-$rate" "$root/gateway/src/test/resources/sipp/uac-call-auth.xml" u1 "$rate" "$CALL_SECONDS"
        done; done ;;
      call-tcp)
        for rate in $CALL_RATES; do for s in $SYSTEMS; do
          sipp_case "$s" "call-tcp-$rate" "$root/gateway/src/test/resources/sipp/uac-call-auth.xml" t1 "$rate" "$CALL_SECONDS"
        done; done ;;
      cap-reg-udp) for s in $SYSTEMS; do
          sipp_ramp "$s" cap-reg-udp "$bench/sipp/uac-register-auth-rtd.xml" u1 "$CAP_REG_RATES"; done ;;
      cap-call-udp) for s in $SYSTEMS; do
          sipp_ramp "$s" cap-call-udp "$root/gateway/src/test/resources/sipp/uac-call-auth.xml" u1 "$CAP_CALL_RATES"; done ;;
      ws-reg) for s in $SYSTEMS; do ws_load_case "$s" ws-reg register; done ;;
      ws-call) for s in $SYSTEMS; do ws_load_case "$s" ws-call call; done ;;
      ws-reg-rate) for s in $SYSTEMS; do ws_load_case "$s" "ws-reg-$WS_REG_RATE" register "$WS_REG_RATE"; done ;;
      ws-call-rate) for s in $SYSTEMS; do ws_load_case "$s" "ws-call-$WS_CALL_RATE" call "$WS_CALL_RATE"; done ;;
      ws-idle) for s in $SYSTEMS; do ws_idle_case "$s"; done ;;
      ring-udp) for s in $SYSTEMS; do ring_case "$s" u1 ring-udp; done ;;
      ring-tcp) for s in $SYSTEMS; do ring_case "$s" t1 ring-tcp; done ;;
      ring-ws) for s in $SYSTEMS; do ring_case "$s" ws ring-ws; done ;;
      *) log "unknown scenario $scenario"; exit 2 ;;
    esac
  done

  report tag-round "$results" "$ROUND"
done

{
  cat "$OUT/machine.txt"
  echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  report table "$results"
  echo
  echo "WebTrunk GC pauses ($JAVA_OPTS; logs in $OUT/gc):"
  echo
  report gc "$OUT/gc"
} >"$OUT/results.md"
cat "$OUT/results.md"
