// The patient's own voice (issue 17) in Chromium. A nurse hands the tablet to a patient in
// English; the patient answers the ten items (one "cannot answer") and pain now, one question
// per screen; the back button, a typed address and a reload leave the form where it was, with no
// staff data in the page or in what it loads; the summary changes an answer; "Done" stores it.
// The nurse's PIN takes the tablet back, and the registration shows as the patient's own on the
// patient page and the trend page. Idle: the form asks for the tablet back, keeping the answers.
// Five wrong PINs: a full sign-in. axe-core on every screen at three sizes and at A++.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, launchBrowser, login, setPin, sqlite, axeViolations, DEMO_PASSWORD } from './support.mjs';

const SCORES = [6, 3, null, 0, 7, 1, 4, 5, 8]; // null: "cannot answer"

async function handOver(page, url, patient, language, pain = true, bodyMap = false) {
  await page.goto(`${url}/pasient/${patient}`);
  const name = (await page.locator('h1').innerText()).trim();
  await page.locator('#hand-over-language').selectOption(language);
  if (pain) await page.getByLabel('Spør også om smerte nå (NRS 0-10)').check();
  if (bodyMap) await page.getByLabel(/Spør også hvor det gjør vondt/).check();
  await page.getByRole('button', { name: 'La pasienten svare selv' }).click();
  await page.waitForURL(/\/pasientsvar$/);
  await hydrated(page);
  return name;
}

async function hydrated(page) {
  await page.waitForSelector('body[data-hydrated="true"]', { state: 'attached', timeout: 20_000 });
}

const progress = (page) => page.locator('.patient-progress span').innerText();

async function choose(page, score) {
  const before = await page.locator('.patient-form').getAttribute('data-step');
  await page.locator(`.patient-step button[data-score="${score ?? 'kiv'}"]`).click();
  await page.waitForFunction((b) => document.querySelector('.patient-form').dataset.step !== b, before);
}

