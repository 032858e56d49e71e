// The body map as a finger meets it: in every section, every region that is a button there holds
// a 44 x 44 CSS px square (checked with the browser's own hit testing of the drawn path), on a
// phone, a tablet in portrait and in landscape, with no horizontal scrolling; a tap on a region's
// edge seen from the other section opens it in its own section.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, login } from './support.mjs';

const ctx = serverAndBrowser();
const SECTIONS = ['front_upper', 'front_lower', 'back_upper', 'back_lower'];

/** Opens the form right after login (where a lost page policy once blocked the bundle). */
async function openForm(page) {
  await page.goto(`${ctx.server.url}/pasient/1/ny`);
  await page.waitForSelector('body[data-hydrated="true"]', { state: 'attached', timeout: 20_000 });
}

/** Regions of the shown section without a 44 px square inside, with their best square in px. */
function smallRegions(page) {
  return page.evaluate(() => {
    const svg = document.querySelector('svg.figure');
    const scale = svg.getScreenCTM().a; // CSS px per figure unit
    const side = 44 / scale;
    const out = [];
    for (const path of svg.querySelectorAll('g[data-region] path[role="button"]')) {
      const box = path.getBBox();
      const inside = (x, y) => path.isPointInFill(new DOMPoint(x, y));
      const fits = (x0, y0) => {
        for (let i = 0; i <= 6; i++) for (let j = 0; j <= 6; j++) {
          if (!inside(x0 + (side * i) / 6, y0 + (side * j) / 6)) return false;
        }
        return true;
      };
      let found = false;
      const step = side / 10;
      for (let x = box.x; !found && x + side <= box.x + box.width; x += step) {
        for (let y = box.y; !found && y + side <= box.y + box.height; y += step) found = fits(x, y);
      }
      if (!found) out.push(`${path.parentElement.dataset.region} (box ${Math.round(box.width * scale)}x${Math.round(box.height * scale)} px)`);
    }
    return { scale, count: svg.querySelectorAll('path[role="button"]').length, out };
  });
}

for (const [width, height] of [[390, 844], [768, 1024], [1024, 768]]) {
  test(`every body-map region holds a 44 px square at ${width}x${height}`, async () => {
    const page = await (await ctx.browser.newContext({ viewport: { width, height }, hasTouch: true })).newPage();
    await login(page, ctx.server.url);
    await openForm(page);
    let buttons = 0;
    for (const section of SECTIONS) {
      await page.locator(`button[data-section="${section}"]`).tap();
      await page.waitForSelector(`svg.figure[data-section="${section}"]`);
      const { count, out } = await smallRegions(page);
      buttons += count;
      assert.deepEqual(out, [], `${section}: regions below 44 px`);
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(scroll <= 0, `no horizontal scrolling (${scroll} px too wide)`);
    }
    assert.equal(buttons, 74, 'each of the 74 regions is a button in exactly one section');
  });
}

test('a region seen from the other section opens in its own', async () => {
  const page = await (await ctx.browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true })).newPage();
  await login(page, ctx.server.url);
  await openForm(page);
  // The upper body shows the top of the thighs (127), a lower-body region.
  const thigh = page.locator('g[data-region="127"]');
  assert.equal(await thigh.getAttribute('class'), 'region elsewhere');
  await thigh.locator('path').dispatchEvent('click');
  await page.waitForSelector('svg.figure[data-section="front_lower"]');
  assert.match(await page.locator('.region-editor').textContent(), /Smerte i lår, forside, pasientens høyre/);
});
