// Where the time goes when the registration form loads under the slow profile (issue 16): each
// resource's start, when its request was sent (a low-priority one can be held back), its first
// byte and its end (resource timing), DOMContentLoaded, WebAssembly.instantiateStreaming's
// start and end, each island's hydration and <body data-hydrated>, in ms from the navigation's
// start, then the navigation's own timing (response, DOM interactive, DOMContentLoaded, encoded size)
// and the paints. A diagnosis aid beside interactive.mjs, not a benchmark; one run.
//
//   node bench/pages/timeline.mjs URL COOKIE [PATH] [cold|warm] [CPU]

import { launchBrowser } from '../../tests/e2e/support.mjs';
const [url, cookie, path = '/pasient/1/ny', cache = 'cold', cpu = '4'] = process.argv.slice(2);
const SLOW = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };
const browser = await launchBrowser();
const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, hasTouch: true });
const [name, ...value] = cookie.split('=');
await context.addCookies([{ name, value: value.join('='), url }]);
await context.addInitScript(() => {
  window.__log = [];
  const log = (what) => window.__log.push([Math.round(performance.now()), what]);
  for (const fn of ['instantiateStreaming', 'instantiate', 'compileStreaming']) {
    const orig = WebAssembly[fn];
    WebAssembly[fn] = function (...args) { log(fn + ' start'); const p = orig.apply(this, args); p.then(() => log(fn + ' end')); return p; };
  }
  new PerformanceObserver((l) => { for (const e of l.getEntries()) log(`longtask ${Math.round(e.startTime)}+${Math.round(e.duration)}`); }).observe({ type: 'longtask', buffered: true });
  document.addEventListener('DOMContentLoaded', () => {
    log('DOMContentLoaded');
    new MutationObserver((ms) => { for (const m of ms) { if (m.target === document.body) log('body ' + document.body.dataset.hydrated); else if (m.target.dataset?.hydrated !== undefined) log('island ' + m.target.dataset.component?.slice(0, 30)); } })
      .observe(document.body, { attributes: true, subtree: true, attributeFilter: ['data-hydrated'] });
  });
});
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await cdp.send('Network.enable');
if (cache === 'warm') { await page.goto(`${url}${path}`); await page.waitForSelector('body[data-hydrated="true"]', { state: 'attached' }); await page.goto(`${url}/`); }
else await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
await cdp.send('Network.emulateNetworkConditions', SLOW);
await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(cpu) });
const start = Date.now();
await page.goto(`${url}${path}`, { waitUntil: 'commit' });
await page.waitForSelector('body[data-hydrated="true"]', { state: 'attached', timeout: 60_000 });
const interactive = Date.now() - start;
const res = await page.evaluate(() => performance.getEntriesByType("resource").map((r) => `${r.name.split("/").pop().slice(0, 40)} start ${Math.round(r.startTime)} req ${Math.round(r.requestStart)} resp ${Math.round(r.responseStart)} end ${Math.round(r.responseEnd)}`));
console.log(res.join('\n'));
console.log((await page.evaluate(() => window.__log)).map(([t, w]) => `${t} ${w}`).join('\n'));
console.log(JSON.stringify(await page.evaluate(() => { const n = performance.getEntriesByType("navigation")[0]; return { reqStart: n.requestStart, respStart: n.responseStart, respEnd: n.responseEnd, domInteractive: n.domInteractive, dcl: n.domContentLoadedEventStart, size: n.encodedBodySize, paints: performance.getEntriesByType("paint").map(p => [p.name, Math.round(p.startTime)]) }; }))); console.log({ interactive });
await browser.close();
