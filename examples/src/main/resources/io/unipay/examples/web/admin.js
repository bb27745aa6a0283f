'use strict';
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

function row(tbody, cells) {
  const tr = document.createElement('tr');
  for (const c of cells) {
    const td = document.createElement('td');
    if (c instanceof Node) td.appendChild(c); else td.textContent = c == null ? '' : String(c);
    tr.appendChild(td);
  }
  tbody.appendChild(tr);
}

async function refresh() {
  const [facts, orders] = await Promise.all([api('GET', '/api/admin/ledger'), api('GET', '/api/admin/orders')]);
  const ledger = $('ledger').querySelector('tbody');
  ledger.innerHTML = '';
  for (const f of facts) {
    const replay = document.createElement('button');
    replay.textContent = 'Replay';
    replay.className = 'replay';
    replay.dataset.id = f.id;
    replay.onclick = async () => {
      try { await api('POST', '/api/admin/ledger/' + f.id + '/replay'); } catch (e) { alert(e.message); }
      refresh();
    };
    row(ledger, [f.id, f.provider, f.kind, f.outTradeNo, f.amount, f.outcome, f.detail, replay]);
  }
  $('ledger-empty').hidden = facts.length > 0;
  const tbody = $('orders').querySelector('tbody');
  tbody.innerHTML = '';
  for (const o of orders) {
    row(tbody, [o.orderNo, o.userId, o.packageId, o.price, o.status, o.paidOutTradeNo, o.createdAt]);
  }
  $('admin-signin').hidden = true;
  $('ledger-box').hidden = false;
  $('orders-box').hidden = false;
}

async function main() {
  $('admin-signin-button').onclick = async () => {
    $('admin-error').hidden = true;
    try {
      await api('POST', '/api/session', { adminToken: $('admin-token').value });
      await refresh();
    } catch (e) {
      $('admin-error').textContent = e.message;
      $('admin-error').hidden = false;
    }
  };
  try {
    await refresh();
  } catch (e) {
    if (e.status !== 401 && e.status !== 403) throw e;
    $('admin-signin').hidden = false;
  }
}

main();
