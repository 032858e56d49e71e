// Shared helpers for the browser tests (tests/e2e/*.test.mjs, run by scripts/test.sh).
//
//   startServer({ demo: true })  -> { url, port, pid, dataDir, logs(), stop(), kill(signal) }
//   launchBrowser()              -> a playwright-core Browser on Debian's chromium
//   axeSource()                  -> the text of axe.min.js, to inject into a page
//   psql(url, query)             -> a query's rows from PostgreSQL; scratchDatabase(url, prefix)
//   randomRegistration(...)      -> a complete form as the browser sends it
//
// Env (scripts/test.sh sets all of them; the defaults suit a run from the repo root):
//   LINDRA_BIN        server binary            (default target/release/lindra)
//   LINDRA_SITE_ROOT  built site               (default target/site)
//   CHROMIUM          browser executable       (default /usr/bin/chromium)
//   NODE_PATH         .tools/node_modules      (default <repo>/.tools/node_modules)

import { execFileSync, spawn } from 'node:child_process';
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// ESM `import` ignores NODE_PATH, so the npm tools in .tools/ are resolved by hand,
// with a CommonJS require rooted there.
const require = createRequire(import.meta.url);
const toolDirs = [
  ...(process.env.NODE_PATH ?? '').split(path.delimiter).filter(Boolean),
  path.join(repoRoot, '.tools', 'node_modules'),
];

function requireTool(name) {
  let resolved;
  try {
    // `paths` are searched like parent dirs: pass the dir that *contains* node_modules
    // as well as node_modules itself, so both forms of NODE_PATH work.
    resolved = require.resolve(name, { paths: toolDirs.flatMap((d) => [d, path.dirname(d)]) });
  } catch (err) {
    throw new Error(`cannot find npm package ${name} in ${toolDirs.join(', ')}: run scripts/setup.sh (${err.message})`);
  }
  return require(resolved);
}

export function playwright() {
  return requireTool('playwright-core');
}

