'use strict';
let USER = null;
let SANDBOX = false;
const $ = (id) => document.getElementById(id);
let selected = null;
let current = null;

function yuan(fen) { return '¥' + (fen / 100).toFixed(2); }

async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    // Every state-changing call is JSON: the server refuses other content types (CSRF).
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

async function refreshVip() {
  const user = await api('GET', '/api/me');
  $('vip-expiry').textContent = user.vipExpireDate ? new Date(user.vipExpireDate).toLocaleString() : 'not a VIP yet';
  return user;
}

async function loadPackages() {
  const packages = await api('GET', '/api/packages');
  const box = $('packages');
  box.innerHTML = '';
  for (const p of packages) {
    const card = document.createElement('div');
    card.className = 'card';
    card.dataset.id = p.id;
    card.innerHTML = `<div class="label"></div><div class="price"></div><div class="dec"></div>`;
    card.querySelector('.label').textContent = p.label;
    card.querySelector('.price').textContent = yuan(p.price);
    card.querySelector('.dec').textContent = p.dec;
    card.onclick = () => {
      document.querySelectorAll('.card').forEach((c) => c.classList.remove('selected'));
      card.classList.add('selected');
      selected = p;
      $('pay').disabled = false;
    };
    box.appendChild(card);
  }
}

async function pay() {
  $('error').hidden = true;
  const [provider, payType] = document.querySelector('input[name=method]:checked').value.split(':');
  try {
    current = await api('POST', '/api/orders', { packageId: selected.id, provider, payType });
  } catch (e) {
    $('error').textContent = e.message;
    $('error').hidden = false;
    return;
  }
  $('step-checkout').hidden = false;
  $('out-trade-no').textContent = current.outTradeNo;
  $('amount').textContent = yuan(current.totalFee);
  const payload = current.payload;
  $('qr').hidden = true;
  $('page-link').hidden = true;
  $('storekit').hidden = !(SANDBOX && payload.productId);
  $('simulate').hidden = !SANDBOX || !!payload.productId;
  if (payload.codeUrl) {
    $('qr').src = '/api/qr.png?text=' + encodeURIComponent(payload.codeUrl);
    $('qr').hidden = false;
  } else if (payload.url) {
    $('page-link').href = payload.url;
    $('page-link').hidden = false;
  } else if (payload.paySign && window.WeixinJSBridge) {
    // Inside WeChat: the signed JSAPI parameters open WeChat's own payment sheet.
    window.WeixinJSBridge.invoke('getBrandWCPayRequest', {
      appId: payload.appId, timeStamp: payload.timeStamp, nonceStr: payload.nonceStr,
      package: payload.packageValue, signType: payload.signType, paySign: payload.paySign,
    }, () => {});
  }
  $('status').textContent = 'Waiting for payment…';
  poll(current.outTradeNo);
}

async function poll(outTradeNo) {
  for (let i = 0; i < 60 && current && current.outTradeNo === outTradeNo; i++) {
    let order;
    try {
      order = await api('GET', '/api/orders/' + outTradeNo + '?await=5');
    } catch (e) {
      if (e.status !== 429) throw e;
      await new Promise((r) => setTimeout(r, 2000)); // too many long-polls: back off
      continue;
    }
    if (order.status >= 1) {
      const user = await refreshVip();
      $('new-expiry').textContent = new Date(user.vipExpireDate).toLocaleString();
      $('done-order').textContent = order.outTradeNo;
      $('done-amount').textContent = yuan(order.totalFee);
      $('step-checkout').hidden = true;
      $('step-done').hidden = false;
      return;
    }
    if (order.status === -1) {
      $('status').textContent = 'The order was closed.';
      return;
    }
  }
}

async function simulate() {
  $('status').textContent = 'Paying in the simulator…';
  try {
    await api('POST', '/api/sandbox/pay/' + current.outTradeNo);
  } catch (e) {
    $('status').textContent = e.message;
  }
}

// What an iOS app does: StoreKit purchase with the order's appAccountToken, then the server confirms
// the signed transaction (Apple's ONE_TIME_CHARGE notification may settle it first: same result).
async function storeKit() {
  $('status').textContent = 'Purchasing with StoreKit (simulated)…';
  try {
    const purchase = await api('POST', '/api/apple/' + current.outTradeNo + '/storekit');
    const confirmed = await api('POST', '/api/apple/' + current.outTradeNo + '/confirm',
      { signedTransaction: purchase.signedTransaction });
    $('status').textContent = 'App Store purchase: ' + confirmed.outcome;
  } catch (e) {
    $('status').textContent = e.message;
  }
}

