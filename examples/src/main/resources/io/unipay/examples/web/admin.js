'use strict';
// The operator console. Every value from the server is written with textContent (never as HTML);
// every state-changing request is application/json, like the rest of the API.
const $ = (id) => document.getElementById(id);

async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: method === 'GET' ? {} : { 'Content-Type': 'application/json' },
    body: method === 'GET' ? undefined : JSON.stringify(body || {}),
    credentials: 'same-origin',
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    const err = new Error((data.error || res.status) + ': ' + (data.message || ''));
    err.status = res.status;
    throw err;
  }
  return data;
}

/** A new element with text (not HTML) and optional properties. */
function el(tag, text, props) {
  const e = document.createElement(tag);
  if (text != null) e.textContent = String(text);
  if (props) Object.assign(e, props);
  return e;
}

function row(tbody, cells) {
  const tr = document.createElement('tr');
  for (const c of cells) {
    const td = document.createElement('td');
    if (c instanceof Node) td.appendChild(c); else td.textContent = c == null ? '' : String(c);
    tr.appendChild(td);
  }
  tbody.appendChild(tr);
  return tr;
}

function show(id, message) {
  $(id).textContent = message;
  $(id).hidden = false;
}

/** Fen as yuan, with integer arithmetic only. */
function yuan(fen) {
  if (fen == null) return '';
  const sign = fen < 0 ? '-' : '';
  const n = Math.abs(fen);
  return sign + '¥' + Math.floor(n / 100) + '.' + String(n % 100).padStart(2, '0');
}

