#!/usr/bin/env node
// Proves tests/oidc/provider.mjs end to end without a browser or Lindra: discovery, JWKS, an
// authorization code flow with PKCE, state and nonce through the login form (cookies kept, redirects
// followed by hand), the code at the token endpoint with client_secret_basic, and the id_token
// checked as Lindra must (RS256 against the JWKS by kid, iss, aud, exp, nonce). Then what must fail:
// the code a second time, a wrong code_verifier, no PKCE at all, an unknown user at the form; and,
// with the test control on, every id_token fault, each checked by the same verifier.
//
//   node tests/oidc/try-flow.mjs                 starts its own provider (OIDC_TEST_CONTROL=1) on a
//                                                free port, and stops it at the end
//   node tests/oidc/try-flow.mjs http://127.0.0.1:PORT   uses a running one (client from env:
//                                                OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI,
//                                                OIDC_CLIENT_AUTH; both started with the same env)
//
// Exits non-zero on the first check that does not hold. With TRY_FLOW_DUMP=FILE it also writes every
// id_token it got (with its nonce, the issuer, the client id and the JWKS) to FILE as JSON, for a
// verifier in another language to be tried on the same tokens.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const clientId = process.env.OIDC_CLIENT_ID || 'lindra';
const clientSecret = process.env.OIDC_CLIENT_SECRET || 'lindra-demo-secret';
const redirectUri = process.env.OIDC_REDIRECT_URI || 'http://127.0.0.1:3000/oidc/callback';
const clientAuth = process.env.OIDC_CLIENT_AUTH || 'client_secret_basic';

// ---------------------------------------------------------------- the provider
let child = null;
let issuer = process.argv[2];
if (!issuer) {
  child = spawn(process.execPath, [path.join(here, 'provider.mjs'), '0'], {
    env: { ...process.env, OIDC_TEST_CONTROL: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  issuer = await new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.on('line', (line) => line.startsWith('listening ') && resolve(line.slice('listening '.length)));
    child.on('exit', (code) => reject(new Error(`provider.mjs exited with ${code}`)));
    setTimeout(() => reject(new Error('provider.mjs did not say "listening" in 20 s')), 20_000).unref();
  });
}
const stop = () => child?.kill('SIGTERM');
process.on('exit', stop);

const b64url = (buf) => Buffer.from(buf).toString('base64url');
const random = (n = 32) => b64url(crypto.randomBytes(n));

// ---------------------------------------------------------------- a cookie jar, by name and path
class Jar {
  cookies = new Map(); // "name;path" -> { name, value, path }

  take(url, response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let cookiePath = '/';
      let gone = value === '';
      for (const attr of attrs) {
        const [k, v = ''] = attr.split('=');
        if (k.toLowerCase() === 'path') cookiePath = v || '/';
        if (k.toLowerCase() === 'expires' && Date.parse(v) < Date.now()) gone = true;
        if (k.toLowerCase() === 'max-age' && Number(v) <= 0) gone = true;
      }
      const key = `${name};${cookiePath}`;
      if (gone) this.cookies.delete(key);
      else this.cookies.set(key, { name, value, path: cookiePath });
    }
  }

  header(url) {
    const p = new URL(url).pathname;
    return [...this.cookies.values()]
      .filter((c) => p === c.path || p.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }
}

/** Follows redirects by hand (keeping cookies) until one leads to `stopAt`; returns that URL,
 * or the last response if it was not a redirect. */
async function follow(jar, url, init = {}, stopAt = redirectUri) {
  for (let hops = 0; hops < 20; hops += 1) {
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers ?? {}), cookie: jar.header(url) } });
    jar.take(url, response);
    const location = response.headers.get('location');
    if (![301, 302, 303, 307, 308].includes(response.status) || !location) return { response, url };
    url = new URL(location, url).href;
    if (url.startsWith(stopAt)) return { callback: new URL(url) };
    init = {}; // a 303 is followed with GET
  }
  throw new Error('too many redirects');
}

