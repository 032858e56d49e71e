// A list filtered as one types, before and without the app: `<input data-filter="ID">` hides
// each item of the list with that id (`[data-filter-text]`, lower case) that lacks one of the
// words typed.
(() => {
  document.addEventListener('input', (event) => {
    const field = event.target;
    if (!(field instanceof HTMLInputElement) || !field.dataset.filter) return;
    const list = document.getElementById(field.dataset.filter);
    if (!list) return;
    const words = field.value.toLowerCase().split(/\s+/).filter(Boolean);
    for (const item of list.querySelectorAll('[data-filter-text]')) {
      const text = item.dataset.filterText;
      item.classList.toggle('hidden', words.some((word) => !text.includes(word)));
    }
  });
})();
