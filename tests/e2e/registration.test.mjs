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
