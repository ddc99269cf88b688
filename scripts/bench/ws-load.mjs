// WebSocket load generator for scripts/bench/compare.sh (SIP over WebSocket, RFC 7118, subprotocol "sip").
//
//   node ws-load.mjs register --url ws://127.0.0.1:P/ --conns 50 --seconds 10
//       Each connection loops: REGISTER -> 401 -> REGISTER with Digest (MD5, qop=auth, RFC 3261 §22.4) -> 200,
//       one operation in flight per connection, until the time is up. Prints one JSON line: ops, failures,
//       ops/s, p50/p99 latency (first REGISTER to 200) in ms.
//   node ws-load.mjs call --url ws://127.0.0.1:P/ --conns 50 --seconds 10 --number 15551234567
//       Each connection loops JsSIP-shaped calls: INVITE (the SDP offer of the JsSIP corpus) -> 407 -> ACK ->
//       INVITE with Proxy-Authorization -> 100/180 -> 200 -> ACK and BYE along the Record-Route -> 200, one call
//       in flight per connection. ops = calls whose BYE got its 200; latency = first INVITE to the INVITE's 200
//       (as SIPp's rtd). A SIP trunk that answers must sit behind the server.
//   --rate R (register, call): open loop instead, R operations per second over all connections, each connection
//       starting its share on a fixed schedule (one in flight at a time; a start that is due while the previous
//       operation is still running waits for it, and its latency counts from when it was due, so a slow server
//       is not hidden by a load generator that slowed down with it). 0 (the default) is the closed loop above.
//   --warmup S (register, call): first run S seconds on a set of connections that is then closed, unmeasured, so
//       that Node has compiled its own loop before the measured set opens (a cold Node made every server's first
//       0.5 s late, Kamailio's too). The measured set is new connections, as a server in service sees.
//       Before the measured phase it prints {"measuring":true}; the result is the last line.
//   --lateMs L (register, call): the result also counts the operations slower than L ms (default 10) per second
//       of the measured phase by when they were due (lateBySecond), and gives the phase's wall-clock start
//       (startedAtMs), so a tail can be told apart as one stall or many and matched with the server's GC log.
//   node ws-load.mjs idle --url ws://127.0.0.1:P/ --conns 10000 --hold 20
//       Opens that many WebSocket connections (at most --parallel handshakes at once), prints
//       {"ready":true,"opened":N,"failed":M} once all are settled, keeps them open and silent for --hold seconds,
//       then closes them and prints a final line.
//   node ws-load.mjs ring --url ws://127.0.0.1:P/ --conns 2000 --rate 1000 --batches 2 --hold 60
//       Calls that ring (a queue), for the server's memory: per batch, opens --conns connections and prints
//       {"step":"opened",...}; at SIGUSR2 (or after --hold s) places one call on each, --rate calls/s over all
//       (INVITE -> 407 -> ACK -> INVITE with credentials -> 180), prints {"step":"ringing","ringing":N,...} (with
//       p50/p99/max ms from the first INVITE to the 180) once each has its 180 or failed; at SIGUSR2 the next
//       batch. A trunk that rings and never answers must sit behind the server. The calls are never answered or
//       cancelled; the connections close at the end. With --warmup S, it first places S s of such calls (at --rate)
//       on a stand-in server inside the process and prints {"step":"warmedUp",...}, so a cold Node does not
//       delay the first batch.
//
// Credentials: ephemeral "<expiry>:<id>" usernames (auth_ephemeral / TURN REST style), password
// base64(HMAC-SHA1(secret, username)); the secret comes from the WS_LOAD_SECRET environment variable.
// Ids are "<tenant>.u<n>" (--tenant, default "bench"), one per connection. Loopback only: the URL must be
// ws://127.x.x.x.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../gateway/src/test/js/package.json'));
const WebSocket = require('ws');

