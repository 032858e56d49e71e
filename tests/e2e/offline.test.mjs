// Nothing typed is lost and nothing is stored twice: saving without a network keeps the form
// and says so; saving again when the network is back stores it once, however often the
// button was pressed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, login } from './support.mjs';

const ctx = serverAndBrowser();

test('a save without network keeps the form, and the resend stores it once', async () => {
  const context = await ctx.browser.newContext({ viewport: { width: 768, height: 1024 } });
  const page = await context.newPage();
  await login(page, ctx.server.url);
  await page.goto(`${ctx.server.url}/pasient/8`);
  const before = await page.locator('.esas-latest').getAttribute('data-registration');
  await page.goto(`${ctx.server.url}/pasient/8/ny`);
  await page.waitForSelector('body[data-hydrated="true"]', { state: 'attached', timeout: 20_000 });
  for (const item of ['pain', 'tiredness', 'drowsiness', 'nausea', 'appetite', 'shortness_of_breath', 'depression', 'anxiety', 'wellbeing']) {
    await page.locator(`fieldset[data-field="esas.${item}"] button[data-score="4"]`).click();
  }
  await page.locator('button[data-completed-by="health_personnel"]').click();

  await context.setOffline(true);
  await page.getByRole('button', { name: 'Lagre registrering' }).click();
  await page.waitForSelector('.form-status:has-text("ikke lagret")');
  assert.equal(await page.locator('fieldset[data-field="esas.wellbeing"] button[data-score="4"]').getAttribute('aria-pressed'), 'true');
  assert.match(page.url(), /\/ny$/, 'still on the form');

  await context.setOffline(false);
  const save = page.getByRole('button', { name: 'Lagre registrering' });
  await Promise.all([page.waitForURL(/\/pasient\/8$/), save.dblclick()]);
  await page.waitForSelector('.esas-latest');
  const after = await page.locator('.esas-latest').getAttribute('data-registration');
  assert.notEqual(after, before, 'the new registration is the latest');
  // One row for this form: the audit log shows one "ok" and any resend as "duplicate".
  const resource = await (await ctx.browser.newContext()).newPage();
  await login(resource, ctx.server.url, 'demo.ressurs');
  await resource.goto(`${ctx.server.url}/pasient/8/tilgangslogg`);
  const created = resource.locator('tr[data-action="registration.create"][data-outcome="ok"]');
  assert.equal(await created.count(), 1, 'stored once');
});