/** "9.9" or "9.90" or "9" yuan as fen, or null when it is not an amount. */
function fenOf(text) {
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0'));
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

/** A local calendar day (yyyy-mm-dd) as the instant it starts, moved by `days`. */
function dayStart(value, days) {
  const [y, m, d] = value.split('-').map(Number);
  return new Date(y, m - 1, d + days).toISOString();
}

// ------------------------------------------------------------------ orders

let next = null;

function filterQuery() {
  const q = new URLSearchParams();
  if ($('filter-status').value) q.set('status', $('filter-status').value);
  if ($('filter-provider').value) q.set('provider', $('filter-provider').value);
  if ($('filter-from').value) q.set('createdFrom', dayStart($('filter-from').value, 0));
  if ($('filter-to').value) q.set('createdBefore', dayStart($('filter-to').value, 1));
  q.set('limit', '20');
  return q;
}

async function loadOrders(more) {
  $('orders-error').hidden = true;
  const q = filterQuery();
  if (more && next) q.set('after', next);
  let page;
  try {
    page = await api('GET', '/api/admin/payments?' + q);
  } catch (e) {
    show('orders-error', e.message);
    return;
  }
  const tbody = $('orders').querySelector('tbody');
  if (!more) tbody.replaceChildren();
  for (const o of page.orders) {
    const open = el('button', o.outTradeNo, { className: 'link-button open' });
    open.dataset.no = o.outTradeNo;
    open.onclick = () => openOrder(o.outTradeNo);
    const tr = row(tbody, [when(o.createDate), open, o.orderNo, o.userId,
      o.provider + ' ' + o.payType, yuan(o.totalFee), yuan(o.refundFee), o.statusName]);
    tr.dataset.no = o.outTradeNo;
  }
  next = page.next;
  $('more').hidden = !next;
  $('orders-empty').hidden = tbody.children.length > 0;
}

// ------------------------------------------------------------------ one order

let current = null;
let refundKey = null;

function newRefundKey() {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return 'CR' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function openOrder(outTradeNo) {
  if (current !== outTradeNo) {
    refundKey = newRefundKey(); // one key per refund attempt: a retry cannot refund twice
    $('refund-message').hidden = true;
    $('refund-reason').value = '';
    delete $('refund-amount').dataset.touched;
  }
  current = outTradeNo;
  const d = await api('GET', '/api/admin/payments/' + encodeURIComponent(outTradeNo));
  const o = d.order;
  $('order-no').textContent = o.outTradeNo;
  const fields = $('order-fields');
  fields.replaceChildren();
  const facts = [
    ['status', o.status + ' ' + o.statusName], ['amount', yuan(o.totalFee)],
    ['refunded', yuan(o.refundFee)], ['provider', o.provider + ' ' + o.payType],
    ['transaction', o.transactionId], ['business order', o.orderNo], ['user', o.userId],
    ['package', d.business ? d.business.packageId + ' (' + d.business.status + ')' : ''],
    ['created', when(o.createDate)], ['expires', when(o.expireDate)],
    ['paid at provider', when(o.payDate)], ['settled', when(o.notifyDate)],
    ['flag', o.settleFlag], ['handler ran', o.handlerRan ? 'yes' : 'no'],
  ];
  for (const [k, v] of facts) {
    fields.appendChild(el('dt', k));
    const dd = el('dd', v == null ? '' : v);
    if (k === 'status') dd.id = 'order-status';
    fields.appendChild(dd);
  }
  $('refund-form').hidden = !(o.refundable > 0);
  if (o.refundable > 0 && !$('refund-amount').dataset.touched) {
    $('refund-amount').value = yuan(o.refundable).slice(1);
  }
  const tbody = $('timeline').querySelector('tbody');
  tbody.replaceChildren();
  for (const t of d.timeline) {
    const tr = row(tbody, [when(t.at), t.source, t.what, t.detail]);
    tr.className = 'source-' + t.source;
  }
  $('calls-note').textContent = d.callsNote;
  $('order-box').hidden = false;
}

async function refund() {
  const fee = fenOf($('refund-amount').value);
  const reason = $('refund-reason').value.trim();
  if (fee == null || fee <= 0) return show('refund-message', 'Enter the amount in yuan, e.g. 9.90');
  if (!reason) return show('refund-message', 'A reason is required');
  $('refund-button').disabled = true;
  try {
    const r = await api('POST', '/api/admin/payments/' + encodeURIComponent(current) + '/refund',
      { refundFee: fee, reason, outRefundNo: refundKey });
    refundKey = newRefundKey();
    $('refund-reason').value = ''; // the next refund needs its own reason: no accidental repeat
    show('refund-message', 'Refund ' + r.refund.outRefundNo + ' of ' + yuan(r.refund.refundFee)
      + ': ' + r.refund.status);
  } catch (e) {
    // A 5xx may have reached the provider: keep the key so that a retry is the same refund.
    if (e.status && e.status < 500) refundKey = newRefundKey();
    show('refund-message', e.message);
  } finally {
    $('refund-button').disabled = false;
    delete $('refund-amount').dataset.touched;
  }
  await openOrder(current);
  await loadOrders(false);
}

// ------------------------------------------------------------------ ledger and sweeper

async function loadLedger() {
  const facts = await api('GET', '/api/admin/ledger');
  const tbody = $('ledger').querySelector('tbody');
  tbody.replaceChildren();
  for (const f of facts) {
    const actions = el('span');
    for (const action of ['replay', 'acknowledge']) {
      const b = el('button', action === 'replay' ? 'Replay' : 'Acknowledge', { className: action });
      b.dataset.id = f.id;
      b.onclick = async () => {
        try { await api('POST', '/api/admin/ledger/' + f.id + '/' + action); } catch (e) { alert(e.message); }
        await loadLedger();
      };
      actions.appendChild(b);
    }
    const amount = f.amount >= 0 ? yuan(f.amount) : 'not given';
    row(tbody, [f.id, f.provider, f.kind, f.outTradeNo, amount, f.outcome, f.detail, actions]);
  }
  $('ledger-empty').hidden = facts.length > 0;
}

async function loadSweeps() {
  const s = await api('GET', '/api/admin/sweeps');
  const tbody = $('sweeps').querySelector('tbody');
  tbody.replaceChildren();
  for (const p of s.passes) {
    row(tbody, [when(p.finishedAt), p.claimed, p.settled, p.closed, p.finalChecks,
      p.refundsReconciled, p.duplicatesRefunded, p.purged, p.refundsStuck, p.errors]);
  }
  $('sweeps-empty').hidden = s.passes.length > 0;
  const failures = $('sweep-failures').querySelector('tbody');
  failures.replaceChildren();
  for (const f of s.failures) row(failures, [when(f.at), f.outTradeNo, f.error]);
  $('sweep-failures').hidden = s.failures.length === 0;
}

// ------------------------------------------------------------------ reconciliation

let reconNext = null;

function reconQuery() {
  const q = new URLSearchParams();
  q.set('provider', $('recon-provider').value);
  if ($('recon-day').value) q.set('day', $('recon-day').value);
  return q;
}

/** Shows a day's answer (GET or POST): the state, both sides' totals, a page of discrepancies. */
function showReconciliation(d, more) {
  $('recon-day').value = d.day; // the server's default day (yesterday in China time) when blank
  const r = d.report;
  if (!r) {
    $('recon-state').textContent = d.provider + ' ' + d.day + ': not reconciled yet';
  } else {
    $('recon-state').textContent = d.provider + ' ' + d.day + ': ' + d.state + ' (run ' + r.run
      + ', bill ' + r.bill + ', finished ' + when(r.finishedAt) + '; ' + r.discrepancyCount
      + ' discrepancies, ' + r.repaired + ' repaired'
      + (r.confirmedByQuery > 0 ? ', ' + r.confirmedByQuery + ' confirmed by query' : '') + ')';
  }
  const totals = $('recon-totals').querySelector('tbody');
  totals.replaceChildren();
  if (r) {
    for (const [side, t] of [['provider', r.providerTotals], ['local', r.localTotals]]) {
      row(totals, [side, t.payments, yuan(t.paymentTotal), t.refunds, yuan(t.refundTotal),
        t.fees == null ? '—' : yuan(t.fees)]);
    }
  }
  $('recon-totals').hidden = !r;
  const tbody = $('recon-discrepancies').querySelector('tbody');
  if (!more) tbody.replaceChildren();
  for (const x of d.discrepancies) {
    const tr = row(tbody, [x.seq, x.type, x.outTradeNo, x.outRefundNo, x.providerId,
      x.providerAmount == null ? '—' : yuan(x.providerAmount),
      x.localAmount == null ? '—' : yuan(x.localAmount), when(x.occurredAt), x.remedy, x.detail]);
    tr.dataset.seq = x.seq;
    tr.className = x.repaired ? 'repaired' : 'open';
  }
  $('recon-discrepancies').hidden = tbody.children.length === 0;
  reconNext = d.next;
  $('recon-more').hidden = reconNext == null;
}

async function loadReconciliation(more) {
  $('recon-message').hidden = true;
  const q = reconQuery();
  if (more && reconNext != null) q.set('after', reconNext);
  try {
    showReconciliation(await api('GET', '/api/admin/reconciliation?' + q), more);
  } catch (e) {
    show('recon-message', e.message);
  }
}

async function runReconciliation() {
  $('recon-message').hidden = true;
  $('recon-run').disabled = true;
  try {
    const body = { provider: $('recon-provider').value, force: $('recon-force').checked };
    if ($('recon-day').value) body.day = $('recon-day').value;
    showReconciliation(await api('POST', '/api/admin/reconciliation', body), false);
    $('recon-force').checked = false;
  } catch (e) {
    show('recon-message', e.message);
  } finally {
    $('recon-run').disabled = false;
  }
  await loadLedger(); // what reconciliation left to a person is also an unresolved fact
}

async function refresh() {
  $('admin-signin').hidden = true;
  for (const id of ['orders-box', 'ledger-box', 'sweeps-box', 'recon-box']) $(id).hidden = false;
  await Promise.all([loadOrders(false), loadLedger(), loadSweeps(), loadReconciliation(false)]);
}

async function main() {
  $('admin-signin-button').onclick = async () => {
    $('admin-error').hidden = true;
    try {
      await api('POST', '/api/session', { adminToken: $('admin-token').value });
      await refresh();
    } catch (e) {
      show('admin-error', e.message);
    }
  };
  $('search').onclick = () => loadOrders(false);
  $('more').onclick = () => loadOrders(true);
  $('refund-button').onclick = refund;
  $('refund-amount').oninput = () => { $('refund-amount').dataset.touched = '1'; };
  $('recon-show').onclick = () => loadReconciliation(false);
  $('recon-more').onclick = () => loadReconciliation(true);
  $('recon-run').onclick = runReconciliation;
  $('recon-provider').onchange = () => loadReconciliation(false);
  $('run-sweep').onclick = async () => {
    $('run-sweep').disabled = true;
    try { await api('POST', '/api/admin/sweeps'); } catch (e) { alert(e.message); }
    $('run-sweep').disabled = false;
    await loadSweeps();
  };
  try {
    await api('GET', '/api/admin/payments?limit=1');
    await refresh();
  } catch (e) {
    if (e.status !== 401 && e.status !== 403) throw e;
    $('admin-signin').hidden = false;
  }
}

main();
