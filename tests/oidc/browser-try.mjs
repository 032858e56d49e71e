#!/usr/bin/env node
// The provider's login page in Chromium (playwright-core from .tools/, Debian's chromium), behind a
// tiny stand-in for Lindra's /oidc/start and /oidc/callback, to settle two questions before the
// Rust side is written:
//   1. what a Playwright test fills and clicks on the provider's page (it does it here), and
//   2. whether a SameSite=Strict session cookie set by the callback reaches the next page when the
//      provider is on ANOTHER SITE (here: Lindra on http://localhost:P, provider on
//      http://127.0.0.1:Q; ports do not make sites, host names do), for a callback that answers
//      (a) 303 to /hjem, or (b) a 200 page that moves on by itself (<meta http-equiv=refresh>).
//      The short-lived cookie that carries the sign-in attempt is SameSite=Lax, Path=/oidc.
//   3. whether Lindra's page policy (CSP `form-action 'self'`) lets a sign-in start from a FORM
//      posted to /oidc/start that redirects to the provider, or only from a link (a GET).
// Every page of the stand-in carries Lindra's own HTML policy (server/src/lib.rs).
//
//   NODE_PATH=/work/main/.tools/node_modules node tests/oidc/browser-try.mjs
//
// It prints one line per case and exits non-zero if the provider's page could not be used.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const require = createRequire(import.meta.url);
const toolDirs = [...(process.env.NODE_PATH ?? '').split(path.delimiter).filter(Boolean), path.join(repoRoot, '.tools', 'node_modules')];
const { chromium } = require(require.resolve('playwright-core', { paths: toolDirs.flatMap((d) => [d, path.dirname(d)]) }));

const b64url = (buf) => Buffer.from(buf).toString('base64url');
const random = () => b64url(crypto.randomBytes(32));
const LINDRA_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
  "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const cookies = (req) => Object.fromEntries((req.headers.cookie ?? '').split(';').map((c) => c.trim().split('=')).filter((c) => c[0]));

// ---------------------------------------------------------------- the stand-in for Lindra
const rp = http.createServer();
await new Promise((resolve) => rp.listen(0, '127.0.0.1', resolve));
const rpPort = rp.address().port;
const clientId = 'lindra';
const clientSecret = 'lindra-demo-secret';

// ---------------------------------------------------------------- the provider
const provider = spawn(process.execPath, [path.join(here, 'provider.mjs'), '0'], {
  env: {
    ...process.env,
    OIDC_CLIENT_ID: clientId,
    OIDC_CLIENT_SECRET: clientSecret,
    OIDC_REDIRECT_URIS: `http://localhost:${rpPort}/oidc/callback,http://127.0.0.1:${rpPort}/oidc/callback`,
  },
  stdio: ['ignore', 'pipe', 'ignore'],
});
const issuer = await new Promise((resolve, reject) => {
  readline.createInterface({ input: provider.stdout }).on('line', (l) => l.startsWith('listening ') && resolve(l.slice(10)));
  provider.on('exit', (code) => reject(new Error(`provider.mjs exited with ${code}`)));
});
process.on('exit', () => provider.kill('SIGTERM'));
const discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();

