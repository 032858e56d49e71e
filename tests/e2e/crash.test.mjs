// Crash safety: the real release server on SQLite, several clients recording registrations at
// once, SIGKILL at random moments, a restart on the same database file each time. After every
// kill the file must pass `PRAGMA integrity_check` and hold every registration that got a
// success answer (with its body marks and its access-log row); at the end the database holds
// exactly the forms the clients sent, each once: a form whose answer was lost in the crash is
// sent again with the same request id, as the browser does, and must not be stored twice.
//
//   node --test tests/e2e/crash.test.mjs                      a few kills (the test command)
//   LINDRA_CRASH_KILLS=100 node --test tests/e2e/crash.test.mjs   scripts/crash-long.sh
//
// Env: LINDRA_CRASH_KILLS (default 5), LINDRA_CRASH_CLIENTS (default 4),
//      LINDRA_CRASH_REPORT (a file to write the summary to, as JSON).
// Reads the database with the sqlite3 command-line tool (Debian package sqlite3).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, signIn, sqlite, randomRegistration, between } from './support.mjs';

const KILLS = Number(process.env.LINDRA_CRASH_KILLS || 5);
const CLIENTS = Number(process.env.LINDRA_CRASH_CLIENTS || 4);
const USERS = ['demo.sykepleier', 'demo.avd3', 'demo.helsefag', 'demo.ressurs'];

