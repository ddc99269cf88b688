"""The bench report's arithmetic: answer times from a capture, stalls, medians, ramp steps, credentials.
A wrong figure here would mislead every comparison in BENCHMARKS.md, so each is checked on made-up input.
Run: python3 -m unittest discover -s scripts/bench -p 'test_*.py'"""
import base64
import hashlib
import hmac
import os
import struct
import tempfile
import unittest

import compare_report as report

PORT = 5060


def sip_datagram(sport, dport, first_line, call_id, cseq):
    body = f"{first_line}\r\nCall-ID: {call_id}\r\nCSeq: {cseq}\r\nContent-Length: 0\r\n\r\n".encode()
    udp = struct.pack(">HHHH", sport, dport, 8 + len(body), 0) + body
    ip = bytes([0x45]) + bytes(19) + udp  # IPv4, 20-byte header; only the version and length are read
    return bytes(14) + ip  # Ethernet framing as tcpdump writes it on lo


def write_pcap(frames):
    """frames: (microseconds, bytes); a nanosecond-resolution file, as compare.sh captures."""
    fd, path = tempfile.mkstemp(suffix=".pcap")
    with os.fdopen(fd, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B23C4D, 2, 4, 0, 0, 65535, 1))
        for us, frame in frames:
            f.write(struct.pack("<IIII", int(us // 1_000_000), int(us % 1_000_000) * 1000, len(frame), len(frame)))
            f.write(frame)
    return path


def request(us, call_id, cseq="1 REGISTER"):
    return us, sip_datagram(40000, PORT, "REGISTER sip:x SIP/2.0", call_id, cseq)


def response(us, call_id, status="200 OK", cseq="1 REGISTER"):
    return us, sip_datagram(PORT, 40000, f"SIP/2.0 {status}", call_id, cseq)


class WireTest(unittest.TestCase):
    def wire(self, frames):
        path = write_pcap(frames)
        try:
            return report.wire(path, PORT)
        finally:
            os.unlink(path)

    def test_answer_time_runs_from_the_first_request_to_the_final_response(self):
        out = self.wire([request(1_000, "a"), response(1_100, "a", "100 Trying"), request(1_300, "a"),
                         response(1_500, "a")])
        self.assertEqual(1, out["wire_n"])  # the retransmission keeps the first time; 1xx is not an answer
        self.assertEqual(500, out["wire_p50_us"])

    def test_percentiles_and_idle_requests(self):
        frames = []
        for i in range(100):  # one at a time, each answered after (i + 1) µs
            t0 = i * 10_000
            frames += [request(t0, f"c{i}"), response(t0 + i + 1, f"c{i}")]
        # two queued behind each other: the second arrives before the first is answered
        frames += [request(2_000_000, "q1"), request(2_000_050, "q2"), response(2_000_400, "q1"),
                   response(2_000_450, "q2")]
        out = self.wire(frames)
        self.assertEqual(102, out["wire_n"])
        self.assertEqual(52, out["wire_p50_us"])
        self.assertEqual(400, out["wire_p99_us"])
        self.assertEqual(99.0, out["wire_idle_pct"])  # all but q2, which waited behind q1
        self.assertEqual(51, out["wire_idle_p50_us"])

    def test_a_response_with_no_request_in_the_capture_is_skipped(self):
        out = self.wire([response(500, "early"), request(1_000, "b"), response(1_200, "b")])
        self.assertEqual(1, out["wire_n"])
        self.assertEqual(200, out["wire_p50_us"])

    def test_an_empty_capture_gives_nothing(self):
        self.assertEqual({}, self.wire([]))


class StallsTest(unittest.TestCase):
    def test_slow_requests_close_together_make_one_stall(self):
        pairs = [(0, 100), (1_000, 4_000), (2_000, 5_000), (20_000, 23_000), (30_000, 30_500)]
        self.assertEqual({"wire_over_2ms": 3, "wire_stalls": 2}, report.stalls(pairs))

    def test_no_slow_requests(self):
        self.assertEqual({"wire_over_2ms": 0, "wire_stalls": 0}, report.stalls([(0, 1_999)]))


class MediansTest(unittest.TestCase):
    def test_ratio_of_each_systems_median_and_the_rounds(self):
        rows = [{"case": "reg", "system": s, "round": rd, "cpu_per_1k": v}
                for s, rd, v in [("webtrunk", 1, 0.040), ("kamailio", 1, 0.050), ("webtrunk", 2, 0.060),
                                 ("kamailio", 2, 0.040), ("webtrunk", 3, 0.045), ("kamailio", 3, 0.045)]]
        line = next(l for l in report.medians(rows) if l.startswith("| reg |"))
        self.assertEqual("| reg | 0.045 | 0.045 | 1.00 | 0.80, 1.50, 1.00 | 2 of 3 |", line)

    def test_one_round_has_no_medians(self):
        self.assertEqual([], report.medians([{"case": "reg", "system": "webtrunk", "cpu_per_1k": 0.04}]))

    def test_median_of_an_even_count_is_the_mean_of_the_middle_two(self):
        self.assertEqual(2.5, report.median([4, 1, 3, 2]))
        self.assertIsNone(report.median([]))


class CapacityTest(unittest.TestCase):
    @staticmethod
    def step(system, target, failed=0, achieved=None):
        return {"case": f"cap-reg-udp-{target}", "system": system, "target": target, "sent": 1000, "ok": 1000 - failed,
                "failed": failed, "retrans": 0, "achieved": target if achieved is None else achieved}

    def test_a_step_passes_under_one_percent_failed_and_at_95_percent_of_the_rate(self):
        self.assertTrue(report.step_passed(self.step("webtrunk", 1000, failed=9)))
        self.assertFalse(report.step_passed(self.step("webtrunk", 1000, failed=10)))
        self.assertFalse(report.step_passed(self.step("webtrunk", 1000, achieved=949)))

    def test_capacity_is_the_highest_step_passed(self):
        rows = [self.step("webtrunk", 2000), self.step("webtrunk", 4000), self.step("kamailio", 2000),
                self.step("kamailio", 4000, failed=50)]
        lines = report.capacity(rows)
        self.assertIn("| cap-reg-udp | webtrunk | 4000 | - | - | none (ramp ended) | - |  |", lines)
        self.assertIn("| cap-reg-udp | kamailio | 2000 | - | - | 4000 | 50 / 1000 | 2.00 |", lines)


class CredsTest(unittest.TestCase):
    def test_passwords_are_the_gateways_ephemeral_formula(self):
        lines = report.creds("s3cret", 2, "bench").splitlines()
        self.assertEqual("SEQUENTIAL", lines[0])
        user, password, name = lines[2].split(";")
        self.assertRegex(user, r"^\d+:bench\.u1$")
        self.assertEqual("u1", name)
        expected = base64.b64encode(hmac.new(b"s3cret", user.encode(), hashlib.sha1).digest()).decode()
        self.assertEqual(expected, password)


if __name__ == "__main__":
    unittest.main()
