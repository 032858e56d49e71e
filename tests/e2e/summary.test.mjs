// The summary PDF from the patient page in Chromium: a newcomer (helsefagarbeider) on the demo
// ward gets the PDF of the most urgent patient in two taps from the unit overview (name, then
// "PDF til fastlege" on the trend page it opens), as a download
// whose text names the patient; a reversed period is shown at its field and nothing is
// downloaded. Screenshots of the section: LINDRA_SHOTS=DIR.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serverAndBrowser, login } from './support.mjs';

const ctx = serverAndBrowser();

async function tabletPage() {
  const context = await ctx.browser.newContext({ viewport: { width: 768, height: 1024 }, hasTouch: true, acceptDownloads: true });
  return context.newPage();
}

test('two taps from the unit overview give the most urgent patient\'s PDF for the GP', async () => {
  const page = await tabletPage();
  await login(page, ctx.server.url, 'demo.helsefag');
  await page.goto(`${ctx.server.url}/enhet/1/oversikt`);
  await page.waitForSelector('body[data-hydrated="true"]', { state: 'attached', timeout: 20_000 });
  let taps = 0;
  // Tap 1: the first name on the overview (the patient who needs someone first).
  const first = page.locator('a.patient-link').first();
  const name = (await first.innerText()).trim().split('\n')[0].trim();
  taps += 1;
  await first.tap();
  await page.waitForURL(/\/pasient\/\d+\/forlop/);
  await page.waitForSelector('body[data-hydrated="true"]', { state: 'attached', timeout: 20_000 });
  if (process.env.LINDRA_SHOTS) {
    await page.locator('.summary-export').screenshot({ path: path.join(process.env.LINDRA_SHOTS, 'summary-tablet.png') });
  }
  // Tap 2: "PDF til fastlege".
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    (async () => { taps += 1; await page.locator('header .actions').getByRole('link', { name: 'PDF til fastlege' }).tap(); })(),
  ]);
  assert.match(download.suggestedFilename(), /^ESAS-r_.+_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.pdf$/);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lindra-pdf-')), 'summary.pdf');
  await download.saveAs(file);
  const bytes = fs.readFileSync(file);
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
  assert.ok(text.includes(name), `the PDF names ${name}`);
  assert.ok(text.includes('Til fastlege'));
  assert.ok(text.includes('Alvorlig nå (7–10)'), 'the current state on page 1');
  assert.ok(taps <= 2, `${taps} taps`);
  await page.context().close();
});

test('a reversed period is shown at its field and nothing is downloaded', async () => {
  const page = await tabletPage();
  await login(page, ctx.server.url);
  await page.goto(`${ctx.server.url}/pasient/1`);
  await page.waitForSelector('body[data-hydrated="true"]', { state: 'attached', timeout: 20_000 });
  await page.locator('#summary-from').fill('2026-11-20');
  await page.locator('#summary-to').fill('2026-11-10');
  let downloaded = false;
  page.on('download', () => { downloaded = true; });
  await page.getByRole('button', { name: 'PDF til palliativt team' }).click();
  const error = page.locator('#summary-from-error');
  await error.waitFor({ state: 'visible' });
  assert.match(await error.innerText(), /Fra-dato: 20\.11\.2026 er etter til-datoen 10\.11\.2026/);
  assert.equal(await page.locator('#summary-from').getAttribute('aria-invalid'), 'true');
  await page.waitForTimeout(500);
  assert.equal(downloaded, false);
  assert.match(page.url(), /\/pasient\/1$/);
  if (process.env.LINDRA_SHOTS) {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('.summary-export').screenshot({ path: path.join(process.env.LINDRA_SHOTS, 'summary-phone-error.png') });
  }
  await page.context().close();
});