function parseArgs(argv) {
  const out = { mode: argv[0], url: '', conns: 50, seconds: 10, hold: 20, parallel: 200, tenant: 'bench',
    timeoutMs: 5000, ttl: 3600, number: '15551234567', rate: 0, warmup: 0, lateMs: 10, batches: 2 };
  for (let i = 1; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    const val = argv[i + 1];
    if (!(key in out) || val === undefined) throw new Error(`unknown or incomplete option ${argv[i]}`);
    out[key] = typeof out[key] === 'number' ? Number(val) : val;
  }
  if (!['register', 'call', 'idle', 'ring'].includes(out.mode)) throw new Error('mode: register | call | idle | ring');
  if (!/^ws:\/\/127\.\d+\.\d+\.\d+:\d+\//.test(out.url)) throw new Error('--url must be ws://127.x.x.x:port/');
  return out;
}

const opts = parseArgs(process.argv.slice(2));
const secret = process.env.WS_LOAD_SECRET || '';
if (opts.mode !== 'idle' && secret.length < 16) throw new Error('WS_LOAD_SECRET (>= 16 chars) is required');
const host = new URL(opts.url).hostname;
const md5 = (s) => createHash('md5').update(s).digest('hex');
const token = () => randomBytes(6).toString('hex');

function credentials(n) {
  const username = `${Math.floor(Date.now() / 1000) + opts.ttl}:${opts.tenant}.u${n}`;
  return { username, password: createHmac('sha1', secret).update(username).digest('base64'), user: `u${n}` };
}

function parseChallenge(msg) {
  const line = msg.split('\r\n').find((l) => /^(WWW|Proxy)-Authenticate:/i.test(l));
  if (!line) return null;
  const params = {};
  for (const m of line.replace(/^[^:]+:\s*Digest\s*/i, '').matchAll(/([A-Za-z-]+)=("([^"]*)"|[^,\s]+)/g)) {
    params[m[1].toLowerCase()] = m[3] !== undefined ? m[3] : m[2];
  }
  return params;
}

function authorization(ch, cred, method, uri) {
  const ha1 = md5(`${cred.username}:${ch.realm}:${cred.password}`);
  const ha2 = md5(`${method}:${uri}`);
  let value = `Digest username="${cred.username}", realm="${ch.realm}", nonce="${ch.nonce}", uri="${uri}"`;
  if (ch.qop && ch.qop.split(',').map((q) => q.trim()).includes('auth')) {
    const cnonce = token();
    const nc = '00000001';
    value += `, response="${md5(`${ha1}:${ch.nonce}:${nc}:${cnonce}:auth:${ha2}`)}", cnonce="${cnonce}", nc=${nc}, qop=auth`;
  } else {
    value += `, response="${md5(`${ha1}:${ch.nonce}:${ha2}`)}"`;
  }
  if (ch.opaque !== undefined) value += `, opaque="${ch.opaque}"`;
  return `${value}, algorithm=MD5`;
}

function register(state, cseq, auth) {
  const uri = `sip:${host}`;
  return [
    `REGISTER ${uri} SIP/2.0`,
    `Via: SIP/2.0/WS ${state.viaHost};branch=z9hG4bK${token()}`,
    'Max-Forwards: 69',
    `To: <sip:${state.cred.user}@${host}>`,
    `From: <sip:${state.cred.user}@${host}>;tag=${state.tag}`,
    `Call-ID: ${state.callId}`,
    `CSeq: ${cseq} REGISTER`,
    `Contact: <sip:${state.cred.user}@${state.viaHost};transport=ws>;+sip.instance="<urn:uuid:${state.uuid}>";reg-id=1;expires=600`,
    'Expires: 600',
    'Allow: INVITE,ACK,CANCEL,BYE,UPDATE,MESSAGE,OPTIONS,REFER,INFO,NOTIFY',
    'Supported: path,gruu,outbound',
    ...(auth ? [`Authorization: ${auth}`] : []),
    'User-Agent: webtrunk-ws-load',
    'Content-Length: 0',
    '', ''].join('\r\n');
}

// The SDP offer of a real JsSIP INVITE (the corpus the gateway's tests use).
const OFFER = (() => {
  const text = readFileSync(path.join(here, '../../gateway/src/test/resources/sip-corpus/jssip/invite.sip'), 'latin1');
  return text.slice(text.indexOf('\r\n\r\n') + 4);
})();

function invite(state, cseq, branch, auth) {
  return [
    `INVITE sip:${opts.number}@${host} SIP/2.0`,
    `Via: SIP/2.0/WS ${state.viaHost};branch=${branch}`,
    'Max-Forwards: 69',
    `To: <sip:${opts.number}@${host}>`,
    `From: "${state.cred.user}" <sip:${state.cred.user}@${host}>;tag=${state.tag}`,
    `Call-ID: ${state.callId}`,
    `CSeq: ${cseq} INVITE`,
    ...(auth ? [`Proxy-Authorization: ${auth}`] : []),
    `Contact: <sip:${state.cred.user}@${state.viaHost};transport=ws;ob>`,
    'Content-Type: application/sdp',
    'Session-Expires: 90',
    'Allow: INVITE,ACK,CANCEL,BYE,UPDATE,MESSAGE,OPTIONS,REFER,INFO,NOTIFY,SUBSCRIBE',
    'Supported: timer,ice,replaces,outbound',
    'User-Agent: webtrunk-ws-load',
    `Content-Length: ${Buffer.byteLength(OFFER, 'latin1')}`,
    '', OFFER].join('\r\n');
}

// ACK for a non-2xx (same branch, hop by hop) or an in-dialog request along the route set (RFC 3261 §12.2.1.1).
function inDialog(state, method, cseq, branch, ruri, routes, to) {
  return [
    `${method} ${ruri} SIP/2.0`,
    `Via: SIP/2.0/WS ${state.viaHost};branch=${branch}`,
    'Max-Forwards: 69',
    ...(routes.length ? [`Route: ${routes.join(', ')}`] : []),
    `To: ${to}`,
    `From: "${state.cred.user}" <sip:${state.cred.user}@${host}>;tag=${state.tag}`,
    `Call-ID: ${state.callId}`,
    `CSeq: ${cseq} ${method}`,
    'User-Agent: webtrunk-ws-load',
    'Content-Length: 0',
    '', ''].join('\r\n');
}

function headerValues(msg, name) {
  const re = new RegExp(`^${name}:\\s*(.*)$`, 'i');
  const out = [];
  for (const line of msg.split('\r\n')) {
    if (line === '') break;
    const m = re.exec(line);
    if (m) out.push(...m[1].split(/,(?=\s*<)/).map((v) => v.trim()));
  }
  return out;
}

const uriOf = (nameAddr) => { const m = /<([^>]*)>/.exec(nameAddr); return m ? m[1] : nameAddr.split(';')[0]; };

// When each connection starts its next operation: at once (closed loop), or on its share of --rate. Returns a
// function that calls start(due) then, due being the time (hrtime ns) the operation's latency counts from.
function pacer(index, count) {
  if (!(opts.rate > 0)) return (start) => start(process.hrtime.bigint());
  const interval = BigInt(Math.round((1e9 * count) / opts.rate));
  let due = process.hrtime.bigint() + (interval * BigInt(index)) / BigInt(count);
  return (start) => {
    const at = due;
    due += interval;
    const wait = Number(at - process.hrtime.bigint()) / 1e6;
    if (wait > 0) setTimeout(() => start(at), wait); else start(at);
  };
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function open(n, url) {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, 'sip', { handshakeTimeout: 10000, perMessageDeflate: false });
    ws.once('open', () => resolve({ ws, n }));
    ws.once('error', (e) => resolve({ error: e.code || e.message, n }));
  });
}

