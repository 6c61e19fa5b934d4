// plenary serve: reload this page when the site is rebuilt; show build errors over it.
// Injected by the preview server only; never part of a build.
(() => {
  "use strict";
  let seen = null;
  let overlay = null;

  function hide() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  function show(error) {
    hide();
    overlay = document.createElement("div");
    overlay.id = "plenary-errors";
    overlay.setAttribute("role", "alert");
    overlay.setAttribute("dir", "ltr");
    overlay.style.cssText =
      "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.94);" +
      "color:#fff;font:14px/1.5 ui-monospace,monospace;padding:2rem;text-align:left";
    const title = document.createElement("h2");
    title.textContent = "plenary: the site did not build. The last good version is shown under this.";
    title.style.cssText = "font:bold 16px/1.4 system-ui,sans-serif;margin:0 0 1rem;color:#ffb4a8";
    const text = document.createElement("pre");
    text.textContent = error;
    text.style.cssText = "white-space:pre-wrap;margin:0 0 1rem";
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.addEventListener("click", hide);
    overlay.append(title, text, close);
    document.body.append(overlay);
  }

  const events = new EventSource("/__plenary/events");
  events.addEventListener("hello", (event) => {
    const state = JSON.parse(event.data);
    // Reconnected after changes this page missed (or a restart): catch up.
    if (seen !== null && state.generation !== seen && !state.error) {
      location.reload();
      return;
    }
    seen = state.generation;
    if (state.error) show(state.error);
    else hide();
  });
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("failed", (event) => show(JSON.parse(event.data).error));
})();
