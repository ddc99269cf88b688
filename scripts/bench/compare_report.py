#!/usr/bin/env python3
"""Helpers of scripts/bench/compare.sh: free ports, credentials, /proc readings, SIPp result parsing and the table.

  compare_report.py ports N                 N loopback ports free for both UDP and TCP
  compare_report.py creds SECRET N TENANT   SIPp injection CSV: "<expiry>:<tenant>.u<n>";password;u<n>
  compare_report.py cpu PID                 CPU seconds (utime+stime) of PID and all its descendants
  compare_report.py descendants PID         the pids of every process below PID
  compare_report.py mem PID                 "rss_kb pss_kb nprocs" summed over PID and its descendants
  compare_report.py sipp DIR                JSON: SIPp counts from DIR/stat.csv, rtt p50/p99 from DIR/*_rtt.csv
  compare_report.py busy                    CPU seconds the whole machine spent busy since boot (/proc/stat)
  compare_report.py probe PORT              exit 0 once a SIP OPTIONS over UDP to 127.0.0.1:PORT gets any answer
  compare_report.py wire PCAP PORT          JSON: request->response times on the wire (us) of SIP over UDP to PORT,
                                            and how many took over 2 ms in how many stalls
  compare_report.py gc DIR                  WebTrunk GC pauses per log in DIR/*.log: count, max, p99, max after start-up
  compare_report.py table RESULTS.jsonl     markdown tables with WebTrunk/Kamailio ratios (medians when several rounds)
  compare_report.py tag-round RESULTS.jsonl K   marks the rows without a round as round K
"""
import base64
import bisect
import csv
import glob
import hashlib
import hmac
import json
import os
import re
import socket
import struct
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")


def descendants(pid):
    out = [pid]
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            kids = [int(x) for x in f.read().split()]
    except OSError:
        kids = []
    for k in kids:
        out.extend(descendants(k))
    return out


def cpu(pid):
    total = 0
    for p in descendants(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15 of stat)
        except OSError:
            pass
    return total / TICK


def mem(pid):
    rss = pss = n = 0
    for p in descendants(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        rss += int(line.split()[1])
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1])
            n += 1
        except OSError:
            pass
    return rss, pss, n


def ports(n):
    socks, result = [], []
    while len(result) < n:
        t = socket.socket()
        t.bind(("127.0.0.1", 0))
        port = t.getsockname()[1]
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            u.bind(("127.0.0.1", port))
        except OSError:
            t.close()
            continue
        socks += [t, u]
        result.append(port)
    for s in socks:
        s.close()
    return result


def creds(secret, n, tenant):
    expiry = int(time.time()) + 3600
    lines = ["SEQUENTIAL"]
    for i in range(n):
        user = f"{expiry}:{tenant}.u{i}"
        pw = base64.b64encode(hmac.new(secret.encode(), user.encode(), hashlib.sha1).digest()).decode()
        lines.append(f"{user};{pw};u{i}")
    return "\n".join(lines) + "\n"


def pct(values, p):
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))]


def sipp(d):
    with open(os.path.join(d, "stat.csv")) as f:
        rows = list(csv.reader(f, delimiter=";"))
    head, last = rows[0], rows[-1]
    col = {name: last[i] for i, name in enumerate(head) if i < len(last)}
    rtts = []
    for name in glob.glob(os.path.join(d, "*_rtt.csv")):
        with open(name) as f:
            for line in f:
                parts = line.strip().split(";")
                if len(parts) >= 2 and parts[0] != "Date_ms":
                    try:
                        rtts.append(float(parts[1]))
                    except ValueError:
                        pass
    failed_kinds = {k[6:-3]: int(v) for k, v in col.items()
                    if k.startswith("Failed") and k.endswith("(C)") and k != "FailedCall(C)" and v.isdigit() and int(v)}
    return {
        "created": int(col["TotalCallCreated"]), "ok": int(col["SuccessfulCall(C)"]),
        "failed": int(col["FailedCall(C)"]), "retrans": int(col["Retransmissions(C)"]),
        "dead_msgs": int(col["DeadCallMsgs(C)"]), "out_of_call": int(col["OutOfCallMsgs(C)"]),
        "failed_kinds": failed_kinds, "rtt_p50_ms": pct(rtts, 50), "rtt_p99_ms": pct(rtts, 99),
    }


