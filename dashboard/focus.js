// After a feature is chosen in "Find a feature", the keyboard focus moves to the reading
// panel that now shows it: a keyboard or screen-reader user lands on what they asked for,
// and the search box no longer keeps a blinking caret (measured: a focused search box costs
// the browser about 0.02 CPU-seconds per second, for as long as the tab stays open).
// Installed once per page; it reads the page's own elements and nothing an article says.
const SEARCH = 'input[aria-label="Find a feature"]';
const PANEL = ".st-key-reading_panel";

function toPanel() {
  const active = document.activeElement;
  if (!active || !active.matches(SEARCH)) return;
  const panel = document.querySelector(PANEL);
  if (!panel) {
    active.blur();
    return;
  }
  if (!panel.hasAttribute("tabindex")) panel.tabIndex = -1;
  if (!panel.hasAttribute("aria-label")) panel.setAttribute("aria-label", "Reading panel");
  panel.focus({ preventScroll: true });
}

// The select box, and the rerun that redraws it, put the focus back in the search box once
// or twice after a choice: until that rerun has ended (Streamlit marks the app's root with
// the script's state), such a return is undone, unless the reader has clicked or typed
// since. SETTLE_MS bounds the wait if the run's end is never seen.
const SETTLE_MS = 8000;
const AFTER_RUN_MS = 250;
let pendingUntil = 0;
let sawRun = false;

function watchRun() {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.__atlasFocusWatched) return;
  app.__atlasFocusWatched = true;
  new MutationObserver(() => {
    if (performance.now() >= pendingUntil) return;
    const state = app.getAttribute("data-test-script-state");
    if (state === "running") sawRun = true;
    else if (sawRun) pendingUntil = Math.min(pendingUntil, performance.now() + AFTER_RUN_MS);
  }).observe(app, { attributes: true, attributeFilter: ["data-test-script-state"] });
}

function chosen(event) {
  // Only the search's own list: an option of another select box leaves the focus alone.
  const active = document.activeElement;
  const searching = !!(active && active.matches && active.matches(SEARCH));
  const option = searching && event.type === "click" && event.target.closest &&
    event.target.closest('[role="option"]');
  // Enter in the box takes the highlighted option, if the list shows any.
  const typed = searching && event.type === "keydown" && event.key === "Enter" &&
    document.querySelector('[role="option"]') !== null;
  if (option || typed) {
    pendingUntil = performance.now() + SETTLE_MS;
    sawRun = false;
    watchRun();
    setTimeout(toPanel, 0);  // after the select box has taken the choice (same event)
  } else if (event.type === "keydown" || event.type === "pointerdown") {
    pendingUntil = 0;  // the reader acts again: the focus is theirs
  }
}

function returned(event) {
  if (performance.now() < pendingUntil && event.target.matches && event.target.matches(SEARCH)) {
    setTimeout(toPanel, 0);
  }
}

export default function () {
  if (window.__atlasFocusInstalled) return;
  window.__atlasFocusInstalled = true;
  document.addEventListener("click", chosen, true);
  document.addEventListener("keydown", chosen, true);
  document.addEventListener("pointerdown", chosen, true);
  document.addEventListener("focusin", returned, true);
}
