// How soon the registration form answers on a cheap tablet on weak ward Wi-Fi (issue 16): in
// Chromium with 1.6 Mbit/s, 150 ms latency and CPU 4x slower, the time to the form painted (its
// first score button visible) and to the form interactive (every island hydrated:
// `<body data-hydrated>`), from the navigation's start, and the bytes fetched. Median and max of N
// runs, each in a new browser context, so each starts with an empty cache. Three ways to the form:
//
// - `direct`: the form's address opened with nothing cached (the first form after a new version);
// - `from the list`: the unit's patient list opened first, as a nurse does; after 3 s there (she
//   finds the patient) she taps «Ny registrering», and the time counts from the tap (before the
//   navigation starts: stricter than the other two). The list
//   fetches the form's bundle for the cache once it has loaded;
// - `again`: a second form, the bundle cached by the first (immutable), the page fetched anew.
//
// And the patient page opened with nothing cached (its follow-up panel is an island).
//
//   node bench/pages/interactive.mjs URL COOKIE [N] [PATIENT]
//
// Run by scripts/bench-pages.sh, which builds, seeds, starts the server and signs in.

import { launchBrowser } from '../../tests/e2e/support.mjs';

const [url, cookie, runs = '5', patient = '1'] = process.argv.slice(2);
const SLOW = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };
const FORM = `/pasient/${patient}/ny`;
const READING_MS = 3000;

/** A fresh context signed in by the cookie, throttled; `slow()` switches the throttling on. */
async function throttledPage(browser) {
  const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, hasTouch: true });
  const [name, ...value] = cookie.split('=');
  await context.addCookies([{ name, value: value.join('='), url }]);
  await context.addInitScript(() => {
    new MutationObserver(() => {
      if (document.body?.dataset.hydrated === 'true') window.__interactiveAt ??= performance.now();
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-hydrated'] });
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
  const slow = async () => {
    await cdp.send('Network.emulateNetworkConditions', SLOW);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  };
  return { context, page, slow, bytes: () => bytes, resetBytes: () => { bytes = 0; } };
}

/** Until the form is painted (its first contentful paint: the page is rendered whole on the
 * server) and until it is interactive (the moment `<body data-hydrated>` turned "true", taken in
 * the page, so that the test driver's polling does not count), from the navigation's start, or
 * from `tapAt` (ms since the epoch) if given. */
async function formTimes(page, tapAt, painted = 'fieldset[data-field="esas.pain"] button[data-score="3"]') {
  await page.locator(painted).first().waitFor({ state: 'visible', timeout: 60_000 });
  await page.waitForSelector('body[data-hydrated="true"]', { state: 'attached', timeout: 60_000 });
  const times = await page.evaluate(() => ({
    origin: performance.timeOrigin,
    painted: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    interactive: window.__interactiveAt,
  }));
  const before = tapAt === undefined ? 0 : times.origin - tapAt;
  return { painted: before + times.painted, interactive: before + times.interactive };
}

const ways = {
  async direct(t) {
    await t.slow();
    await t.page.goto(`${url}${FORM}`, { waitUntil: 'commit' });
    return formTimes(t.page);
  },
  async 'from the list'(t) {
    await t.slow();
    await t.page.goto(`${url}/enhet/1`, { waitUntil: 'load' });
    await t.page.waitForTimeout(READING_MS);
    t.resetBytes();
    const tapAt = Date.now();
    await t.page.locator(`a[href="${FORM}"]`).click();
    return formTimes(t.page, tapAt);
  },
  async again(t) {
    await t.page.goto(`${url}${FORM}`);
    await t.page.waitForSelector('body[data-hydrated="true"]', { state: 'attached', timeout: 60_000 });
    await t.page.goto(`${url}/enhet/1`);
    await t.slow();
    t.resetBytes();
    await t.page.goto(`${url}${FORM}`, { waitUntil: 'commit' });
    return formTimes(t.page);
  },
  // Not the form: the patient page, whose follow-up panel is an island, with nothing cached.
  async 'patient page'(t) {
    await t.slow();
    await t.page.goto(`${url}/pasient/${patient}`, { waitUntil: 'commit' });
    return formTimes(t.page, undefined, 'a[href$="/ny"]');
  },
};

const browser = await launchBrowser();
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
try {
  for (const [way, measure] of Object.entries(ways)) {
    const samples = [];
    for (let i = 0; i < Number(runs); i++) {
      const t = await throttledPage(browser);
      const times = await measure(t);
      samples.push({ ...times, bytes: t.bytes() });
      await t.context.close();
    }
    const median = (f) => { const v = samples.map(f).sort((a, b) => a - b); return v[Math.floor(v.length / 2)]; };
    const max = (f) => Math.max(...samples.map(f));
    const what = way === 'patient page' ? way : `registration form, ${way}`;
    console.log(`| ${what} (${runs} runs) | painted ${s(median((x) => x.painted))} (max ${s(max((x) => x.painted))}) ` +
      `| interactive ${s(median((x) => x.interactive))} (max ${s(max((x) => x.interactive))}) | ${Math.round(median((x) => x.bytes) / 1024)} KiB |`);
  }
} finally {
  await browser.close();
}