const FLOW_NAMES = {
  WECHAT_MINI_PROGRAM: 'WeChat mini program',
  WECHAT_OFFICIAL_ACCOUNT: 'WeChat official account',
  ALIPAY: 'Alipay',
};

function showSignedIn(session) {
  USER = session.userId;
  $('user').textContent = USER;
  $('signed-in-with').textContent = session.signedInWith ? ' (' + FLOW_NAMES[session.signedInWith] + ')' : '';
  // The payer's own pay types: the server takes the openid from this session, never from the page.
  document.querySelectorAll('label[data-flow]').forEach((l) => {
    l.hidden = l.dataset.flow !== session.signedInWith;
  });
  $('signin').hidden = true;
  $('signed-in').hidden = false;
  $('shop').hidden = false;
}

async function signIn(path) {
  $('signin-error').hidden = true;
  try {
    showSignedIn(await api('POST', path, { userId: $('signin-name').value.trim() }));
    await refreshVip();
  } catch (e) {
    $('signin-error').textContent = e.message;
    $('signin-error').hidden = false;
  }
}

// The phone's part (wx.login() / my.getAuthCode()) is played by the sandbox's simulator; the code
// then goes to the server, which exchanges it with the provider. The page never sees the openid.
async function signInWithCode(flow) {
  $('signin-error').hidden = true;
  try {
    const issued = await api('POST', '/api/sandbox/login-code', { flow });
    showSignedIn(await api('POST', '/api/login/code', { flow, appId: issued.appId, code: issued.code }));
    await refreshVip();
  } catch (e) {
    $('signin-error').textContent = e.message;
    $('signin-error').hidden = false;
  }
}

// The official account's redirect: WeChat's authorize page sends the browser back to the server,
// which checks the state against this browser and signs it in.
async function signInWithRedirect() {
  $('signin-error').hidden = true;
  try {
    const start = await api('POST', '/api/login/wechat-oa/authorize');
    location.href = start.authorizeUrl;
  } catch (e) {
    $('signin-error').textContent = e.message;
    $('signin-error').hidden = false;
  }
}

async function setUpSignIn(config) {
  $('name-signin').hidden = !config.nameSignIn;
  const logins = await api('GET', '/api/login/flows');
  for (const f of logins.flows) {
    const button = $('login-' + f.flow);
    if (logins.simulated && button) {
      button.hidden = false;
      button.onclick = () => signInWithCode(f.flow);
    }
  }
  if (logins.officialAccountRedirect) {
    $('login-oa-redirect').hidden = false;
    $('login-oa-redirect').onclick = signInWithRedirect;
  }
  $('payer-signin').hidden = !logins.simulated && !logins.officialAccountRedirect;
  if (!logins.simulated) {
    $('payer-signin-note').textContent = 'Sign in with WeChat (in WeChat\'s browser).';
  }
}

async function signOut() {
  await api('DELETE', '/api/session');
  location.reload();
}

async function main() {
  // Back from WeChat's authorize page, the browser keeps its URL's fragment: drop it.
  if (location.hash === '#wechat_redirect') history.replaceState(null, '', location.pathname);
  const config = await api('GET', '/api/config');
  $('mode').textContent = config.sandbox ? 'sandbox (simulated WeChat Pay, Alipay & App Store)' : 'live';
  SANDBOX = config.sandbox;
  $('simulate').hidden = !config.sandbox;
  $('pay').onclick = pay;
  $('simulate').onclick = simulate;
  $('storekit').onclick = storeKit;
  $('again').onclick = () => { current = null; $('step-done').hidden = true; };
  $('signin-button').onclick = () => signIn('/api/session');
  $('signup-button').onclick = () => signIn('/api/users');
  $('signout').onclick = signOut;
  await setUpSignIn(config);
  await loadPackages();
  try {
    const session = await api('GET', '/api/session');
    if (session.userId) {
      showSignedIn(session);
      await refreshVip();
      return;
    }
  } catch (e) {
    if (e.status !== 401) throw e;
  }
  $('signin').hidden = false;
}

main();
