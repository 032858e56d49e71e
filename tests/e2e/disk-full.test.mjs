// The disk fills up under the real server while a nurse fills in a form. Lindra runs on SQLite
// on a small tmpfs of its own (a private mount namespace, `unshare -m`, so nothing else on the
// machine sees the mount); the test fills that disk with a file, as a growing log would.
// Saving then must name the problem in Norwegian, keep everything she typed and store nothing
// of it; forms other nurses got a success answer for must all be there, and the file must pass
// `PRAGMA integrity_check`. When someone makes room (the file is deleted), the same form saves,
// once.
//
// Needs root for the mount, as scripts/test.sh runs under CI; reads the database with the
// sqlite3 command-line tool inside the server's mount namespace (nsenter), and fills the disk
// through /proc/PID/root, the server's view of the file system.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, login, signIn, sqlite, fillRegistrationForm, assertFormKept } from './support.mjs';

/** The disk: enough for the demo database and its write-ahead log, small enough to fill fast. */
const DISK = '48m';

/** Writes `file` until the disk has no room left but `leave` bytes; returns the bytes written. */
function fillUp(file, leave) {
  const fd = fs.openSync(file, 'w');
  let written = 0;
  try {
    for (const size of [1 << 20, 1 << 12, 1 << 9]) {
      const chunk = Buffer.alloc(size, 1);
      for (;;) {
        let n;
        try {
          n = fs.writeSync(fd, chunk);
        } catch (err) {
          if (err.code === 'ENOSPC') break;
          throw err;
        }
        written += n;
        if (n < size) break;
      }
    }
    fs.ftruncateSync(fd, Math.max(0, written - leave));
  } finally {
    fs.closeSync(fd);
  }
  return Math.max(0, written - leave);
}

