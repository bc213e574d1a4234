// The runner's ticking clock: the server renders the time; this only keeps it moving between
// refreshes and shows the overrun warning the moment a segment runs over its planned minutes.
(function () {
  "use strict";
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function tick() {
    document.querySelectorAll(".timer[data-started]").forEach(function (el) {
      if (!el.dataset.skew) {  // server clock minus client clock, measured once per element
        el.dataset.skew = String(Date.parse(el.dataset.now) - Date.now());
      }
      var elapsed = Math.max(0, Math.floor((Date.now() + Number(el.dataset.skew) - Date.parse(el.dataset.started)) / 1000));
      var shown = el.querySelector(".elapsed");
      if (shown) { shown.textContent = Math.floor(elapsed / 60) + ":" + pad(elapsed % 60); }
      var over = elapsed > Number(el.dataset.planned);
      el.classList.toggle("over", over);
      var warning = el.parentElement.querySelector(".overrun-warning");
      if (warning && over) { warning.hidden = false; }
    });
  }
  setInterval(tick, 1000);
  document.addEventListener("DOMContentLoaded", tick);
})();
