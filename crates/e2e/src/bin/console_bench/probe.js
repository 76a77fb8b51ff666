// Runs before any script of every document the bench opens (CDP
// Page.addScriptToEvaluateOnNewDocument), called with the bench's settings:
// presets the console's token, keeps the console's wasm memory when it
// starts, and timestamps the first moment the page's table holds
// `settings.rows` rows and the first paint after that. Times are
// performance.now(), i.e. milliseconds since navigation start.
(settings) => {
  if (location.protocol !== "http:") return; // about:blank between loads
  sessionStorage.setItem(settings.tokenKey, settings.token);

  // A callback after the next frame is painted: rAF runs just before the
  // frame, a message posted from it is handled once the frame is out.
  const afterNextPaint = (callback) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => callback(performance.now());
      channel.port2.postMessage(null);
    });
  const bench = (window.__bench = {
    rowsAt: null,
    paintedAt: null,
    startedAt: null,
    wasmMemory: null,
    afterNextPaint,
  });

  // The split build's index.html fires this once the main module's main
  // has run, with its exports (xtask/src/build/split.rs).
  addEventListener("ConsoleStarted", (event) => {
    bench.startedAt = performance.now();
    bench.wasmMemory = event.detail.wasm.memory;
  });

  const observer = new MutationObserver(() => {
    if (document.querySelectorAll("tbody tr").length < settings.rows) return;
    observer.disconnect();
    bench.rowsAt = performance.now();
    afterNextPaint((paintedAt) => {
      bench.paintedAt = paintedAt;
    });
  });
  observer.observe(document, { childList: true, subtree: true });
}
