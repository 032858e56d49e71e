// The quick lock (see pages/lock.rs): for a user with a PIN the header carries
// `data-lock-after-ms`. After that long without a tap or a key the page asks the server to lock
// the session and goes to the locked page, which holds no patient data; the PIN brings her back
// here. While she uses the page, the server hears of it every half minute (`/i-bruk`), so that a
// long form filled in without a save does not lock under her hands. The server locks an idle
// session by itself too: this only makes the screen follow.
(() => {
  const start = () => {
    const who = document.querySelector('[data-lock-after-ms]');
    if (!who) return;
    const lockAfter = Number(who.dataset.lockAfterMs);
    if (!(lockAfter > 0)) return;
    let lastActivity = Date.now();
    let lastPing = Date.now();
    const active = () => {
      lastActivity = Date.now();
      if (lastActivity - lastPing > Math.min(30_000, lockAfter / 4)) {
        lastPing = lastActivity;
        // Locked meanwhile (the server's own clock): the screen follows.
        fetch('/i-bruk', { method: 'POST' })
          .then((answer) => { if (answer.status === 401) lock(); })
          .catch(() => {});
      }
    };
    for (const name of ['pointerdown', 'keydown', 'input']) document.addEventListener(name, active, true);
    let locking = false;
    const lock = () => {
      if (locking) return;
      locking = true;
      const back = location.pathname + location.search;
      const body = new URLSearchParams({ tilbake: back });
      fetch('/laas', { method: 'POST', body })
        .catch(() => {})
        .finally(() => location.replace(`/laast?tilbake=${encodeURIComponent(back)}`));
    };
    const check = () => {
      const idle = Date.now() - lastActivity;
      if (idle >= lockAfter) lock();
      else setTimeout(check, Math.min(lockAfter - idle + 50, 5_000));
    };
    setTimeout(check, lockAfter);
    // A tablet that slept: its timers did not run meanwhile.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible' && Date.now() - lastActivity >= lockAfter) lock();
    });
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