async function openAll(count, url = opts.url) {
  const result = new Array(count);
  let next = 0;
  async function worker() {
    while (next < count) {
      const i = next++;
      result[i] = await open(i, url);
    }
  }
  await Promise.all(Array.from({ length: Math.min(opts.parallel, count) }, worker));
  return result;
}

// What a register or call phase keeps: its open connections, each answer's latency from when its operation was due
// (and when that was), and the failures by reason.
async function openPhase(seconds) {
  const p = { conns: (await openAll(opts.conns)).filter((c) => c.ws), latencies: [], dues: [], errors: {},
    failures: 0, startedAtMs: Date.now(), start: process.hrtime.bigint(), deadline: Date.now() + seconds * 1000 };
  p.fail = (why) => { p.failures++; p.errors[why] = (p.errors[why] || 0) + 1; };
  p.answered = (due) => {
    p.latencies.push(Number(process.hrtime.bigint() - due) / 1e6);
    p.dues.push(Number(due - p.start) / 1e6);
  };
  p.running = () => Date.now() < p.deadline;
  return p;
}

// Closes a phase's connections; returns what the JSON line reports.
function finish(p, ops) {
  const elapsed = Number(process.hrtime.bigint() - p.start) / 1e9;
  for (const { ws } of p.conns) ws.terminate();
  const lateBySecond = new Array(Math.ceil(elapsed)).fill(0);
  p.latencies.forEach((ms, i) => {
    if (ms > opts.lateMs) lateBySecond[Math.min(lateBySecond.length - 1, Math.floor(p.dues[i] / 1000))]++;
  });
  return { conns: p.conns.length, elapsed, startedAtMs: p.startedAtMs, ops, failures: p.failures,
    latencies: p.latencies, lateBySecond, errors: p.errors };
}