CALL_ID = re.compile(rb"\r\n(?:Call-ID|i)[ \t]*:[ \t]*([^\r\n]+)", re.I)
CSEQ = re.compile(rb"\r\nCSeq[ \t]*:[ \t]*([^\r\n]+)", re.I)


def wire(path, port):
    """Time from a request's datagram to its response's on loopback (a tcpdump file, Ethernet framing): the server's
    whole turn-around at microsecond resolution, the same yardstick for both servers (SIPp's rtt moves in 4 ms steps).
    A retransmitted request keeps its first time; a response with no request in the capture is skipped.
    "idle" figures cover the requests that found every earlier one answered: the server's own turn-around (waking,
    reading, answering) without queueing behind other requests."""
    pairs, pending = [], {}
    with open(path, "rb") as f:
        magic = struct.unpack("<I", f.read(24)[:4])[0]
        scale = 1e-3 if magic == 0xa1b23c4d else 1.0  # nanosecond or microsecond file
        while True:
            head = f.read(16)
            if len(head) < 16:
                break
            sec, frac, caplen, _ = struct.unpack("<IIII", head)
            frame = f.read(caplen)
            t = sec * 1e6 + frac * scale
            ip = frame[14:]
            if len(ip) < 28 or ip[0] >> 4 != 4:
                continue
            udp = ip[(ip[0] & 15) * 4:]
            sport, dport = struct.unpack(">HH", udp[:4])
            sip = udp[8:]
            c, q = CALL_ID.search(sip), CSEQ.search(sip)
            if not c or not q:
                continue
            key = (c.group(1).strip(), q.group(1).strip())
            if dport == port and not sip.startswith(b"SIP/2.0 "):
                pending.setdefault(key, t)
            elif sport == port and sip.startswith(b"SIP/2.0 ") and not sip.startswith(b"SIP/2.0 1"):
                t0 = pending.pop(key, None)
                if t0 is not None:
                    pairs.append((t0, t))
    if not pairs:
        return {}
    pairs.sort()
    times = [t - t0 for t0, t in pairs]
    answered = sorted(t for _, t in pairs)
    idle = [t - t0 for i, (t0, t) in enumerate(pairs) if bisect.bisect_left(answered, t0) == i]
    out = {"wire_n": len(times), "wire_mean_us": round(sum(times) / len(times)),
           "wire_p50_us": round(pct(times, 50)), "wire_p99_us": round(pct(times, 99))}
    out.update(stalls(pairs))
    if idle:
        out.update({"wire_idle_pct": round(100.0 * len(idle) / len(times), 1), "wire_idle_p50_us": round(pct(idle, 50))})
    return out


SLOW_US, STALL_GAP_US = 2000, 5000


def stalls(pairs):
    """Requests answered after more than 2 ms, and the stalls they make: runs of such requests that arrived
    within 5 ms of each other. A p99 set by many short waits (bursts queueing) and one set by a few long
    stalls (the server not running) look alike; these tell them apart."""
    slow = [t0 for t0, t in pairs if t - t0 > SLOW_US]
    runs = sum(1 for i, t0 in enumerate(slow) if i == 0 or t0 - slow[i - 1] > STALL_GAP_US)
    return {"wire_over_2ms": len(slow), "wire_stalls": runs}


