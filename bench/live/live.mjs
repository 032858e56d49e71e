// Time from a save that opens or closes a follow-up to the header badge changing in another
// nurse's browser, over N saves: p50, p95 and max. On SQLite (one server), and on PostgreSQL with
// the page on server A and the saves on server B (NOTIFY/LISTEN between them).
//
//   node bench/live/live.mjs sqlite [N]
//   node bench/live/live.mjs postgres [N]      needs LINDRA_TEST_POSTGRES_URL
//
// Run by scripts/bench-live.sh, which builds and sets the environment. Prints one markdown row.

import { startServer, launchBrowser, signIn, scratchDatabase } from '../../tests/e2e/support.mjs';

const mode = process.argv[2] ?? 'sqlite';
const saves = Number(process.argv[3] ?? 60);
const servers = [];
let database = null;
if (mode === 'postgres') {
  database = scratchDatabase(process.env.LINDRA_TEST_POSTGRES_URL, 'lindra_bench_live');
  const env = { LINDRA_DATABASE_URL: database.url, LINDRA_LOG: 'warn' };
  servers.push(await startServer({ demo: true, env }));
  servers.push(await startServer({ demo: true, env }));
} else {
  servers.push(await startServer({ demo: true, env: { LINDRA_LOG: 'warn' } }));
}
const [viewer, writer] = [servers[0], servers.at(-1)];
const browser = await launchBrowser();
try {
  const context = await browser.newContext({ viewport: { width: 768, height: 1024 } });
  const cookie = await signIn(viewer.url, 'demo.helsefag');
  const [name, value] = cookie.split('=');
  await context.addCookies([{ name, value, url: viewer.url }]);
  const page = await context.newPage();
  await page.goto(`${viewer.url}/enhet/1/oversikt`);
  await page.waitForSelector('body[data-live="true"]', { state: 'attached', timeout: 20_000 });
  const saver = await signIn(writer.url, 'demo.sykepleier');
  const badge = () => page.evaluate(() => document.querySelector('.followup-badge')?.textContent ?? '');
  const draft = (pain) => ({
    observed_at: null, completed_by: 'patient', symptoms: [pain, 1, 1, 1, 1, 1, 1, 1, 1].map((score) => ({ score })),
    other_name: '', other: 'unanswered', pain_now: null, pain_worst_24h: null, pain_average_24h: null,
    breakthrough: null, body_marks: [], note: '',
  });
  const times = [];
  for (let i = 0; i < saves; i++) {
    // Odd saves open a follow-up for patient 1, even ones close it (the re-assessment).
    const severe = i % 2 === 0;
    const before = await badge();
    const started = performance.now();
    const res = await fetch(`${writer.url}/api/record_registration`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', cookie: saver, origin: writer.url },
      body: JSON.stringify({ patient_id: 1, request_id: `bench-live-${mode}-${i}-${Date.now()}`, draft: draft(severe ? 8 : 1) }),
    });
    if (res.status !== 200) throw new Error(`save ${i}: ${res.status} ${await res.text()}`);
    await page.waitForFunction((b) => (document.querySelector('.followup-badge')?.textContent ?? '') !== b, before, { polling: 'raf', timeout: 10_000 });
    times.push(performance.now() - started);
    await page.waitForTimeout(100);
  }
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  const label = mode === 'postgres' ? 'PostgreSQL, page on server A, saves on server B' : 'SQLite, one server';
  console.log(`| ${label} | ${times.length} | ${at(0.5).toFixed(0)} ms | ${at(0.95).toFixed(0)} ms | ${times.at(-1).toFixed(0)} ms |`);
} finally {
  await browser.close();
  for (const s of servers) await s.stop();
  database?.drop();
}
