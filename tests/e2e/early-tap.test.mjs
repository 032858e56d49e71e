// A cheap tablet on weak ward Wi-Fi: the form is painted before the app has loaded and hydrated
// it. Taps in between must not be lost. Chromium is throttled as in issue 16 (1.6 Mbit/s, 150 ms
// latency, CPU 4x slower); the nurse taps answers and types a note the moment the form is
// painted, before hydration; after it, the taps are on the form and in the app's state, and what
// she saves is what she tapped. The test asserts the taps are kept, not a time. The form's bundle
// is held back until she has tapped: on this profile the form now hydrates within a second of
// painting, less than the test driver takes for five taps under the 4x slower CPU.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, login, sqlite } from './support.mjs';

const ctx = serverAndBrowser();

const SLOW = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};

const ITEMS = ['pain', 'tiredness', 'drowsiness', 'nausea', 'appetite', 'shortness_of_breath', 'depression', 'anxiety', 'wellbeing'];

test('taps and typing before hydration on a throttled tablet are kept and saved', { timeout: 120_000 }, async () => {
  const context = await ctx.browser.newContext({ viewport: { width: 768, height: 1024 }, hasTouch: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await login(page, ctx.server.url);

  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  // No cache: the bundle travels the slow link as on a first visit of the day.
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', SLOW);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });

  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/pkg/lindra-form-nb.*.wasm', async (route) => { await held; await route.continue(); });

  await page.goto(`${ctx.server.url}/pasient/3/ny`, { waitUntil: 'commit' });
  const pain = page.locator('fieldset[data-field="esas.pain"] button[data-score="3"]');
  await pain.waitFor({ state: 'visible' });
  // Painted, and the app is not there yet: the moment a tap used to be lost.
  assert.equal(await page.locator('body[data-hydrated="true"]').count(), 0, 'tapped before hydration');
  await pain.tap();
  assert.equal(await pain.getAttribute('aria-pressed'), 'true', 'the tap shows at once');
  await page.locator('fieldset[data-field="esas.tiredness"] button[data-score="5"]').tap();
  await page.locator('fieldset[data-field="esas.tiredness"] button[data-score="6"]').tap(); // a change of mind
  await page.locator('button[data-completed-by="patient"]').tap();
  await page.locator('#note').fill('Tappet før appen var klar');
  const early = await page.locator('body[data-hydrated="true"]').count();
  assert.equal(early, 0, 'all of it before hydration');
  release();

  await page.waitForSelector('html[data-taps-replayed="true"]', { timeout: 60_000 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  assert.equal(await pain.getAttribute('aria-pressed'), 'true', 'pain 3 kept through hydration');
  const tiredness = (n) => page.locator(`fieldset[data-field="esas.tiredness"] button[data-score="${n}"]`);
  assert.equal(await tiredness(6).getAttribute('aria-pressed'), 'true', 'the last choice wins');
  assert.equal(await tiredness(5).getAttribute('aria-pressed'), 'false');

  // The rest after hydration, then save: what is stored is what was tapped before.
  for (const item of ITEMS.slice(2)) {
    await page.locator(`fieldset[data-field="esas.${item}"] button[data-score="1"]`).tap();
  }
  await Promise.all([
    page.waitForURL(/\/pasient\/3$/),
    page.getByRole('button', { name: 'Lagre registrering' }).click(),
  ]);
  const [row] = sqlite(
    `${ctx.server.dataDir}/lindra.db`,
    'SELECT esas_pain, esas_tiredness, completed_by, note FROM registrations WHERE patient_id = 3 ORDER BY id DESC LIMIT 1',
  );
  assert.deepEqual(row, ['3', '6', 'patient', 'Tappet før appen var klar']);
  assert.deepEqual(errors, []);
  await context.close();
});