test('a patient answers in English on the tablet, and the nurse takes it back with her PIN', { timeout: 180_000 }, async () => {
  const server = await startServer({ demo: true });
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, hasTouch: true });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await login(page, server.url);
    await setPin(page, server.url);
    const name = await handOver(page, server.url, 3, 'en', true, true);
    // From here on, nothing the tablet loads may name the patient.
    const loaded = [];
    page.on('response', async (response) => {
      const kind = response.request().resourceType();
      if (kind === 'document' || kind === 'fetch' || kind === 'xhr') {
        loaded.push({ url: response.url(), body: await response.text().catch(() => '') });
      }
    });
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await page.locator('header.top').count(), 0, 'no staff header');
    assert.ok(!(await page.content()).includes(name));

    await page.getByRole('button', { name: 'Start' }).click();
    assert.equal(await page.locator('h1').innerText(), 'Pain');
    assert.equal(await progress(page), '1 of 12');
    assert.match(await page.locator('.patient-anchors').innerText(), /0 = No Pain[\s\S]*10 = Worst Possible Pain/);
    for (const [i, score] of SCORES.slice(0, 5).entries()) {
      if (i === 2) assert.match(await page.locator('.patient-explained').innerText(), /Drowsiness = feeling sleepy/);
      await choose(page, score);
    }
    assert.equal(await progress(page), '6 of 12');

    // The back button, a typed address, a reload: still the form, at the same question.
    await page.goBack();
    await page.waitForURL(/\/pasientsvar$/);
    await hydrated(page);
    await page.waitForFunction(() => document.querySelector('.patient-progress span')?.textContent === '6 of 12');
    await page.goto(`${server.url}/enhet/1`);
    await page.waitForURL(/\/pasientsvar$/);
    await page.goto(`${server.url}/pasient/3/forlop`);
    await page.waitForURL(/\/pasientsvar$/);
    await page.reload();
    await hydrated(page);
    await page.waitForFunction(() => document.querySelector('.patient-progress span')?.textContent === '6 of 12');
    assert.equal(await page.locator('h1').innerText(), 'Shortness of Breath');
    assert.ok(!(await page.content()).includes(name), 'no patient name in the DOM');

    for (const score of SCORES.slice(5)) await choose(page, score);
    assert.equal(await page.locator('h1').innerText(), 'Other Problem');
    await page.getByLabel('What is the problem?').fill('Constipation');
    await page.getByRole('button', { name: 'Rate it' }).click();
    assert.match(await page.locator('.patient-anchors').innerText(), /No Constipation[\s\S]*Worst Possible Constipation/);
    await choose(page, 5);
    assert.equal(await progress(page), '11 of 12');
    await choose(page, 6);
    // Where it hurts: an area by its button, another on the figure (the back of the right arm).
    assert.equal(await page.locator('h1').innerText(), 'Where does it hurt?');
    assert.equal(await progress(page), '12 of 12');
    await page.getByRole('button', { name: 'Lower back' }).click();
    await page.locator('.pain-figure path[d]').and(page.locator('[data-area="7"]')).last().click();
    assert.equal(await page.getByRole('button', { name: 'Right arm and shoulder' }).getAttribute('aria-pressed'), 'true');
    await page.getByRole('button', { name: 'Next' }).click();

    // The summary: every answer; one changed.
    assert.equal(await page.locator('h1').innerText(), 'Check your answers');
    const summary = await page.locator('.patient-summary').innerText();
    assert.match(summary, /Drowsiness\s+Cannot or do not want to answer/);
    assert.match(summary, /Other Problem\s+Constipation: 5/);
    assert.match(summary, /Where does it hurt\?\s+Lower back, Right arm and shoulder/);
    await page.getByRole('button', { name: 'Change Pain', exact: true }).click();
    await choose(page, 7);
    assert.equal(await page.locator('h1').innerText(), 'Check your answers', 'back to the summary');
    assert.match(await page.locator('.patient-summary li').first().innerText(), /Pain\s+7/);
    await page.getByRole('button', { name: 'Done' }).click();
    await page.waitForSelector('text=Thank you for your answers!');
    // A reload after "Done" stays thanked, not a fresh form.
    await page.reload();
    await page.waitForSelector('text=Please give the tablet back to the nurse.');
    assert.ok(loaded.length > 5, `${loaded.length} loads watched`);
    for (const { url, body } of loaded) assert.ok(!body.includes(name), `no patient name in ${url}`);

    const db = path.join(server.dataDir, 'lindra.db');
    const [row] = sqlite(db, "SELECT r.completed_by, r.self_report_language, r.esas_pain, r.esas_drowsiness, r.other_name, r.other_score, r.pain_now, u.username FROM registrations r JOIN users u ON u.id = r.recorded_by WHERE r.patient_id = 3 ORDER BY r.id DESC LIMIT 1");
    assert.deepEqual(row, ['patient', 'en', '7', '-1', 'Constipation', '5', '6', 'demo.sykepleier']);
    const marks = sqlite(db, 'SELECT region_id, intensity FROM body_marks WHERE registration_id = (SELECT MAX(id) FROM registrations WHERE patient_id = 3) ORDER BY region_id');
    assert.deepEqual(marks.map((m) => m[0]), ['105', '110', '112', '114', '116', '213', '215', '217', '219', '220', '221', '222', '223', '224']);
    assert.ok(marks.every((m) => m[1] === '6'), 'at the pain score now');

    // The nurse: her PIN, then the patient page says whose answers they are.
    await page.getByRole('link', { name: 'For staff' }).click();
    await page.waitForURL(/\/pasientsvar\/tilbake$/);
    assert.equal(await page.locator('html').getAttribute('lang'), 'nb');
    assert.match(await page.locator('.form-status').innerText(), /Pasientens svar er lagret/);
    await page.locator('#pin').fill('2580');
    await page.getByRole('button', { name: 'Lås opp' }).click();
    await page.waitForURL(/\/pasient\/3$/);
    assert.match(await page.locator('.self-report').first().innerText(), /Pasientens egne svar på nettbrettet \(engelsk\)/);
    await page.goto(`${server.url}/pasient/3/forlop`);
    assert.ok((await page.locator('abbr.self-mark').count()) > 0, 'marked on the trend page');
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
  }
});

