// Administration in a real browser: the administrator adds a user through the form (which only
// works once the wasm runs), hands her the start password shown once, and the new user signs in
// with it, chooses her own password, and sees her unit.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, login } from './support.mjs';

const ctx = serverAndBrowser();

test('the administrator adds a user, who signs in with the start password and chooses her own', async () => {
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
  assert.ok(await page.locator('text=Rolle: velg en rolle.').isVisible());
  assert.equal(await page.getByLabel('Startpassord').count(), 0, 'the administrator types no password');

  await page.getByLabel('Brukernavn').fill('ny.sykepleier');
  await page.getByLabel('Fullt navn').fill('Nora Ny');
  await page.getByLabel('Rolle').selectOption('sykepleier');
  const userForm = page.locator('form', { has: page.getByRole('heading', { name: 'Legg til bruker' }) });
  await userForm.getByLabel('Solsiden sykehjem, avdeling 3').check();
  await page.getByRole('button', { name: 'Legg til bruker' }).click();
  await page.waitForSelector('tr[data-user="ny.sykepleier"]');
  assert.match(await page.locator('tr[data-user="ny.sykepleier"]').textContent(), /Nora Ny.*Sykepleier.*avdeling 3.*Aktiv/);
  const shown = page.locator('[data-start-password-for="ny.sykepleier"]');
  assert.match(await shown.textContent(), /Startpassordet til Nora Ny vises bare denne ene gangen.*virker til/);
  const start = await shown.getByLabel('Startpassord').inputValue();
  assert.match(start, /^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);

  const other = await (await ctx.browser.newContext()).newPage();
  const signIn = async (password, to) => {
    await other.goto(`${ctx.server.url}/logg-inn`);
    await other.getByLabel('Brukernavn').fill('ny.sykepleier');
    await other.getByLabel('Passord').fill(password);
    await Promise.all([other.waitForURL(to), other.getByRole('button', { name: 'Logg inn' }).click()]);
  };
  await signIn(start, `${ctx.server.url}/nytt-passord`);
  await other.getByLabel('Nytt passord (minst 12 tegn)').fill('et godt passord');
  await other.getByLabel('Det nye passordet en gang til').fill('et godt passord');
  await Promise.all([
    other.waitForURL(`${ctx.server.url}/`),
    other.getByRole('button', { name: 'Lagre passordet og gå videre' }).click(),
  ]);
  assert.match(await other.locator('.cards').textContent(), /avdeling 3/);
  // The start password served once; her own opens Lindra from now on.
  await signIn(start, `${ctx.server.url}/logg-inn?feil=1`);
  await signIn('et godt passord', `${ctx.server.url}/`);
  assert.match(await other.locator('.cards').textContent(), /avdeling 3/);
  assert.doesNotMatch(await other.locator('.cards').textContent(), /avdeling 2/);
  assert.deepEqual(errors, []);
});

test('the administrator makes an API client whose token reads FHIR until it is revoked', async () => {
  const page = await (await ctx.browser.newContext({ viewport: { width: 768, height: 1024 } })).newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await login(page, ctx.server.url, 'demo.admin');
  await page.goto(`${ctx.server.url}/admin`);
  await page.waitForSelector('body[data-hydrated="true"]');
  const form = page.locator('form', { has: page.getByRole('heading', { name: 'Legg til API-klient' }) });

  // Nothing chosen: each problem at its field, nothing made.
  await page.getByRole('button', { name: 'Legg til API-klient' }).click();
  await page.waitForSelector('text=Enheter: velg minst én enhet');
  assert.ok(await page.locator('text=Navn: må fylles ut.').isVisible());

  await form.getByLabel('Navn (vises i tilgangsloggen)').fill('DIPS-integrasjon');
  await form.getByLabel('Solsiden sykehjem, avdeling 2').check();
  await form.getByLabel('Gyldig i dager').fill('90');
  await page.getByRole('button', { name: 'Legg til API-klient' }).click();
  await page.waitForSelector('tr[data-api-client="DIPS-integrasjon"]');
  assert.match(await page.locator('tr[data-api-client="DIPS-integrasjon"]').textContent(), /avdeling 2.*Gyldig til/);
  const token = await page.locator('.token-once input').inputValue();
  assert.match(token, /^[0-9a-f]{64}$/);
  assert.match(await page.locator('.token-once').textContent(), /vises bare denne ene gangen/);

  const read = () => fetch(`${ctx.server.url}/fhir/Patient`, { headers: { Authorization: `Bearer ${token}` } });
  const found = await read();
  assert.equal(found.status, 200);
  const bundle = await found.json();
  assert.equal(bundle.resourceType, 'Bundle');
  assert.ok(bundle.total > 0 && bundle.entry.every((e) => e.resource.managingOrganization.display.endsWith('avdeling 2')));

  await page.locator('tr[data-api-client="DIPS-integrasjon"]').getByRole('button', { name: 'Trekk tilbake' }).click();
  await page.waitForSelector('tr[data-api-client="DIPS-integrasjon"] >> text=Trukket tilbake');
  assert.equal((await read()).status, 401);
  assert.deepEqual(errors, []);
});

