// Live pages (see live.rs): the server names the units that changed over server-sent events,
// and the page brings itself up to date through the same checked and logged requests a fresh
// load would make: the header's count of open follow-ups from its server function, each live
// region from the page's own address, and the islands that show live data (the follow-up
// panel) on the `lindra:changed` event. Plain script, no wasm: the overview and the handover
// report are live without shipping any.
(() => {
  const start = () => {
    const badge = document.querySelector('[data-live-badge]');
    const status = document.querySelector('[data-live-status]');
    // Signed out: no count in the header, nothing to keep live.
    if (!badge || !status || typeof EventSource !== 'function') return;
    const idleMs = Number(status.dataset.idleMinutes) * 60_000;
    const coalesceMs = Number(status.dataset.coalesceMs);

    let lastActivity = Date.now();
    for (const name of ['pointerdown', 'keydown']) {
      document.addEventListener(name, () => { lastActivity = Date.now(); }, true);
    }
    const idle = () => Date.now() - lastActivity > idleMs;

    // `<body data-live>` for people's tools and for tests; "Ikke live" shown when down.
    const mark = (live) => {
      document.body.dataset.live = String(live);
      status.hidden = live;
    };

    // A re-assessment falling due wakes the page a second after, unless nobody uses it.
    const wakes = new Set();
    const wakeAt = (due, now) => {
      const delay = Date.parse(due) - Date.parse(now) + 1_000;
      if (!(delay >= 0 && delay <= 86_400_000) || wakes.has(due)) return;
      wakes.add(due);
      setTimeout(() => {
        wakes.delete(due);
        if (!idle()) changed();
      }, delay);
    };

    const showCount = (count) => {
      badge.replaceChildren();
      if (count.total > 0) {
        const link = document.createElement('a');
        link.className = count.overdue > 0 ? 'followup-badge overdue' : 'followup-badge';
        link.href = count.link;
        link.textContent = count.words;
        badge.append(link);
      }
      if (count.next_due) wakeAt(count.next_due, count.now);
    };
    if (badge.dataset.nextDue) wakeAt(badge.dataset.nextDue, badge.dataset.now);

    const loadCount = async () => {
      const answer = await fetch('/api/open_followups', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: '{}',
      });
      if (answer.ok) showCount(await answer.json());
    };

    // Each region is swapped for the fresh page's region of the same name, when it changed
    // (found again after the fetch: an earlier load may have swapped it meanwhile). A page that
    // now answers with something else (signed out, locked, refused) is left as it was.
    const loadRegions = async () => {
      if (!document.querySelector('[data-live-region]')) return;
      const answer = await fetch(location.href, { headers: { Accept: 'text/html' }, redirect: 'manual' });
      if (!answer.ok) return;
      const fresh = new DOMParser().parseFromString(await answer.text(), 'text/html');
      for (const region of document.querySelectorAll('[data-live-region]')) {
        const name = region.dataset.liveRegion;
        const next = fresh.querySelector(`[data-live-region="${CSS.escape(name)}"]`);
        if (next && next.innerHTML !== region.innerHTML) region.replaceWith(document.importNode(next, true));
      }
    };

    // One load at a time, so an older answer never lands after a newer one; a change that comes
    // during a load makes one more after it.
    let loads = 0;
    let loading = false;
    let again = false;
    const load = () => {
      if (loading) {
        again = true;
        return;
      }
      loading = true;
      document.dispatchEvent(new Event('lindra:changed'));
      Promise.allSettled([loadCount(), loadRegions()]).then(() => {
        loads += 1;
        document.body.dataset.liveLoads = String(loads);
        loading = false;
        if (again) {
          again = false;
          load();
        }
      });
    };

    // Changes that come close together (a busy evening, a burst of saves) make one load.
    let pending = false;
    const changed = () => {
      if (pending) return;
      pending = true;
      setTimeout(() => {
        pending = false;
        load();
      }, coalesceMs);
    };
    document.addEventListener('lindra:refresh', changed);

    const source = new EventSource('/hendelser');
    // The stream back after a break: what changed meanwhile is not known, so load.
    let wasDown = false;
    source.onopen = () => {
      mark(true);
      if (wasDown) {
        wasDown = false;
        changed();
      }
    };
    source.addEventListener('change', () => {
      if (idle()) {
        source.close();
        mark(false);
      } else {
        changed();
      }
    });
    source.onerror = () => {
      mark(false);
      wasDown = true;
      // The browser tries again by itself (the server asks for 2 s); not while idle.
      if (idle()) source.close();
    };
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