// Runs the unmeasured warm-up phase (if any), then the measured one, and prints the one JSON line compare.sh reads.
async function measure(phase) {
  const warm = opts.warmup > 0 ? await phase(opts.warmup) : null;
  // compare.sh reads the server's CPU when it sees this line; the pause lets the warm-up's closes settle first.
  console.log(JSON.stringify({ measuring: true }));
  if (warm) await new Promise((r) => setTimeout(r, 300));
  const r = await phase(opts.seconds);
  r.latencies.sort((a, b) => a - b);
  console.log(JSON.stringify({ mode: opts.mode, conns: r.conns, connectFailures: opts.conns - r.conns,
    seconds: Number(r.elapsed.toFixed(2)), ops: r.ops, failures: r.failures, opsPerSec: Math.round(r.ops / r.elapsed),
    p50ms: percentile(r.latencies, 50), p99ms: percentile(r.latencies, 99), errors: r.errors,
    startedAtMs: r.startedAtMs, lateMs: opts.lateMs, lateBySecond: r.lateBySecond,
    ...(warm ? { warmupOps: warm.ops, warmupFailures: warm.failures } : {}) }));
}

async function registerPhase(seconds) {
  const p = await openPhase(seconds);
  const fail = p.fail;
  await Promise.all(p.conns.map(({ ws, n }, index) => new Promise((done) => {
    const pace = pacer(index, p.conns.length);
    const state = { cred: credentials(n), viaHost: `${token()}.invalid`, uuid: randomBytes(16).toString('hex')
      .replace(/(.{8})(.{4})(.{4})(.{4})(.{12})/, '$1-$2-$3-$4-$5'), tag: token(), callId: '', cseq: 0,
    stage: 0, t0: 0n, timer: null };
    const startNow = (due) => {
      if (!p.running() || ws.readyState !== WebSocket.OPEN) { done(); return; }
      state.callId = `${token()}${token()}`;
      state.cseq = 1;
      state.stage = 1;
      state.t0 = due;
      state.timer = setTimeout(() => { fail('timeout'); startOp(); }, opts.timeoutMs);
      ws.send(register(state, 1, null));
    };
    const startOp = () => pace(startNow);
    ws.on('message', (data) => {
      const msg = data.toString();
      const m = /^SIP\/2\.0 (\d{3})/.exec(msg);
      if (!m || !msg.includes(state.callId)) return;
      const code = Number(m[1]);
      if (code < 200) return;
      if (state.stage === 1 && code === 401) {
        const ch = parseChallenge(msg);
        if (!ch) { clearTimeout(state.timer); fail('401 without challenge'); startOp(); return; }
        state.stage = 2;
        ws.send(register(state, 2, authorization(ch, state.cred, 'REGISTER', `sip:${host}`)));
        return;
      }
      clearTimeout(state.timer);
      if (state.stage === 2 && code === 200) {
        p.answered(state.t0);
      } else {
        fail(`${code} at step ${state.stage}`);
      }
      startOp();
    });
    ws.on('close', () => { clearTimeout(state.timer); if (p.running()) fail('closed'); done(); });
    startOp();
  })));
  return finish(p, p.latencies.length);
}

function callState(n) {
  return { cred: credentials(n), viaHost: `${token()}.invalid`, tag: '', callId: '', stage: 0, t0: 0n, timer: null,
    branch: '', to: '', ruri: '', routes: [], rang: false };
}

// Starts a call: the first INVITE, without credentials; its latency counts from due.
function sendInvite(ws, state, due) {
  state.callId = `${token()}${token()}`;
  state.tag = token();
  state.stage = 1;
  state.branch = `z9hG4bK${token()}`;
  state.t0 = due;
  state.rang = false;
  ws.send(invite(state, 1, state.branch, null));
}

