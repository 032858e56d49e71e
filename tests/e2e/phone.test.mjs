// Readable on a phone: at 390x844 no page scrolls sideways (every page, the administration too), and the trend page's charts are
// drawn for the phone's width, their text at least 11 px tall as shown (the tablet drawing,
// scaled down, showed it at 6 px). At 768x1024 the tablet drawing is the one shown.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, login } from './support.mjs';

const ctx = serverAndBrowser();

// Every page there is, as the resource nurse sees it (the administration as the administrator).
const PAGES = [
  '/', '/enhet/1', '/enhet/1/oversikt', '/enhet/1/vaktrapport', '/enhet/1/kvalitet', '/enhet/1/kvalitet?periode=maned',
  '/kvalitet', '/pasient/1', '/pasient/1/forlop?periode=alle', '/pasient/1/forlop?periode=7', '/pasient/1/ny',
  '/registrering/1', '/registrering/1/rett', '/pasient/1/tilgangslogg', '/finnes-ikke',
];

/** How wide the page is, and the widest element that pokes out past the viewport, if any. */
function overflow(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > width + 0.5 && !e.closest('.visually-hidden, .skip-link'))
      .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`);
    return { scrollWidth: document.documentElement.scrollWidth, out: out.slice(0, 5) };
  });
}

/** What would stick out of an element the browser lays out only near the screen
 * (`content-visibility: auto`, which clips its overflow): each such element brought into view,
 * those whose content is wider than they are. */
async function clipped(page) {
  const count = await page.evaluate(() => [...document.querySelectorAll('body *')]
    .filter((e) => getComputedStyle(e).contentVisibility === 'auto')
    .map((e, i) => e.setAttribute('data-cv', i)).length);
  const wider = [];
  for (let i = 0; i < count; i++) {
    const element = page.locator(`[data-cv="${i}"]`);
    await element.scrollIntoViewIfNeeded();
    const w = await element.evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth, name: `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}` }));
    if (w.scroll > w.client + 1) wider.push(`${w.name}: ${w.scroll} > ${w.client}`);
  }
  return { count, wider };
}

/** The heights, in CSS px, of the text of the charts that are shown. */
function chartText(page) {
  return page.evaluate(() => [...document.querySelectorAll('.chart-svg')]
    .filter((c) => c.offsetParent !== null)
    .flatMap((c) => [...c.querySelectorAll('svg text')].map((t) => t.getBoundingClientRect().height)));
}

for (const [width, height, kind] of [[390, 844, 'narrow'], [768, 1024, 'wide']]) {
  test(`at ${width}x${height} no page scrolls sideways and chart text is legible`, async () => {
    const context = await ctx.browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    await login(page, ctx.server.url, 'demo.ressurs');
    for (const path of PAGES) {
      const answer = await page.goto(`${ctx.server.url}${path}`);
      assert.equal(answer.status(), path === '/finnes-ikke' ? 404 : 200, path);
      await page.waitForSelector('body[data-hydrated="true"]');
      const { scrollWidth, out } = await overflow(page);
      assert.ok(scrollWidth <= width, `${path}: ${scrollWidth} px wide at ${width} (${out})`);
      // Clipped is hidden, not scrolled: the trend page and the quality view lay out their
      // charts and tables only near the screen, and nothing in them may be cut off.
      const { count, wider } = await clipped(page);
      assert.deepEqual(wider, [], `${path}: cut off at ${width}`);
      if (path === '/pasient/1/forlop?periode=alle') assert.ok(count > 0, 'the trend page has elements laid out near the screen');
    }
    // The administration and the sign-in page, as the administrator and as nobody.
    const admin = await ctx.browser.newContext({ viewport: { width, height } });
    const adminPage = await admin.newPage();
    await login(adminPage, ctx.server.url, 'demo.admin');
    for (const path of ['/admin', '/']) {
      await adminPage.goto(`${ctx.server.url}${path}`);
      await adminPage.waitForSelector('body[data-hydrated="true"]');
      const { scrollWidth, out } = await overflow(adminPage);
      assert.ok(scrollWidth <= width, `${path} (admin): ${scrollWidth} px wide at ${width} (${out})`);
    }
    await admin.close();
    const nobody = await ctx.browser.newContext({ viewport: { width, height } });
    const signIn = await nobody.newPage();
    await signIn.goto(`${ctx.server.url}/logg-inn`);
    assert.ok((await overflow(signIn)).scrollWidth <= width, 'the sign-in page');
    await nobody.close();
    await page.goto(`${ctx.server.url}/pasient/1/forlop?periode=alle`);
    const shown = await page.evaluate(() => [...document.querySelectorAll('.chart-svg')]
      .filter((c) => c.offsetParent !== null).map((c) => c.className));
    assert.ok(shown.length >= 10, `${shown.length} charts shown`);
    assert.ok(shown.every((c) => c.includes(kind)), `the ${kind} drawings: ${shown}`);
    const text = await chartText(page);
    assert.ok(text.length > 50, 'chart labels found');
    const smallest = Math.min(...text);
    assert.ok(smallest >= 11, `the smallest chart text is ${smallest.toFixed(1)} px at ${width}`);
    await context.close();
  });
}