// ---------------------------------------------------------------- the relying party's side
const discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
assert.equal(discovery.issuer, issuer);
assert.deepEqual(discovery.code_challenge_methods_supported, ['S256']);
console.log(`discovery: issuer ${discovery.issuer}`);
console.log(`  authorization ${discovery.authorization_endpoint}, token ${discovery.token_endpoint}, jwks ${discovery.jwks_uri}`);
console.log(`  end_session ${discovery.end_session_endpoint}, id_token algs ${discovery.id_token_signing_alg_values_supported}`);

let jwks = await (await fetch(discovery.jwks_uri)).json();
console.log(`jwks: ${jwks.keys.map((k) => `${k.kty}/${k.alg} kid=${k.kid}`).join(', ')}`);

/** Lindra's id_token check, in small: the header's alg must be RS256 and its kid in the JWKS (fetched
 * once more when not: rotation), the signature right, iss and aud exact, exp in the future (60 s
 * leeway), iat not far ahead, the nonce this flow's. Throws with the reason. */
async function verifyIdToken(idToken, nonce) {
  const [h, p, s] = idToken.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url'));
  if (header.alg !== 'RS256') throw new Error(`alg ${header.alg} not accepted`);
  let jwk = jwks.keys.find((k) => k.kid === header.kid);
  let refreshed = false;
  if (!jwk) {
    jwks = await (await fetch(discovery.jwks_uri)).json(); // unknown kid: the keys may have rotated
    refreshed = true;
    jwk = jwks.keys.find((k) => k.kid === header.kid);
    if (!jwk) throw new Error(`unknown kid ${header.kid} (after a JWKS refresh)`);
  }
  const key = crypto.createPublicKey({ key: jwk, format: 'jwk' });
  if (!crypto.verify('sha256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'))) {
    throw new Error('bad signature');
  }
  const claims = JSON.parse(Buffer.from(p, 'base64url'));
  const now = Math.floor(Date.now() / 1000);
  const leeway = 60;
  if (claims.iss !== issuer) throw new Error(`iss ${claims.iss}`);
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.includes(clientId)) throw new Error(`aud ${claims.aud}`);
  if (aud.length > 1 && claims.azp !== clientId) throw new Error(`azp ${claims.azp}`);
  if (typeof claims.exp !== 'number' || claims.exp + leeway < now) throw new Error(`expired (exp ${claims.exp}, now ${now})`);
  if (typeof claims.iat !== 'number' || claims.iat - leeway > now) throw new Error(`iat ${claims.iat} in the future`);
  if (claims.nonce !== nonce) throw new Error(`nonce ${claims.nonce ?? '(none)'}`);
  return { header, claims, refreshed };
}

/** One authorization code flow through the login form; returns what the callback got and the
 * token endpoint's answer. */
async function flow({ username = 'demo.sykepleier', pkce = true, verifierOverride, prompt, jar = new Jar() } = {}) {
  const state = random();
  const nonce = random();
  const verifier = random(32); // 43 characters, RFC 7636's minimum
  const challenge = b64url(crypto.createHash('sha256').update(verifier).digest());
  const auth = new URL(discovery.authorization_endpoint);
  auth.search = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    scope: 'openid profile',
    redirect_uri: redirectUri,
    state,
    nonce,
    ...(pkce ? { code_challenge: challenge, code_challenge_method: 'S256' } : {}),
    ...(prompt ? { prompt } : {}),
  }).toString();

  let step = await follow(jar, auth.href);
  if (step.callback) {
    // No login form: an error, or the provider's own session signed the browser in silently.
    const callback = step.callback;
    const error = callback.searchParams.get('error');
    const tokens = error ? undefined : await redeem(callback.searchParams.get('code'), verifier);
    return { state, nonce, verifier, callback, error, tokens, silent: !error };
  }
  const loginPage = await step.response.text();
  assert.equal(step.response.status, 200, loginPage);
  const action = loginPage.match(/<form method="post" action="([^"]+)"/)?.[1];
  assert.ok(action, `no login form in: ${loginPage.slice(0, 300)}`);
  assert.match(loginPage, /<label for="username">Brukernavn<\/label>/);

  step = await follow(jar, new URL(action, step.url).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password: 'hva-som-helst' }).toString(),
  });
  // Another user than the provider's session had: it ends that session first, with a page that
  // posts itself (JavaScript in a browser; by hand here).
  for (let pages = 0; !step.callback && step.response.status === 200 && pages < 3; pages += 1) {
    const html = await step.response.text();
    if (!html.includes('document.forms[0].submit()')) {
      return { state, nonce, verifier, loginStatus: step.response.status, page: html };
    }
    const target = html.match(/<form method="post" action="([^"]+)"/)[1];
    const fields = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    step = await follow(jar, new URL(target, step.url).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }
  if (!step.callback) return { state, nonce, verifier, loginStatus: step.response.status, page: await step.response.text() };
  const callback = step.callback;
  const error = callback.searchParams.get('error');
  if (error) return { state, nonce, verifier, callback, error };
  assert.equal(callback.searchParams.get('state'), state, 'state comes back unchanged');
  assert.equal(callback.searchParams.get('iss'), issuer, 'RFC 9207 iss in the authorization response');
  const code = callback.searchParams.get('code');
  const tokens = await redeem(code, verifierOverride ?? verifier);
  return { state, nonce, verifier, callback, code, tokens };
}

