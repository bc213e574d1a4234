// The header's search box: results as you type, in a panel under it. Without this script the box
// is a plain GET form to /search, which shows the same results on a page of their own.
// Delegated from `document` because htmx's boosted navigation replaces the header on every page.
(function () {
  "use strict";
  var DELAY = 150; // ms after the last keystroke: one request per pause, not per key
  var timer = null, controller = null;

  function parts() {
    var input = document.getElementById("top-q");
    return input && {input: input, form: input.form, panel: document.getElementById("top-search-panel"),
                     status: document.getElementById("top-search-status")};
  }
  function close(p, refocus) {
    p.panel.hidden = true;
    if (refocus) p.input.focus();
  }
  function open(p) {
    p.panel.hidden = false;
  }
  function links(p) { return Array.prototype.slice.call(p.panel.querySelectorAll("a")); }

  function load(p, q) {
    if (controller) controller.abort();
    controller = new AbortController();
    fetch("/search/panel?q=" + encodeURIComponent(q), {signal: controller.signal, credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) {
        if (p.input.value.trim() !== q) return; // typed on meanwhile: a newer answer is coming
        p.panel.innerHTML = html;
        var count = p.panel.querySelector(".search-count");
        p.status.textContent = count ? count.textContent : "";
        if (html.trim()) open(p); else close(p);
      })
      .catch(function () { /* aborted or offline: the form still submits */ });
  }

  document.addEventListener("input", function (e) {
    var p = parts();
    if (!p || e.target !== p.input) return;
    clearTimeout(timer);
    var q = p.input.value.trim();
    if (!q) { close(p); p.panel.innerHTML = ""; p.status.textContent = ""; return; }
    timer = setTimeout(function () { load(p, q); }, DELAY);
  });

  document.addEventListener("keydown", function (e) {
    var p = parts();
    if (!p || !p.form.contains(e.target)) return;
    var all = links(p), at = all.indexOf(document.activeElement);
    if (e.key === "Escape" && !p.panel.hidden) {
      e.preventDefault();
      close(p, true);
    } else if (e.key === "ArrowDown" && all.length) {
      e.preventDefault();
      if (p.panel.hidden) open(p);
      all[Math.min(at + 1, all.length - 1)].focus();
    } else if (e.key === "ArrowUp" && at >= 0) {
      e.preventDefault();
      if (at === 0) p.input.focus(); else all[at - 1].focus();
    }
  });

  // Leaving the box and its panel (a click elsewhere, Tab past the last result) closes the panel.
  document.addEventListener("focusin", function (e) {
    var p = parts();
    if (p && !p.panel.hidden && !p.form.contains(e.target)) close(p);
  });
  // A click outside closes it; a click in the box brings back what it showed (not a focus: Escape
  // hands focus back to the box and must leave the panel closed).
  document.addEventListener("click", function (e) {
    var p = parts();
    if (!p) return;
    if (!p.panel.hidden && !p.form.contains(e.target)) close(p);
    else if (e.target === p.input && p.panel.hidden && p.panel.innerHTML.trim() && p.input.value.trim()) open(p);
  });
})();
