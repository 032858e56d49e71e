// The follow-up loop with two nurses on two tablets (issue 18): A saves a severe form; B's
// overview and header show it without a reload; B takes it and records behovsmedisin; A sees
// that live on the patient page; A records the re-assessment, which closes the follow-up, and
// the whole trail is on the patient page.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, login } from './support.mjs';

const ctx = serverAndBrowser();

async function tablet(username) {
  const context = await ctx.browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'nb-NO', hasTouch: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await login(page, ctx.server.url, username);
  return { page, errors };
}

async function hydrated(page) {
  await page.waitForSelector('body[data-hydrated="true"]', { timeout: 20_000 });
}

/** Waits for the event stream of `page` to be open. */
async function live(page) {
  await page.waitForSelector('body[data-live="true"]', { timeout: 10_000 });
}

async function recordSevere(page, patient, painScore) {
  await page.goto(`${ctx.server.url}/pasient/${patient}/ny`);
  await hydrated(page);
  const scores = [painScore, 2, 2, 1, 1, 1, 1, 1, 2];
  const items = ['pain', 'tiredness', 'drowsiness', 'nausea', 'appetite', 'shortness_of_breath', 'depression', 'anxiety', 'wellbeing'];
  for (const [i, item] of items.entries()) {
    await page.locator(`fieldset[data-field="esas.${item}"] button[data-score="${scores[i]}"]`).click();
  }
  await page.locator('button[data-completed-by="patient"]').click();
  await Promise.all([
    page.waitForURL(`${ctx.server.url}/pasient/${patient}`),
    page.getByRole('button', { name: 'Lagre registrering' }).click(),
  ]);
  await hydrated(page);
}

test('a severe score reaches a colleague live, is acted on, and the re-assessment closes it', async () => {
  const a = await tablet('demo.sykepleier');
  const b = await tablet('demo.helsefag');
  const patient = 3;

  await b.page.goto(`${ctx.server.url}/enhet/1/oversikt`);
  await hydrated(b.page);
  await live(b.page);
  assert.equal(await b.page.locator('.followup-flag').count(), 0, 'the demo ward starts with no open follow-up');

  // A saves pain 8: the patient page says so at once and offers the loop's first steps.
  await recordSevere(a.page, patient, 8);
  const open = a.page.locator('.followup-open');
  await open.waitFor({ timeout: 5_000 });
  assert.match(await open.locator('.followup-reasons').textContent(), /Smerte 8/);
  assert.match(await open.locator('.followup-state').textContent(), /ingen har tatt den/);
  assert.ok(await a.page.getByRole('button', { name: 'Jeg følger opp' }).isVisible());
  assert.ok(await a.page.getByRole('heading', { name: 'Registrer tiltak' }).isVisible());

  // B's overview, not reloaded: the patient comes first with the follow-up, and the header counts it.
  const flag = b.page.locator(`.overview-row[data-patient="${patient}"] .followup-flag`);
  await flag.waitFor({ timeout: 5_000 });
  assert.equal(await b.page.locator('.overview-row').first().getAttribute('data-patient'), String(patient));
  assert.match(await b.page.locator('.followup-badge').textContent(), /1 åpen oppfølging/);

  // A stays on the patient page; B takes the follow-up and records behovsmedisin.
  await live(a.page);
  await flag.click();
  await b.page.waitForURL(new RegExp(`/pasient/${patient}`));
  await hydrated(b.page);
  await b.page.getByRole('button', { name: 'Jeg følger opp' }).click();
  await b.page.waitForFunction(() => /følger opp/.test(document.querySelector('.followup-open .followup-state')?.textContent ?? ''));
  await b.page.getByLabel('Behovsmedisin gitt').check();
  // Save without the medicine first: the message names the field, and nothing is lost.
  await b.page.getByLabel('Dose').fill('5 mg');
  await b.page.getByRole('button', { name: 'Lagre tiltak' }).click();
  await b.page.locator('.prn-fields .field-error', { hasText: 'Legemiddel' }).waitFor({ timeout: 5_000 });
  assert.equal(await b.page.getByLabel('Dose').inputValue(), '5 mg');
  await b.page.getByLabel('Legemiddel').fill('Morfin');
  await b.page.getByLabel('Administrasjonsmåte').fill('s.c.');
  await b.page.getByLabel('Revurder etter (minutter)').fill('30');
  await b.page.getByRole('button', { name: 'Lagre tiltak' }).click();
  await b.page.waitForFunction(() => /revurdering om/.test(document.querySelector('.followup-open .followup-state')?.textContent ?? ''));

  // A sees it on the page she has open, without a reload.
  await a.page.waitForFunction(
    () => /Behovsmedisin gitt: Morfin 5 mg s\.c\./.test(document.querySelector('.followup-trail')?.textContent ?? ''),
    null,
    { timeout: 5_000 },
  );
  assert.match(await a.page.locator('.followup-open .followup-state').textContent(), /revurdering om/);

  // A second "Jeg følger opp" is not offered, and the header badge still counts one.
  assert.equal(await a.page.getByRole('button', { name: 'Jeg følger opp' }).count(), 0);

  // The re-assessment: pain 3 now. It closes the loop, and the trail is on the patient page.
  await recordSevere(a.page, patient, 3);
  await a.page.locator('.no-flags', { hasText: 'Ingen åpen oppfølging' }).waitFor({ timeout: 5_000 });
  await a.page.locator('.followup-history summary').click();
  // The newest first: the demo has earlier follow-ups of its own.
  const trail = await a.page.locator('.followup-history .followup-trail').first().textContent();
  for (const step of [/åpnet: Smerte 8/, /tok oppfølgingen/, /Behovsmedisin gitt: Morfin 5 mg s\.c\./, /lukket: Revurdert/]) {
    assert.match(trail, step);
  }
  // B's page and header follow, without a reload.
  await b.page.locator('.no-flags', { hasText: 'Ingen åpen oppfølging' }).waitFor({ timeout: 5_000 });
  await b.page.waitForFunction(() => !document.querySelector('.followup-badge'), null, { timeout: 5_000 });
  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);
});