async function redeem(code, verifier) {
  const form = { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier };
  const headers = { 'content-type': 'application/x-www-form-urlencoded' };
  if (clientAuth === 'client_secret_post') {
    Object.assign(form, { client_id: clientId, client_secret: clientSecret });
  } else {
    // RFC 6749 2.3.1: both parts form-urlencoded before base64.
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`;
  }
  const response = await fetch(discovery.token_endpoint, { method: 'POST', headers, body: new URLSearchParams(form).toString() });
  return { status: response.status, body: await response.json() };
}

const control = async (method, body) => {
  const response = await fetch(`${issuer}/__test/id-token`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  return { status: response.status, body: response.ok && response.status !== 204 ? await response.json() : null };
};

// ---------------------------------------------------------------- the good flow
const dump = { issuer, client_id: clientId, jwks_before: jwks, cases: [] };
const browserJar = new Jar();
const good = await flow({ jar: browserJar });
dump.cases.push({ fault: null, id_token: good.tokens.body.id_token, nonce: good.nonce });
assert.equal(good.tokens.status, 200, JSON.stringify(good.tokens.body));
const checked = await verifyIdToken(good.tokens.body.id_token, good.nonce);
console.log(`\nflow as demo.sykepleier: callback ${good.callback.pathname}?code=…&state=(ours)&iss=${good.callback.searchParams.get('iss')}`);
console.log(`token response: ${Object.keys(good.tokens.body).join(', ')} (token_type ${good.tokens.body.token_type})`);
console.log(`id_token header: ${JSON.stringify(checked.header)}`);
console.log(`id_token claims: ${JSON.stringify(checked.claims, null, 2)}`);
assert.equal(checked.claims.preferred_username, 'demo.sykepleier');

// A shared tablet: the provider remembers who signed in (its session cookie), so the next flow in
// the same browser goes through WITHOUT the form, unless the client asks for prompt=login.
const again = await flow({ jar: browserJar, username: 'demo.helsefag' });
const againClaims = (await verifyIdToken(again.tokens.body.id_token, again.nonce)).claims;
console.log(`\nsame browser, second flow without prompt: ${again.silent ? 'no login form' : 'login form'}, ` +
  `id_token for ${againClaims.preferred_username}`);
assert.equal(again.silent, true);
assert.equal(againClaims.preferred_username, 'demo.sykepleier');
const forced = await flow({ jar: browserJar, username: 'demo.helsefag', prompt: 'login' });
const forcedClaims = (await verifyIdToken(forced.tokens.body.id_token, forced.nonce)).claims;
console.log(`same browser, prompt=login: ${forced.silent ? 'no login form' : 'login form'}, id_token for ${forcedClaims.preferred_username}`);
assert.equal(forcedClaims.preferred_username, 'demo.helsefag');

// ---------------------------------------------------------------- what the provider itself refuses
const replay = await redeem(good.code, good.verifier);
console.log(`\nthe same code again: ${replay.status} ${JSON.stringify(replay.body)}`);
assert.equal(replay.status, 400);
assert.equal(replay.body.error, 'invalid_grant');

const wrongVerifier = await flow({ verifierOverride: random(32) });
console.log(`a wrong code_verifier: ${wrongVerifier.tokens.status} ${JSON.stringify(wrongVerifier.tokens.body)}`);
assert.equal(wrongVerifier.tokens.body.error, 'invalid_grant');

const noPkce = await flow({ pkce: false });
console.log(`no PKCE: back to the client with error=${noPkce.error} (${noPkce.callback.searchParams.get('error_description')})`);
assert.equal(noPkce.error, 'invalid_request');

const unknown = await flow({ username: 'finnes.ikke' });
console.log(`a username the provider does not know: the form again, HTTP ${unknown.loginStatus}`);
assert.equal(unknown.loginStatus, 401);
assert.match(unknown.page, /Ukjent brukernavn eller feil passord/);

const knownHereOnly = await flow({ username: 'demo.ukjent' });
const ukjent = await verifyIdToken(knownHereOnly.tokens.body.id_token, knownHereOnly.nonce);
console.log(`demo.ukjent (known to the provider, not to Lindra): id_token for preferred_username=${ukjent.claims.preferred_username}`);

// ---------------------------------------------------------------- id_token faults (test control)
const probe = await control('GET');
if (probe.status !== 200) {
  console.log('\n(test control is off on this provider: the id_token faults are not tried)');
} else {
  console.log('\nid_token faults, each through a whole flow and the same verifier:');
  const expectations = {
    expired: /expired/,
    wrong_audience: /^aud /,
    wrong_issuer: /^iss /,
    wrong_nonce: /^nonce /,
    missing_nonce: /^nonce \(none\)/,
    other_key: /unknown kid .* \(after a JWKS refresh\)/,
    other_key_same_kid: /bad signature/,
    alg_none: /alg none not accepted/,
    hs256_client_secret: /alg HS256 not accepted/,
    rotated: null, // accepted, after a refresh of the JWKS
    mfa: null,
  };
  for (const [fault, refused] of Object.entries(expectations)) {
    const armed = await control('POST', { fault });
    assert.equal(armed.status, 200, JSON.stringify(armed.body));
    const run = await flow();
    assert.equal(run.tokens.status, 200);
    dump.cases.push({ fault, id_token: run.tokens.body.id_token, nonce: run.nonce });
    let outcome;
    try {
      const ok = await verifyIdToken(run.tokens.body.id_token, run.nonce);
      outcome = `accepted${ok.refreshed ? ' after a JWKS refresh' : ''} (kid ${ok.header.kid.slice(0, 8)}…, amr ${JSON.stringify(ok.claims.amr)})`;
      assert.equal(refused, null, `${fault} was accepted`);
    } catch (err) {
      if (err.code === 'ERR_ASSERTION') throw err;
      outcome = `refused: ${err.message}`;
      assert.ok(refused, `${fault} was refused: ${err.message}`);
      assert.match(err.message, refused);
    }
    console.log(`  ${fault.padEnd(20)} ${outcome}`);
  }
  const after = await control('GET');
  assert.deepEqual(after.body.armed, []);
  // Once the rotation is over, the next ordinary token is signed by the first key again.
  const back = await flow();
  await verifyIdToken(back.tokens.body.id_token, back.nonce);
  console.log(`  (none armed)         accepted: the provider's own key (kid ${jwks.keys[0].kid.slice(0, 8)}…), JWKS now ${jwks.keys.length} keys`);
}

if (process.env.TRY_FLOW_DUMP) {
  dump.jwks_after = await (await fetch(discovery.jwks_uri)).json();
  fs.writeFileSync(process.env.TRY_FLOW_DUMP, JSON.stringify(dump, null, 2));
  console.log(`wrote ${dump.cases.length} id_tokens to ${process.env.TRY_FLOW_DUMP}`);
}
console.log('\ntry-flow: all checks passed');
stop();
