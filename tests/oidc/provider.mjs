#!/usr/bin/env node
// A small OpenID Connect provider for Lindra's single sign-on tests and demo: npm oidc-provider
// (pinned in tests/e2e/package.json), on 127.0.0.1 only, with one confidential client, PKCE
// required, the demo users as accounts, and a plain login form that automated browsers can fill.
//
//   node tests/oidc/provider.mjs [PORT]         prints "listening <issuer>" on stdout when ready
//
// Environment (all optional; the defaults suit `lindra --demo` on 127.0.0.1:3000):
//   OIDC_PORT                   port when no argument is given; 0 (the default) picks a free one
//   OIDC_ISSUER                 the issuer URL; default http://127.0.0.1:PORT (must be loopback)
//   OIDC_CLIENT_ID              default "lindra"
//   OIDC_CLIENT_SECRET          default "lindra-demo-secret" (a test value: never a real one)
//   OIDC_CLIENT_AUTH            client_secret_basic (default) or client_secret_post
//   OIDC_REDIRECT_URIS          comma-separated; default http://127.0.0.1:3000/oidc/callback,
//                               http://localhost:3000/oidc/callback
//   OIDC_POST_LOGOUT_REDIRECT_URIS  comma-separated; default each redirect URI's origin + /logg-inn
//   OIDC_ACCOUNTS               comma-separated usernames; default the six demo users and
//                               demo.ukjent (known here, unknown to Lindra)
//   OIDC_PASSWORD               if set, the login form wants it; unset, any password (or none)
//   OIDC_AMR                    the id_token's amr, comma-separated; default "pwd"
//   OIDC_ID_TOKEN_TTL           seconds; default 300
//   OIDC_TEST_CONTROL=1         enables the test-only endpoints under /__test/ (never in a demo)
//   OIDC_KEY_FILE               keep the signing key (a private JWK) in this file across restarts;
//                               without it every start has a new key (and a new kid)
//
// The login page (GET /interaction/<uid>): a form with
//   <label for="username">Brukernavn</label> <input id="username" name="username">
//   <label for="password">Passord</label>    <input id="password" name="password" type="password">
//   <button type="submit">Logg inn</button>
// so a Playwright test does:  page.getByLabel('Brukernavn').fill('demo.sykepleier');
//   page.getByLabel('Passord').fill('x'); page.getByRole('button', { name: 'Logg inn' }).click();
// There is no consent page: the one client is first-party, its grant is given at once.
// An unknown username gets the form again with «Ukjent brukernavn eller feil passord» (HTTP 401).
//
// Test-only endpoints (OIDC_TEST_CONTROL=1), to make the NEXT token response carry a bad id_token:
//   POST /__test/id-token   JSON {"fault": NAME, "count": 1}  (count: how many token responses)
//                           or   {"set": {claim: value}, "unset": ["claim"], "key": KEY}
//   DELETE /__test/id-token  clears what is armed;   GET /__test/id-token  shows it and the
//                           claims of the last id_token issued (as sent, after any fault)
// NAME: expired, wrong_audience, wrong_issuer, wrong_nonce, missing_nonce, other_key,
//   other_key_same_kid, alg_none, hs256_client_secret (each must be refused), rotated (signed
//   with a new key that /jwks publishes from then on: must be accepted after a JWKS refresh),
//   mfa (amr ["pwd","mfa"]: accepted). KEY: "current", "rotated", "other", "other_same_kid",
//   "none", "hs256". The id_token is re-signed after the change; everything else about the
//   response (code, PKCE, access token) is oidc-provider's own.

import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// oidc-provider's notices go to stdout via console.info; stdout is for "listening ..." alone.
console.info = (...args) => console.error(...args);

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');

/** Finds oidc-provider where the project installs node tools, or next to this file, or in the
 * current directory: ESM `import` ignores NODE_PATH (as in tests/e2e/support.mjs). */
