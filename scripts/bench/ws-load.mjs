// WebSocket load generator for scripts/bench/compare.sh (SIP over WebSocket, RFC 7118, subprotocol "sip").
//
//   node ws-load.mjs register --url ws://127.0.0.1:P/ --conns 50 --seconds 10
//       Each connection loops: REGISTER -> 401 -> REGISTER with Digest (MD5, qop=auth, RFC 3261 §22.4) -> 200,
//       one operation in flight per connection, until the time is up. Prints one JSON line: ops, failures,
//       ops/s, p50/p99 latency (first REGISTER to 200) in ms.
//   node ws-load.mjs idle --url ws://127.0.0.1:P/ --conns 10000 --hold 20
//       Opens that many WebSocket connections (at most --parallel handshakes at once), prints
//       {"ready":true,"opened":N,"failed":M} once all are settled, keeps them open and silent for --hold seconds,
//       then closes them and prints a final line.
//
// Credentials: ephemeral "<expiry>:<id>" usernames (auth_ephemeral / TURN REST style), password
// base64(HMAC-SHA1(secret, username)); the secret comes from the WS_LOAD_SECRET environment variable.
// Ids are "<tenant>.u<n>" (--tenant, default "bench"), one per connection. Loopback only: the URL must be
// ws://127.x.x.x.
import { createRequire } from 'node:module';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../gateway/src/test/js/package.json'));
const WebSocket = require('ws');

function parseArgs(argv) {
  const out = { mode: argv[0], url: '', conns: 50, seconds: 10, hold: 20, parallel: 200, tenant: 'bench',
    timeoutMs: 5000, ttl: 3600 };
  for (let i = 1; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    const val = argv[i + 1];
    if (!(key in out) || val === undefined) throw new Error(`unknown or incomplete option ${argv[i]}`);
    out[key] = typeof out[key] === 'number' ? Number(val) : val;
  }
  if (!['register', 'idle'].includes(out.mode)) throw new Error('mode: register | idle');
  if (!/^ws:\/\/127\.\d+\.\d+\.\d+:\d+\//.test(out.url)) throw new Error('--url must be ws://127.x.x.x:port/');
  return out;
}

const opts = parseArgs(process.argv.slice(2));
const secret = process.env.WS_LOAD_SECRET || '';
if (opts.mode === 'register' && secret.length < 16) throw new Error('WS_LOAD_SECRET (>= 16 chars) is required');
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

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function open(n) {
  return new Promise((resolve) => {
    const ws = new WebSocket(opts.url, 'sip', { handshakeTimeout: 10000, perMessageDeflate: false });
    ws.once('open', () => resolve({ ws, n }));
    ws.once('error', (e) => resolve({ error: e.code || e.message, n }));
  });
}

async function openAll(count) {
  const result = new Array(count);
  let next = 0;
  async function worker() {
    while (next < count) {
      const i = next++;
      result[i] = await open(i);
    }
  }
  await Promise.all(Array.from({ length: Math.min(opts.parallel, count) }, worker));
  return result;
}

async function runRegister() {
  const conns = (await openAll(opts.conns)).filter((c) => c.ws);
  const latencies = [];
  const errors = {};
  let failures = 0;
  const start = process.hrtime.bigint();
  const deadline = Date.now() + opts.seconds * 1000;
  const fail = (why) => { failures++; errors[why] = (errors[why] || 0) + 1; };

  await Promise.all(conns.map(({ ws, n }) => new Promise((done) => {
    const state = { cred: credentials(n), viaHost: `${token()}.invalid`, uuid: randomBytes(16).toString('hex')
      .replace(/(.{8})(.{4})(.{4})(.{4})(.{12})/, '$1-$2-$3-$4-$5'), tag: token(), callId: '', cseq: 0,
    stage: 0, t0: 0n, timer: null };
    const startOp = () => {
      if (Date.now() >= deadline || ws.readyState !== WebSocket.OPEN) { done(); return; }
      state.callId = `${token()}${token()}`;
      state.cseq = 1;
      state.stage = 1;
      state.t0 = process.hrtime.bigint();
      state.timer = setTimeout(() => { fail('timeout'); startOp(); }, opts.timeoutMs);
      ws.send(register(state, 1, null));
    };
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
        latencies.push(Number(process.hrtime.bigint() - state.t0) / 1e6);
      } else {
        fail(`${code} at step ${state.stage}`);
      }
      startOp();
    });
    ws.on('close', () => { clearTimeout(state.timer); if (Date.now() < deadline) fail('closed'); done(); });
    startOp();
  })));
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  for (const { ws } of conns) ws.terminate();
  latencies.sort((a, b) => a - b);
  console.log(JSON.stringify({ mode: 'register', conns: conns.length, connectFailures: opts.conns - conns.length,
    seconds: Number(elapsed.toFixed(2)), ops: latencies.length, failures, opsPerSec: Math.round(latencies.length / elapsed),
    p50ms: percentile(latencies, 50), p99ms: percentile(latencies, 99), errors }));
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

(opts.mode === 'register' ? runRegister() : runIdle()).then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
