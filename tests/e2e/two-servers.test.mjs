// Two Lindra processes on one PostgreSQL behind a load balancer without sticky sessions: a
// round-robin HTTP proxy in front of both sends each request to the other server in turn, the
// Host header kept (docs/operations.md, "Several servers"). The same users are served by both
// servers alternately: nobody is asked to sign in again, no write is lost, each form is stored
// once, two corrections of one registration on the two servers at once store one and tell the
// other nurse why, and a logout on one server ends the session on both.
//
// scripts/test.sh provides LINDRA_TEST_POSTGRES_URL (a throwaway cluster); under CI the test
// fails without it instead of skipping. Each run has a database of its own on that cluster.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import {
  startServer, launchBrowser, login, signIn, fillRegistrationForm, psql, scratchDatabase, randomRegistration,
} from './support.mjs';

const pgUrl = process.env.LINDRA_TEST_POSTGRES_URL;
const ci = process.env.CI === 'true' || process.env.CI === '1';
const skip = !pgUrl && !ci && 'LINDRA_TEST_POSTGRES_URL not set';

const USERS = ['demo.sykepleier', 'demo.helsefag', 'demo.avd3', 'demo.ressurs'];
const ROUNDS = 12; // per user: open the patient page, record a registration

/**
 * A load balancer on a loopback port (`backends` may be filled after it starts): each request goes to the next backend in turn, whatever
 * connection it came on, with its headers as sent (Host included); `pin(path, i)` sends the
 * requests for `path` to backend i instead, until `pin(path)` lets them go round again. `served` lists what each backend answered:
 * { backend, method, path, status, location }.
 */
