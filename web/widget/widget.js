// earshot web chat widget: one script tag on a company's site opens a chat with the desk (PROTOCOLS.md §11).
//   <script src="https://desk.example.com/chat/v1/widget.js" data-account="CHANNEL_ACCOUNT_ID" async></script>
// Optional for logged-in users: data-user-id and data-user-hash (hex HMAC-SHA256 of the user id with the site
// secret, computed on the host site's server). Plain browser JavaScript, no build step, no dependencies.
// Customer and agent text is only ever set with textContent, never parsed as HTML.
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.dataset.account) return;
  var base = new URL(script.src).origin;
  var accountId = script.dataset.account;
  var storeKey = 'earshot:visitor:' + accountId;
  var token = null;
  var lastSeq = 0;
  var seen = {};
  var emailSent = false;
  var events = null;

  // UUIDv7: 48-bit Unix milliseconds, version 7, variant 10, random rest (RFC 9562 §5.7).
  function uuidv7() {
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    var ms = Date.now();
    for (var i = 5; i >= 0; i--) {
      b[i] = ms % 256;
      ms = Math.floor(ms / 256);
    }
    b[6] = (b[6] & 0x0f) | 0x70;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  var host = el('div', { id: 'earshot-chat' });
  var root = host.attachShadow({ mode: 'open' });
  var style = el('style');
  style.textContent =
    ':host{all:initial}' +
    '.launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;border:0;border-radius:24px;padding:12px 18px;background:#1f4fd1;color:#fff;font:600 14px system-ui,sans-serif;cursor:pointer}' +
    '.panel{position:fixed;right:20px;bottom:76px;z-index:2147483000;width:340px;max-height:520px;display:none;flex-direction:column;background:#fff;border:1px solid #ccd;border-radius:10px;box-shadow:0 8px 30px rgba(0,0,0,.2);font:14px system-ui,sans-serif;color:#111}' +
    '.panel.open{display:flex}.head{padding:12px;background:#1f4fd1;color:#fff;font-weight:600;border-radius:10px 10px 0 0}' +
    '.messages{flex:1;overflow:auto;padding:10px;display:flex;flex-direction:column;gap:6px;min-height:160px}' +
    '.msg{max-width:80%;padding:7px 10px;border-radius:10px;white-space:pre-wrap;word-wrap:break-word}' +
    '.visitor{align-self:flex-end;background:#e4ebff}.agent{align-self:flex-start;background:#f1f1f1}.pending{opacity:.6}' +
    '.who{display:flex;gap:6px;padding:6px 10px}.who input{flex:1;min-width:0;padding:6px;border:1px solid #ccd;border-radius:6px}' +
    '.offline{display:none;padding:6px 10px;color:#6a4b00;background:#fff6dc;font-size:13px}.offline.show{display:block}' +
    '.compose{display:flex;gap:6px;padding:10px;border-top:1px solid #eee}.compose textarea{flex:1;resize:none;height:38px;padding:6px;border:1px solid #ccd;border-radius:6px;font:inherit}' +
    '.compose button{border:0;border-radius:6px;padding:0 14px;background:#1f4fd1;color:#fff;cursor:pointer}';
  var launcher = el('button', { class: 'launcher', type: 'button', 'data-testid': 'earshot-launcher' }, script.dataset.title || 'Chat with us');
  var panel = el('div', { class: 'panel', role: 'dialog', 'aria-label': 'Chat', 'data-testid': 'earshot-panel' });
  var head = el('div', { class: 'head' }, 'Chat with us');
  var list = el('div', { class: 'messages', 'aria-live': 'polite', 'data-testid': 'earshot-messages' });
  var offline = el('div', { class: 'offline', 'data-testid': 'earshot-offline' }, 'Nobody is online right now. Leave your email address and we will answer by email.');
  var who = el('div', { class: 'who' });
  var nameInput = el('input', { name: 'name', placeholder: 'Your name (optional)', autocomplete: 'name', 'data-testid': 'earshot-name' });
  var emailInput = el('input', { name: 'email', type: 'email', placeholder: 'Email (optional)', autocomplete: 'email', 'data-testid': 'earshot-email' });
  who.appendChild(nameInput);
  who.appendChild(emailInput);
  var compose = el('form', { class: 'compose' });
  var text = el('textarea', { name: 'body', placeholder: 'Write a message…', 'aria-label': 'Message', 'data-testid': 'earshot-input' });
  var send = el('button', { type: 'submit', 'data-testid': 'earshot-send' }, 'Send');
  compose.appendChild(text);
  compose.appendChild(send);
  [head, offline, list, who, compose].forEach(function (c) { panel.appendChild(c); });
  [style, launcher, panel].forEach(function (c) { root.appendChild(c); });
  document.body.appendChild(host);

  function post(path, body) {
    var headers = { 'content-type': 'application/json' };
    if (token) headers.authorization = 'Bearer ' + token;
    return fetch(base + path, { method: 'POST', headers: headers, body: JSON.stringify(body) }).then(function (r) {
      return r.json().then(function (j) {
        if (!r.ok) throw Object.assign(new Error((j.error && j.error.message) || 'HTTP ' + r.status), { status: r.status });
        return j;
      });
    });
  }

  // Messages are kept in seq order; a visitor's own message shows at once as pending and takes its place on ack.
  function place(node, seq) {
    node.setAttribute('data-seq', String(seq));
    var items = list.querySelectorAll('.msg[data-seq]');
    for (var i = 0; i < items.length; i++) {
      if (Number(items[i].getAttribute('data-seq')) > seq) {
        list.insertBefore(node, items[i]);
        return;
      }
    }
    list.appendChild(node);
  }

  function render(frame) {
    if (seen[frame.seq]) return;
    seen[frame.seq] = true;
    if (frame.seq > lastSeq) lastSeq = frame.seq;
    var node = list.querySelector('[data-client-msg-id="' + frame.clientMsgId + '"]');
    if (!node) {
      node = el('div', { class: 'msg ' + (frame.direction === 'outbound' ? 'agent' : 'visitor'), 'data-client-msg-id': frame.clientMsgId }, frame.body);
    }
    node.classList.remove('pending');
    place(node, frame.seq);
    list.scrollTop = list.scrollHeight;
  }

  function connect() {
    if (events) events.close();
    events = new EventSource(base + '/chat/v1/events?accountId=' + encodeURIComponent(accountId) + '&token=' + encodeURIComponent(token) + '&lastSeq=' + lastSeq);
    events.onmessage = function (e) { render(JSON.parse(e.data)); };
  }

  var started = null;
  function start() {
    if (started) return started;
    var body = { accountId: accountId };
    var stored = null;
    try { stored = localStorage.getItem(storeKey); } catch { stored = null; }
    if (stored) body.visitorToken = stored;
    if (script.dataset.userId) { body.userId = script.dataset.userId; body.userHash = script.dataset.userHash || ''; }
    started = post('/chat/v1/sessions', body).then(function (s) {
      token = s.visitorToken;
      try { localStorage.setItem(storeKey, token); } catch { /* private mode: the session lasts this page */ }
      head.textContent = s.title;
      if (!s.agentsOnline) offline.classList.add('show');
      connect();
    });
    started.catch(function () { started = null; });
    return started;
  }

  function deliver(message, node, attempt) {
    return post('/chat/v1/messages?accountId=' + encodeURIComponent(accountId), message).then(
      function (ack) { if (!seen[ack.seq]) { node.classList.remove('pending'); place(node, ack.seq); } },
      function (err) {
        // Resending with the same clientMsgId is safe: the desk stores it once.
        if (attempt < 5 && (!err.status || err.status >= 500 || err.status === 429)) {
          setTimeout(function () { deliver(message, node, attempt + 1); }, 1000 * Math.pow(2, attempt));
        } else node.classList.add('failed');
      },
    );
  }

  launcher.addEventListener('click', function () {
    panel.classList.toggle('open');
    if (panel.classList.contains('open')) start().then(function () { text.focus(); });
  });

  compose.addEventListener('submit', function (e) {
    e.preventDefault();
    var body = text.value.trim();
    if (!body) return;
    text.value = '';
    start().then(function () {
      var message = { clientMsgId: uuidv7(), body: body };
      if (nameInput.value.trim()) message.name = nameInput.value.trim();
      if (emailInput.value.trim() && !emailSent) { message.email = emailInput.value.trim(); emailSent = true; }
      var node = el('div', { class: 'msg visitor pending', 'data-client-msg-id': message.clientMsgId }, body);
      list.appendChild(node);
      deliver(message, node, 0);
    });
  });
  text.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); compose.requestSubmit(); }
  });
})();
