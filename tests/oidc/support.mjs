// Helpers for browser tests that sign in through the test provider (tests/oidc/provider.mjs).
//
//   const port = await freePort();                         // Lindra's, chosen before either starts
//   const idp = await startProvider({ redirectUris: [`http://localhost:${port}/oidc/callback`] });
//   idp.issuer                                             // "http://127.0.0.1:NNNNN"
//   await idp.arm('expired')                               // the next token response's id_token
//   await idp.arm({ set: { amr: ['pwd', 'mfa'] } })
//   await idp.clear(); await idp.lastIdToken();            // { header, claims, fault }
//   await signInAtProvider(page, 'demo.sykepleier')        // fills and submits its login form
//   idp.stop()
//
// Lindra and the provider each need the other's address before they start (Lindra the issuer, the
// provider the redirect URI), so the test picks Lindra's port first. Lindra on `localhost` and the
// provider on `127.0.0.1` are different sites, as a real deployment's are: the test then sees the
// SameSite behaviour a hospital's browser will.

import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** A port free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts tests/oidc/provider.mjs with the test control on and waits for "listening <issuer>".
 * @param {object} opts
 * @param {string[]} opts.redirectUris     Lindra's callback URL(s)
 * @param {string} [opts.clientId]         default "lindra"
 * @param {string} [opts.clientSecret]     default "lindra-test-secret"
 * @param {object} [opts.env]              more OIDC_* variables (OIDC_AMR, OIDC_ID_TOKEN_TTL, ...)
 */
export async function startProvider({ redirectUris, clientId = 'lindra', clientSecret = 'lindra-test-secret', env = {}, timeoutMs = 20_000 }) {
  const child = spawn(process.execPath, [path.join(here, 'provider.mjs'), '0'], {
    env: {
      ...process.env,
      OIDC_CLIENT_ID: clientId,
      OIDC_CLIENT_SECRET: clientSecret,
      OIDC_REDIRECT_URIS: redirectUris.join(','),
      OIDC_TEST_CONTROL: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (chunk) => {
    output = (output + chunk.toString()).slice(-20_000);
  });
  const issuer = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`provider.mjs did not start in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('listening ')) {
        clearTimeout(timer);
        resolve(line.slice('listening '.length));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`provider.mjs exited with ${code}:\n${output}`));
    });
  });
  const control = async (method, body) => {
    const response = await fetch(`${issuer}/__test/id-token`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`provider test control ${method}: ${response.status} ${await response.text()}`);
    return response.status === 204 ? null : response.json();
  };
  return {
    issuer,
    clientId,
    clientSecret,
    /** Arms a named fault (provider.mjs lists them) or a change ({ set, unset, key }) for the next token response. */
    arm: (fault, count = 1) => control('POST', typeof fault === 'string' ? { fault, count } : { ...fault, count }),
    clear: () => control('DELETE'),
    lastIdToken: async () => (await control('GET')).last_id_token,
    logs: () => output,
    stop: () => child.kill('SIGTERM'),
  };
}

/** On the provider's login page: fills in the username (and a password) and signs in. */
export async function signInAtProvider(page, username, password = 'hva-som-helst') {
  await page.getByLabel('Brukernavn').fill(username);
  await page.getByLabel('Passord').fill(password);
  await page.getByRole('button', { name: 'Logg inn' }).click();
}
