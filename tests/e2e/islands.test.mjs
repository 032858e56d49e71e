// Islands: only the parts of a page that need the app are hydrated by the wasm bundle, and a
// page without such a part loads no wasm at all (issue 16). The pages that only show (start
// page, patient list, overview, trend, handover report, history, access log) are interactive at
// once: the patient search filters before any app is there, the overview stays live without
// wasm. The pages with forms (registration, correction, patient page, administration) load the
// bundle and hydrate their islands; the registration page its own, with the form alone. The pages
// whose main button opens the form (patient list, patient page) fetch the form's bundle for the
// cache once they have loaded, so that the form is interactive as soon as it is painted.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, login } from './support.mjs';

const ctx = serverAndBrowser();

/** A request made only to fill the cache for a later page (`<link rel="prefetch">`). */
const prefetched = (request) => request.headers()['sec-purpose']?.startsWith('prefetch') ?? false;

/** Opens `path` and waits until it says it is interactive; returns the wasm files it fetched to
 * run (not those fetched for the cache). */
async function open(page, path) {
  const wasm = [];
  const listener = (request) => {
    if (request.url().endsWith('.wasm') && !prefetched(request)) wasm.push(request.url());
  };
  page.on('request', listener);
  await page.goto(`${ctx.server.url}${path}`);
  await page.waitForSelector('body[data-hydrated="true"]', { state: 'attached', timeout: 20_000 });
  page.off('request', listener);
  return wasm;
}