const pending = new Map(); // state -> { binding, nonce, verifier, mode, origin }
const seen = []; // what each request carried, for the report
rp.on('request', async (req, res) => {
  const url = new URL(req.url, `http://${req.headers.host}`);
  const jar = cookies(req);
  if (url.pathname === '/logg-inn') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': LINDRA_CSP });
    return res.end('<!doctype html><title>Logg inn</title><a href="/oidc/start?mode=page">Logg inn med SSO (lenke)</a>' +
      '<form method="post" action="/oidc/start?mode=page"><button type="submit">Logg inn med SSO (skjema)</button></form>');
  }
  if (url.pathname === '/oidc/start') {
    const state = random();
    const binding = random();
    const nonce = random();
    const verifier = random();
    pending.set(state, { binding, nonce, verifier, mode: url.searchParams.get('mode'), origin: url.origin });
    const auth = new URL(discovery.authorization_endpoint);
    auth.search = new URLSearchParams({
      client_id: clientId, response_type: 'code', scope: 'openid profile', redirect_uri: `${url.origin}/oidc/callback`,
      state, nonce, code_challenge: b64url(crypto.createHash('sha256').update(verifier).digest()), code_challenge_method: 'S256',
      prompt: 'login',
    }).toString();
    res.writeHead(303, {
      location: auth.href,
      'set-cookie': `lindra_oidc=${binding}; Path=/oidc; HttpOnly; SameSite=Lax; Max-Age=600`,
    });
    return res.end();
  }
  if (url.pathname === '/oidc/callback') {
    const attempt = pending.get(url.searchParams.get('state'));
    pending.delete(url.searchParams.get('state'));
    const laxArrived = Boolean(attempt && jar.lindra_oidc === attempt.binding);
    seen.push({ at: 'callback', laxArrived });
    if (!attempt || !laxArrived) {
      res.writeHead(400, { 'content-type': 'text/plain' });
      return res.end(`refused: ${attempt ? 'the sign-in cookie did not come back' : 'unknown state'}`);
    }
    const token = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: url.searchParams.get('code'), redirect_uri: `${attempt.origin}/oidc/callback`, code_verifier: attempt.verifier }),
    }).then((r) => r.json());
    const claims = JSON.parse(Buffer.from(token.id_token.split('.')[1], 'base64url'));
    assert.equal(claims.nonce, attempt.nonce);
    const session = `${claims.preferred_username}.${random().slice(0, 8)}`;
    const headers = {
      'set-cookie': [
        `lindra_session=${session}; Path=/; HttpOnly; SameSite=Strict`,
        'lindra_oidc=; Path=/oidc; HttpOnly; SameSite=Lax; Max-Age=0',
      ],
      'cache-control': 'no-store',
    };
    if (attempt.mode === 'redirect') {
      res.writeHead(303, { ...headers, location: '/hjem' });
      return res.end();
    }
    res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8', 'content-security-policy': LINDRA_CSP });
    return res.end('<!doctype html><meta http-equiv="refresh" content="0;url=/hjem"><title>Logger inn</title><a href="/hjem">Fortsett</a>');
  }
  if (url.pathname === '/hjem') {
    seen.push({ at: 'hjem', session: jar.lindra_session ?? null });
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    return res.end(jar.lindra_session ? `innlogget som ${jar.lindra_session.split('.').slice(0, 2).join('.')}` : 'IKKE INNLOGGET (ingen øktkapsel)');
  }
  res.writeHead(404);
  return res.end();
});

// ---------------------------------------------------------------- Chromium
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
let failed = false;
try {
  for (const host of ['localhost', '127.0.0.1']) {
    for (const mode of ['redirect', 'page']) {
      const context = await browser.newContext();
      const page = await context.newPage();
      seen.length = 0;
      await page.goto(`http://${host}:${rpPort}/oidc/start?mode=${mode}`);
      // The provider's login page: exactly what a test of Lindra does.
      await page.getByLabel('Brukernavn').fill('demo.sykepleier');
      await page.getByLabel('Passord').fill('hva-som-helst');
      await page.getByRole('button', { name: 'Logg inn' }).click();
      await page.waitForURL(/\/hjem$/);
      const text = await page.locator('body').innerText();
      const cross = host === 'localhost' ? 'cross-site (localhost -> 127.0.0.1)' : 'same-site (127.0.0.1 both)';
      const lax = seen.find((s) => s.at === 'callback')?.laxArrived;
      console.log(`${cross.padEnd(38)} callback answers ${mode === 'redirect' ? '303 -> /hjem        ' : '200 + meta refresh  '}` +
        `Lax attempt cookie at callback: ${lax ? 'yes' : 'NO '}  /hjem: ${text}`);
      await context.close();
    }
  }
  // From Lindra's login page: a link, and a form (CSP form-action 'self').
  for (const how of ['lenke', 'skjema']) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations = [];
    page.on('console', (m) => /Content Security Policy|form-action/i.test(m.text()) && violations.push(m.text()));
    await page.goto(`http://localhost:${rpPort}/logg-inn`);
    const name = `Logg inn med SSO (${how})`;
    await (how === 'lenke' ? page.getByRole('link', { name }) : page.getByRole('button', { name })).click();
    const reached = await page.getByLabel('Brukernavn').waitFor({ timeout: 5_000 }).then(() => true, () => false);
    console.log(`start from Lindra's login page by ${how === 'lenke' ? 'a link (GET) ' : 'a form (POST)'}: ` +
      `${reached ? 'reached the provider' : `did NOT reach the provider (at ${page.url()})`}` +
      `${violations.length ? `; console: ${violations[0].slice(0, 160)}` : ''}`);
    await context.close();
  }
  // An unknown username at the provider: the form again, with the message.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`http://localhost:${rpPort}/oidc/start?mode=page`);
  await page.getByLabel('Brukernavn').fill('finnes.ikke');
  await page.getByLabel('Passord').fill('x');
  await page.getByRole('button', { name: 'Logg inn' }).click();
  await page.getByRole('alert').waitFor();
  console.log(`unknown username at the provider: «${await page.getByRole('alert').innerText()}»`);
  await context.close();
} catch (err) {
  failed = true;
  console.error(err);
} finally {
  await browser.close();
  rp.close();
  provider.kill('SIGTERM');
}
process.exit(failed ? 1 : 0);