/** The source of axe-core, for `page.addScriptTag({ content: axeSource() })`. */
export function axeSource() {
  return requireTool('axe-core').source;
}

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox', // we run as root
  '--disable-gpu',
  // The machine has no network but loopback: without these, Chromium keeps trying
  // Google's services and floods the logs with refused connections.
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launches headless Debian chromium through playwright-core. Close it with `browser.close()`. */
export async function launchBrowser(options = {}) {
  const { chromium } = playwright();
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    ...options,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const running = new Set();
// A test that throws must not leave servers behind.
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts the Lindra server on a free loopback port with a fresh SQLite database
 * in a temp dir, and waits until GET / answers.
 *
 * @param {object} [opts]
 * @param {boolean} [opts.demo=true]  pass --demo (seed demo data)
 * @param {string[]} [opts.args]      more command-line arguments
 * @param {object} [opts.env]         more environment variables
 * @param {string[]} [opts.wrap]      a command that runs the server (the binary and its arguments
 *                                    follow it), e.g. to start it in a namespace of its own; it
 *                                    must exec the server, so that `pid` is the server's
 * @param {number} [opts.timeoutMs=30000]
 */
export async function startServer({ demo = true, args = [], env = {}, wrap = [], timeoutMs = 30_000, port: chosenPort } = {}) {
  const bin = path.resolve(repoRoot, process.env.LINDRA_BIN || 'target/release/lindra');
  const siteRoot = path.resolve(repoRoot, process.env.LINDRA_SITE_ROOT || 'target/site');
  if (!fs.existsSync(bin)) throw new Error(`server binary ${bin} not found: run scripts/build.sh`);

  // A test that must tell another program Lindra's address first (an identity provider) chooses it.
  const port = chosenPort ?? (await freePort());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lindra-e2e-'));
  const url = `http://127.0.0.1:${port}`;
  const command = [...wrap, bin, ...(demo ? ['--demo'] : []), ...args];
  const child = spawn(command[0], command.slice(1), {
    cwd: dataDir,
    env: {
      ...process.env,
      LINDRA_ADDR: `127.0.0.1:${port}`,
      LINDRA_DATABASE_URL: `sqlite://${dataDir}/lindra.db`,
      LINDRA_SITE_ROOT: siteRoot,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);

  // Keep the server's output (bounded) to show it when something goes wrong.
  let output = '';
  const keep = (chunk) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      running.delete(child);
      resolve();
    });
  });

  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exitPromise;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`lindra exited early (${JSON.stringify(exited)}); its output:\n${output}`);
    }
    try {
      const res = await fetch(`${url}/`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      break; // any HTTP answer means it is serving
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`lindra did not answer on ${url} within ${timeoutMs} ms; its output:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  // Ends the process with a signal (SIGKILL: a crash) and waits until it is gone. A database
  // given in `env` is left for a restart (the empty data folder goes); one in the data folder stays.
  const kill = async (signal = 'SIGKILL') => {
    if (!exited) {
      child.kill(signal);
      await exitPromise;
    }
    if (env.LINDRA_DATABASE_URL) fs.rmSync(dataDir, { recursive: true, force: true });
    return exited;
  };

  return { url, port, pid: child.pid, dataDir, logs: () => output, stop, kill };
}

/** The demo users' password (demo mode only; see app/src/pages/login.rs). */
export const DEMO_PASSWORD = 'demo-passord-2026';

/** Signs `page` in as a demo user through the login form, as a person would. */
export async function login(page, url, username = 'demo.sykepleier') {
  await page.goto(`${url}/logg-inn`);
  await page.getByLabel('Brukernavn').fill(username);
  await page.getByLabel('Passord').fill(DEMO_PASSWORD);
  await Promise.all([page.waitForURL(`${url}/`), page.getByRole('button', { name: 'Logg inn' }).click()]);
}

/** Sets the signed-in user's PIN on the PIN page, with the demo password. */
export async function setPin(page, url, pin = '2580') {
  await page.goto(`${url}/pin`);
  await page.getByLabel('Passordet ditt').fill(DEMO_PASSWORD);
  await page.getByLabel('Ny PIN-kode (4-6 siffer)').fill(pin);
  await page.getByLabel('Den samme PIN-koden en gang til').fill(pin);
  await page.getByRole('button', { name: 'Lagre PIN-kode' }).click();
  await page.waitForURL(/\/pin\?lagret=1/);
}

/**
 * For a test file: starts a demo server and a browser before its tests and stops both after.
 * Returns an object whose `server` and `browser` are set once the tests run.
 */
export function serverAndBrowser(options = { demo: true }) {
  const ctx = { server: null, browser: null };
  before(async () => {
    ctx.server = await startServer(options);
    ctx.browser = await launchBrowser();
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.server?.stop();
  });
  return ctx;
}

/**
 * Signs a demo user in over HTTP, without a browser; returns the session cookie (`name=value`).
 * The request carries the `Origin` a browser on Lindra's login page sends (`origin`, by default
 * the server's own URL): Lindra refuses state changes from anywhere else.
 */
export async function signIn(url, username, origin = url) {
  const res = await fetch(`${url}/innlogging`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    body: `brukernavn=${username}&passord=${DEMO_PASSWORD}`,
    redirect: 'manual',
  });
  assert.equal(res.status, 303, `login of ${username}`);
  return res.headers.get('set-cookie').split(';')[0];
}

/**
 * Runs SQL on an SQLite file with the sqlite3 CLI (Debian package sqlite3); rows as arrays of
 * strings. `wrap`: a command to run sqlite3 under, e.g. nsenter into a server's mount namespace.
 */
export function sqlite(db, query, wrap = []) {
  const command = [...wrap, 'sqlite3', '-batch', '-noheader', '-separator', '|', db, query];
  const out = execFileSync(command[0], command.slice(1), {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  return out.split('\n').filter((l) => l !== '').map((l) => l.split('|'));
}

const FORM_ITEMS = ['pain', 'tiredness', 'drowsiness', 'nausea', 'appetite', 'shortness_of_breath', 'depression', 'anxiety', 'wellbeing'];
const FORM_SCORES = [6, 3, 2, 0, 7, 1, 4, 5, 8];

/**
 * Fills in the new-registration form open on `page` as a nurse would: the nine ESAS-r scores
 * (6, 3, 2, 0, 7, 1, 4, 5, 8), "helsepersonell", pain now 5, the right shoulder (front) at 3
 * on the body map, and `note`.
 */
export async function fillRegistrationForm(page, note) {
  for (const [i, item] of FORM_ITEMS.entries()) {
    await page.locator(`fieldset[data-field="esas.${item}"] button[data-score="${FORM_SCORES[i]}"]`).click();
  }
  await page.locator('button[data-completed-by="health_personnel"]').click();
  await page.locator('fieldset[data-field="pain.now"] button[data-score="5"]').click();
  // The right shoulder, front (on the upper front section where the map is split up).
  const section = page.locator('button[data-section="front_upper"]');
  if (await section.count()) await section.click();
  await page.locator('g[data-region="105"]').locator('rect, path, polygon').first().click();
  await page.locator('.region-editor button[data-score="3"]').click();
  await page.locator('#note').fill(note);
}

/** Everything `fillRegistrationForm` typed is still on the form, which is still open. */
export async function assertFormKept(page, note) {
  assert.match(page.url(), /\/ny$/);
  for (const [i, item] of FORM_ITEMS.entries()) {
    const chosen = page.locator(`fieldset[data-field="esas.${item}"] button[data-score="${FORM_SCORES[i]}"]`);
    assert.equal(await chosen.getAttribute('aria-pressed'), 'true', `${item} kept`);
  }
  assert.equal(await page.locator('button[data-completed-by="health_personnel"]').getAttribute('aria-pressed'), 'true');
  assert.equal(await page.locator('fieldset[data-field="pain.now"] button[data-score="5"]').getAttribute('aria-pressed'), 'true');
  assert.deepEqual(await page.locator('.marks li').allTextContents(), ['Skulder, forside, pasientens høyre: 3']);
  assert.equal(await page.locator('#note').inputValue(), note);
}

/** psql on PATH, or the newest server's (Debian package postgresql-client). */
function psqlBinary() {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && fs.existsSync(`${dir}/psql`)) return `${dir}/psql`;
  }
  const versions = fs.existsSync('/usr/lib/postgresql') ? fs.readdirSync('/usr/lib/postgresql') : [];
  const found = versions
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => `/usr/lib/postgresql/${v}/bin/psql`)
    .find((p) => fs.existsSync(p));
  if (!found) throw new Error('psql not found (Debian package postgresql-client)');
  return found;
}

/** The result of a query straight to PostgreSQL at `url`, unaligned: columns `|`, rows `\n`. */
export function psql(url, query) {
  return execFileSync(psqlBinary(), ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', query], {
    encoding: 'utf8',
  }).trim();
}

/**
 * A database of its own on the cluster of `clusterUrl` (scripts/test.sh's throwaway cluster):
 * `{ url, drop() }`. Tests that start servers on PostgreSQL use one each, so they neither see
 * nor disturb the others' rows.
 */
export function scratchDatabase(clusterUrl, prefix) {
  const name = `${prefix}_${process.pid}_${Date.now()}`;
  psql(clusterUrl, `CREATE DATABASE ${name}`);
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.href,
    drop: () => psql(clusterUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** A random whole number from `lo` to `hi`, both included. */
export const between = (lo, hi) => lo + Math.floor(Math.random() * (hi - lo + 1));
let formCounter = 0;

/**
 * A complete form as the browser sends it to `POST /api/record_registration`, for one of
 * `patients`, with random scores, pain now and one to three body-map marks (regions 105, 222,
 * 130), a fresh request id starting with `prefix` and the note "`prefix` <request id>".
 * Returns `{ requestId, patientId, marks, note, body }`.
 */
export function randomRegistration(patients, prefix) {
  const patientId = patients[between(0, patients.length - 1)];
  const requestId = `${prefix}-${process.pid}-${++formCounter}-${Math.random().toString(36).slice(2, 10)}`;
  const regions = [105, 222, 130].slice(0, between(1, 3));
  const note = `${prefix} ${requestId}`;
  const draft = {
    observed_at: null,
    completed_by: 'health_personnel',
    symptoms: Array.from({ length: 9 }, () => ({ score: between(0, 10) })),
    other_name: '',
    other: 'unanswered',
    pain_now: between(0, 10),
    pain_worst_24h: null,
    pain_average_24h: null,
    breakthrough: null,
    body_marks: regions.map((r) => [r, between(0, 10)]),
    note,
  };
  return { requestId, patientId, marks: regions.length, note, draft, body: JSON.stringify({ patient_id: patientId, request_id: requestId, draft }) };
}

/**
 * The WCAG 2.1 A/AA violations axe-core finds on `page`, one line each (the page's context must
 * let the injected script in: `bypassCSP: true`).
 */
export async function axeViolations(page) {
  await page.addScriptTag({ content: axeSource() });
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  if (result.passes.length <= 5) throw new Error('axe did not run its checks');
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}