def probe(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    s.settimeout(0.3)
    lp = s.getsockname()[1]
    for i in range(60):
        msg = (f"OPTIONS sip:127.0.0.1:{port} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{lp};branch=z9hG4bK-probe{i};rport\r\n"
               f"From: <sip:probe@127.0.0.1>;tag=p{i}\r\nTo: <sip:127.0.0.1:{port}>\r\nCall-ID: probe-{i}-{time.time()}\r\n"
               f"CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n")
        s.sendto(msg.encode(), ("127.0.0.1", port))
        try:
            data = s.recv(4096)
            if data.startswith(b"SIP/2.0"):
                return 0
        except socket.timeout:
            pass
        time.sleep(0.2)
    return 1


def fmt(v, digits=3):
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.{digits}f}"
    return str(v)


def ratio(a, b):
    if a is None or b in (None, 0):
        return "-"
    return f"{a / b:.2f}"


def tag_round(path, k):
    rows = [json.loads(line) for line in open(path) if line.strip()]
    for r in rows:
        r.setdefault("round", k)
    with open(path, "w") as f:
        f.writelines(json.dumps(r) + "\n" for r in rows)


def medians(rows):
    """With several rounds: per case, each system's median CPU per 1k ops, their ratio, and the per-round ratios."""
    rounds = sorted({r.get("round", 1) for r in rows})
    if len(rounds) < 2:
        return []
    per = {}
    for r in rows:
        if r.get("cpu_per_1k") is not None and not r["case"].startswith("ws-idle"):
            per.setdefault(r["case"], {}).setdefault(r["system"], {})[r.get("round", 1)] = r["cpu_per_1k"]
    out = ["", f"### Medians over {len(rounds)} rounds (CPU s per 1k ops; ratio WebTrunk / Kamailio)", "",
           "| case | WebTrunk median | Kamailio median | ratio of medians | per-round ratios | rounds with ratio <= 1 |",
           "|---|---|---|---|---|---|"]
    for case, systems in per.items():
        w, k = systems.get("webtrunk", {}), systems.get("kamailio", {})
        both = [rd for rd in rounds if rd in w and rd in k and k[rd]]
        if not both:
            continue
        rr = [w[rd] / k[rd] for rd in both]
        out.append(f"| {case} | {fmt(median(list(w.values())))} | {fmt(median(list(k.values())))} | "
                   f"{ratio(median(list(w.values())), median(list(k.values())))} | "
                   f"{', '.join(f'{x:.2f}' for x in rr)} | {sum(1 for x in rr if x <= 1)} of {len(rr)} |")
    wire = {}
    for r in rows:
        if r.get("wire_p99_us") is not None:
            wire.setdefault(r["case"], {}).setdefault(r["system"], []).append(
                (r["wire_p50_us"], r["wire_p99_us"], r.get("wire_idle_p50_us"), r.get("wire_over_2ms"),
                 r.get("wire_stalls")))
    if wire:
        out += ["", "Response times on the wire (tcpdump, end of warm-up), medians over rounds, microseconds:", "",
                "| case | WebTrunk p50 / p99 | Kamailio p50 / p99 | ratio of p99 medians | "
                "p50 of requests meeting an idle server, WebTrunk / Kamailio | "
                "requests over 2 ms (in how many stalls), WebTrunk / Kamailio |", "|---|---|---|---|---|---|"]
        for case, systems in wire.items():
            w, k = systems.get("webtrunk", []), systems.get("kamailio", [])
            mw, mk = column_medians(w, 5), column_medians(k, 5)
            out.append(f"| {case} | {fmt(mw[0], 0)} / {fmt(mw[1], 0)} | {fmt(mk[0], 0)} / {fmt(mk[1], 0)} | "
                       f"{ratio(mw[1], mk[1])} | {fmt(mw[2], 0)} / {fmt(mk[2], 0)} | "
                       f"{fmt(mw[3], 0)} ({fmt(mw[4], 0)}) / {fmt(mk[3], 0)} ({fmt(mk[4], 0)}) |")
    return out + ws_latency_medians(rows, rounds)