async function roundRobin(backends) {
  const served = [];
  let next = 0;
  const pinned = new Map();
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    let backend = pinned.get(req.url);
    if (backend === undefined) {
      backend = next;
      next = (next + 1) % backends.length;
    }
    const target = new URL(backends[backend]);
    const upstream = http.request(
      { hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent },
      (answer) => {
        served.push({ backend, method: req.method, path: req.url, status: answer.statusCode, location: answer.headers.location });
        res.writeHead(answer.statusCode, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      served.push({ backend, method: req.method, path: req.url, status: 502 });
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy: ${error.message}`);
    });
    req.pipe(upstream);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    served,
    pin: (path, backend) => {
      if (backend === undefined) pinned.delete(path);
      else pinned.set(path, backend);
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      agent.destroy();
    },
  };
}

const ctx = { database: null, a: null, b: null, lb: null };

before(async () => {
  if (skip) return;
  assert.ok(pgUrl, 'LINDRA_TEST_POSTGRES_URL must be set under CI');
  ctx.database = scratchDatabase(pgUrl, 'lindra_two');
  // The balancer first: its address is the public origin both servers accept state changes from
  // (as https://lindra.kommune.no would be), whichever server a request reaches.
  const backends = [];
  ctx.lb = await roundRobin(backends);
  const env = { LINDRA_DATABASE_URL: ctx.database.url, LINDRA_LOG: 'warn', LINDRA_PUBLIC_ORIGIN: ctx.lb.url };
  // One after the other: the first seeds the demo data into the empty database.
  ctx.a = await startServer({ demo: true, env });
  ctx.b = await startServer({ demo: true, env });
  backends.push(ctx.a.url, ctx.b.url);
});

after(async () => {
  await ctx.lb?.close();
  await ctx.a?.stop();
  await ctx.b?.stop();
  ctx.database?.drop();
});

/** The ids of the patients `username` may see, from the database. */
function patientsOf(username) {
  return psql(ctx.database.url, `SELECT p.id FROM patients p JOIN user_units uu ON uu.unit_id = p.unit_id
    JOIN users u ON u.id = uu.user_id WHERE u.username = '${username}' ORDER BY p.id`)
    .split('\n')
    .map(Number);
}

function recordOn(url, cookie, body) {
  return fetch(`${url}/api/record_registration`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', cookie, origin: ctx.lb.url },
    body,
    signal: AbortSignal.timeout(15_000),
  });
}

test('the same users on two servers in turn: no second sign-in, no lost or doubled write', { skip, timeout: 120_000 }, async () => {
  const { a, b, lb } = ctx;
  const cookies = [];
  for (const username of USERS) cookies.push(await signIn(lb.url, username));

  // Each user opens a patient page and records a registration, ROUNDS times; all four at once.
  const acked = new Map(); // request id -> { id, patientId, marks, note, user }
  const failures = [];
  await Promise.all(USERS.map(async (username, u) => {
    const patients = patientsOf(username);
    assert.ok(patients.length > 0, `${username} has patients`);
    for (let round = 0; round < ROUNDS; round++) {
      const form = randomRegistration(patients, 'twoserv');
      const page = await fetch(`${lb.url}/pasient/${form.patientId}`, { headers: { cookie: cookies[u] }, redirect: 'manual' });
      const html = await page.text();
      if (page.status !== 200 || !html.includes('<html')) failures.push(`${username}: patient page ${page.status} ${page.headers.get('location') ?? ''}`);
      const res = await recordOn(lb.url, cookies[u], form.body);
      const text = await res.text();
      if (res.status !== 200) {
        failures.push(`${username}: recording ${res.status} ${text.slice(0, 200)}`);
        continue;
      }
      acked.set(form.requestId, { id: JSON.parse(text).id, patientId: form.patientId, marks: form.marks, note: form.note, user: u });
    }
  }));
  assert.deepEqual(failures, [], 'every page and every recording answered, none sent to the login page');
  assert.equal(acked.size, USERS.length * ROUNDS);

  // Both servers did the work: strict turns put about half of the recordings on each.
  const recordings = lb.served.filter((s) => s.path === '/api/record_registration');
  const perBackend = [0, 1].map((i) => recordings.filter((s) => s.backend === i).length);
  console.log(`recordings served: A ${perBackend[0]}, B ${perBackend[1]}; requests through the balancer: ${lb.served.length}`);
  for (const n of perBackend) assert.ok(n >= acked.size / 4, `each server recorded a fair share (${perBackend})`);
  const relogins = lb.served.filter((s) => s.location === '/logg-inn' || s.status === 401);
  assert.deepEqual(relogins, [], 'no request was sent back to the login page');

  // Every acknowledged form is in the database once, whole, with its access-log row.
  const rows = new Map(
    psql(ctx.database.url, `SELECT r.request_id, r.id, r.patient_id,
        (SELECT COUNT(*) FROM body_marks m WHERE m.registration_id = r.id),
        (SELECT COUNT(*) FROM audit_events e WHERE e.action = 'registration.create' AND e.object = 'registration/' || r.id)
      FROM registrations r WHERE r.request_id LIKE 'twoserv-%'`)
      .split('\n')
      .map((line) => line.split('|'))
      .map(([requestId, ...rest]) => [requestId, rest.map(Number)]),
  );
  assert.equal(rows.size, acked.size, 'exactly the acknowledged forms are stored, each once');
  for (const [requestId, want] of acked) {
    assert.deepEqual(rows.get(requestId), [want.id, want.patientId, want.marks, 1], `registration ${requestId}: id, patient, marks, one audit row`);
  }

  // What one server stored, the other shows: each registration's page on both, straight.
  for (const [, want] of [...acked].slice(0, 16)) {
    for (const server of [a, b]) {
      const res = await fetch(`${server.url}/registrering/${want.id}`, { headers: { cookie: cookies[want.user] }, redirect: 'manual' });
      assert.equal(res.status, 200, `registration ${want.id} on ${server.url}`);
      assert.ok((await res.text()).includes(want.note), `registration ${want.id} on ${server.url} shows its note`);
    }
  }

  // Two nurses correct the same registration at the same moment, one on each server: one
  // version is stored, and the other nurse is told that someone else corrected it first.
  const [, target] = [...acked].find(([, r]) => USERS[r.user] === 'demo.sykepleier');
  const ressurs = USERS.indexOf('demo.ressurs');
  const correction = (server, cookie, tag) => {
    const form = randomRegistration([target.patientId], `twoserv-rett-${tag}`);
    return fetch(`${server.url}/api/correct_registration`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', cookie, origin: ctx.lb.url },
      body: JSON.stringify({ registration_id: target.id, request_id: form.requestId, reason: `Feil pasient valgt (${tag})`, draft: form.draft }),
    }).then(async (res) => ({ status: res.status, text: await res.text() }));
  };
  const answers = await Promise.all([correction(a, cookies[0], 'a'), correction(b, cookies[ressurs], 'b')]);
  const statuses = answers.map((x) => x.status).sort();
  assert.deepEqual(statuses, [200, 409], `one correction stored, one refused: ${JSON.stringify(answers)}`);
  const refused = answers.find((x) => x.status === 409);
  assert.match(refused.text, /rettet/, 'the refusal says the registration was corrected already');
  assert.equal(
    psql(ctx.database.url, `SELECT COUNT(*) FROM registrations WHERE supersedes_id = ${target.id}`),
    '1',
    'one new version, the history not forked',
  );
  assert.equal(psql(ctx.database.url, `SELECT note FROM registrations WHERE id = ${target.id}`), target.note, 'the corrected version kept as it was');

  // A logout on one server ends the session on both; the others stay signed in on both.
  const logout = await fetch(`${lb.url}/utlogging`, { method: 'POST', headers: { cookie: cookies[0], origin: lb.url }, redirect: 'manual' });
  assert.equal(logout.status, 303);
  for (const server of [a, b]) {
    const gone = await fetch(`${server.url}/enhet/1`, { headers: { cookie: cookies[0] }, redirect: 'manual' });
    assert.equal(gone.status, 303, `logged out on ${server.url}`);
    assert.equal(gone.headers.get('location'), '/logg-inn');
    const still = await fetch(`${server.url}/enhet/1`, { headers: { cookie: cookies[1] }, redirect: 'manual' });
    assert.equal(still.status, 200, `the colleague is still signed in on ${server.url}`);
  }
});

test('a nurse in Chromium behind the balancer: the form saves, and both servers show it', { skip, timeout: 120_000 }, async () => {
  const { lb } = ctx;
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'nb-NO', hasTouch: true });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await login(page, lb.url, 'demo.helsefag');
    const patient = patientsOf('demo.helsefag')[0];
    const note = `Sov urolig, ny smerte i skulder (to servere ${process.pid})`;

    await page.goto(`${lb.url}/pasient/${patient}/ny`);
    await page.waitForSelector('body[data-hydrated="true"]', { state: 'attached', timeout: 20_000 });
    await fillRegistrationForm(page, note);
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/record_registration'));
    await Promise.all([
      page.waitForURL(new RegExp(`/pasient/${patient}$`), { timeout: 30_000 }),
      page.getByRole('button', { name: 'Lagre registrering' }).click(),
    ]);
    assert.equal((await saved).status(), 200);
    const save = lb.served.filter((s) => s.path === '/api/record_registration').at(-1);
    assert.equal(save.status, 200, 'the balancer passed the save on to a server');

    // The page reloaded from each server in turn (pinned: with plain turns, the other requests
    // of a reload can keep the page on one server): both show the new registration, and
    // neither asks her to sign in again.
    for (const backend of [0, 1]) {
      lb.pin(`/pasient/${patient}`, backend);
      await page.reload();
      const render = lb.served.filter((s) => s.method === 'GET' && s.path === `/pasient/${patient}`).at(-1);
      assert.equal(render.backend, backend, `the page came from server ${backend}`);
      assert.equal(render.status, 200);
      assert.match(page.url(), new RegExp(`/pasient/${patient}$`), 'still signed in');
      assert.match(await page.locator('.esas-latest').textContent(), new RegExp(note.replace(/[()]/g, '\\$&')), `server ${backend} shows it`);
    }
    lb.pin(`/pasient/${patient}`);
    assert.equal(
      psql(ctx.database.url, `SELECT COUNT(*) FROM registrations WHERE note = '${note.replace(/'/g, "''")}'`),
      '1',
      'stored once',
    );
    assert.deepEqual(errors, [], 'no script errors in the page');
  } finally {
    await browser.close();
  }
});