// Check digits computed here, apart from Lindra's code: mod 11 with the two weight lists.
function fodselsnummer(day, month, year) {
  const check = (digits, weights) => {
    const k = 11 - (digits.reduce((sum, d, i) => sum + d * weights[i], 0) % 11);
    return k === 11 ? 0 : k;
  };
  for (let individual = 0; individual < 500; individual++) {
    const first = `${day}${month}${year.slice(2)}${String(individual).padStart(3, '0')}`.split('').map(Number);
    const k1 = check(first, [3, 7, 6, 1, 8, 9, 4, 5, 2]);
    const k2 = check([...first, k1], [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
    if (k1 < 10 && k2 < 10) return `${first.join('')}${k1}${k2}`;
  }
  throw new Error('no number');
}

test('the administrator sets a fødselsnummer; a nurse sees it masked and shows it on a tap', async () => {
  const admin = await (await ctx.browser.newContext({ viewport: { width: 768, height: 1024 } })).newPage();
  const errors = [];
  admin.on('pageerror', (e) => errors.push(String(e)));
  await login(admin, ctx.server.url, 'demo.admin');
  await admin.goto(`${ctx.server.url}/admin`);
  await admin.waitForSelector('body[data-hydrated="true"]');
  // A patient of the nurse's unit.
  const nurse = await (await ctx.browser.newContext({ viewport: { width: 768, height: 1024 } })).newPage();
  nurse.on('pageerror', (e) => errors.push(String(e)));
  await login(nurse, ctx.server.url, 'demo.sykepleier');
  await nurse.goto(`${ctx.server.url}/enhet/1`);
  const href = await nurse.locator('.patient-row a').first().getAttribute('href');
  const id = href.match(/\/pasient\/(\d+)/)[1];
  await admin.locator('#national-id-patient').selectOption(id);
  const text = await admin.locator(`#national-id-patient option[value="${id}"]`).textContent();
  const [, day, month, year] = text.match(/\((\d\d)\.(\d\d)\.(\d{4})\)/);
  const number = fodselsnummer(day, month, year);
  const wrong = `${number.slice(0, 10)}${(Number(number[10]) + 1) % 10}`;
  await admin.getByLabel('Fødselsnummer eller D-nummer').fill(wrong);
  await admin.getByRole('button', { name: 'Lagre fødselsnummer' }).click();
  await admin.waitForSelector('text=kontrollsifrene stemmer ikke');
  await admin.getByLabel('Fødselsnummer eller D-nummer').fill(number);
  await admin.getByRole('button', { name: 'Lagre fødselsnummer' }).click();
  await admin.waitForSelector('text=Fødselsnummeret er lagret.');

  await nurse.goto(`${ctx.server.url}/pasient/${id}`);
  await nurse.waitForSelector('body[data-hydrated="true"]');
  const shown = nurse.locator('[data-national-id]');
  assert.equal((await shown.textContent()).trim(), `${number.slice(0, 6)} *****`);
  assert.ok(!(await nurse.content()).includes(number), 'the whole number is not in the page');
  await nurse.getByRole('button', { name: 'Vis fødselsnummer' }).click();
  await nurse.waitForFunction((n) => document.querySelector('[data-national-id]').textContent.includes(n), number);
  assert.deepEqual(errors, []);
});
