// Two nurses on one shared tablet (issue 21) in Chromium: Kari signs in fully, sets her PIN,
// registers for a patient and locks the tablet. Ola signs in fully on the same tablet (Kari's
// session is locked, not ended), sets his PIN, registers and locks. The locked page names both
// and holds no patient; Kari's PIN opens her own session again. Each registration names the
// nurse who made it, and the access log says who switched.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, launchBrowser, login, setPin, sqlite, fillRegistrationForm } from './support.mjs';

async function register(page, url, patient, note) {
  await page.goto(`${url}/pasient/${patient}/ny`);
  await page.waitForSelector('body[data-hydrated="true"]', { state: 'attached', timeout: 20_000 });
  await fillRegistrationForm(page, note);
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/record_registration'));
  await page.getByRole('button', { name: 'Lagre registrering' }).click();
  assert.equal((await saved).status(), 200);
  // Saved: the patient's page, with the new registration.
  await page.waitForURL(`${url}/pasient/${patient}`);
  await page.waitForSelector('.esas-latest');
}

async function lockNow(page) {
  await page.getByRole('button', { name: 'Lås nettbrettet nå' }).click();
  await page.waitForURL(/\/laast/);
}

test('two nurses switch on one tablet with their PINs, and each registration is hers', { timeout: 180_000 }, async () => {
  const server = await startServer({ demo: true });
  const db = path.join(server.dataDir, 'lindra.db');
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, hasTouch: true });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const [patient, patientName] = sqlite(db, 'SELECT id, name FROM patients WHERE unit_id = 1 ORDER BY id LIMIT 1')[0];
    const name = (username) => sqlite(db, `SELECT display_name FROM users WHERE username = '${username}'`)[0][0];
    const kari = name('demo.sykepleier');
    const ola = name('demo.helsefag');

    await login(page, server.url, 'demo.sykepleier');
    await setPin(page, server.url, '2580');
    await register(page, server.url, patient, 'Registrert av Kari');
    await lockNow(page);

    // Ola, on the same tablet: a full sign-in from the locked page.
    await page.getByRole('link', { name: 'Logg inn på nytt eller som en annen' }).click();
    await login(page, server.url, 'demo.helsefag');
    await setPin(page, server.url, '3691');
    await register(page, server.url, patient, 'Registrert av Ola');
    await lockNow(page);

    // The locked page names both nurses, and no patient, in the page or what it loaded.
    const who = page.getByRole('group', { name: 'Hvem låser opp?' });
    assert.deepEqual((await who.getByRole('radio').evaluateAll((r) => r.map((e) => e.parentElement.textContent.trim()))), [ola, kari]);
    assert.ok(!(await page.content()).includes(patientName), 'no patient on the locked page');

    // Kari's PIN, with her name chosen: her own session.
    await who.getByRole('radio', { name: kari }).check();
    await page.locator('#pin').fill('2580');
    await page.getByRole('button', { name: 'Lås opp' }).click();
    await page.waitForURL(`${server.url}/`);
    assert.ok((await page.locator('header').innerText()).includes(kari), 'the header names Kari');
    await register(page, server.url, patient, 'Kari igjen');

    const rows = sqlite(db, `SELECT r.note, u.username FROM registrations r JOIN users u ON u.id = r.recorded_by
      WHERE r.note IN ('Registrert av Kari', 'Registrert av Ola', 'Kari igjen') ORDER BY r.id`);
    assert.deepEqual(rows, [
      ['Registrert av Kari', 'demo.sykepleier'],
      ['Registrert av Ola', 'demo.helsefag'],
      ['Kari igjen', 'demo.sykepleier'],
    ]);
    const switched = sqlite(db, "SELECT username, outcome FROM audit_events WHERE action = 'session.switch'");
    assert.deepEqual(switched, [['demo.sykepleier', 'ok']]);
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
  }
});