test(`every acknowledged registration survives ${KILLS} SIGKILLs, and the file stays whole`, async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lindra-crash-'));
  const db = path.join(dir, 'lindra.db');
  const env = { LINDRA_DATABASE_URL: `sqlite://${db}`, LINDRA_LOG: 'warn' };
  const started = Date.now();

  let server = await startServer({ demo: true, env });
  const live = { url: server.url };
  const cookies = [];
  const patientsOf = [];
  for (let i = 0; i < CLIENTS; i++) {
    const username = USERS[i % USERS.length];
    cookies.push(await signIn(server.url, username));
    const rows = sqlite(db, `SELECT p.id FROM patients p JOIN user_units uu ON uu.unit_id = p.unit_id
                          JOIN users u ON u.id = uu.user_id WHERE u.username = '${username}' ORDER BY p.id`);
    patientsOf.push(rows.map((r) => Number(r[0])));
    assert.ok(patientsOf[i].length > 0, `${username} has patients`);
  }

  /** request id -> { id, patientId, marks }: every form that got a success answer. */
  const acked = new Map();
  const sent = new Set();
  const unexpected = [];
  const inFlight = new Array(CLIENTS).fill(false);
  let resends = 0;
  let answeredAfterResend = 0;
  let done = false;

  // A client keeps its form until it gets an answer: a connection refused or cut by the crash
  // means "not known to be saved", and the same form (same request id) is sent again.
  async function client(i) {
    let form = randomRegistration(patientsOf[i], 'crash');
    let tries = 0;
    while (!done) {
      const url = live.url;
      if (!url) {
        await sleep(10);
        continue;
      }
      sent.add(form.requestId);
      if (tries > 0) resends++;
      tries++;
      inFlight[i] = true;
      try {
        const res = await fetch(`${url}/api/record_registration`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', cookie: cookies[i], origin: url },
          body: form.body,
          signal: AbortSignal.timeout(15_000),
        });
        const text = await res.text();
        if (res.status === 200) {
          const stored = JSON.parse(text);
          acked.set(form.requestId, { id: stored.id, patientId: form.patientId, marks: form.marks });
          if (tries > 1) answeredAfterResend++;
          form = randomRegistration(patientsOf[i], 'crash');
          tries = 0;
        } else {
          unexpected.push(`HTTP ${res.status}: ${text.slice(0, 300)}`);
          await sleep(50);
        }
      } catch {
        // The server died under this request, or is not up yet.
        await sleep(10);
      } finally {
        inFlight[i] = false;
      }
    }
  }

  function checkFile(when) {
    const integrity = sqlite(db, 'PRAGMA integrity_check').map((r) => r[0]);
    assert.deepEqual(integrity, ['ok'], `integrity_check ${when}`);
    const fk = sqlite(db, 'PRAGMA foreign_key_check');
    assert.deepEqual(fk, [], `foreign_key_check ${when}`);
    const rows = new Map(
      sqlite(db, `WITH marks AS (SELECT registration_id AS id, COUNT(*) AS n FROM body_marks GROUP BY registration_id),
                    audits AS (SELECT object, COUNT(*) AS n FROM audit_events
                               WHERE action = 'registration.create' GROUP BY object)
               SELECT r.request_id, r.id, r.patient_id, COALESCE(m.n, 0), COALESCE(a.n, 0)
               FROM registrations r
               LEFT JOIN marks m ON m.id = r.id
               LEFT JOIN audits a ON a.object = 'registration/' || r.id
               WHERE r.request_id LIKE 'crash-%'`).map((r) => [r[0], r.slice(1).map(Number)]),
    );
    // Snapshot of the answers so far: each was sent after its transaction committed.
    for (const [requestId, a] of [...acked]) {
      const row = rows.get(requestId);
      assert.ok(row, `acknowledged registration ${requestId} (id ${a.id}) is in the database ${when}`);
      const [id, patientId, marks, audits] = row;
      assert.equal(id, a.id, `${requestId}: the id the client was given`);
      assert.equal(patientId, a.patientId);
      assert.equal(marks, a.marks, `${requestId}: all body marks of the registration`);
      assert.ok(audits >= 1, `${requestId}: an access-log row for the acknowledged registration`);
    }
    for (const requestId of rows.keys()) assert.ok(sent.has(requestId), `${requestId} was sent by a client`);
    return rows;
  }

  const clients = Array.from({ length: CLIENTS }, (_, i) => client(i));
  const cycles = [];
  try {
    for (let kill = 1; kill <= KILLS; kill++) {
      // Most kills land in a stream of writes; a few right after the start.
      const delay = Math.random() < 0.15 ? between(0, 60) : between(80, 1200);
      await sleep(delay);
      const busy = inFlight.filter(Boolean).length;
      const before = acked.size;
      live.url = null;
      const exit = await server.kill('SIGKILL');
      assert.equal(exit.signal, 'SIGKILL', 'the server was killed, not stopped');
      await server.stop(); // removes its scratch folder; the database is ours
      const rows = checkFile(`after kill ${kill}`);
      cycles.push({ kill, delay, inFlight: busy, acked: acked.size, ackedThisRun: acked.size - before, rows: rows.size });
      server = await startServer({ demo: true, env });
      live.url = server.url;
    }
    // Let the clients resend whatever was cut off by the last kill, then stop them.
    await sleep(300);
    done = true;
    await Promise.all(clients);
  } finally {
    done = true;
    live.url = null;
    await server.stop();
  }

  assert.deepEqual(unexpected, [], 'every answer was a success or a cut connection');
  const rows = checkFile('at the end');
  // Exactly the forms sent, each once: none lost, none stored twice, none from nowhere.
  const stored = [...rows.keys()].sort();
  const answered = [...acked.keys()].sort();
  assert.deepEqual(stored, answered, 'the database holds exactly the acknowledged forms');
  const ids = new Set([...rows.values()].map((r) => r[0]));
  assert.equal(ids.size, rows.size, 'one row per form');
  assert.ok(acked.size >= KILLS, `registrations were recorded (${acked.size})`);
  assert.ok(cycles.some((c) => c.inFlight > 0), 'at least one kill hit requests in flight');

  const summary = {
    kills: KILLS,
    clients: CLIENTS,
    acknowledged: acked.size,
    found: stored.filter((r) => acked.has(r)).length,
    missing: answered.filter((r) => !rows.has(r)).length,
    rows: rows.size,
    resends,
    answeredAfterResend,
    killsWithRequestsInFlight: cycles.filter((c) => c.inFlight > 0).length,
    integrity: 'ok',
    seconds: Math.round((Date.now() - started) / 1000),
  };
  t.diagnostic(`crash summary: ${JSON.stringify(summary)}`);
  if (process.env.LINDRA_CRASH_REPORT) {
    fs.writeFileSync(process.env.LINDRA_CRASH_REPORT, JSON.stringify({ summary, cycles }, null, 2));
  }
  fs.rmSync(dir, { recursive: true, force: true });
});
