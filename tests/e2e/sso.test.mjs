// Single sign-on (issue 21) in Chromium against a real OpenID Connect provider: npm
// oidc-provider (pinned in tests/e2e/package.json), started on 127.0.0.1 by tests/oidc/support.mjs.
// Lindra runs on `localhost`, another site than the provider, as in a municipality: the test
// then meets the SameSite rules a ward's browser will.
//
// The whole code flow is real (PKCE, state, nonce, the code at the token endpoint). For each
// refusal the issue names, the provider signs the next id_token wrongly (provider.mjs's test
// faults), or the test changes the callback a browser brings. Each refusal must end on the
// login page with a Norwegian message and leave an access-log row `login` `sso/<reason>`.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startServer, launchBrowser, sqlite, repoRoot, DEMO_PASSWORD } from './support.mjs';
import { startProvider, freePort, signInAtProvider } from '../oidc/support.mjs';

// A secret with the characters HTTP Basic must form-encode (RFC 6749 2.3.1).
const SECRET = 'hemm+elig%:';
const REFUSED = 'Innloggingen via kommunens pålogging ble avvist. Prøv igjen.';
const NO_USER = 'Du er kjent hos kommunens pålogging, men har ingen aktiv bruker i Lindra. Kontakt administrator.';

let idp;
let server;
/** Lindra's environment for the test provider, its callback on `lindra`. */
const ssoEnv = (more = {}) => ({
  LINDRA_OIDC_ISSUER: idp.issuer,
  LINDRA_OIDC_CLIENT_ID: idp.clientId,
  LINDRA_OIDC_CLIENT_SECRET: SECRET,
  LINDRA_OIDC_REDIRECT_URI: `${lindra}/oidc/callback`,
  ...more,
});
let lindra;
let browser;

before(async () => {
  const port = await freePort();
  lindra = `http://localhost:${port}`;
  idp = await startProvider({ redirectUris: [`${lindra}/oidc/callback`], clientSecret: SECRET });
  server = await startServer({
    demo: true,
    port,
    env: ssoEnv(),
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  idp?.stop();
});

/** The newest access-log row of single sign-on: [action, outcome, object, username, user_id]. */
function lastSsoRow() {
  const rows = sqlite(
    path.join(server.dataDir, 'lindra.db'),
    "SELECT action, outcome, object, username, COALESCE(user_id, '') FROM audit_events WHERE object LIKE 'sso/%' ORDER BY id DESC LIMIT 1",
  );
  return rows[0];
}

/** From Lindra's login page through the provider's form, as a nurse would. */
async function ssoSignIn(page, username) {
  await page.goto(`${lindra}/logg-inn`);
  await page.getByRole('link', { name: 'Logg inn med kommunens pålogging' }).click();
  await page.waitForURL(`${idp.issuer}/**`);
  await signInAtProvider(page, username);
}

/** Starts a sign-in in `context` without following it to the provider; returns its state. */
async function startedState(context) {
  const response = await context.request.get(`${lindra}/oidc/start`, { maxRedirects: 0 });
  assert.equal(response.status(), 303);
  return new URL(response.headers().location).searchParams.get('state');
}

async function refusedWith(page, message) {
  await page.waitForURL(/\/logg-inn\?feil=sso/);
  assert.equal((await page.getByRole('alert').innerText()).trim(), message);
}

test('a nurse signs in through the provider, signs out, and the next sign-in asks again', { timeout: 90_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 768, height: 1024 } });
  const page = await context.newPage();
  const callbacks = [];
  page.on('request', (r) => r.url().startsWith(`${lindra}/oidc/callback`) && callbacks.push(r.url()));
  try {
    await ssoSignIn(page, 'demo.sykepleier');
    await page.waitForURL(`${lindra}/`);
    await page.getByRole('button', { name: 'Logg ut' }).waitFor();
    assert.deepEqual(lastSsoRow().slice(0, 4), ['login', 'ok', 'sso/demo.sykepleier', 'demo.sykepleier']);
    const session = (await context.cookies(lindra)).find((c) => c.name === 'lindra_session');
    assert.ok(session, 'a session cookie');
    assert.equal(session.sameSite, 'Strict');
    assert.equal((await context.cookies(lindra)).find((c) => c.name === 'lindra_sso'), undefined, 'the attempt cookie is gone');

    // Her PIN for the shift, without a password (she may have none): the sign-in was just now.
    await page.goto(`${lindra}/pin`);
    await page.getByLabel('Ny PIN-kode (4-6 siffer)').fill('2580');
    await page.getByLabel('Den samme PIN-koden en gang til').fill('2580');
    await page.getByRole('button', { name: 'Lagre PIN-kode' }).click();
    await page.waitForURL(/\/pin\?lagret=1/);
    // She puts the tablet down; her PIN opens it.
    await page.getByRole('button', { name: 'Lås nettbrettet nå' }).click();
    await page.waitForURL(/\/laast/);
    await page.locator('#pin').fill('2580');
    await page.getByRole('button', { name: 'Lås opp' }).click();
    await page.waitForURL(`${lindra}/`);
    await page.getByRole('button', { name: 'Logg ut' }).waitFor();

    await page.getByRole('button', { name: 'Logg ut' }).click();
    await page.waitForURL(/\/logg-inn$/);
    // The ended session opens nothing, even brought back by hand.
    const replay = await browser.newContext();
    await replay.addCookies([{ name: session.name, value: session.value, url: lindra }]);
    const replayPage = await replay.newPage();
    await replayPage.goto(`${lindra}/`);
    assert.match(replayPage.url(), /\/logg-inn$/);
    await replay.close();

    // The provider's own session does not sign the next person in: it shows its form again.
    await page.getByRole('link', { name: 'Logg inn med kommunens pålogging' }).click();
    await page.getByLabel('Brukernavn').waitFor();

    // The answer of the first sign-in, brought again: its state has been used.
    assert.equal(callbacks.length, 1);
    await page.goto(callbacks[0]);
    await refusedWith(page, REFUSED);
    assert.deepEqual(lastSsoRow().slice(0, 3), ['login', 'failed', 'sso/state']);

    // Its code with a fresh state of this browser: the provider will not exchange it twice.
    const code = new URL(callbacks[0]).searchParams.get('code');
    const state = await startedState(context);
    assert.ok(state, 'a new state');
    const iss = encodeURIComponent(idp.issuer);
    await page.goto(`${lindra}/oidc/callback?code=${encodeURIComponent(code)}&state=${state}&iss=${iss}`);
    await refusedWith(page, REFUSED);
    assert.deepEqual(lastSsoRow().slice(0, 3), ['login', 'failed', 'sso/code']);
  } finally {
    await context.close();
  }
});

