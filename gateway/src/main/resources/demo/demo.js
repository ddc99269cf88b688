// WebTrunk click-to-call demo: the three steps of docs/call-button.md in a page.
//  1. the tenant's backend mints a customer token (here the gateway's demo stand-in, POST /demo/customer-token);
//  2. the page trades it at the token service (GET /v1/token) for gateway credentials;
//  3. JsSIP registers and calls with those credentials over the WebSocket, refreshing them before they expire.
// Query parameters: ?number=N prefills the number; ?refresh=S refreshes the credentials every S seconds
// (to watch a refresh happen during a call; by default at 80% of their lifetime).
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const refreshEvery = Math.max(0, Number(params.get('refresh')) || 0);
  let settings = null;
  let ua = null;
  let session = null;
  let account = null;
  let refreshTimer = null;
  let refreshes = 0;

  if (params.get('number')) {
    $('number').value = params.get('number');
  }

  function log(text) {
    const li = document.createElement('li');
    li.textContent = `${new Date().toLocaleTimeString()} ${text}`;
    $('log').prepend(li);
    while ($('log').children.length > 50) {
      $('log').lastChild.remove();
    }
  }

  function setState(id, state, text) {
    const el = $(id);
    el.dataset.state = state;
    el.textContent = text || state;
  }

  function fail(text) {
    $('error').hidden = false;
    $('error').textContent = text;
    log(`error: ${text}`);
  }

  async function fetchJson(url, options) {
    const r = await fetch(url, { cache: 'no-store', credentials: 'same-origin', ...options });
    let body = null;
    try {
      body = await r.json();
    } catch (ignored) {
      // Not JSON: report the status alone.
    }
    if (!r.ok) {
      const why = body && body.error ? ` ${body.error}: ${body.message}` : '';
      throw new Error(`${url.split('?')[0]} answered ${r.status}${why}`);
    }
    return body;
  }

  // Step 1: what the tenant's own backend does for a logged-in user (demo: any visitor).
  function customerToken() {
    const q = account ? `?account=${encodeURIComponent(account)}` : '';
    return fetchJson(settings.customerToken + q, { method: 'POST' });
  }

  // Step 2: the token service trades it for gateway credentials. Same-origin GET: the page's own gateway.
  async function gatewayCredentials() {
    const t = await customerToken();
    account = t.account;
    const q = new URLSearchParams({ tenant: t.tenant, account: t.account, expires: String(t.expires), key: t.key });
    return fetchJson(`${settings.tokenService}?${q}`, { method: 'GET' });
  }

  function showCredentials(c) {
    const el = $('credentials');
    el.textContent = `${c.username} until ${new Date(c.expires * 1000).toLocaleTimeString()}`
      + (refreshes > 0 ? ` (refreshed ${refreshes}\u00d7)` : '');
    el.dataset.refreshes = String(refreshes);
    $('account').textContent = account;
  }

  function webSocketUrl() {
    const secure = location.protocol === 'https:';
    return `${secure ? 'wss' : 'ws'}://${location.host}${settings.webSocketPath[secure ? 'wss' : 'ws']}`;
  }

  function scheduleRefresh(c) {
    const left = c.expires * 1000 - Date.now();
    const delay = refreshEvery > 0 ? refreshEvery * 1000 : Math.max(5000, Math.min(left * 0.8, left - 30000));
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refresh, delay);
  }

  // New credentials for the next challenges: JsSIP reads authorization_user/password at each 401/407, so a
  // call in progress is not touched. Re-registering at once shows the new ones work.
  async function refresh() {
    try {
      const c = await gatewayCredentials();
      ua.set('authorization_user', c.username);
      ua.set('password', c.password);
      refreshes += 1;
      showCredentials(c);
      log('credentials refreshed; registering with them');
      ua.register();
      scheduleRefresh(c);
    } catch (e) {
      log(`refreshing the credentials failed (${e.message}); trying again in 10 s`);
      refreshTimer = setTimeout(refresh, 10000);
    }
  }

  function startUserAgent(c) {
    ua = new JsSIP.UA({
      sockets: [new JsSIP.WebSocketInterface(webSocketUrl())],
      uri: `sip:${account}@${location.hostname}`,
      authorization_user: c.username,
      password: c.password,
      register: true,
      user_agent: 'WebTrunk demo page (JsSIP)',
    });
    ua.on('connecting', () => setState('ua-state', 'connecting'));
    ua.on('connected', () => setState('ua-state', 'connected'));
    ua.on('disconnected', () => {
      setState('ua-state', 'disconnected');
      $('call').disabled = true;
    });
    ua.on('registered', () => {
      setState('ua-state', 'registered');
      log('registered');
      $('call').disabled = session !== null;
    });
    ua.on('unregistered', () => setState('ua-state', 'unregistered'));
    ua.on('registrationFailed', (e) => {
      setState('ua-state', 'failed', `registration failed: ${e.cause}`);
      log(`registration failed: ${e.cause}`);
    });
    ua.on('newRTCSession', (e) => {
      if (e.originator === 'remote') {
        e.session.terminate({ status_code: 486 }); // the demo only calls out
      }
    });
    ua.start();
  }

  function call(number) {
    setState('call-state', 'calling', `calling ${number}\u2026`);
    $('call').disabled = true;
    $('hangup').disabled = false;
    session = ua.call(`sip:${number}@${location.hostname}`, {
      mediaConstraints: { audio: true, video: false },
      eventHandlers: {
        progress: (e) => setState('call-state', e.response && e.response.status_code === 180 ? 'ringing' : 'calling'),
        accepted: () => setState('call-state', 'accepted'),
        confirmed: () => {
          setState('call-state', 'confirmed', `in call with ${number}`);
          log(`call confirmed with ${number}`);
        },
        ended: (e) => callOver('ended', `call ended: ${e.cause}`),
        failed: (e) => callOver('failed', `call failed: ${e.cause}`),
      },
    });
    session.on('peerconnection', (e) => {
      e.peerconnection.addEventListener('track', (t) => {
        $('remote-audio').srcObject = t.streams[0];
      });
    });
    if (session.connection) {
      session.connection.addEventListener('track', (t) => {
        $('remote-audio').srcObject = t.streams[0];
      });
    }
  }

  function callOver(state, text) {
    setState('call-state', state, text);
    log(text);
    session = null;
    $('hangup').disabled = true;
    $('call').disabled = !ua || !ua.isRegistered();
  }

  $('dial').addEventListener('submit', (e) => {
    e.preventDefault();
    const number = $('number').value.trim();
    if (!/^[0-9+*#]{1,32}$/.test(number)) {
      fail('A number is digits, +, * or # only');
      return;
    }
    if (ua && !session) {
      call(number);
    }
  });

  $('hangup').addEventListener('click', () => {
    if (session) {
      log('hanging up');
      session.terminate();
    }
  });

  async function main() {
    if (typeof JsSIP === 'undefined') {
      setState('ua-state', 'error', 'no JsSIP');
      fail('The JsSIP bundle /demo/jssip.min.js is missing: run scripts/build-demo.sh on the gateway host '
        + '(or set demo.jssip-bundle), then reload.');
      return;
    }
    try {
      settings = await fetchJson('settings.json');
      setState('ua-state', 'credentials', 'getting credentials');
      const c = await gatewayCredentials();
      showCredentials(c);
      log(`got credentials ${c.username} for ${account}`);
      startUserAgent(c);
      scheduleRefresh(c);
    } catch (e) {
      setState('ua-state', 'error');
      fail(e.message);
    }
  }

  main();
})();
