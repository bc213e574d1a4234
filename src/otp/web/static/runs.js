// A run's live tail shows its latest lines: after each server-sent update (and on load), scroll to
// the bottom unless the reader has scrolled up to read something.
(function () {
  "use strict";
  function pin(el) { el.scrollTop = el.scrollHeight; }
  function isTail(el) { return el && el.classList && el.classList.contains("tail"); }
  document.addEventListener("htmx:sseBeforeMessage", function (e) {
    var el = e.target;
    if (isTail(el)) { el.dataset.follow = el.scrollHeight - el.scrollTop - el.clientHeight < 40 ? "1" : ""; }
  });
  document.addEventListener("htmx:sseMessage", function (e) {
    if (isTail(e.target) && e.target.dataset.follow) { pin(e.target); }
  });
  function all() { document.querySelectorAll(".tail").forEach(pin); }
  document.addEventListener("DOMContentLoaded", all);
  document.addEventListener("htmx:load", all);
})();