def ws_latency_medians(rows, rounds):
    """WebSocket cases (ws-load's own clock, from when each operation was due): p50/p99 medians and p99 ratios."""
    per = {}
    for r in rows:
        if r["case"].startswith("ws-") and r.get("p99_ms") is not None:
            per.setdefault(r["case"], {}).setdefault(r["system"], {})[r.get("round", 1)] = (r["p50_ms"], r["p99_ms"])
    if not per:
        return []
    out = ["", "WebSocket response times (ws-load, ms), medians over rounds:", "",
           "| case | WebTrunk p50 / p99 | Kamailio p50 / p99 | ratio of p99 medians | per-round p99 ratios |",
           "|---|---|---|---|---|"]
    for case, systems in per.items():
        w, k = systems.get("webtrunk", {}), systems.get("kamailio", {})
        w50, w99 = column_medians(list(w.values()), 2)
        k50, k99 = column_medians(list(k.values()), 2)
        rr = [w[rd][1] / k[rd][1] for rd in rounds if rd in w and rd in k and k[rd][1]]
        out.append(f"| {case} | {fmt(w50, 2)} / {fmt(w99, 1)} | {fmt(k50, 2)} / {fmt(k99, 1)} | {ratio(w99, k99)} | "
                   f"{', '.join(f'{x:.2f}' for x in rr)} |")
    return out


def column_medians(samples, width=3):
    """Per-position medians of tuples of that width, skipping missing values."""
    return [median([x[i] for x in samples if x[i] is not None]) for i in range(width)]


def median(values):
    v = sorted(values)
    n = len(v)
    return None if n == 0 else (v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2)


def table(path):
    rows = [json.loads(line) for line in open(path) if line.strip()]
    several = len({r.get("round", 1) for r in rows}) > 1
    by = {}
    for r in rows:
        label = f"{r['case']} (round {r.get('round', 1)})" if several else r["case"]
        by.setdefault(label, {})[r["system"]] = r
    out = ["### SIP over UDP/TCP (SIPp) and WebSocket REGISTER+auth (ws-load.mjs)", "",
           "| case | system | target/s | sent | ok | failed | ok % | achieved ops/s | retrans | server CPU s | "
           "CPU s per 1k ops | server cores | loadgen cores | p50 / p99 ms | wire p50 / p99 us | "
           "wire over 2 ms (stalls) | load avg (1m) |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    ratios = ["", "### Ratios WebTrunk / Kamailio (same case, same run)", "",
              "| case | CPU per 1k ops | success % (WT vs K) | achieved ops/s |", "|---|---|---|---|"]
    for case, systems in by.items():
        if case.startswith(("ws-idle", "ring-")):
            continue
        for name in ("webtrunk", "kamailio"):
            r = systems.get(name)
            if not r:
                continue
            sent = r.get("sent")
            okp = 100.0 * r["ok"] / sent if sent else None
            out.append(f"| {case} | {name} | {fmt(r.get('target'))} | {fmt(sent)} | {r['ok']} | {r['failed']} | "
                       f"{fmt(okp, 1)} | {fmt(r.get('achieved'), 0)} | {fmt(r.get('retrans'))} | "
                       f"{fmt(r['cpu_s'], 2)} | {fmt(r.get('cpu_per_1k'))} | {fmt(r.get('server_cores'), 2)} | "
                       f"{fmt(r.get('loadgen_cores'), 2)} | {fmt(r.get('p50_ms'), 1)} / {fmt(r.get('p99_ms'), 1)} | "
                       f"{fmt(r.get('wire_p50_us'))} / {fmt(r.get('wire_p99_us'))} | "
                       f"{fmt(r.get('wire_over_2ms'))} ({fmt(r.get('wire_stalls'))}) | {r.get('loadavg', '-')} |")
        w, k = systems.get("webtrunk"), systems.get("kamailio")
        if w and k:
            sw = 100.0 * w["ok"] / w["sent"] if w.get("sent") else None
            sk = 100.0 * k["ok"] / k["sent"] if k.get("sent") else None
            ratios.append(f"| {case} | {ratio(w.get('cpu_per_1k'), k.get('cpu_per_1k'))} | {fmt(sw, 1)} vs {fmt(sk, 1)} | "
                          f"{ratio(w.get('achieved'), k.get('achieved'))} |")
    mem_rows = ["", "### Memory with idle WebSocket connections", "",
                "| system | connections open | RSS before (MiB) | RSS with conns (MiB) | PSS before / with (MiB) | "
                "live Java heap before / with (MiB) | per connection (KiB) | load avg (1m) |",
                "|---|---|---|---|---|---|---|---|"]
    for _, name, r in system_rows(by, "ws-idle"):
        heap = (f"{fmt(r.get('heap_before_kb', 0) / 1024, 0)} / {fmt(r.get('heap_with_kb', 0) / 1024, 0)}"
                if r.get("heap_before_kb") is not None else "-")
        mem_rows.append(f"| {name} | {r['opened']} | {r['rss_before_kb'] / 1024:.0f} | {r['rss_with_kb'] / 1024:.0f} | "
                        f"{r['pss_before_kb'] / 1024:.0f} / {r['pss_with_kb'] / 1024:.0f} | {heap} | "
                        f"{fmt(r.get('per_conn_kb'), 1)} | {r.get('loadavg', '-')} |")
    return "\n".join(out + ratios + medians(rows) + capacity(rows) + mem_rows + ringing(by)) + "\n"


