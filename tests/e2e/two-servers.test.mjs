// Two Lindra processes on one PostgreSQL: a session made by one is accepted by the other, and a
// logout on one ends it on both. scripts/test.sh provides LINDRA_TEST_POSTGRES_URL (a
// throwaway cluster); under CI the test fails without it instead of skipping.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DEMO_PASSWORD } from './support.mjs';

const url = process.env.LINDRA_TEST_POSTGRES_URL;
const ci = process.env.CI === 'true' || process.env.CI === '1';

test('a session made by one server process is accepted by another on the same PostgreSQL', { skip: !url && !ci && 'LINDRA_TEST_POSTGRES_URL not set' }, async () => {
  assert.ok(url, 'LINDRA_TEST_POSTGRES_URL must be set under CI');
  const env = { LINDRA_DATABASE_URL: url };
  const a = await startServer({ demo: true, env });
  const b = await startServer({ demo: true, env });
  try {
    const login = await fetch(`${a.url}/innlogging`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `brukernavn=demo.sykepleier&passord=${DEMO_PASSWORD}`,
      redirect: 'manual',
    });
    assert.equal(login.status, 303);
    const cookie = login.headers.get('set-cookie').split(';')[0];
    const onB = await fetch(`${b.url}/enhet/1`, { headers: { cookie }, redirect: 'manual' });
    assert.equal(onB.status, 200, 'server B accepts the session server A made');
    assert.match(await onB.text(), /Pasienter/);
    const logout = await fetch(`${b.url}/utlogging`, { method: 'POST', headers: { cookie }, redirect: 'manual' });
    assert.equal(logout.status, 303);
    const onA = await fetch(`${a.url}/enhet/1`, { headers: { cookie }, redirect: 'manual' });
    assert.equal(onA.status, 303, 'logout on B ended the session on A');
    assert.equal(onA.headers.get('location'), '/logg-inn');
  } finally {
    await a.stop();
    await b.stop();
  }
});
