// Drives the gateway's click-to-call demo page in Debian's Chromium (headless, fake microphone) with
// playwright-core, never a browser downloaded by a test tool. Used by BrowserCallIT.
//
// Usage: node browser-call.mjs --url http://127.0.0.1:PORT/demo/ --number N --screenshot FILE
//          [--refresh-check] [--admin http://127.0.0.1:ADMIN_PORT]
//          [--chromium /usr/bin/chromium] [--timeout-ms 20000 (per step)]
// Steps: open the page, wait until it has registered, dial N, wait for the call to be confirmed,
// (--refresh-check: wait until the page has refreshed its credentials and re-registered with them),
// take the screenshot, hang up, wait for the call to end.
// stdout: one JSON object per line: {"event":"registered"|"confirmed"|"refreshed"|"screenshot"|"ended"|"done"
// |"error", ...}. stderr: the page's console and errors. Exit 0 when every step passed, 1 otherwise, 2 bad usage.
import { chromium } from 'playwright-core';

const args = parseArgs(process.argv.slice(2));
const stepTimeout = Number(args['timeout-ms'] || 20000);
const emit = (event, fields = {}) => process.stdout.write(JSON.stringify({ event, ts: Date.now(), ...fields }) + '\n');

function parseArgs(argv) {
  const flags = new Set(['refresh-check']);
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '');
    if (flags.has(key)) out[key] = true;
    else if (i + 1 < argv.length) out[key] = argv[++i];
    else usage(`missing value for ${argv[i]}`);
  }
  if (!out.url || !out.number || !out.screenshot) usage('--url, --number and --screenshot are required');
  return out;
}

function usage(msg) {
  process.stderr.write(`browser-call: ${msg}\n`);
  process.exit(2);
}

// The flags Chromium needs on this closed, GPU-less machine, plus a fake microphone that needs no prompt.
const browser = await chromium.launch({
  executablePath: args.chromium || '/usr/bin/chromium',
  headless: true,
  timeout: 30000,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream', '--ignore-certificate-errors'],
});
let step = 'open';
let ok = false;
let page = null;
try {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 800, height: 760 } });
  page = await context.newPage();
  page.on('console', (m) => process.stderr.write(`[console.${m.type()}] ${m.text()}\n`));
  page.on('pageerror', (e) => process.stderr.write(`[pageerror] ${e.message}\n`));
  page.setDefaultTimeout(stepTimeout);

  await page.goto(args.url, { waitUntil: 'load' });
  step = 'register';
  await page.waitForSelector('#ua-state[data-state="registered"]');
  emit('registered', { account: await page.textContent('#account'), credentials: await page.textContent('#credentials') });

  step = 'call';
  await page.fill('#number', args.number);
  await page.click('#call');
  await page.waitForSelector('#call-state[data-state="confirmed"]');
  emit('confirmed', { text: await page.textContent('#call-state') });

  if (args['refresh-check']) {
    step = 'refresh';
    await page.waitForFunction(() => Number(document.getElementById('credentials').dataset.refreshes || 0) >= 1);
    // JsSIP re-registers silently on success (its 'registered' event fires on a change only), so give the
    // REGISTER a moment; the test then checks at the gateway which credentials the binding carries.
    await page.waitForTimeout(1000);
    // --admin: the gateway's /admin/registrations, read while the page is still connected (a binding lives
    // as long as its WebSocket, RFC 5626).
    const bindings = args.admin ? await (await fetch(`${args.admin}/admin/registrations`)).json() : null;
    emit('refreshed', {
      bindings,
      credentials: await page.textContent('#credentials'),
      uaState: await page.getAttribute('#ua-state', 'data-state'),
      callState: await page.getAttribute('#call-state', 'data-state'),
    });
  }

  step = 'screenshot';
  await page.screenshot({ path: args.screenshot, fullPage: true });
  emit('screenshot', { path: args.screenshot });

  step = 'hangup';
  await page.click('#hangup');
  await page.waitForSelector('#call-state[data-state="ended"]');
  emit('ended', { text: await page.textContent('#call-state') });
  if (args.admin) {
    // JsSIP ends the call as it sends BYE; close the tab only once the gateway has seen the trunk's 200, so the
    // test is about hanging up, not about a tab closed with a BYE in flight.
    step = 'bye';
    const deadline = Date.now() + 5000;
    let left = [];
    do {
      await new Promise((r) => setTimeout(r, 100));
      left = await (await fetch(`${args.admin}/admin/dialogs`)).json();
    } while (left.length > 0 && Date.now() < deadline);
    emit('byeDone', { dialogsLeft: left.length });
  }
  ok = true;
} catch (e) {
  emit('error', { step, message: String(e && e.message ? e.message : e).split('\n')[0] });
  if (page) {
    const pageLog = await page.$$eval('#log li', (items) => items.map((li) => li.textContent)).catch(() => []);
    process.stderr.write(`[page log, newest first]\n${pageLog.join('\n')}\n`);
  }
} finally {
  await browser.close().catch(() => {});
}
emit('done', { ok });
process.exit(ok ? 0 : 1);
