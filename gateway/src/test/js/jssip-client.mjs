// A real JsSIP user agent for the gateway's integration tests, run by Node (no browser).
// Signalling only: RTCPeerConnection and getUserMedia are small stand-ins that hand JsSIP a fixed
// WebRTC-shaped SDP, so the real JsSIP transaction, dialog, digest and session-timer code talks to
// the server under test over ws/wss (RFC 7118).
//
// Usage: node jssip-client.mjs --ws ws://127.0.0.1:PORT --uri sip:alice@example.invalid
//          [--user U --password P] [--realm R] [--display-name N] [--register] [--register-expires S]
//          [--call NUMBER] [--hangup-after-ms N] [--answer] [--expect-incoming] [--duration-ms N]
//          [--max-runtime-ms N (default 60000)] [--insecure] [--no-session-timers]
// stdin control lines: call <number> | hangup | answer | reject [code] | register | unregister |
//                      set-credentials <user> <password> | quit
// stdout: one JSON object per line, e.g. {"event":"registered","ts":...,"contacts":[...],"expires":600}.
// stderr: JsSIP debug log when JSSIP_DEBUG=1. Exit: 0 after quit/--duration-ms, 2 bad arguments,
// 3 --max-runtime-ms reached, 4 quit with --expect-incoming but no call came in (event noIncoming).
// --answer answers incoming calls at once; without it they ring until the "answer"/"reject" line.
import { createRequire } from 'node:module';
import readline from 'node:readline';
import WebSocket from 'ws';

const args = parseArgs(process.argv.slice(2));
const emit = (event, fields = {}) =>
  process.stdout.write(JSON.stringify({ event, ts: Date.now(), ...fields }) + '\n');

function parseArgs(argv) {
  const flags = new Set(['register', 'answer', 'expect-incoming', 'insecure', 'no-session-timers']);
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) usage(`unexpected argument ${a}`);
    const key = a.slice(2);
    if (flags.has(key)) out[key] = true;
    else if (i + 1 < argv.length) out[key] = argv[++i];
    else usage(`missing value for ${a}`);
  }
  if (!out.ws || !out.uri) usage('--ws and --uri are required');
  return out;
}

function usage(msg) {
  process.stderr.write(`jssip-client: ${msg}\n`);
  process.exit(2);
}

// --- Browser stand-ins -------------------------------------------------------------------------
const FINGERPRINT = 'sha-256 ' + Array.from({ length: 32 }, (_, i) => (i * 7 + 16).toString(16).toUpperCase().padStart(2, '0')).join(':');
const OFFER_SDP = [
  'v=0', 'o=- 4611731400430051336 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE 0',
  'a=extmap-allow-mixed', 'a=msid-semantic: WMS', 'm=audio 9 UDP/TLS/RTP/SAVPF 111 0 8',
  'c=IN IP4 0.0.0.0', 'a=rtcp:9 IN IP4 0.0.0.0',
  'a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host generation 0',
  'a=ice-ufrag:wtUf', 'a=ice-pwd:webtrunkTestIcePassword0', 'a=ice-options:trickle',
  `a=fingerprint:${FINGERPRINT}`, 'a=setup:actpass', 'a=mid:0', 'a=sendrecv', 'a=rtcp-mux',
  'a=rtpmap:111 opus/48000/2', 'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:0 PCMU/8000', 'a=rtpmap:8 PCMA/8000', '',
].join('\r\n');

class FakeSessionDescription {
  constructor({ type, sdp }) { this.type = type; this.sdp = sdp; }
}

