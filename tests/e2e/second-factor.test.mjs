// The second factor (issue 21) in Chromium, with the production policy: the administrator
// signs in with her password and is sent to set up an authenticator app (a QR code drawn on the
// server, the secret in letters); the first code and the password confirm it, and the ten
// recovery codes are shown once. Next time the password is followed by the code from the app;
// a recovery code works once and is refused the second time; five wrong codes end the sign-in.
// The codes are computed here as an authenticator app does (RFC 6238, HMAC-SHA1, 30 s, 6 digits).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { startServer, launchBrowser, DEMO_PASSWORD, axeViolations } from './support.mjs';

function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/[\s=]/g, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** The code an authenticator app shows for `secret`, `steps` steps from now. */
function totp(secret, steps = 0) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000 / 30) + steps));
  const hash = crypto.createHmac('sha1', secret).update(counter).digest();
  const offset = hash[hash.length - 1] & 0x0f;
  const binary = (hash.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(binary).padStart(6, '0');
}

async function signIn(page, url, username) {
  await page.goto(`${url}/logg-inn`);
  await page.getByLabel('Brukernavn').fill(username);
  await page.getByLabel('Passord', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Logg inn' }).click();
}

async function signOut(page, url) {
  await page.goto(`${url}/`);
  await page.getByRole('button', { name: 'Logg ut' }).click();
  await page.waitForURL(/\/logg-inn$/);
}

test('an administrator sets up an authenticator app, then signs in with its codes and a recovery code', { timeout: 120_000 }, async () => {
  const server = await startServer({ demo: true, env: { LINDRA_SECOND_FACTOR: 'required' } });
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, bypassCSP: true });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await signIn(page, server.url, 'demo.admin');
    await page.waitForURL(/\/totp$/);
    assert.match(await page.locator('main').innerText(), /Rollen din krever totrinnsinnlogging/);
    // Nothing else until it is set up.
    await page.goto(`${server.url}/admin`);
    await page.waitForURL(/\/totp$/);
    await page.getByRole('button', { name: 'Sett opp totrinnsinnlogging' }).click();
    await page.waitForSelector('.qr svg');
    assert.deepEqual(await axeViolations(page), [], 'the setup page');
    const secret = base32(await page.locator('[data-secret]').getAttribute('data-secret'));
    assert.equal(secret.length, 20, '160 bits');
    await page.getByLabel('Koden appen viser nå (6 siffer)').fill(totp(secret));
    await page.getByLabel('Passordet ditt').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Slå på totrinnsinnlogging' }).click();
    await page.waitForSelector('.recovery-codes');
    const codes = await page.locator('.recovery-codes code').allInnerTexts();
    assert.equal(codes.length, 10);
    assert.ok(codes.every((c) => /^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/.test(c)), codes.join(' '));
    await page.getByRole('link', { name: 'Videre til Lindra' }).click();
    await page.goto(`${server.url}/admin`);
    assert.equal(new URL(page.url()).pathname, '/admin');

    // Next sign-in: the password, then a code from the app (a wrong one first).
    await signOut(page, server.url);
    await signIn(page, server.url, 'demo.admin');
    await page.waitForURL(/\/logg-inn\/kode$/);
    assert.deepEqual(await axeViolations(page), [], 'the code page');
    await page.getByLabel('Engangskode eller reservekode').fill('000000');
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await page.waitForURL(/feil=kode/);
    assert.match(await page.locator('[role=alert]').innerText(), /Koden: den er ikke riktig/);
    await page.getByLabel('Engangskode eller reservekode').fill(totp(secret, 1));
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await page.waitForURL((url) => url.pathname === '/');

    // A recovery code, once.
    await signOut(page, server.url);
    await signIn(page, server.url, 'demo.admin');
    await page.waitForURL(/\/logg-inn\/kode$/);
    await page.getByLabel('Engangskode eller reservekode').fill(codes[3]);
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await signOut(page, server.url);
    await signIn(page, server.url, 'demo.admin');
    await page.getByLabel('Engangskode eller reservekode').fill(codes[3]);
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await page.waitForURL(/feil=kode/);

    // Four more wrong: the sign-in is over.
    for (let i = 2; i <= 5; i++) {
      await page.getByLabel('Engangskode eller reservekode').fill('123123');
      await page.getByRole('button', { name: 'Logg inn' }).click();
      await page.waitForURL(i < 5 ? /\/logg-inn\/kode\?feil=kode/ : /\/logg-inn\?feil=kode/);
    }
    assert.match(await page.locator('.form-status').innerText(), /For mange feil koder/);
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
  }
});