def system_rows(by, prefix):
    """(case, system, row) for every case whose label starts with prefix, WebTrunk before Kamailio."""
    for case, systems in by.items():
        if case.startswith(prefix):
            for name in ("webtrunk", "kamailio"):
                if systems.get(name):
                    yield case, name, systems[name]


def ringing(by):
    """ring-* rows: memory with one batch of ringing calls and with two; the cost per call of the second (ring-ws:
    the second batch's connections are open in the first figures, and their cost is a column of its own)."""
    out = ["", "### Memory per ringing call (INVITEs the trunk never answers; callers over UDP, TCP or WebSocket)", "",
           "| case | system | ringing (first batch / both) | RSS (MiB) | PSS (MiB) | live Java heap (MiB) | "
           "per ringing call of the second batch (KiB) | per WebSocket connection (KiB) | load avg (1m) |",
           "|---|---|---|---|---|---|---|---|---|"]
    n = len(out)
    for case, name, r in system_rows(by, "ring-"):
        heap = (f"{r['heap_first_kb'] / 1024:.0f} / {r['heap_both_kb'] / 1024:.0f}"
                if r.get("heap_first_kb") is not None else "-")
        out.append(f"| {case} | {name} | {r['ringing_first']} / {r['ringing_both']} | "
                   f"{r['rss_first_kb'] / 1024:.0f} / {r['rss_both_kb'] / 1024:.0f} | "
                   f"{r['pss_first_kb'] / 1024:.0f} / {r['pss_both_kb'] / 1024:.0f} | {heap} | "
                   f"{fmt(r.get('per_call_kb'), 1)} | {fmt(r.get('per_conn_kb'), 1)} | {r.get('loadavg', '-')} |")
    return out if len(out) > n else []


def step_passed(r):
    sent = r.get("sent") or 0
    return (sent > 0 and r.get("failed", 0) < 0.01 * sent and (r.get("retrans") or 0) < 0.01 * sent
            and r.get("achieved") is not None and r["achieved"] >= 0.95 * r["target"])


