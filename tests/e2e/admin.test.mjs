// Administration in a real browser: the administrator adds a user through the form (which only
// works once the wasm runs) and the new user can sign in and sees their unit.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, login } from './support.mjs';

const ctx = serverAndBrowser();

test('the administrator adds a user who can then sign in', async () => {
  const page = await (await ctx.browser.newContext({ viewport: { width: 768, height: 1024 } })).newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await login(page, ctx.server.url, 'demo.admin');
  await page.getByRole('link', { name: 'Administrasjon' }).click();
  await page.waitForURL(/\/admin$/);
  await page.waitForSelector('body[data-hydrated="true"]');

  // A wrong form shows every problem at its field.
  await page.getByRole('button', { name: 'Legg til bruker' }).click();
  await page.waitForSelector('text=Brukernavn: 2-64 tegn');
  assert.ok(await page.locator('text=Passord: minst 12 tegn').isVisible());

  await page.getByLabel('Brukernavn').fill('ny.sykepleier');
  await page.getByLabel('Fullt navn').fill('Nora Ny');
  await page.getByLabel('Rolle').selectOption('sykepleier');
  await page.getByLabel('Startpassord (minst 12 tegn)').fill('et godt passord');
  await page.getByLabel('Solsiden sykehjem, avdeling 3').check();
  await page.getByRole('button', { name: 'Legg til bruker' }).click();
  await page.waitForSelector('tr[data-user="ny.sykepleier"]');
  assert.match(await page.locator('tr[data-user="ny.sykepleier"]').textContent(), /Nora Ny.*Sykepleier.*avdeling 3.*Aktiv/);

  const other = await (await ctx.browser.newContext()).newPage();
  await other.goto(`${ctx.server.url}/logg-inn`);
  await other.getByLabel('Brukernavn').fill('ny.sykepleier');
  await other.getByLabel('Passord').fill('et godt passord');
  await Promise.all([other.waitForURL(`${ctx.server.url}/`), other.getByRole('button', { name: 'Logg inn' }).click()]);
  assert.match(await other.locator('.cards').textContent(), /avdeling 3/);
  assert.doesNotMatch(await other.locator('.cards').textContent(), /avdeling 2/);
  assert.deepEqual(errors, []);
});