async function importOidcProvider() {
  const require = createRequire(import.meta.url);
  const dirs = [
    ...(process.env.NODE_PATH ?? '').split(path.delimiter).filter(Boolean),
    path.join(repoRoot, '.tools', 'node_modules'),
    path.join(here, 'node_modules'),
    path.join(process.cwd(), 'node_modules'),
  ];
  let resolved;
  try {
    resolved = require.resolve('oidc-provider', { paths: dirs.flatMap((d) => [d, path.dirname(d)]) });
  } catch (err) {
    throw new Error(`cannot find npm package oidc-provider in ${dirs.join(', ')}: run scripts/setup.sh (${err.message})`);
  }
  return import(pathToFileURL(resolved).href);
}

const { default: Provider, errors } = await importOidcProvider();

// ---------------------------------------------------------------- configuration
const env = process.env;
const list = (value, fallback) => {
  const items = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return items.length ? items : fallback;
};

const port = Number(process.argv[2] ?? env.OIDC_PORT ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`provider.mjs: bad port ${process.argv[2] ?? env.OIDC_PORT}`);
  process.exit(2);
}
const clientId = env.OIDC_CLIENT_ID || 'lindra';
const clientSecret = env.OIDC_CLIENT_SECRET || 'lindra-demo-secret';
const clientAuth = env.OIDC_CLIENT_AUTH || 'client_secret_basic';
if (!['client_secret_basic', 'client_secret_post'].includes(clientAuth)) {
  console.error(`provider.mjs: OIDC_CLIENT_AUTH must be client_secret_basic or client_secret_post, not ${clientAuth}`);
  process.exit(2);
}
const redirectUris = list(env.OIDC_REDIRECT_URIS, [
  'http://127.0.0.1:3000/oidc/callback',
  'http://localhost:3000/oidc/callback',
]);
const postLogoutRedirectUris = list(
  env.OIDC_POST_LOGOUT_REDIRECT_URIS,
  [...new Set(redirectUris.map((u) => `${new URL(u).origin}/logg-inn`))],
);
const usernames = list(env.OIDC_ACCOUNTS, [
  'demo.sykepleier', 'demo.helsefag', 'demo.ressurs', 'demo.avd3', 'demo.admin', 'demo.leder',
  'demo.ukjent',
]);
const password = env.OIDC_PASSWORD || '';
const amr = list(env.OIDC_AMR, ['pwd']);
const idTokenTtl = Number(env.OIDC_ID_TOKEN_TTL || 300);
const testControl = env.OIDC_TEST_CONTROL === '1' || env.OIDC_TEST_CONTROL === 'true';

// ---------------------------------------------------------------- keys
/** A new RS256 signing key as a private JWK with a kid. */
function newKey() {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  const pub = { e: jwk.e, kty: jwk.kty, n: jwk.n };
  // RFC 7638 thumbprint as the kid: stable for a kept key.
  const kid = crypto.createHash('sha256').update(JSON.stringify(pub)).digest('base64url');
  return { ...jwk, kid, alg: 'RS256', use: 'sig' };
}

function loadOrMakeKey(file) {
  if (!file) return newKey();
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    if (err.code !== 'ENOENT') throw err;
    const key = newKey();
    fs.writeFileSync(file, JSON.stringify(key), { mode: 0o600 });
    return key;
  }
}

const publicJwk = ({ kty, n, e, kid, alg, use }) => ({ kty, n, e, kid, alg, use });

const signingKey = loadOrMakeKey(env.OIDC_KEY_FILE);
// Made only when a test asks for them: a key /jwks will publish after rotation, and one it never does.
let rotatedKey = null;
let otherKey = null;

// ---------------------------------------------------------------- accounts
const accounts = new Map(
  usernames.map((username) => [
    // An opaque, stable subject as real providers give; Lindra maps on preferred_username.
    `sub-${crypto.createHash('sha256').update(username).digest('hex').slice(0, 16)}`,
    { username, name: username.replace(/^demo\./, 'Demo ') },
  ]),
);
const subjectOf = (username) => [...accounts].find(([, a]) => a.username === username)?.[0];