test('the answer to another browser\'s sign-in is refused before the provider is asked for a token', { timeout: 60_000 }, async () => {
  // Login CSRF: someone starts a sign-in in their own browser and gets a nurse's browser to bring
  // the provider's answer to it. The state is bound to the browser that started it.
  const nurse = await browser.newContext();
  const other = await browser.newContext();
  const page = await nurse.newPage();
  try {
    await startedState(nurse); // the nurse's browser has a sign-in of its own under way
    const started = await other.request.get(`${lindra}/oidc/start`, { maxRedirects: 0 });
    assert.equal(started.status(), 303);
    const before = JSON.stringify(await idp.lastIdToken());
    await page.goto(started.headers().location);
    await signInAtProvider(page, 'demo.sykepleier');
    await refusedWith(page, REFUSED);
    assert.deepEqual(lastSsoRow().slice(0, 3), ['login', 'failed', 'sso/state']);
    assert.equal(JSON.stringify(await idp.lastIdToken()), before, 'no token was asked for');
  } finally {
    await nurse.close();
    await other.close();
  }
});

// Each id_token the provider signs wrongly, and the reason the access log must give.
const FAULTS = [
  ['wrong_nonce', 'nonce'],
  ['missing_nonce', 'nonce'],
  ['expired', 'expired'],
  ['wrong_audience', 'audience'],
  ['wrong_issuer', 'issuer'],
  ['other_key', 'signature'],
  ['other_key_same_kid', 'signature'],
  ['hs256_client_secret', 'signature'],
  ['alg_none', 'malformed'],
];

test('an id_token with a wrong nonce, audience or issuer, expired, or signed with another key is refused', { timeout: 180_000 }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    for (const [fault, reason] of FAULTS) {
      await idp.arm(fault);
      await ssoSignIn(page, 'demo.sykepleier');
      await refusedWith(page, REFUSED);
      assert.deepEqual(lastSsoRow().slice(0, 4), ['login', 'failed', `sso/${reason}`, ''], fault);
      assert.equal((await idp.lastIdToken()).fault, fault, `the provider sent the ${fault} token`);
    }
    // A key the provider has just rotated to is fetched, and taken.
    await idp.arm('rotated');
    await ssoSignIn(page, 'demo.helsefag');
    await page.waitForURL(`${lindra}/`);
    assert.deepEqual(lastSsoRow().slice(0, 3), ['login', 'ok', 'sso/demo.helsefag']);
  } finally {
    await context.close();
  }
});

test('a person the provider knows but Lindra does not, or has disabled, is not let in', { timeout: 90_000 }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await ssoSignIn(page, 'demo.ukjent');
    await refusedWith(page, NO_USER);
    assert.deepEqual(lastSsoRow().slice(0, 5), ['login', 'denied', 'sso/unknown_user', 'demo.ukjent', '']);

    const bin = path.resolve(repoRoot, process.env.LINDRA_BIN || 'target/release/lindra');
    execFileSync(bin, ['user', 'disable', 'demo.leder'], {
      env: { ...process.env, LINDRA_DATABASE_URL: `sqlite://${server.dataDir}/lindra.db` },
    });
    await ssoSignIn(page, 'demo.leder');
    await refusedWith(page, NO_USER);
    const row = lastSsoRow();
    assert.deepEqual(row.slice(0, 4), ['login', 'denied', 'sso/disabled_user', 'demo.leder']);
    assert.notEqual(row[4], '', 'the disabled user is named by id');
  } finally {
    await context.close();
  }
});

test('with password sign-in switched off the login page offers only the provider', { timeout: 60_000 }, async () => {
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const only = await startServer({
    demo: true,
    port,
    env: ssoEnv({ LINDRA_OIDC_DISPLAY_NAME: 'Helse-ID', LINDRA_PASSWORD_SIGN_IN: 'false' }),
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${origin}/logg-inn`);
    await page.getByRole('link', { name: 'Logg inn med Helse-ID' }).waitFor();
    assert.equal(await page.getByLabel('Passord').count(), 0, 'no password field');
    const response = await fetch(`${origin}/innlogging`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      body: `brukernavn=demo.sykepleier&passord=${DEMO_PASSWORD}`,
      redirect: 'manual',
    });
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('set-cookie'), null);
    const rows = sqlite(path.join(only.dataDir, 'lindra.db'), "SELECT outcome, object FROM audit_events WHERE action = 'login'");
    assert.deepEqual(rows, [['denied', 'password/off']]);
  } finally {
    await context.close();
    await only.stop();
  }
});
