// The policy grid: colour a cell by its chosen answer and count the cells changed since the page
// loaded, so the person sees what they are about to preview. The form works without this.
(function () {
  function refresh(form) {
    var changed = 0;
    form.querySelectorAll("td.cell-eff[data-current]").forEach(function (td) {
      var select = td.querySelector("select");
      td.className = td.className.replace(/\beff-\w+/g, "").replace(/\bchanged\b/g, "").trim() + " eff-" + select.value;
      if (select.value !== td.dataset.current) { td.classList.add("changed"); changed += 1; }
    });
    var count = document.getElementById("matrix-count");
    if (count) {
      count.textContent = changed === 0 ? "Change any cell, then preview who it affects."
        : changed + (changed === 1 ? " cell changed" : " cells changed") + " — preview to see who gains or loses what.";
    }
  }
  function init() {
    var form = document.getElementById("matrix-form");
    if (!form || form.dataset.ready) { return; }
    form.dataset.ready = "1";
    form.addEventListener("change", function () { refresh(form); });
    refresh(form);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
  document.addEventListener("htmx:afterSettle", init);
})();
