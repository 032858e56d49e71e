// Accessibility: axe-core, run in the real browser, finds no WCAG 2.1 A/AA violations on the
// pages a nurse uses at the bedside; the registration form works with the keyboard alone.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, login, axeViolations } from './support.mjs';

const ctx = serverAndBrowser();


for (const [width, height] of [[768, 1024], [390, 844]]) {
  test(`no WCAG 2.1 AA violations at ${width}x${height}`, async () => {
    // Our CSP refuses injected scripts (as it should); axe is a test tool, so this context lets it in.
    const page = await (await ctx.browser.newContext({ viewport: { width, height }, bypassCSP: true })).newPage();
    await page.goto(`${ctx.server.url}/logg-inn`);
    assert.deepEqual(await axeViolations(page), [], 'login page');
    await login(page, ctx.server.url, 'demo.ressurs');
    for (const path of ['/enhet/1', '/enhet/1/oversikt', '/enhet/1/vaktrapport', '/enhet/1/kvalitet', '/kvalitet', '/pasient/1', '/pasient/1/forlop', '/pin', '/pin?feil=enkel', '/laast', '/pasient/1/ny']) {
      await page.goto(`${ctx.server.url}${path}`);
      await page.waitForSelector('body[data-hydrated="true"]', { state: 'attached', timeout: 20_000 });
      assert.deepEqual(await axeViolations(page), [], path);
    }
    // With an error shown and a body-map region open, too.
    await page.getByRole('button', { name: 'Lagre registrering' }).click();
    await page.locator('g[data-region="105"] path').click();
    assert.deepEqual(await axeViolations(page), [], 'form with errors and the region editor');
  });
}

test('the registration form works with the keyboard alone', async () => {
  const page = await (await ctx.browser.newContext({ viewport: { width: 768, height: 1024 } })).newPage();
  await login(page, ctx.server.url);
  await page.goto(`${ctx.server.url}/pasient/5/ny`);
  await page.waitForSelector('body[data-hydrated="true"]', { state: 'attached', timeout: 20_000 });
  // Focus the first score button of the first item and answer every item by keyboard.
  await page.locator('fieldset[data-field="esas.pain"] button[data-score="0"]').focus();
  for (const item of ['pain', 'tiredness', 'drowsiness', 'nausea', 'appetite', 'shortness_of_breath', 'depression', 'anxiety', 'wellbeing']) {
    await page.locator(`fieldset[data-field="esas.${item}"] button[data-score="2"]`).focus();
    await page.keyboard.press('Enter');
  }
  await page.locator('button[data-completed-by="patient"]').focus();
  await page.keyboard.press('Space');
  // The body map's sections and regions are buttons too.
  await page.locator('button[data-section="front_lower"]').focus();
  await page.keyboard.press('Enter');
  await page.locator('g[data-region="129"] path').focus();
  await page.keyboard.press('Enter');
  await page.locator('.region-editor button[data-score="5"]').focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Lagre registrering' }).focus();
  await Promise.all([page.waitForURL(/\/pasient\/5$/), page.keyboard.press('Enter')]);
  await page.waitForSelector('.esas-latest');
  assert.match(await page.locator('.marks.stored').textContent(), /Kne, pasientens høyre/);
});