// ---------------------------------------------------------------- the provider
const configuration = {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: redirectUris,
      post_logout_redirect_uris: postLogoutRedirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: clientAuth,
      id_token_signed_response_alg: 'RS256',
    },
  ],
  responseTypes: ['code'],
  pkce: { required: () => true }, // S256 is the only method oidc-provider 9 knows
  scopes: ['openid', 'profile'],
  claims: {
    // acr, amr and auth_time in every id_token: Lindra may decide on amr (second factor).
    openid: ['sub', 'acr', 'amr', 'auth_time'],
    profile: ['preferred_username', 'name'],
    sid: null,
  },
  // The profile claims in the id_token itself, as Entra ID and Keycloak do: Lindra reads only it.
  conformIdTokenClaims: false,
  async findAccount(_ctx, sub) {
    const account = accounts.get(sub);
    if (!account) return undefined;
    return {
      accountId: sub,
      async claims() {
        return { sub, preferred_username: account.username, name: account.name };
      },
    };
  },
  jwks: { keys: [signingKey] },
  cookies: { keys: [crypto.randomBytes(32).toString('base64url')] },
  features: {
    devInteractions: { enabled: false }, // our own login form below
    rpInitiatedLogout: { enabled: true },
    userinfo: { enabled: true },
    revocation: { enabled: false },
    introspection: { enabled: false },
  },
  clientBasedCORS: () => false,
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  ttl: {
    AccessToken: 300,
    AuthorizationCode: 60,
    IdToken: idTokenTtl,
    Interaction: 600,
    Session: 3600,
    Grant: 3600,
  },
  renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page('Feil', `<h1>Feil</h1><p>${esc(out.error)}: ${esc(out.error_description ?? '')}</p>`);
  },
};

// ---------------------------------------------------------------- pages
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const page = (title, body) =>
  `<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>${esc(title)}</title>` +
  '<meta name="viewport" content="width=device-width, initial-scale=1">' +
  '<style>body{font:16px sans-serif;max-width:24rem;margin:3rem auto;padding:0 1rem}' +
  'label,input,button{display:block;width:100%;box-sizing:border-box;margin:.3rem 0}' +
  'input,button{padding:.6rem;font-size:1rem}button{margin-top:1rem}.feil{color:#a00}</style>' +
  `</head><body>${body}</body></html>`;

function loginPage(uid, { error = '', username = '' } = {}) {
  return page(
    'Logg inn – test-IdP',
    '<h1>Logg inn</h1><p>Test-identitetsleverandør for Lindra (ikke for bruk med ekte data).</p>' +
      (error ? `<p class="feil" role="alert">${esc(error)}</p>` : '') +
      `<form method="post" action="/interaction/${esc(uid)}/login" autocomplete="off">` +
      `<label for="username">Brukernavn</label><input id="username" name="username" value="${esc(username)}" required autofocus>` +
      `<label for="password">Passord</label><input id="password" name="password" type="password"${password ? ' required' : ''}>` +
      '<button type="submit">Logg inn</button></form>',
  );
}