test('a follow-up opened on one server reaches a page whose live stream is on the other', { skip, timeout: 60_000 }, async () => {
  const { lb } = ctx;
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'nb-NO' });
    // A patient of its own, so that the first test's follow-ups do not stand in the way.
    const patient = Number(psql(ctx.database.url, `INSERT INTO patients (name, birth_date, room, unit_id, created_at)
      VALUES ('Live Testesen', '1941-03-04', '199', 1, now()) RETURNING id`).split('\n')[0]);
    const cookie = await signIn(lb.url, 'demo.helsefag');
    const [name, value] = cookie.split('=');
    await context.addCookies([{ name, value, url: lb.url }]);
    const page = await context.newPage();
    await page.goto(`${lb.url}/enhet/1/oversikt`);
    await page.waitForSelector('body[data-live="true"]', { state: 'attached', timeout: 20_000 });
    const stream = lb.served.filter((s) => s.path === '/hendelser').at(-1);
    assert.ok(stream, 'the event stream went through the balancer');
    const other = [ctx.a, ctx.b][1 - stream.backend];

    // A severe score saved on the server that does not hold the page's stream.
    const saver = await signIn(lb.url, 'demo.sykepleier');
    const symptoms = [8, 1, 1, 1, 1, 1, 1, 1, 1].map((score) => ({ score }));
    const draft = {
      observed_at: null, completed_by: 'patient', symptoms, other_name: '', other: 'unanswered', pain_now: null,
      pain_worst_24h: null, pain_average_24h: null, breakthrough: null, body_marks: [], note: '',
    };
    const started = Date.now();
    const res = await recordOn(other.url, saver, JSON.stringify({ patient_id: patient, request_id: `twoserv-live-${patient}`, draft }));
    assert.equal(res.status, 200, await res.text());
    await page.locator(`.overview-row[data-patient="${patient}"] .followup-flag`).waitFor({ timeout: 5_000 });
    console.log(`live across servers: the overview showed the follow-up ${Date.now() - started} ms after the save`);
  } finally {
    await browser.close();
  }
});
