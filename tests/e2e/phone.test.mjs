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
