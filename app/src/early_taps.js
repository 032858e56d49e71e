// Taps before the app is interactive are kept, not lost. A page is painted long before its
// wasm has loaded and hydrated it (seconds on a cheap tablet on weak Wi-Fi). Until then this
// script, inline in every page, catches each tap on a control that needs the app, shows a
// chosen answer as chosen at once, and plays the taps again, in order, the moment the app has
// hydrated (`data-hydrated` on <body>); text typed meanwhile is handed to the app too. Links
// and forms that post by themselves (sign-in, sign-out, the PDF) work without it.
(() => {
  const queue = [];
  // Text typed before: its last value per field (hydration may set the field back).
  const typed = new Map();
  // Hydrated, or given up on (`failed`: the page then says the app could not be loaded).
  const ready = () => Boolean(document.body && document.body.dataset.hydrated);
  // The controls whose answer can be shown at once: one pressed per group.
  const answer = '.scale button[aria-pressed], button[data-completed-by], button[data-breakthrough]';
  const onClick = (event) => {
    if (ready()) return;
    const target = event.target.closest('button[type="button"], [data-region]');
    if (!target) return;
    event.preventDefault();
    event.stopPropagation();
    queue.push(target);
    if (target.matches(answer)) {
      const group = target.closest('fieldset');
      for (const b of group.querySelectorAll(answer)) {
        if (b.closest('fieldset') === group) b.setAttribute('aria-pressed', String(b === target));
      }
    }
  };
  // A form the app sends itself (it has no action of its own): sent once the app is there.
  const onSubmit = (event) => {
    if (ready() || event.target.hasAttribute('action')) return;
    event.preventDefault();
    queue.push(event.submitter || event.target.querySelector('[type="submit"]'));
  };
  const onInput = (event) => {
    if (!ready() && event.target.matches('input, textarea')) typed.set(event.target, event.target.value);
  };
  const replay = () => {
    document.removeEventListener('click', onClick, true);
    document.removeEventListener('submit', onSubmit, true);
    document.removeEventListener('input', onInput, true);
    for (const [field, value] of typed) {
      if (!field.isConnected) continue;
      field.value = value;
      field.dispatchEvent(new Event('input', { bubbles: true }));
    }
    typed.clear();
    for (const target of queue) {
      if (!target || !target.isConnected) continue;
      if (typeof target.click === 'function') target.click();
      else target.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, view: window }));
    }
    queue.length = 0;
    document.documentElement.dataset.tapsReplayed = 'true';
  };
  document.addEventListener('click', onClick, true);
  document.addEventListener('submit', onSubmit, true);
  document.addEventListener('input', onInput, true);
  new MutationObserver((_, observer) => {
    if (!ready()) return;
    observer.disconnect();
    // After the app's own start-up work (a kept draft restored from this tab) has run.
    setTimeout(replay, 0);
  }).observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ['data-hydrated'] });
})();
