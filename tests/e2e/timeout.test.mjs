// A save that runs out of time: another process holds SQLite's write lock while a nurse saves,
// so the server gives up after its request timeout (1 s here) while the registration still
// waits in the writer's queue, and is stored once the lock is released. The form must not say
// "not saved" then: it says the save is not confirmed, keeps everything she typed, and the
// second tap on "Lagre" finds the stored registration instead of storing it twice.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, launchBrowser, login, fillRegistrationForm, assertFormKept, sqlite } from './support.mjs';

/** Holds SQLite's write lock on `db` (BEGIN IMMEDIATE in the sqlite3 CLI) until `release()`. */
async function holdWriteLock(db) {
  const cli = spawn('sqlite3', ['-batch', db], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => cli.on('exit', resolve));
  let output = '';
  cli.stdout.on('data', (chunk) => { output += chunk; });
  cli.stdin.write("PRAGMA busy_timeout = 5000;\nBEGIN IMMEDIATE;\nSELECT 'locked';\n");
  for (let i = 0; i < 100 && !output.includes('locked'); i++) await sleep(50);
  assert.match(output, /locked/, 'sqlite3 holds the write lock');
  let released = false;
  return {
    release: async () => {
      if (released) return;
      released = true;
      cli.stdin.end('ROLLBACK;\n.quit\n');
      await exited;
    },
  };
}

test('a save past the request timeout is "not confirmed", not "not saved", and is stored once', { timeout: 60_000 }, async () => {
  const server = await startServer({ demo: true, args: ['--request-timeout-seconds', '1'] });
  const db = `${server.dataDir}/lindra.db`;
  const browser = await launchBrowser();
  let lock;
  try {
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'nb-NO' });
    const page = await context.newPage();
    await login(page, server.url);
    const patient = Number(sqlite(db, `SELECT p.id FROM patients p JOIN user_units uu ON uu.unit_id = p.unit_id
      JOIN users u ON u.id = uu.user_id WHERE u.username = 'demo.sykepleier' ORDER BY p.id LIMIT 1`)[0][0]);
    const note = `Tidsavbrudd ved lagring (test ${process.pid})`;
    const stored = () => Number(sqlite(db, `SELECT COUNT(*) FROM registrations WHERE note = '${note}'`)[0][0]);

    await page.goto(`${server.url}/pasient/${patient}/ny`);
    await page.waitForSelector('body[data-hydrated="true"]', { state: 'attached', timeout: 20_000 });
    await fillRegistrationForm(page, note);

    lock = await holdWriteLock(db);
    const save = page.getByRole('button', { name: 'Lagre registrering' });
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/record_registration'), { timeout: 15_000 });
    await save.click();
    const response = await answered;
    assert.equal(response.status(), 503);
    assert.match(await response.text(), /^\{"TimedOut":/, 'the typed timeout, not "database unavailable"');
    await page.waitForSelector('.form-status:has-text("bekreftet")', { timeout: 10_000 });
    const message = (await page.locator('.form-status').textContent()).trim();
    console.log(`timed out: the form says: ${message}`);
    assert.match(message, /Vi fikk ikke bekreftet at skjemaet ble lagret/);
    assert.match(message, /tatt vare på/);
    assert.match(message, /bare lagret én gang/);
    assert.doesNotMatch(message, /ikke lagret/, 'it does not claim what it cannot know');
    // The message stays with the save button: in view, and not under it, wherever she is on the form.
    for (const y of [0, 1200]) {
      await page.evaluate((top) => window.scrollTo(0, top), y);
      const seen = await page.evaluate(() => {
        const status = document.querySelector('.form-status').getBoundingClientRect();
        const hit = document.elementFromPoint(status.left + status.width / 2, status.top + status.height / 2);
        return status.top >= 0 && status.bottom <= window.innerHeight && Boolean(hit?.closest('.form-status'));
      });
      assert.ok(seen, `the message is in view and uncovered with the page scrolled to ${y}`);
    }
    await assertFormKept(page, note);

    // The lock goes: the registration that was waiting in the queue is stored after all.
    await lock.release();
    for (let i = 0; i < 100 && stored() === 0; i++) await sleep(50);
    assert.equal(stored(), 1, 'the timed-out save was stored once the lock was released');

    // The nurse taps "Lagre" again, as the message says: she gets the stored registration.
    await Promise.all([page.waitForURL(new RegExp(`/pasient/${patient}$`), { timeout: 15_000 }), save.click()]);
    assert.match(await page.locator('.esas-latest').textContent(), /Tidsavbrudd ved lagring/);
    assert.equal(stored(), 1, 'stored once, not twice');
  } finally {
    await lock?.release();
    await browser.close();
    await server.stop();
  }
});