// Takes one message of a call in flight: answers the challenge here (ACK, INVITE with credentials), and tells the
// phase the rest through on.ringing() (first 180 to the authenticated INVITE), on.answered(msg) (its 200),
// on.byeAnswered() and on.failed(why).
function callStep(ws, state, msg, on) {
  const m = /^SIP\/2\.0 (\d{3})/.exec(msg);
  if (!m || !msg.includes(state.callId)) return;
  const code = Number(m[1]);
  const cseq = headerValues(msg, 'CSeq')[0] || '';
  if (code < 200) {
    if (code === 180 && state.stage === 2 && cseq === '2 INVITE' && !state.rang && on.ringing) {
      state.rang = true;
      on.ringing();
    }
    return;
  }
  if (state.stage === 1 && cseq === '1 INVITE') {
    if (code !== 407 && code !== 401) { on.failed(`${code} to the first INVITE`); return; }
    const ch = parseChallenge(msg);
    if (!ch) { on.failed('challenge without Digest'); return; }
    const to = headerValues(msg, 'To')[0];
    ws.send(inDialog(state, 'ACK', 1, state.branch, `sip:${opts.number}@${host}`, [], to));
    state.stage = 2;
    const uri = `sip:${opts.number}@${host}`;
    ws.send(invite(state, 2, `z9hG4bK${token()}`, authorization(ch, state.cred, 'INVITE', uri)));
  } else if (state.stage === 2 && cseq === '2 INVITE') {
    if (code !== 200) { on.failed(`${code} to the authenticated INVITE`); return; }
    on.answered(msg);
  } else if (state.stage === 3 && cseq === '3 BYE') {
    if (code !== 200) { on.failed(`${code} to the BYE`); return; }
    on.byeAnswered();
  }
}

async function callPhase(seconds) {
  const p = await openPhase(seconds);
  let calls = 0;
  await Promise.all(p.conns.map(({ ws, n }, index) => new Promise((done) => {
    const pace = pacer(index, p.conns.length);
    const state = callState(n);
    const startNow = (due) => {
      if (!p.running() || ws.readyState !== WebSocket.OPEN) { done(); return; }
      state.timer = setTimeout(() => { p.fail(`timeout at step ${state.stage}`); startCall(); }, opts.timeoutMs);
      sendInvite(ws, state, due);
    };
    const startCall = () => pace(startNow);
    const on = {
      failed: (why) => { clearTimeout(state.timer); p.fail(why); startCall(); },
      answered: (msg) => {
        p.answered(state.t0);
        state.to = headerValues(msg, 'To')[0];
        state.ruri = uriOf(headerValues(msg, 'Contact')[0] || '');
        state.routes = headerValues(msg, 'Record-Route').reverse();
        ws.send(inDialog(state, 'ACK', 2, `z9hG4bK${token()}`, state.ruri, state.routes, state.to));
        state.stage = 3;
        ws.send(inDialog(state, 'BYE', 3, `z9hG4bK${token()}`, state.ruri, state.routes, state.to));
      },
      byeAnswered: () => { clearTimeout(state.timer); calls++; startCall(); },
    };
    ws.on('message', (data) => callStep(ws, state, data.toString('latin1'), on));
    ws.on('close', () => { clearTimeout(state.timer); if (p.running()) p.fail('closed'); done(); });
    startCall();
  })));
  return finish(p, calls);
}

// One call on each connection, --rate calls/s over all, each left ringing: resolves once every call has its 180
// or failed, with the times from the first INVITE to the 180.
async function ringBatch(conns, firstN) {
  const errors = {};
  const latencies = [];
  let ringing = 0;
  let failures = 0;
  await Promise.all(conns.map(({ ws, n }, index) => new Promise((done) => {
    const state = callState(firstN + n);
    let settled = false;
    const settle = (why) => {
      if (settled) return;
      settled = true;
      clearTimeout(state.timer);
      if (why) { failures++; errors[why] = (errors[why] || 0) + 1; } else {
        ringing++;
        latencies.push(Number(process.hrtime.bigint() - state.t0) / 1e6);
      }
      done();
    };
    const on = { failed: settle, answered: () => settle('answered'), byeAnswered: () => {},
      ringing: () => settle(null) };
    ws.on('message', (data) => callStep(ws, state, data.toString('latin1'), on));
    ws.on('close', () => settle('closed'));
    pacer(index, conns.length)((due) => {
      state.timer = setTimeout(() => settle(`timeout at step ${state.stage}`), opts.timeoutMs);
      sendInvite(ws, state, due);
    });
  })));
  latencies.sort((x, y) => x - y);
  return { ringing, failures, errors, latencies };
}

