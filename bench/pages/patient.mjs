// The patient's own form (issue 17): how many taps the ten items and "Ferdig" take, and how long
// the tablet makes the patient wait at each, in Chromium at 768x1024 with the CPU 4x slower
// (a cheap tablet). For every tap: until the answer shows pressed, and until the next screen is
// there (this includes the 250 ms the form shows a chosen answer before it moves on). Median and
// max of N runs, each a fresh patient mode on a demo server.
//
//   node bench/pages/patient.mjs [N]
//
// Needs the release build (scripts/build.sh). Prints a markdown table for docs/benchmarks.md.

import { startServer, launchBrowser, login } from '../../tests/e2e/support.mjs';

const runs = Number(process.argv[2] ?? '3');
const server = await startServer({ demo: true });
const browser = await launchBrowser();
const samples = [];
try {
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, hasTouch: true });
    const page = await context.newPage();
    await login(page, server.url, 'demo.sykepleier');
    await page.goto(`${server.url}/pasient/${2 + run}`);
    await page.locator('#hand-over-language').selectOption('nb');
    await page.getByRole('button', { name: 'La pasienten svare selv' }).click();
    await page.waitForSelector('body[data-hydrated="true"]', { state: 'attached', timeout: 30_000 });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    // Timings taken in the page: from the finger down to the answer pressed, and to the next
    // screen (`data-step` changes).
    await page.evaluate(() => {
      window.taps = [];
      let tap = null;
      document.addEventListener('pointerdown', () => {
        tap = { down: performance.now(), pressed: null, next: null };
        window.taps.push(tap);
      }, true);
      const form = document.querySelector('.patient-form');
      new MutationObserver((changes) => {
        const now = performance.now();
        if (!tap) return;
        for (const c of changes) {
          if (c.attributeName === 'aria-pressed' && c.target.getAttribute('aria-pressed') === 'true' && tap.pressed === null) tap.pressed = now - tap.down;
          if (c.attributeName === 'data-step' && c.target === form && tap.next === null) tap.next = now - tap.down;
        }
      }).observe(form, { attributes: true, subtree: true, attributeFilter: ['aria-pressed', 'data-step'] });
    });
    const tapOn = async (selector) => {
      const before = await page.locator('.patient-form').getAttribute('data-step');
      await page.locator(selector).click();
      await page.waitForFunction((b) => document.querySelector('.patient-form').dataset.step !== b, before, { timeout: 10_000 });
    };
    await tapOn('[data-patient-start]');
    for (const score of [3, 2, 4, 0, 1, 5, 6, 2, 4]) await tapOn(`.patient-step button[data-score="${score}"]`);
    await tapOn('[data-other="none"]');
    await tapOn('[data-patient-finish]');
    await page.waitForSelector('.patient-step h1 >> text=/Takk/');
    const taps = await page.evaluate(() => window.taps);
    samples.push(taps);
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}

const all = samples.flat();
const stat = (values) => {
  const v = values.filter((x) => x !== null).sort((a, b) => a - b);
  return { median: v[Math.floor(v.length / 2)], max: v[v.length - 1] };
};
const ms = (x) => `${Math.round(x)} ms`;
const pressed = stat(all.filter((t, i) => i % samples[0].length >= 1 && i % samples[0].length <= 9).map((t) => t.pressed));
const next = stat(all.map((t) => t.next));
const finish = stat(samples.map((taps) => taps[taps.length - 1].next));
console.log(`| taps: start, 9 items, "annet problem: nei", "Ferdig" | ${samples[0].length} |`);
console.log(`| answer shown pressed (CPU 4x), median / max | ${ms(pressed.median)} / ${ms(pressed.max)} |`);
console.log(`| next screen after a tap (CPU 4x, incl. the 250 ms pause), median / max | ${ms(next.median)} / ${ms(next.max)} |`);
console.log(`| "Ferdig" to "Takk" (saved, CPU 4x), median / max | ${ms(finish.median)} / ${ms(finish.max)} |`);
console.log(`| machine time for the whole form (sum of waits, median run) | ${ms(stat(samples.map((taps) => taps.reduce((s, t) => s + (t.next ?? 0), 0))).median)} |`);