test('left idle, the form asks for the tablet back and keeps the answers; five wrong PINs sign out', { timeout: 120_000 }, async () => {
  const server = await startServer({ demo: true });
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 } });
    const page = await context.newPage();
    await login(page, server.url);
    await setPin(page, server.url);
    await page.clock.install();
    await handOver(page, server.url, 3, 'nb', false);
    await page.getByRole('button', { name: 'Start' }).click();
    await choose(page, 4);
    await choose(page, 2);
    assert.equal(await progress(page), '3 av 10');
    await page.clock.fastForward('05:30');
    await page.waitForSelector('text=Gi nettbrettet tilbake til pleieren');
    assert.equal(await page.locator('.patient-numbers').count(), 0, 'no question behind it');
    await page.getByRole('button', { name: 'Fortsett å svare' }).click();
    assert.equal(await progress(page), '3 av 10', 'where the patient was');
    await page.getByRole('button', { name: 'Tilbake' }).click();
    assert.equal(await page.locator('.patient-step button[data-score="2"]').getAttribute('aria-pressed'), 'true', 'answers kept');

    await page.goto(`${server.url}/pasientsvar/tilbake`);
    assert.match(await page.locator('.form-status').first().innerText(), /ikke lagret/);
    for (let i = 1; i <= 5; i++) {
      await page.locator('#pin').fill('9173');
      await page.getByRole('button', { name: 'Lås opp' }).click();
      await page.waitForURL(i < 5 ? /\/pasientsvar\/tilbake\?feil=1/ : /\/logg-inn\?feil=pin/);
    }
    await page.goto(`${server.url}/pasient/3`);
    await page.waitForURL(/\/logg-inn/);
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
  }
});


test('every patient-mode screen: no WCAG 2.1 AA violations at three sizes and A++, and the keyboard alone answers', { timeout: 240_000 }, async () => {
  const server = await startServer({ demo: true });
  const browser = await launchBrowser();
  try {
    for (const [width, height] of [[768, 1024], [1024, 768], [390, 844]]) {
      const context = await browser.newContext({ viewport: { width, height }, bypassCSP: true });
      const page = await context.newPage();
      await page.clock.install();
      await login(page, server.url, 'demo.helsefag');
      await handOver(page, server.url, 2, 'en');
      const size = `${width}x${height}`;
      assert.deepEqual(await axeViolations(page), [], `intro ${size}`);
      await page.getByRole('button', { name: /Largest text/ }).click();
      assert.deepEqual(await axeViolations(page), [], `intro A++ ${size}`);
      // The keyboard alone: Start, then a number.
      await page.getByRole('button', { name: 'Start' }).focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.activeElement?.tagName === 'H1', null, { timeout: 5_000 });
      assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Pain', 'the question takes the focus');
      for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelector('.patient-form').dataset.step === 'Item(1)');
      assert.deepEqual(await axeViolations(page), [], `question A++ ${size}`);
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(scroll <= 0, `no sideways scrolling at ${size} A++ (${scroll} px)`);
      for (const score of SCORES.slice(1)) await choose(page, score);
      assert.deepEqual(await axeViolations(page), [], `other problem ${size}`);
      await page.getByRole('button', { name: 'No other problem' }).click();
      await choose(page, 3);
      assert.deepEqual(await axeViolations(page), [], `summary ${size}`);
      await page.clock.fastForward('05:30');
      await page.waitForSelector('.patient-idle');
      assert.deepEqual(await axeViolations(page), [], `idle ${size}`);
      await page.getByRole('button', { name: 'Continue answering' }).click();
      await page.getByRole('button', { name: 'Done' }).click();
      await page.waitForSelector('text=Thank you for your answers!');
      assert.deepEqual(await axeViolations(page), [], `thanks ${size}`);
      await page.getByRole('link', { name: 'For staff' }).click();
      await page.waitForURL(/tilbake$/);
      assert.deepEqual(await axeViolations(page), [], `give back ${size}`);
      await page.getByLabel('Passord').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Lås opp' }).click();
      await page.waitForURL(/\/pasient\/2$/);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.stop();
  }
});
