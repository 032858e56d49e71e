// How soon the registration form answers on a cheap tablet on weak ward Wi-Fi (issue 16): in
// Chromium with 1.6 Mbit/s, 150 ms latency, CPU 4x slower and no cache, the time from navigation
// to the form painted (its first score button visible) and to the form interactive (every
// island hydrated: `<body data-hydrated>`), and the bytes it fetched. Median and max of N runs.
//
//   node bench/pages/interactive.mjs URL COOKIE [N] [PATH]
//
// Run by scripts/bench-pages.sh, which builds, seeds, starts the server and signs in.

import { launchBrowser } from '../../tests/e2e/support.mjs';

const [url, cookie, runs = '5', path = '/pasient/1/ny'] = process.argv.slice(2);
const SLOW = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };

const browser = await launchBrowser();
const samples = [];
try {
  for (let i = 0; i < Number(runs); i++) {
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, hasTouch: true });
    const [name, ...value] = cookie.split('=');
    await context.addCookies([{ name, value: value.join('='), url }]);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', SLOW);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    let bytes = 0;
    cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
    const start = Date.now();
    await page.goto(`${url}${path}`, { waitUntil: 'commit' });
    await page.locator('fieldset[data-field="esas.pain"] button[data-score="3"]').waitFor({ state: 'visible', timeout: 60_000 });
    const painted = Date.now() - start;
    await page.waitForSelector('body[data-hydrated="true"]', { state: 'attached', timeout: 60_000 });
    const interactive = Date.now() - start;
    samples.push({ painted, interactive, bytes });
    await context.close();
  }
} finally {
  await browser.close();
}
const median = (f) => { const v = samples.map(f).sort((a, b) => a - b); return v[Math.floor(v.length / 2)]; };
const max = (f) => Math.max(...samples.map(f));
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
console.log(`| registration form, throttled (${runs} runs) | painted ${s(median((x) => x.painted))} (max ${s(max((x) => x.painted)) }) ` +
  `| interactive ${s(median((x) => x.interactive))} (max ${s(max((x) => x.interactive))}) | ${Math.round(median((x) => x.bytes) / 1024)} KiB |`);
