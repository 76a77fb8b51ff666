// Issue 18's bulk figures, timed in the page. arguments[0] names the run:
// "select-all" clicks "Select all N matching" and ends when the count says
// arguments[1] are selected; "refresh" clicks the open confirmation's
// button and ends when the run's summary says it finished. Meanwhile the
// main thread's long tasks (over 50 ms) are watched, and every 50 ms a
// probe task is queued (a MessageChannel message, as an input event would
// be): how long input would wait is the longest of the time until it ran
// and how late the 50 ms timer itself fired.
// Resolves with the milliseconds taken, the longest task, the longest
// probe wait and the summary's words; fails after 60 s.
const [run, expected] = arguments;
const longTasks = [];
const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries()));
observer.observe({ type: "longtask" });
const button = document.querySelector(
  run === "select-all" ? "[data-testid=select-all-matching]" : "[data-testid=bulk-confirm]",
);
if (!button) throw new Error("no button for " + run);
const done = () => {
  if (run === "select-all") {
    const count = document.querySelector("[data-testid=selection-count]");
    return count && count.textContent === `${expected} selected`;
  }
  const summary = document.querySelector("[data-testid=bulk-summary]");
  return summary && summary.textContent.startsWith("Refresh finished") ? summary.textContent : false;
};

return new Promise((resolve, reject) => {
  let longestWait = 0;
  const channel = new MessageChannel();
  let sent = 0;
  channel.port1.onmessage = () => {
    longestWait = Math.max(longestWait, performance.now() - sent);
  };
  let lastTick = performance.now();
  const probe = setInterval(() => {
    sent = performance.now();
    longestWait = Math.max(longestWait, sent - lastTick - 50);
    lastTick = sent;
    channel.port2.postMessage(0);
  }, 50);
  const timeout = setTimeout(() => reject(new Error(run + " did not finish within 60 s")), 60000);
  const start = performance.now();
  const watch = new MutationObserver(() => {
    const finished = done();
    if (!finished) return;
    const ms = performance.now() - start;
    watch.disconnect();
    clearTimeout(timeout);
    // Let the task that finished end, and its long-task entry arrive.
    setTimeout(() => {
      clearInterval(probe);
      observer.disconnect();
      const tasks = longTasks.filter((task) => task.startTime + task.duration >= start);
      const longest = tasks.reduce((most, task) => (task.duration > most.duration ? task : most), {
        duration: 0,
        startTime: start,
      });
      resolve({
        ms,
        longestTaskMs: longest.duration,
        longestTaskAtMs: longest.startTime - start,
        longestWaitMs: longestWait,
        summary: String(finished),
      });
    }, 200);
  });
  watch.observe(document.body, { subtree: true, childList: true, characterData: true });
  button.click();
});