async function readForm(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 16 * 1024) throw new Error('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

// ---------------------------------------------------------------- id_token faults (tests only)
let armed = []; // [{ set, unset, key, left }]
let lastIdToken = null; // { header, claims }

const b64json = (obj) => Buffer.from(JSON.stringify(obj)).toString('base64url');
const readPart = (part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

/** A JWT of `claims` signed as `key` says. */
function sign(claims, key) {
  if (key === 'none') {
    return `${b64json({ alg: 'none', typ: 'JWT' })}.${b64json(claims)}.`;
  }
  if (key === 'hs256') {
    // HS256 with the client secret: valid per OIDC Core for a client registered for it; Lindra is not.
    const input = `${b64json({ alg: 'HS256', typ: 'JWT' })}.${b64json(claims)}`;
    return `${input}.${crypto.createHmac('sha256', clientSecret).update(input).digest('base64url')}`;
  }
  let jwk;
  let kid;
  switch (key) {
    case 'rotated':
      rotatedKey ??= newKey();
      jwk = rotatedKey;
      kid = rotatedKey.kid;
      break;
    case 'other':
      otherKey ??= newKey();
      jwk = otherKey;
      kid = otherKey.kid;
      break;
    case 'other_same_kid':
      otherKey ??= newKey();
      jwk = otherKey;
      kid = signingKey.kid; // claims to be the real key
      break;
    default:
      jwk = signingKey;
      kid = signingKey.kid;
  }
  const input = `${b64json({ alg: 'RS256', typ: 'JWT', kid })}.${b64json(claims)}`;
  const privateKey = crypto.createPrivateKey({ key: jwk, format: 'jwk' });
  return `${input}.${crypto.sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

const FAULTS = {
  expired: () => {
    const now = Math.floor(Date.now() / 1000);
    return { set: { iat: now - 900, exp: now - 600, auth_time: now - 900 } };
  },
  wrong_audience: () => ({ set: { aud: 'en-annen-klient' } }),
  wrong_issuer: () => ({ set: { iss: `${issuer}/feil-utsteder` } }),
  wrong_nonce: () => ({ set: { nonce: crypto.randomBytes(16).toString('base64url') } }),
  missing_nonce: () => ({ unset: ['nonce'] }),
  other_key: () => ({ key: 'other' }),
  other_key_same_kid: () => ({ key: 'other_same_kid' }),
  alg_none: () => ({ key: 'none' }),
  hs256_client_secret: () => ({ key: 'hs256' }),
  rotated: () => ({ key: 'rotated' }),
  mfa: () => ({ set: { amr: ['pwd', 'mfa'] } }),
};

function arm(body) {
  const count = Number.isInteger(body.count) && body.count > 0 ? body.count : 1;
  let change;
  if (body.fault !== undefined) {
    const make = FAULTS[body.fault];
    if (!make) throw new Error(`unknown fault ${JSON.stringify(body.fault)}; known: ${Object.keys(FAULTS).join(', ')}`);
    change = make();
  } else {
    change = { set: body.set ?? {}, unset: body.unset ?? [], key: body.key };
  }
  const keys = ['current', 'rotated', 'other', 'other_same_kid', 'none', 'hs256', undefined];
  if (!keys.includes(change.key)) throw new Error(`unknown key ${JSON.stringify(change.key)}`);
  // A rotated key is published from the moment it is armed (as a provider publishes before use).
  if (change.key === 'rotated') rotatedKey ??= newKey();
  armed.push({ ...change, fault: body.fault ?? 'custom', left: count });
}

/** Applies the first armed change to a token response's id_token. */
function tamper(idToken) {
  const [h, p] = idToken.split('.');
  let header = readPart(h);
  let claims = readPart(p);
  const change = armed[0];
  if (change) {
    claims = { ...claims, ...(change.set ?? {}) };
    for (const name of change.unset ?? []) delete claims[name];
    idToken = sign(claims, change.key ?? 'current');
    header = readPart(idToken.split('.')[0]);
    change.left -= 1;
    if (change.left <= 0) armed.shift();
  }
  lastIdToken = { header, claims, fault: change?.fault ?? null };
  return idToken;
}

// ---------------------------------------------------------------- wiring
// The socket first (the port may be 0), then the provider with the issuer of the real port.
const host = '127.0.0.1';
const server = http.createServer();
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(port, host, resolve);
}).catch((err) => {
  console.error(`provider.mjs: cannot listen on ${host}:${port}: ${err.message}`);
  process.exit(1);
});
const issuer = env.OIDC_ISSUER || `http://${host}:${server.address().port}`;
if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(issuer).hostname)) {
  console.error(`provider.mjs: OIDC_ISSUER must be on loopback, not ${issuer}`);
  process.exit(2);
}
const provider = new Provider(issuer, configuration);

// Our own routes (login form, test control) run before oidc-provider's; the post-processing
// of /token and /jwks after them (oidc-provider's documented pre- and post-middleware).
provider.use(async (ctx, next) => {
  const match = ctx.path.match(/^\/interaction\/([^/]+)(\/login)?$/);
  if (match) {
    ctx.set('cache-control', 'no-store');
    try {
      return await interaction(ctx, match[1], Boolean(match[2]));
    } catch (err) {
      if (err instanceof errors.SessionNotFound) {
        ctx.status = 400;
        ctx.type = 'html';
        ctx.body = page('Feil', '<h1>Innloggingen er utløpt</h1><p>Start på nytt fra Lindra.</p>');
        return undefined;
      }
      throw err;
    }
  }
  if (ctx.path === '/__test/id-token') {
    if (!testControl) return next(); // 404 from oidc-provider
    return testEndpoint(ctx);
  }
  await next();
  if (ctx.oidc?.route === 'token' && ctx.status === 200 && ctx.body?.id_token) {
    ctx.body = { ...ctx.body, id_token: tamper(ctx.body.id_token) };
  }
  if (ctx.oidc?.route === 'jwks' && rotatedKey && ctx.body?.keys) {
    ctx.body = { keys: [...ctx.body.keys, publicJwk(rotatedKey)] };
  }
  return undefined;
});
async function interaction(ctx, uid, submit) {
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (details.uid !== uid) ctx.throw(400, 'interaction mismatch');
  const { prompt, params, session } = details;
  if (prompt.name === 'login') {
    if (!submit) {
      ctx.type = 'html';
      ctx.body = loginPage(uid, { username: params.login_hint ?? '' });
      return;
    }
    if (ctx.method !== 'POST') ctx.throw(405);
    const form = await readForm(ctx.req);
    const username = (form.get('username') ?? '').trim().toLowerCase();
    const sub = subjectOf(username);
    if (!sub || (password && form.get('password') !== password)) {
      ctx.status = 401;
      ctx.type = 'html';
      ctx.body = loginPage(uid, { error: 'Ukjent brukernavn eller feil passord', username });
      return;
    }
    const result = { login: { accountId: sub, amr, acr: amr.includes('mfa') ? 'mfa' : 'pwd', remember: false } };
    const to = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
    ctx.status = 303;
    ctx.redirect(to);
    return;
  }
  if (prompt.name === 'consent') {
    // First-party client: the grant is given without a page (as oidc-provider's own example
    // does on "Continue"), for what is missing from it.
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
    if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    const result = { consent: { grantId: await grant.save() } };
    const to = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: true });
    ctx.status = 303;
    ctx.redirect(to);
    return;
  }
  ctx.throw(501, `prompt ${prompt.name} not implemented`);
}

async function testEndpoint(ctx) {
  ctx.set('cache-control', 'no-store');
  if (ctx.method === 'GET') {
    ctx.body = { armed: armed.map(({ fault, left }) => ({ fault, left })), last_id_token: lastIdToken };
    return;
  }
  if (ctx.method === 'DELETE') {
    armed = [];
    ctx.status = 204;
    return;
  }
  if (ctx.method !== 'POST') ctx.throw(405);
  const chunks = [];
  for await (const chunk of ctx.req) chunks.push(chunk);
  try {
    arm(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
  } catch (err) {
    ctx.status = 400;
    ctx.body = { error: String(err.message ?? err) };
    return;
  }
  ctx.body = { armed: armed.map(({ fault, left }) => ({ fault, left })) };
}

server.on('request', provider.callback());
console.error(
  `provider.mjs: client ${clientId} (${clientAuth}), redirect_uris ${redirectUris.join(' ')}, ` +
    `accounts ${usernames.join(' ')}, kid ${signingKey.kid}${testControl ? ', TEST CONTROL ON' : ''}`,
);
console.log(`listening ${issuer}`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections?.();
  });
}
