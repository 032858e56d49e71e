// Shared helpers for the browser tests (tests/e2e/*.test.mjs, run by scripts/test.sh).
//
//   startServer({ demo: true })  -> { url, port, dataDir, logs(), stop(), kill(signal) }
//   launchBrowser()              -> a playwright-core Browser on Debian's chromium
//   axeSource()                  -> the text of axe.min.js, to inject into a page
//
// Env (scripts/test.sh sets all of them; the defaults suit a run from the repo root):
//   LINDRA_BIN        server binary            (default target/release/lindra)
//   LINDRA_SITE_ROOT  built site               (default target/site)
//   CHROMIUM          browser executable       (default /usr/bin/chromium)
//   NODE_PATH         .tools/node_modules      (default <repo>/.tools/node_modules)

import { spawn } from 'node:child_process';
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
 * @param {number} [opts.timeoutMs=30000]
 */
export async function startServer({ demo = true, args = [], env = {}, timeoutMs = 30_000 } = {}) {
  const bin = path.resolve(repoRoot, process.env.LINDRA_BIN || 'target/release/lindra');
  const siteRoot = path.resolve(repoRoot, process.env.LINDRA_SITE_ROOT || 'target/site');
  if (!fs.existsSync(bin)) throw new Error(`server binary ${bin} not found: run scripts/build.sh`);

  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lindra-e2e-'));
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(bin, [...(demo ? ['--demo'] : []), ...args], {
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

  // Ends the process with a signal (SIGKILL: a crash) and waits until it is gone. The data
  // folder stays; a database given in `env` is left for a restart.
  const kill = async (signal = 'SIGKILL') => {
    if (!exited) {
      child.kill(signal);
      await exitPromise;
    }
    return exited;
  };

  return { url, port, dataDir, logs: () => output, stop, kill };
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
