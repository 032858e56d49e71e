// Access in a real browser: a nurse of one ward cannot open the other ward's patients by URL;
// the resource nurse opens a patient's access log and finds the nurse's refused attempt there;
// logging out ends the session.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, login, DEMO_PASSWORD } from './support.mjs';

const ctx = serverAndBrowser();

test('a nurse cannot reach another unit, and the resource nurse sees it in the access log', async () => {
  const nurse = await (await ctx.browser.newContext({ viewport: { width: 768, height: 1024 } })).newPage();
  await login(nurse, ctx.server.url, 'demo.sykepleier');
  assert.match(await nurse.locator('.who-name').textContent(), /Demo Sykepleier \(Sykepleier\)/);
  // Patients 9-16 are on the other ward.
  const refused = await nurse.goto(`${ctx.server.url}/pasient/9`);
  assert.equal(refused.status(), 403);
  assert.match(await nurse.locator('[role="alert"]').textContent(), /ikke tilgang/);
  const unit = await nurse.goto(`${ctx.server.url}/enhet/2`);
  assert.equal(unit.status(), 403);

  const resource = await (await ctx.browser.newContext({ viewport: { width: 768, height: 1024 } })).newPage();
  await login(resource, ctx.server.url, 'demo.ressurs');
  await resource.goto(`${ctx.server.url}/pasient/9`);
  await resource.getByRole('link', { name: 'Tilgangslogg' }).click();
  await resource.waitForURL(/\/pasient\/9\/tilgangslogg$/);
  // The log page loads in the browser after the link: wait for its rows.
  await resource.waitForSelector('table.access-log tbody tr');
  const denied = resource.locator('tr[data-action="patient.read"][data-outcome="denied"]');
  assert.equal(await denied.count(), 1, 'the refused look is in the log');
  assert.match(await denied.textContent(), /demo\.sykepleier/);

  // Logging out ends the session: the next page asks for login again.
  await Promise.all([nurse.waitForURL(/\/logg-inn$/), nurse.getByRole('button', { name: 'Logg ut' }).click()]);
  const after = await nurse.goto(`${ctx.server.url}/enhet/1`);
  assert.match(after.url(), /\/logg-inn$/);
});

// A shared tablet whose session ended while the login page stood open: the browser still holds
// the ended session's cookie when the next nurse signs in. She must land signed in, not back
// on the login page (the ended cookie used to be cleared after the new one was set).
test('signing in on a tablet that still holds an ended session lands signed in', async () => {
  const context = await ctx.browser.newContext({ viewport: { width: 768, height: 1024 } });
  const tablet = await context.newPage();
  await login(tablet, ctx.server.url, 'demo.sykepleier');
  await tablet.goto(`${ctx.server.url}/logg-inn`);
  // Everything the page loads (its icon too) is loaded while the session is alive.
  await tablet.waitForLoadState('networkidle');
  // While the login page stands open the session ends (as after 15 idle minutes): the browser
  // keeps a cookie the server no longer knows.
  await context.addCookies([{ name: 'lindra_session', value: 'a'.repeat(64), url: ctx.server.url }]);
  await tablet.getByLabel('Brukernavn').fill('demo.helsefag');
  await tablet.getByLabel('Passord').fill(DEMO_PASSWORD);
  // Signed in she lands on the start page; before the fix she came back to the login page.
  await Promise.all([
    tablet.waitForURL((url) => url.pathname === '/', { timeout: 10_000 }).catch(() => {}),
    tablet.getByRole('button', { name: 'Logg inn' }).click(),
  ]);
  await tablet.waitForLoadState('load');
  assert.equal(new URL(tablet.url()).pathname, '/', 'signed in, not sent back to the login page');
  assert.match(await tablet.locator('.who-name').textContent(), /Demo Helsefag/);
  const page = await tablet.goto(`${ctx.server.url}/enhet/1`);
  assert.equal(page.status(), 200, 'still signed in on the next page');
  await context.close();
});
