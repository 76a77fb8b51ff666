// One client-side navigation to a lazy route: waits for the first link that
// matches `linkSelector`, clicks it (a script click, so no hover prefetch
// starts early) and resolves once `contentSelector` is in the DOM and the
// frame after is painted, with the time from the click and the wasm chunks
// fetched on the way. Fails if the link or the content does not show
// within 30 s. (WebDriver runs this as a function body.)
const [linkSelector, contentSelector] = arguments;
return (async () => {
  const waitFor = (what, probe) =>
    new Promise((resolve, reject) => {
      const deadline = performance.now() + 30000;
      const poll = () => {
        const found = probe();
        if (found) resolve(found);
        else if (performance.now() > deadline) reject(new Error(`waited 30 s for ${what} (at ${location.href})`));
        else setTimeout(poll, 5);
      };
      poll();
    });
  const link = await waitFor(linkSelector, () => document.querySelector(linkSelector));
  const fetched = new Set(performance.getEntriesByType("resource").map((e) => e.name));
  const shown = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (!document.querySelector(contentSelector)) return;
      observer.disconnect();
      window.__bench.afterNextPaint(resolve);
    });
    observer.observe(document, { childList: true, subtree: true });
  });
  const clickedAt = performance.now();
  link.click();
  const paintedAt = await Promise.race([
    shown,
    new Promise((_, reject) =>
      setTimeout(() => reject(new Error(`no ${contentSelector} within 30 s (at ${location.href})`)), 30000),
    ),
  ]);
  const chunks = performance
    .getEntriesByType("resource")
    .filter((e) => !fetched.has(e.name) && new URL(e.name).pathname.endsWith(".wasm"))
    .map((e) => new URL(e.name).pathname);
  return { ms: paintedAt - clickedAt, chunks };
})();
