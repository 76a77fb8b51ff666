// `count` round trips list → detail → list by clicking links, as a user
// would: the name link of a row (a different row each time), then the
// detail page's link back to the list. Resolves when the list is back for
// the last time; fails if a page does not show within 10 s.
// (WebDriver runs this as a function body: the async wrapper allows await.)
const [count, rows] = arguments;
return (async () => {
  const waitFor = (what, probe) =>
    new Promise((resolve, reject) => {
      const deadline = performance.now() + 10000;
      const poll = () => {
        const found = probe();
        if (found) resolve(found);
        else if (performance.now() > deadline) reject(new Error(`waited 10 s for ${what} (at ${location.href})`));
        else setTimeout(poll, 5);
      };
      poll();
    });
  const listRows = () =>
    location.pathname === "/sandboxes" && document.querySelectorAll("main tbody tr").length >= rows
      ? document.querySelectorAll("main tbody tr")
      : null;

  for (let trip = 0; trip < count; trip++) {
    const shown = await waitFor("the list", listRows);
    const link = shown[trip % shown.length].querySelector("a[href^='/sandboxes/']");
    if (!link) throw new Error("a list row without a link to its sandbox");
    const name = link.textContent.trim();
    const detailPath = link.pathname;
    link.click();
    await waitFor(`the detail page of ${name}`, () => {
      const heading = document.querySelector("main h1");
      return location.pathname === detailPath && heading && heading.textContent.includes(name);
    });
    const back = await waitFor("a link back to the list", () =>
      [...document.querySelectorAll("main a")].find((a) => a.pathname === "/sandboxes"),
    );
    back.click();
  }
  await waitFor("the list", listRows);
})();
