// Live regions (otp.web.live): when a page's stream says `changed`, htmx re-fetches the region
// and swaps it in. This keeps what the person was in the middle of across that swap — text
// typed, boxes ticked, choices picked, a <details> opened, the focus and caret — so an agent's
// prep landing never wipes the note you were writing. Only the live re-fetch is affected: a form
// you submit yourself gets the server's answer as it is (its errors, its emptied fields).
// Without JavaScript nothing here runs and the pages are plain forms that reload.
(function () {
  "use strict";
  var pending = null;  // what was kept from the region a live re-fetch is about to replace

  function changed(el) {
    if (el.type === "checkbox" || el.type === "radio") { return el.checked !== el.defaultChecked; }
    if (el.tagName === "SELECT") {
      return Array.prototype.some.call(el.options, function (o) { return o.selected !== o.defaultSelected; });
    }
    return el.value !== el.defaultValue;
  }

  function keep(region) {
    var fields = [], open = [];
    region.querySelectorAll("input[id], textarea[id], select[id]").forEach(function (el) {
      if (el.type === "hidden" || el.type === "submit" || !changed(el)) { return; }
      fields.push({id: el.id, value: el.value, checked: el.checked});
    });
    region.querySelectorAll("details[id][open]").forEach(function (el) { open.push(el.id); });
    var active = document.activeElement;
    var focus = active && active.id && region.contains(active) ? active.id : null;
    var caret = null;
    try { caret = focus ? [active.selectionStart, active.selectionEnd] : null; } catch (e) { caret = null; }
    return {fields: fields, open: open, focus: focus, caret: caret};
  }

  function restore(kept) {
    kept.open.forEach(function (id) { var el = document.getElementById(id); if (el) { el.open = true; } });
    kept.fields.forEach(function (f) {
      var el = document.getElementById(f.id);
      if (!el) { return; }  // its item is gone (decided, removed): nothing to keep
      if (el.type === "checkbox" || el.type === "radio") { el.checked = f.checked; } else { el.value = f.value; }
    });
    var focused = kept.focus && document.getElementById(kept.focus);
    if (focused) {
      focused.focus({preventScroll: true});
      if (kept.caret && kept.caret[0] !== null && focused.setSelectionRange) {
        try { focused.setSelectionRange(kept.caret[0], kept.caret[1]); } catch (e) { /* not a text field */ }
      }
    }
  }

  document.addEventListener("htmx:beforeRequest", function (e) {
    var elt = e.detail.elt;
    if (!elt || !elt.hasAttribute || !elt.hasAttribute("data-live-refresh")) { return; }
    var region = document.querySelector(elt.getAttribute("hx-target"));
    pending = region ? {elt: elt, kept: keep(region)} : null;
  });
  document.addEventListener("htmx:afterSwap", function (e) {
    var config = e.detail.requestConfig;
    if (!pending || !config || config.elt !== pending.elt) { return; }
    var kept = pending.kept;
    pending = null;
    restore(kept);
  });
  document.addEventListener("htmx:afterRequest", function (e) {
    if (pending && e.detail.elt === pending.elt && !e.detail.successful) { pending = null; }
  });
})();