class FakePeerConnection {
  constructor() {
    this.localDescription = null;
    this.remoteDescription = null;
    this.signalingState = 'stable';
    this.iceGatheringState = 'complete';
    this.iceConnectionState = 'new';
    this.connectionState = 'new';
  }
  async createOffer() { return new FakeSessionDescription({ type: 'offer', sdp: OFFER_SDP }); }
  async createAnswer() {
    // Mirror the offer's first mid, as a browser would.
    const mid = /a=mid:([^\r\n]+)/.exec(this.remoteDescription?.sdp ?? '')?.[1] ?? '0';
    const sdp = OFFER_SDP.replace('a=setup:actpass', 'a=setup:active')
      .replace('a=group:BUNDLE 0', `a=group:BUNDLE ${mid}`).replace('a=mid:0', `a=mid:${mid}`);
    return new FakeSessionDescription({ type: 'answer', sdp });
  }
  async setLocalDescription(d) {
    this.localDescription = new FakeSessionDescription(d);
    this.signalingState = d.type === 'offer' ? 'have-local-offer' : 'stable';
  }
  async setRemoteDescription(d) {
    this.remoteDescription = new FakeSessionDescription(d);
    this.signalingState = d.type === 'offer' ? 'have-remote-offer' : 'stable';
  }
  addTrack() { return { track: null, replaceTrack: async () => {} }; }
  removeTrack() {}
  getSenders() { return []; }
  getReceivers() { return []; }
  getTransceivers() { return []; }
  getLocalStreams() { return []; }
  getRemoteStreams() { return []; }
  addEventListener() {}
  removeEventListener() {}
  close() { this.signalingState = 'closed'; }
}

const fakeStream = () => ({ id: 'fake', getTracks: () => [], getAudioTracks: () => [], getVideoTracks: () => [] });
globalThis.window = globalThis;
globalThis.RTCPeerConnection = FakePeerConnection;
globalThis.RTCSessionDescription = FakeSessionDescription;
Object.defineProperty(globalThis, 'navigator', {
  value: { userAgent: 'webtrunk-test-jssip', mediaDevices: { getUserMedia: async () => fakeStream() } },
  configurable: true, writable: true,
});
// JsSIP's WebSocketInterface calls new WebSocket(url, 'sip'); ws needs the TLS option for self-signed certs.
globalThis.WebSocket = args.insecure
  ? class InsecureWebSocket extends WebSocket {
    constructor(url, protocols) { super(url, protocols, { rejectUnauthorized: false }); }
  }
  : WebSocket;

// stdout carries only JSON events: JsSIP's debug log goes through console.info, send it to stderr.
for (const m of ['log', 'info', 'debug', 'warn', 'trace']) console[m] = console.error;
// JsSIP is CommonJS and reads the globals above lazily, so load it after they exist.
const JsSIP = createRequire(import.meta.url)('jssip');
if (process.env.JSSIP_DEBUG === '1') JsSIP.debug.enable('JsSIP:*');
else JsSIP.debug.disable();

// --- User agent --------------------------------------------------------------------------------
const config = {
  sockets: [new JsSIP.WebSocketInterface(args.ws)],
  uri: args.uri,
  register: Boolean(args.register),
  session_timers: !args['no-session-timers'],
  connection_recovery_min_interval: 2,
  connection_recovery_max_interval: 30,
};
if (args.user) config.authorization_user = args.user;
if (args.password) config.password = args.password;
if (args.realm) config.realm = args.realm;
if (args['display-name']) config.display_name = args['display-name'];
if (args['register-expires']) config.register_expires = Number(args['register-expires']);

const ua = new JsSIP.UA(config);
let session = null;
let quitting = false;
let incomingSeen = false;
const hangupAfter = args['hangup-after-ms'] ? Number(args['hangup-after-ms']) : null;
const callOptions = { mediaConstraints: { audio: true, video: false }, mediaStream: fakeStream() };

ua.on('connected', () => emit('connected'));
ua.on('disconnected', (e) => emit('disconnected', { error: Boolean(e?.error), code: e?.code ?? null }));
ua.on('registered', (e) => {
  const contacts = e.response.getHeaders('contact');
  const expires = parseExpires(e.response);
  emit('registered', { status_code: e.response.status_code, contacts, expires });
});
ua.on('unregistered', (e) => emit('unregistered', { status_code: e?.response?.status_code ?? null, cause: e?.cause ?? null }));
ua.on('registrationFailed', (e) =>
  emit('registrationFailed', { cause: e.cause, status_code: e.response?.status_code ?? null }));