def capacity(rows):
    """Per ramp (case cap-<family>-<rate>) and system: the highest step passed and the step that failed."""
    ramps = {}
    several = len({r.get("round", 1) for r in rows}) > 1
    for r in rows:
        if r["case"].startswith("cap-"):
            family = r["case"].rsplit("-", 1)[0] + (f" (round {r.get('round', 1)})" if several else "")
            ramps.setdefault(family, {}).setdefault(r["system"], []).append(r)
    if not ramps:
        return []
    out = ["", "### Capacity (highest offered rate passed: under 1 % failed, retransmissions under 1 % of calls, "
           "at least 95 % of the offered rate achieved)", "",
           "| ramp | system | capacity ops/s | server cores there | loadgen cores there | first failing step | "
           "failed / sent there | ratio WT / K |", "|---|---|---|---|---|---|---|---|"]
    for family, systems in ramps.items():
        best = {}
        for name in ("webtrunk", "kamailio"):
            steps = systems.get(name)
            if not steps:
                continue
            passed = [r for r in steps if step_passed(r)]
            top = max(passed, key=lambda r: r["target"]) if passed else None
            failing = next((r for r in steps if not step_passed(r)), None)
            best[name] = top["target"] if top else None
            out.append(f"| {family} | {name} | {fmt(top['target']) if top else 'none'} | "
                       f"{fmt(top.get('server_cores') if top else None, 2)} | "
                       f"{fmt(top.get('loadgen_cores') if top else None, 2)} | "
                       f"{fmt(failing['target']) if failing else 'none (ramp ended)'} | "
                       f"{(str(failing['failed']) + ' / ' + str(failing['sent'])) if failing else '-'} | "
                       f"{ratio(best.get('webtrunk'), best.get('kamailio')) if name == 'kamailio' else ''} |")
    return out


def gc(d):
    import re
    pat = re.compile(r"\[([0-9.]+)s\] GC\(\d+\) (?:[YyOo]: )?Pause.* ([0-9.]+)ms$")
    # Full GCs the harness itself asks for (jcmd GC.run before reading heap use) are listed apart.
    lines = ["| GC log (one WebTrunk run) | pauses | max ms | p99 ms | max ms after the first 10 s | harness-induced full GCs, max ms |",
             "|---|---|---|---|---|---|"]
    every = []
    for name in sorted(glob.glob(os.path.join(d, "*.log"))):
        pauses, induced = [], []
        for line in open(name):
            m = pat.search(line.strip())
            if m:
                target = induced if ("Diagnostic Command" in line or "System.gc" in line) else pauses
                target.append((float(m.group(1)), float(m.group(2))))
        ms = [p for _, p in pauses]
        every += ms
        late = [p for t, p in pauses if t > 10]
        lines.append(f"| {os.path.basename(name)} | {len(ms)} | {fmt(max(ms) if ms else None, 1)} | "
                     f"{fmt(pct(ms, 99), 1)} | {fmt(max(late) if late else None, 1)} | "
                     f"{len(induced)}, {fmt(max(p for _, p in induced) if induced else None, 1)} |")
    lines.append(f"| all runs | {len(every)} | {fmt(max(every) if every else None, 1)} | {fmt(pct(every, 99), 1)} | | |")
    return "\n".join(lines) + "\n"


def main(argv):
    cmd = argv[1]
    if cmd == "ports":
        print(" ".join(map(str, ports(int(argv[2])))))
    elif cmd == "creds":
        sys.stdout.write(creds(argv[2], int(argv[3]), argv[4]))
    elif cmd == "descendants":
        print(" ".join(str(p) for p in descendants(int(argv[2]))[1:]))
    elif cmd == "cpu":
        print(f"{cpu(int(argv[2])):.2f}")
    elif cmd == "mem":
        print(" ".join(map(str, mem(int(argv[2])))))
    elif cmd == "sipp":
        print(json.dumps(sipp(argv[2])))
    elif cmd == "busy":
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:9]]
        print(f"{(sum(v) - v[3] - v[4]) / TICK:.2f}")
    elif cmd == "probe":
        return probe(int(argv[2]))
    elif cmd == "wire":
        print(json.dumps(wire(argv[2], int(argv[3]))))
    elif cmd == "gc":
        sys.stdout.write(gc(argv[2]))
    elif cmd == "tag-round":
        tag_round(argv[2], int(argv[3]))
    elif cmd == "table":
        sys.stdout.write(table(argv[2]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