test('the page says so when a re-assessment falls due, without a reload', { timeout: 180_000 }, async () => {
  const a = await tablet('demo.sykepleier');
  const patient = 4;
  await recordSevere(a.page, patient, 9);
  await live(a.page);
  await a.page.getByRole('button', { name: 'Jeg følger opp' }).click();
  await a.page.waitForFunction(() => /følger opp/.test(document.querySelector('.followup-open .followup-state')?.textContent ?? ''));
  // Given four minutes ago, to be re-assessed after five: due within the next minute. The time
  // is typed in whole minutes, so late in a minute it could fall due before the save shows
  // "revurdering om": begin in the first half of a minute, 30-60 s before it falls due.
  const second = new Date().getSeconds();
  if (second >= 30) await a.page.waitForTimeout((60 - second) * 1000);
  const clock = new Date(Date.now() - 4 * 60_000)
    .toLocaleTimeString('nb-NO', { timeZone: 'Europe/Oslo', hour: '2-digit', minute: '2-digit', hour12: false });
  await a.page.getByLabel('Samtale eller tilstedeværelse').check();
  await a.page.getByLabel('Klokkeslett tiltaket ble gjort (tt:mm)').fill(clock);
  await a.page.getByLabel('Revurder etter (minutter)').fill('5');
  await a.page.getByRole('button', { name: 'Lagre tiltak' }).click();
  await a.page.waitForFunction(() => /revurdering om/.test(document.querySelector('.followup-open .followup-state')?.textContent ?? ''));
  // Someone is at the tablet (the page stays live only while it is used).
  const tap = setInterval(() => a.page.mouse.click(5, 5).catch(() => {}), 20_000);
  try {
    await a.page.waitForFunction(
      () => /revurdering forfalt/.test(document.querySelector('.followup-badge')?.textContent ?? ''),
      null,
      { timeout: 100_000 },
    );
    // The panel loads on the same wake-up as the header; its answer may come a moment later.
    await a.page.waitForFunction(
      () => /revurdering forfalt/.test(document.querySelector('.followup-open .followup-state')?.textContent ?? ''),
      null,
      { timeout: 10_000 },
    );
    assert.ok(await a.page.locator('.followup-open.overdue').isVisible());
  } finally {
    clearInterval(tap);
  }
  assert.deepEqual(a.errors, []);
});