test('pages that only show load no wasm; pages with forms hydrate their islands', { timeout: 120_000 }, async () => {
  const context = await ctx.browser.newContext({ viewport: { width: 768, height: 1024 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await login(page, ctx.server.url);

  for (const path of ['/', '/enhet/1', '/enhet/1/oversikt', '/enhet/1/vaktrapport', '/pasient/3/tilgangslogg']) {
    assert.deepEqual(await open(page, path), [], `${path} loads no wasm`);
    assert.equal(await page.locator('leptos-island').count(), 0, `${path} has no island`);
  }

  // The registration page its own bundle with the form alone; the patient page its own too.
  for (const [path, bundle] of [['/pasient/3/ny', /\/pkg\/lindra-form-nb\.[0-9a-f]+\.wasm$/], ['/pasient/3', /\/pkg\/lindra-patient\.[0-9a-f]+\.wasm$/]]) {
    const wasm = await open(page, path);
    assert.equal(wasm.length, 1, `${path} loads one bundle`);
    assert.match(wasm[0], bundle, path);
    const islands = await page.locator('leptos-island').count();
    assert.ok(islands > 0, `${path} has islands`);
    assert.equal(await page.locator('leptos-island[data-hydrated]').count(), islands, `${path}: every island hydrated`);
    // Only the registration page fetches its bundle at once, beside its stylesheet.
    const preloads = await page.locator('link[rel="preload"][as="fetch"]').count();
    assert.equal(preloads, path.endsWith('/ny') ? 1 : 0, `${path}: ${preloads} preloads`);
  }
  // A hydrated island answers: the first tap on the form shows, and its draft is kept.
  await open(page, '/pasient/3/ny');
  const pain = page.locator('fieldset[data-field="esas.pain"] button[data-score="4"]');
  await pain.click();
  assert.equal(await pain.getAttribute('aria-pressed'), 'true');
  await page.waitForFunction(() => (sessionStorage.getItem('lindra-utkast-3') ?? '').includes('{"score":4}'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('on a slow link the registration page asks for its wasm at once, beside its stylesheet', { timeout: 60_000 }, async () => {
  // A request the browser holds back (over HTTP/1.1, as this server speaks it: a low-priority
  // one, while the page still loads what its first paint needs) is sent only once the
  // stylesheet and the JS have come: on this link at least 150 ms, the latency, before most of
  // what the form waits for was even asked for.
  const context = await ctx.browser.newContext({ viewport: { width: 768, height: 1024 } });
  const page = await context.newPage();
  await login(page, ctx.server.url);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  // As after a new version: nothing cached, not even the stylesheet the sign-in page loaded.
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 });
  await page.goto(`${ctx.server.url}/pasient/3/ny`);
  await page.waitForSelector('body[data-hydrated="true"]', { state: 'attached', timeout: 30_000 });
  const timing = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((r) => /\/pkg\/.*\.(css|js|wasm)$/.test(r.name))
    .map((r) => ({ file: r.name.split('/').pop(), asked: r.startTime, sent: r.requestStart, came: r.responseEnd })));
  const wasm = timing.find((t) => t.file.endsWith('.wasm'));
  const css = timing.find((t) => t.file.endsWith('.css'));
  assert.ok(wasm && css, JSON.stringify(timing));
  assert.ok(wasm.sent - wasm.asked < 100, `the wasm was held back ${Math.round(wasm.sent - wasm.asked)} ms: ${JSON.stringify(timing)}`);
  assert.ok(wasm.sent < css.came, `the wasm was asked for only after the stylesheet came: ${JSON.stringify(timing)}`);
  await context.close();
});

test('the patient list fetches the form\'s bundle for the cache, and the form takes it from there', { timeout: 60_000 }, async () => {
  const context = await ctx.browser.newContext({ viewport: { width: 768, height: 1024 } });
  const page = await context.newPage();
  await login(page, ctx.server.url);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const wasm = new Map();
  cdp.on('Network.requestWillBeSent', (e) => {
    if (e.request.url.endsWith('.wasm')) wasm.set(e.requestId, { url: e.request.url, purpose: e.request.headers['Sec-Purpose'] ?? '', page: page.url() });
  });
  cdp.on('Network.responseReceived', (e) => {
    const request = wasm.get(e.requestId);
    if (request) Object.assign(request, { status: e.response.status, cached: e.response.fromDiskCache || e.response.fromPrefetchCache || false });
  });
  cdp.on('Network.requestServedFromCache', (e) => { const r = wasm.get(e.requestId); if (r) r.cached = true; });
  const finished = new Promise((resolve) => cdp.on('Network.loadingFinished', (e) => { if (wasm.has(e.requestId)) resolve(); }));

  await page.goto(`${ctx.server.url}/enhet/1`);
  const waited = new Promise((resolve) => setTimeout(() => resolve('none'), 15_000));
  assert.notEqual(await Promise.race([finished, waited]), 'none', 'the list fetched no bundle for the cache');
  const early = [...wasm.values()];
  assert.equal(early.length, 1, JSON.stringify(early));
  assert.match(early[0].url, /\/pkg\/lindra-form-nb\.[0-9a-f]+\.wasm$/);
  assert.match(early[0].purpose, /^prefetch/, 'fetched for the cache, at the lowest priority');
  assert.equal(await page.locator('leptos-island').count(), 0, 'nothing on the list runs it');

  await Promise.all([page.waitForURL(/\/pasient\/\d+\/ny$/), page.locator('a[href$="/ny"]').first().click()]);
  await page.waitForSelector('body[data-hydrated="true"]', { state: 'attached', timeout: 20_000 });
  const form = [...wasm.values()].filter((r) => r.page.endsWith('/ny') || !r.purpose);
  assert.ok(form.length >= 1, JSON.stringify([...wasm.values()]));
  assert.ok(form.every((r) => r.url === early[0].url && r.cached), `the form's bundle came from the cache: ${JSON.stringify(form)}`);
  await context.close();
});

test('the trend page loads the app only when its PDF form is seen', { timeout: 60_000 }, async () => {
  const context = await ctx.browser.newContext({ viewport: { width: 768, height: 1024 } });
  const page = await context.newPage();
  await login(page, ctx.server.url);
  const wasm = [];
  page.on('request', (request) => {
    if (request.url().endsWith('.wasm')) wasm.push(request.url());
  });
  await page.goto(`${ctx.server.url}/pasient/3/forlop?periode=alle`);
  await page.waitForSelector('body[data-hydrated="true"]', { state: 'attached', timeout: 20_000 });
  await page.waitForTimeout(500);
  assert.deepEqual(wasm, [], 'nothing before the form is seen');
  await page.locator('#summary-from').scrollIntoViewIfNeeded();
  await page.waitForSelector('leptos-island[data-hydrated]:has(.summary-export)', { state: 'attached', timeout: 20_000 });
  assert.equal(wasm.length, 1, 'the bundle once the form is in view');
  assert.match(wasm[0], /\/pkg\/lindra-patient\.[0-9a-f]+\.wasm$/, 'the patient page\'s bundle');
  // Hydrated: a reversed period is shown at its field, and nothing is sent.
  await page.locator('#summary-from').fill('2026-11-20');
  await page.locator('#summary-to').fill('2026-11-10');
  await page.getByRole('button', { name: 'PDF til fastlege' }).last().click();
  await page.locator('#summary-from-error').waitFor({ state: 'visible' });
  assert.match(await page.locator('#summary-from-error').innerText(), /er etter til-datoen/);
  assert.match(page.url(), /forlop/);
  await context.close();
});

test('a form whose app cannot be loaded says so instead of taking taps it cannot keep', { timeout: 60_000 }, async () => {
  const context = await ctx.browser.newContext({ viewport: { width: 768, height: 1024 } });
  const page = await context.newPage();
  await login(page, ctx.server.url);
  // The network drops the bundle, the first time and the second.
  let tries = 0;
  await page.route('**/*.wasm', (route) => {
    tries += 1;
    return route.abort('connectionreset');
  });
  await page.goto(`${ctx.server.url}/pasient/3/ny`);
  await page.waitForSelector('body[data-hydrated="failed"]', { state: 'attached', timeout: 20_000 });
  assert.equal(tries, 2, 'one more try before giving up');
  const alert = page.locator('main .load-failed[role="alert"]');
  assert.match(await alert.innerText(), /Skjemaet kunne ikke lastes/);
  assert.equal(await alert.getByRole('link', { name: 'Last inn på nytt' }).count(), 1);
  await context.close();
});

test('the patient search filters the list without the app', { timeout: 60_000 }, async () => {
  const context = await ctx.browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: true });
  const page = await context.newPage();
  await login(page, ctx.server.url);
  await page.goto(`${ctx.server.url}/enhet/1`);
  const rows = page.locator('.patient-row');
  const all = await rows.count();
  assert.ok(all > 2, 'the demo unit has patients');
  const first = (await rows.first().locator('.patient-name').textContent()).trim();
  await page.getByLabel('Finn pasient').fill(first.split(' ')[0].toLowerCase());
  const shown = await page.locator('.patient-row:not(.hidden)').count();
  assert.ok(shown >= 1 && shown < all, `the search leaves ${shown} of ${all}`);
  assert.ok(await page.locator('.patient-row:not(.hidden) .patient-name', { hasText: first }).count());
  await page.getByLabel('Finn pasient').fill('');
  assert.equal(await page.locator('.patient-row:not(.hidden)').count(), all);
  await context.close();
});
