// Languages (issue 17) in Chromium: a nurse chooses English on «Innstillinger»; the pages, and
// the registration form's islands once hydrated (they read `<html lang>`), speak English: the
// empty form's problems, the body map's words, the saved message; the page hydrates without a
// mismatch. She switches to nynorsk and back to her unit's language. The settings page has no
// axe violations at tablet and phone size.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, login, axeViolations } from './support.mjs';

const ctx = serverAndBrowser();

async function newPage(viewport = { width: 768, height: 1024 }) {
  const context = await ctx.browser.newContext({ viewport, hasTouch: true, bypassCSP: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error' || /hydrat/i.test(m.text())) errors.push(m.text()); });
  return { page, errors };
}

async function choose(page, label) {
  await page.goto(`${ctx.server.url}/innstillinger`);
  await page.getByLabel(label, { exact: true }).check();
  await page.locator('form[action="/innstillinger"] button[type="submit"]').click();
  await page.waitForURL(/\/innstillinger\?lagret=1$/);
}

test('a nurse switches to English and the form answers in English', { timeout: 120_000 }, async () => {
  const { page, errors } = await newPage();
  const wasm = [];
  page.on('request', (request) => { if (request.url().endsWith('.wasm')) wasm.push(request.url()); });
  await login(page, ctx.server.url);
  await page.getByRole('link', { name: 'Innstillinger' }).click();
  await page.waitForURL(/\/innstillinger$/);
  assert.equal(await page.getByLabel('Som enheten (bokmål)').isChecked(), true, 'the unit\'s language to begin with');
  await choose(page, 'English');
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.match(await page.locator('.form-status.saved').innerText(), /The language is saved/);

  await page.goto(`${ctx.server.url}/enhet/1`);
  await page.locator('.patient-row').first().getByRole('link', { name: /New registration/ }).click();
  await page.waitForURL(/\/pasient\/\d+\/ny$/);
  await page.waitForSelector('body[data-hydrated="true"]', { timeout: 20_000 });
  // The form's bundle in English, with English words alone.
  assert.match(wasm.at(-1), /\/pkg\/lindra-form-en\.[0-9a-f]+\.wasm$/);
  // Checked in the browser by the island itself: every problem, in English, at its field.
  await page.getByRole('button', { name: 'Save registration' }).click();
  assert.equal(await page.locator('fieldset.has-error').count(), 10, 'nine items and "completed by"');
  assert.match(await page.locator('.form-status').innerText(), /has not been saved/);
  assert.match(await page.locator('fieldset[data-field="esas.pain"]').innerText(), /Pain: choose a number from 0 to 10/);

  const items = ['pain', 'tiredness', 'drowsiness', 'nausea', 'appetite', 'shortness_of_breath', 'depression', 'anxiety', 'wellbeing'];
  for (const item of items) await page.locator(`fieldset[data-field="esas.${item}"] button[data-score="2"]`).tap();
  await page.locator('button[data-completed-by="patient"]').tap();
  await page.locator('button[data-section="front_upper"]').tap();
  await page.locator('g[data-region="105"] path').tap();
  assert.match(await page.locator('.region-editor').innerText(), /Pain in /);
  await page.locator('.region-editor button[data-score="3"]').tap();
  assert.match((await page.locator('.marks li').allTextContents()).join('\n'), /patient's right: 3/);
  await page.getByRole('button', { name: 'Save registration' }).click();
  await page.waitForURL(/\/pasient\/\d+$/);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.match(await page.locator('main').innerText(), /Latest ESAS-r|Completed by/);

  await choose(page, 'Norsk (nynorsk)');
  await page.goto(`${ctx.server.url}/`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'nn');
  assert.match(await page.locator('h1').innerText(), /Vel eining/);
  // The nynorsk form runs its own bundle and checks in nynorsk.
  await page.goto(`${ctx.server.url}/pasient/3/ny`);
  await page.waitForSelector('body[data-hydrated="true"]', { timeout: 20_000 });
  assert.match(wasm.at(-1), /\/pkg\/lindra-form-nn\.[0-9a-f]+\.wasm$/);
  await page.locator('button.save').click();
  assert.equal(await page.locator('fieldset.has-error').count(), 10, 'nine items and "completed by"');
  assert.match(await page.locator('.form-status').innerText(), /Skjemaet er ikkje lagra/);
  await choose(page, 'Som eininga (bokmål)');
  await page.goto(`${ctx.server.url}/`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'nb');
  assert.deepEqual(errors, []);
});

test('the settings page has no axe violations at tablet and phone size', { timeout: 60_000 }, async () => {
  for (const viewport of [{ width: 768, height: 1024 }, { width: 390, height: 844 }]) {
    const { page } = await newPage(viewport);
    await login(page, ctx.server.url, 'demo.helsefag');
    await page.goto(`${ctx.server.url}/innstillinger`);
    assert.deepEqual(await axeViolations(page), [], `${viewport.width}x${viewport.height}`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= viewport.width, `no sideways scrolling: ${width}`);
  }
});
