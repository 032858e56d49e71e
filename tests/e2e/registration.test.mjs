// The thin slice in a real browser: the patient list renders from the database, the page
// hydrates (the score buttons only work once the wasm runs), a full ESAS-r is recorded by
// tapping, and it is there after a reload.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, login } from './support.mjs';

const ctx = serverAndBrowser();

async function newPage(viewport = { width: 768, height: 1024 }) {
  const context = await ctx.browser.newContext({ viewport, locale: 'nb-NO', hasTouch: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return { page, errors };
}

async function hydrated(page) {
  await page.waitForSelector('body[data-hydrated="true"]', { timeout: 20_000 });
}

test('patient list renders from the database and a full ESAS-r is recorded by tapping', async () => {
  const { page, errors } = await newPage();
  await login(page, ctx.server.url);
  assert.match(await page.locator('.demo-banner').textContent(), /DEMO/);
  await page.goto(`${ctx.server.url}/enhet/1`);
  const rows = page.locator('.patient-row');
  assert.equal(await rows.count(), 8, 'the demo ward has 8 patients');
  const name = (await rows.first().locator('.patient-name').textContent()).trim();
  await hydrated(page);
  // Find by room: one patient left in view.
  await page.getByLabel('Finn pasient (navn eller rom)').fill('103');
  assert.equal(await page.locator('.patient-row:visible').count(), 1);
  await page.getByLabel('Finn pasient (navn eller rom)').fill(name.split(' ')[0].toLowerCase());
  assert.ok(await page.locator('.patient-row:visible').count() >= 1);
  await page.getByLabel('Finn pasient (navn eller rom)').fill('');

  await rows.first().getByRole('link', { name: /Ny registrering/ }).click();
  await page.waitForURL(/\/pasient\/\d+\/ny$/);
  await hydrated(page);
  const patientUrl = page.url().replace(/\/ny$/, '');

  // Saving an empty form shows every problem at once and stays on the form.
  await page.getByRole('button', { name: 'Lagre registrering' }).click();
  assert.equal(await page.locator('fieldset.has-error').count(), 10, 'nine items and "utfylt av"');
  assert.match(await page.locator('.form-status').textContent(), /ikke lagret/);

  const scores = [3, 5, 2, 0, 7, 1, 4, 6, 8];
  const items = ['pain', 'tiredness', 'drowsiness', 'nausea', 'appetite', 'shortness_of_breath', 'depression', 'anxiety', 'wellbeing'];
  for (const [i, item] of items.entries()) {
    const button = page.locator(`fieldset[data-field="esas.${item}"] button[data-score="${scores[i]}"]`);
    await button.tap();
    assert.equal(await button.getAttribute('aria-pressed'), 'true', `${item} ${scores[i]} chosen`);
  }
  // Changing one's mind: "kan ikke vurdere" for depression replaces the 4.
  await page.locator('fieldset[data-field="esas.depression"] button[data-score="not_assessed"]').tap();
  assert.equal(await page.locator('fieldset[data-field="esas.depression"] button[data-score="4"]').getAttribute('aria-pressed'), 'false');
  await page.locator('button[data-completed-by="patient_with_help"]').tap();

  // Pain NRS: now, worst and average in the last 24 hours, and breakthrough pain.
  for (const [question, score] of [['now', 4], ['worst_24h', 8], ['average_24h', 5]]) {
    await page.locator(`fieldset[data-field="pain.${question}"] button[data-score="${score}"]`).tap();
  }
  await page.locator('button[data-breakthrough="true"]').tap();

  // Two body-map regions: the lower back (back view) and the right shoulder (front view).
  await page.locator('button[data-section="back_lower"]').tap();
  assert.equal(await page.locator('g[data-region="101"]').count(), 0, 'the front is not drawn on the back view');
  await page.locator('g[data-region="222"] path').tap();
  await page.locator('.region-editor button[data-score="7"]').tap();
  await page.locator('button[data-section="front_upper"]').tap();
  await page.locator('g[data-region="105"] path').tap();
  await page.locator('.region-editor button[data-score="3"]').tap();
  assert.equal(await page.locator('g[data-region="222"]').count(), 0, 'a mark on the back is not on the front');
  assert.deepEqual(await page.locator('.marks li').allTextContents(), [
    'Skulder, forside, pasientens høyre: 3',
    'Korsrygg, pasientens venstre: 7',
  ]);
  assert.equal(await page.locator('fieldset.has-error').count(), 10, 'errors stay until the next save');
  await page.getByRole('button', { name: 'Lagre registrering' }).tap();

  await page.waitForURL(patientUrl);
  await page.waitForSelector('.esas-latest');
  const check = async () => {
    const text = await page.locator('.esas-latest').textContent();
    assert.match(text, /Utfylt av: Pasient med hjelp/);
    assert.match(text, /Registrert av: Demo Sykepleier/);
    for (const [i, item] of items.entries()) {
      const cell = (await page.locator(`tr[data-item="${item}"] td`).textContent()).trim();
      if (item === 'depression') assert.equal(cell, 'Kan ikke vurdere');
      else assert.ok(cell.startsWith(String(scores[i])), `${item}: ${cell}`);
    }
    assert.match(await page.locator('[data-sum="total"]').textContent(), /Kan ikke beregnes/);
    assert.match(await page.locator('[data-sum="physical"]').textContent(), /18 av 60/);
    assert.match(await page.locator('[data-nrs="worst_24h"]').textContent(), /8/);
    assert.match(await page.locator('.breakthrough-answer').textContent(), /Ja/);
    assert.deepEqual(
      (await page.locator('.marks.stored li').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim()),
      ['Skulder, forside, pasientens høyre 3 av 10 (Lett)', 'Korsrygg, pasientens venstre 7 av 10 (Alvorlig)'],
    );
  };
  await check();
  assert.match(await page.locator('h1').textContent(), new RegExp(name));

  await page.reload();
  await check();
  assert.deepEqual(errors, [], 'no errors in the browser console');
});

test('the form works at phone size without horizontal scrolling', async () => {
  const { page, errors } = await newPage({ width: 390, height: 844 });
  await login(page, ctx.server.url);
  await page.goto(`${ctx.server.url}/pasient/2/ny`);
  await hydrated(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `horizontal overflow of ${overflow}px`);
  const box = await page.locator('fieldset[data-field="esas.pain"] button[data-score="10"]').boundingBox();
  assert.ok(box.width >= 44 && box.height >= 44, `touch target ${box.width}x${box.height}`);
  await page.locator('fieldset[data-field="esas.pain"] button[data-score="10"]').tap();
  assert.equal(await page.locator('fieldset[data-field="esas.pain"] button[data-score="10"]').getAttribute('aria-pressed'), 'true');
  assert.deepEqual(errors, []);
});

test('a registration is corrected with a reason, and both versions stay readable', async () => {
  const { page, errors } = await newPage();
  await login(page, ctx.server.url);
  await page.goto(`${ctx.server.url}/pasient/3`);
  const originalPain = (await page.locator('tr[data-item="pain"] td').textContent()).trim();
  await page.getByRole('link', { name: 'Historikk og retting' }).click();
  await page.waitForURL(/\/registrering\/\d+$/);
  const originalUrl = page.url();
  await page.getByRole('link', { name: 'Rett registreringen' }).click();
  await page.waitForURL(/\/rett$/);
  await hydrated(page);
  const stale = await page.context().newPage();
  const staleErrors = [];
  stale.on('console', (m) => { if (m.type() === 'error') staleErrors.push(m.text()); });
  await stale.goto(page.url());
  await hydrated(stale);

  // The form holds the registration as it was; a correction needs a reason.
  const newPain = originalPain.startsWith('2') ? 3 : 2;
  await page.locator(`fieldset[data-field="esas.pain"] button[data-score="${newPain}"]`).tap();
  await page.getByRole('button', { name: 'Lagre rettingen' }).tap();
  assert.match(await page.locator('.reason-field').textContent(), /Årsak til rettingen: skriv hvorfor/);
  await page.getByLabel('Årsak til rettingen (påkrevd)').fill('Feil skår på smerte');
  await page.getByRole('button', { name: 'Lagre rettingen' }).tap();
  await page.waitForURL((url) => /\/registrering\/\d+$/.test(url.pathname) && url.href !== originalUrl);

  await page.waitForSelector('section.version[data-version="2"]');
  const versions = page.locator('section.version');
  assert.equal(await versions.count(), 2);
  const current = versions.nth(0);
  assert.match(await current.locator('h2').textContent(), /Versjon 2 · rettet .* av Demo Sykepleier · gjeldende/);
  assert.match(await current.textContent(), /Rettet \(versjon 2\): Feil skår på smerte/);
  assert.ok((await current.locator('tr[data-item="pain"] td').textContent()).trim().startsWith(String(newPain)));
  assert.ok((await versions.nth(1).locator('tr[data-item="pain"] td').textContent()).trim().startsWith(originalPain.slice(0, 2).trim()));
  await page.goto(`${ctx.server.url}/pasient/3`);
  const shown = (await page.locator('tr[data-item="pain"] td').textContent()).trim();
  assert.ok(shown.startsWith(String(newPain)), `the patient page shows the corrected version, not ${shown}`);
  assert.deepEqual(errors, []);

  // A second tab had the correction form open on the first version before it was corrected:
  // saving there forks nothing, and the form says why, without "try again", keeping its text.
  await stale.getByLabel('Årsak til rettingen (påkrevd)').fill('Skrevet i en annen fane');
  await stale.getByRole('button', { name: 'Lagre rettingen' }).tap();
  await stale.waitForSelector('.form-status:has-text("allerede rettet")');
  const refused = (await stale.locator('.form-status').textContent()).trim();
  assert.equal(refused, 'Skjemaet er ikke lagret. Denne versjonen er allerede rettet. Åpne den nyeste versjonen og rett den.');
  assert.match(stale.url(), /\/rett$/, 'still on the form');
  assert.equal(await stale.getByLabel('Årsak til rettingen (påkrevd)').inputValue(), 'Skrevet i en annen fane');
  // The browser logs the 409 itself ("Failed to load resource"); nothing else went wrong.
  assert.deepEqual(staleErrors.filter((e) => !/status of 409/.test(e)), []);
});

test('what was typed survives a reload before saving', async () => {
  const { page, errors } = await newPage();
  await login(page, ctx.server.url);
  await page.goto(`${ctx.server.url}/pasient/4/ny`);
  await hydrated(page);
  await page.locator('fieldset[data-field="esas.pain"] button[data-score="6"]').tap();
  await page.locator('button[data-completed-by="relative"]').tap();
  await page.getByLabel('Notat og tiltak').fill('Ga Paracet 1 g');
  await page.reload();
  await hydrated(page);
  await page.waitForSelector('.restored');
  assert.equal(await page.locator('fieldset[data-field="esas.pain"] button[data-score="6"]').getAttribute('aria-pressed'), 'true');
  assert.equal(await page.locator('button[data-completed-by="relative"]').getAttribute('aria-pressed'), 'true');
  assert.equal(await page.getByLabel('Notat og tiltak').inputValue(), 'Ga Paracet 1 g');
  assert.deepEqual(errors, []);
});