test('disk full: the nurse is told so, her form is kept, nothing half-written; saved once when there is room', { timeout: 180_000 }, async () => {
  const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'lindra-disk-'));
  // unshare (no --fork) execs sh, sh execs the server: the server keeps the child's pid.
  const wrap = ['unshare', '--mount', '--propagation', 'private', 'sh', '-c',
    'mount -t tmpfs -o size="$1" lindra-test-disk "$2" && shift 2 && exec "$@"', 'sh', DISK, mountPoint];
  let server;
  let browser;
  try {
    server = await startServer({
      demo: true,
      wrap,
      env: { LINDRA_DATABASE_URL: `sqlite://${mountPoint}/lindra.db`, LINDRA_LOG: 'error' },
    });
    // The server's disk, as the server sees it. sqlite3 runs in its mount namespace (SQLite
    // resolves the /proc/PID/root link, and would open the empty folder on this side).
    const disk = `/proc/${server.pid}/root${mountPoint}`;
    assert.ok(fs.existsSync(`${disk}/lindra.db`), 'the database is on the server\'s own disk');
    assert.ok(!fs.existsSync(`${mountPoint}/lindra.db`), 'which nothing else sees');
    const sql = (query) => sqlite(`${mountPoint}/lindra.db`, query, ['nsenter', '--target', String(server.pid), '--mount']);

    const [[patient]] = sql(`SELECT p.id FROM patients p JOIN user_units uu ON uu.unit_id = p.unit_id
      JOIN users u ON u.id = uu.user_id WHERE u.username = 'demo.sykepleier' ORDER BY p.id LIMIT 1`);
    const note = `Urolig natt, fikk ekstra dose kl. 03 (disk full, test ${process.pid})`;
    const count = () => sql(`SELECT
        (SELECT COUNT(*) FROM registrations WHERE patient_id = ${patient}),
        (SELECT COUNT(*) FROM body_marks m JOIN registrations r ON r.id = m.registration_id WHERE r.patient_id = ${patient}),
        (SELECT COUNT(*) FROM registrations WHERE note = '${note}')`)[0].map(Number);

    // A nurse opens the form and fills it in; another is signed in on the next ward.
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'nb-NO' });
    const page = await context.newPage();
    await login(page, server.url);
    await page.goto(`${server.url}/pasient/${patient}/ny`);
    await page.waitForSelector('body[data-hydrated="true"]', { state: 'attached', timeout: 20_000 });
    await fillRegistrationForm(page, note);

    // The disk fills up. Other nurses go on saving until the database, too, has no room left
    // (SQLite first reuses the space its write-ahead log already has).
    const cookie = await signIn(server.url, 'demo.avd3');
    const filler = `${disk}/filler`;
    const filled = fillUp(filler, 256 << 10);
    const [[other]] = sql(`SELECT p.id FROM patients p JOIN user_units uu ON uu.unit_id = p.unit_id
      JOIN users u ON u.id = uu.user_id WHERE u.username = 'demo.avd3' ORDER BY p.id LIMIT 1`);
    const acknowledged = [];
    let n = 0;
    /** Another nurse's form, with a body mark and a long note; null once stored, else the answer. */
    const saveOther = async () => {
      const requestId = `disk-${process.pid}-${n++}`;
      const draft = {
        observed_at: null, completed_by: 'patient', symptoms: Array.from({ length: 9 }, () => ({ score: n % 11 })),
        other_name: '', other: 'unanswered', pain_now: null, pain_worst_24h: null, pain_average_24h: null,
        breakthrough: null, body_marks: [[105, 2]], note: `${'Sov urolig. '.repeat(200)}${requestId}`,
      };
      const res = await fetch(`${server.url}/api/record_registration`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', cookie, origin: server.url },
        body: JSON.stringify({ patient_id: Number(other), request_id: requestId, draft }),
      });
      const text = await res.text();
      if (res.status !== 200) return { status: res.status, text };
      acknowledged.push(requestId);
      return null;
    };
    let refusal = null;
    while (!refusal && n < 5000) refusal = await saveOther();
    console.log(`disk full: ${filled} bytes of filler; ${acknowledged.length} forms stored before the database ran out of room; then: ${JSON.stringify(refusal)}`);
    assert.ok(refusal, 'the database ran out of room within 5000 forms');
    assert.equal(refusal.status, 503);
    assert.deepEqual(JSON.parse(refusal.text), { Unavailable: 'Serveren har ikke mer lagringsplass. Si fra til IT-ansvarlig.' });
    const before = count();

    // Our nurse saves.
    const save = page.getByRole('button', { name: 'Lagre registrering' });
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/record_registration'), { timeout: 30_000 });
    await save.click();
    const response = await answered;
    await page.waitForSelector('.form-status:has-text("ikke lagret")', { timeout: 30_000 });
    const message = (await page.locator('.form-status').textContent()).trim();
    console.log(`disk full: HTTP ${response.status()}; the form says: ${message}`);
    assert.equal(response.status(), 503);
    assert.match(message, /ikke lagret/);
    assert.match(message, /tatt vare på/);
    assert.match(message, /Serveren har ikke mer lagringsplass\. Si fra til IT-ansvarlig\./);
    assert.doesNotMatch(message, /error|serializ|Kontakt med serveren feilet|database:|sqlx|disk|full/i, 'no technical or English text');
    await assertFormKept(page, note);
    await page.screenshot({ path: path.join(os.tmpdir(), 'lindra-disk-full.png') });

    // Someone makes room. Nothing of her form was stored.
    fs.rmSync(filler);
    assert.deepEqual(count(), before, 'nothing of the refused form');
    assert.equal(before[2], 0);

    // The same form, saved again, is stored once.
    const resent = page.waitForResponse((r) => r.url().endsWith('/api/record_registration'), { timeout: 30_000 });
    await save.click();
    const answer = await resent;
    // Its body only when it failed: a stored form leaves the page at once (a full navigation
    // now that the form is an island), and the browser drops a body it no longer shows.
    if (answer.status() !== 200) assert.fail(`status ${answer.status()}: ${await answer.text()}`);
    await page.waitForURL(new RegExp(`/pasient/${patient}$`), { timeout: 30_000 });
    await page.waitForSelector('.esas-latest');
    assert.deepEqual(count(), [before[0] + 1, before[1] + 1, 1], 'stored once, with its body mark');
    assert.equal(sql(`SELECT esas_pain || ',' || esas_wellbeing || ',' || pain_now || ',' || completed_by
      FROM registrations WHERE note = '${note}'`)[0][0], '6,8,5,health_personnel');

    // The other nurses save on; each acknowledged form must be there for everyone (a database
    // connection whose commit the full disk refused must not be used as if nothing happened).
    for (let i = 0; i < 30; i++) assert.equal(await saveOther(), null, 'saved once there is room');

    // Every acknowledged form is there, whole, and the file is sound.
    assert.deepEqual(sql('PRAGMA integrity_check'), [['ok']]);
    assert.deepEqual(sql('PRAGMA foreign_key_check'), []);
    const stored = new Map(sql(`SELECT r.request_id, length(r.note),
        (SELECT COUNT(*) FROM body_marks m WHERE m.registration_id = r.id),
        (SELECT COUNT(*) FROM audit_events a WHERE a.object = 'registration/' || r.id AND a.action = 'registration.create')
      FROM registrations r WHERE r.request_id LIKE 'disk-${process.pid}-%'`).map(([id, ...rest]) => [id, rest.map(Number)]));
    assert.deepEqual([...stored.keys()].sort(), [...acknowledged].sort(), 'exactly the acknowledged forms are stored');
    for (const [requestId, [noteLength, marks, audits]] of stored) {
      assert.equal(noteLength, 'Sov urolig. '.length * 200 + requestId.length, `${requestId}: its note whole`);
      assert.equal(marks, 1, `${requestId}: its body mark`);
      assert.equal(audits, 1, `${requestId}: its access-log row`);
    }

  } finally {
    await browser?.close();
    await server?.stop();
    fs.rmSync(mountPoint, { recursive: true, force: true });
  }
});
