// One interaction with the list, timed in the page. Arguments: the action
// ({kind: "click", selector} or {kind: "select", selector, value}) and the
// table expected afterwards ({count, first, last}: the row count and the
// names in its first and last rows). Resolves with the milliseconds from
// the action to the DOM showing the expected table (`dom`) and to the
// first paint after that (`painted`); fails after 10 s.
const [action, expected] = arguments;
const bench = window.__bench;
const main = document.querySelector("main");
const nameIn = (row) => (row.cells[0] ? row.cells[0].textContent : "");
const showsExpected = () => {
  const rows = main.querySelectorAll("tbody tr");
  return (
    rows.length === expected.count &&
    nameIn(rows[0]).includes(expected.first) &&
    nameIn(rows[rows.length - 1]).includes(expected.last)
  );
};
const target = document.querySelector(action.selector);
if (!target) throw new Error(`no element matches ${action.selector}`);
if (showsExpected()) throw new Error("the table already shows the expected rows: the action would change nothing");

return new Promise((resolve, reject) => {
  let start;
  const timeout = setTimeout(() => {
    observer.disconnect();
    reject(new Error(`the table did not show ${JSON.stringify(expected)} within 10 s`));
  }, 10000);
  const observer = new MutationObserver(() => {
    if (!showsExpected()) return;
    const dom = performance.now() - start;
    observer.disconnect();
    clearTimeout(timeout);
    bench.afterNextPaint((paintedAt) => resolve({ dom, painted: paintedAt - start }));
  });
  observer.observe(main, { childList: true, subtree: true, characterData: true });

  start = performance.now();
  if (action.kind === "click") {
    target.click();
  } else {
    target.value = action.value;
    target.dispatchEvent(new Event("input", { bubbles: true }));
    target.dispatchEvent(new Event("change", { bubbles: true }));
  }
});