// A stand-in server inside this process for the ring warm-up: it challenges an INVITE without credentials (407)
// and rings one with them (100, 180), so the client's own code is compiled before a real server is measured.
async function localRinger() {
  const wss = new WebSocket.WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'sip' });
  await new Promise((r) => wss.once('listening', r));
  const reply = (msg, status, extra) => {
    const copy = ['Via', 'From', 'Call-ID', 'CSeq'].flatMap((h) => headerValues(msg, h).map((v) => `${h}: ${v}`));
    return [`SIP/2.0 ${status}`, ...copy, `To: ${headerValues(msg, 'To')[0]};tag=warmup`, ...extra,
      'Content-Length: 0', '', ''].join('\r\n');
  };
  wss.on('connection', (ws) => ws.on('message', (data) => {
    const msg = data.toString('latin1');
    if (!msg.startsWith('INVITE ')) return;
    if (headerValues(msg, 'Proxy-Authorization').length === 0) {
      ws.send(reply(msg, '407 Proxy Authentication Required',
        [`Proxy-Authenticate: Digest realm="warmup", nonce="${token()}", qop="auth"`]));
    } else {
      ws.send(reply(msg, '100 Trying', []));
      ws.send(reply(msg, '180 Ringing', []));
    }
  }));
  return { url: `ws://127.0.0.1:${wss.address().port}/`,
    close: () => { for (const c of wss.clients) c.terminate(); wss.close(); } };
}

// Ring mode: per batch, the connections first, then one call on each that the trunk leaves ringing. Each step
// waits for SIGUSR2 (compare.sh has measured the server), or --hold s. With --warmup S, first S s of the same
// calls against localRinger(), so the first batch measures a cold server, not a cold load generator.
async function runRing() {
  let signalled = 0;
  let wake = () => {};
  process.on('SIGUSR2', () => { signalled++; wake(); });
  const nextStep = () => new Promise((r) => {
    const t = setTimeout(r, opts.hold * 1000);
    wake = () => { clearTimeout(t); r(); };
    if (signalled > 0) wake();
  }).then(() => { signalled = 0; });
  if (opts.warmup > 0) {
    const ringer = await localRinger();
    const conns = (await openAll(Math.max(1, Math.round(opts.rate * opts.warmup)), ringer.url)).filter((c) => c.ws);
    const r = await ringBatch(conns, 0);
    for (const { ws } of conns) ws.terminate();
    ringer.close();
    console.log(JSON.stringify({ step: 'warmedUp', calls: conns.length, ringing: r.ringing, failures: r.failures }));
  }
  const batches = [];
  for (let b = 0; b < opts.batches; b++) {
    const conns = (await openAll(opts.conns)).filter((c) => c.ws);
    batches.push(conns);
    console.log(JSON.stringify({ step: 'opened', batch: b + 1, opened: conns.length,
      failed: opts.conns - conns.length }));
    await nextStep();
    const { ringing, failures, errors, latencies } = await ringBatch(conns, b * opts.conns);
    console.log(JSON.stringify({ step: 'ringing', batch: b + 1, ringing, failures, errors,
      p50ms: percentile(latencies, 50), p99ms: percentile(latencies, 99), maxms: latencies[latencies.length - 1] }));
    await nextStep();
  }
  for (const conns of batches) for (const { ws } of conns) ws.terminate();
  console.log(JSON.stringify({ done: true }));
}

async function runIdle() {
  const t0 = Date.now();
  const all = await openAll(opts.conns);
  const opened = all.filter((c) => c.ws);
  const errors = {};
  for (const c of all) if (c.error) errors[c.error] = (errors[c.error] || 0) + 1;
  let closedEarly = 0;
  for (const { ws } of opened) ws.on('close', () => { closedEarly++; });
  console.log(JSON.stringify({ ready: true, opened: opened.length, failed: all.length - opened.length,
    openSeconds: (Date.now() - t0) / 1000, errors }));
  await new Promise((r) => { const t = setTimeout(r, opts.hold * 1000); process.once('SIGTERM', () => { clearTimeout(t); r(); }); });
  const stillOpen = opened.filter(({ ws }) => ws.readyState === WebSocket.OPEN).length;
  for (const { ws } of opened) ws.terminate();
  console.log(JSON.stringify({ done: true, stillOpen, closedByServer: closedEarly }));
}

({ register: () => measure(registerPhase), call: () => measure(callPhase), idle: runIdle, ring: runRing })[opts.mode]().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