ua.on('newRTCSession', ({ originator, session: s, request }) => {
  session = s;
  const callId = request?.call_id ?? null;
  if (originator === 'remote') {
    incomingSeen = true;
    emit('incoming', { from: s.remote_identity.uri.toString(), call_id: callId });
    if (args.answer) s.answer(callOptions);
  }
  s.on('progress', (e) => emit('progress', { originator: e.originator, status_code: e.response?.status_code ?? null }));
  s.on('accepted', (e) => emit('accepted', { originator: e.originator, status_code: e.response?.status_code ?? null }));
  s.on('confirmed', (e) => {
    emit('confirmed', { originator: e.originator, call_id: callId });
    if (hangupAfter !== null) setTimeout(() => terminate(s), hangupAfter);
  });
  s.on('ended', (e) => emit('ended', { originator: e.originator, cause: e.cause, call_id: callId }));
  s.on('failed', (e) => emit('failed', {
    originator: e.originator, cause: e.cause, status_code: e.message?.status_code ?? null, call_id: callId,
  }));
});

function parseExpires(response) {
  // The Contact that JsSIP matched carries expires=; fall back to an Expires header.
  const contacts = (response.headers.Contact ?? []).flatMap((h) => h.parsed ?? []);
  const instance = `"<urn:uuid:${ua.configuration.instance_id}>"`;
  const withExpires = contacts.find((c) => c.getParam('+sip.instance') === instance && c.getParam('expires') != null)
    ?? contacts.find((c) => c.uri.user === ua.contact.uri.user && c.getParam('expires') != null);
  if (withExpires) return Number(withExpires.getParam('expires'));
  return response.hasHeader('expires') ? Number(response.getHeader('expires')) : null;
}

function terminate(s) {
  if (s && !s.isEnded()) {
    try { s.terminate(); } catch (err) { emit('error', { reason: String(err.message ?? err) }); }
  }
}

function call(target) {
  try {
    ua.call(target, callOptions);
  } catch (err) {
    emit('error', { reason: String(err.message ?? err) });
  }
}

function exit(code) {
  emit('exit', { code });
  process.exit(code);
}

function quit(code) {
  if (quitting) return;
  quitting = true;
  if (args['expect-incoming'] && !incomingSeen) {
    emit('noIncoming');
    code = 4;
  }
  // ua.stop() un-REGISTERs and ends sessions, then closes the socket once its transactions are done.
  const busy = ua.isRegistered() || (session && !session.isEnded());
  ua.stop();
  if (!busy || !ua.isConnected()) exit(code);
  ua.on('disconnected', () => exit(code));
  ua.on('unregistered', () => { if (!session || session.isEnded()) setTimeout(() => exit(code), 20); });
  setTimeout(() => exit(code), 2000).unref();
}

function control(line) {
  const [cmd, ...rest] = line.trim().split(/\s+/);
  switch (cmd) {
    case '': return;
    case 'call': return rest[0] ? call(rest[0]) : emit('error', { reason: 'call needs a number' });
    case 'hangup': return terminate(session);
    case 'answer': return session && session.answer(callOptions);
    case 'reject': return session && session.terminate({ status_code: Number(rest[0] ?? 486) });
    case 'register': return ua.register();
    case 'unregister': return ua.unregister();
    case 'set-credentials':
      ua.set('authorization_user', rest[0]);
      ua.set('password', rest[1]);
      return;
    case 'quit': return quit(0);
    default: emit('error', { reason: `unknown control command ${cmd}` });
  }
}

readline.createInterface({ input: process.stdin }).on('line', control).on('close', () => quit(0));
setTimeout(() => { emit('timeout'); process.exit(3); }, Number(args['max-runtime-ms'] ?? 60000)).unref();
if (args['duration-ms']) setTimeout(() => quit(0), Number(args['duration-ms'])).unref();
if (args.call) ua.once('connected', () => call(args.call));
// Keep the event loop alive until quit or --max-runtime-ms, even if JsSIP is idle.
const keepAlive = setInterval(() => {}, 1 << 30);
process.on('exit', () => clearInterval(keepAlive));
ua.start();
