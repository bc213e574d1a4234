// Keyboard shortcuts for the frequent moves. Every one of them has a mouse-free way without this
// script too (links, Tab, the forms); these only make them quicker. "?" lists them.
// Listeners hang on `document` because htmx's boosted navigation swaps the page body: what is on
// the page is looked up at key time, never kept.
(function () {
  "use strict";
  var GO = {h: "/", c: "/chart/diagram", s: "/scorecard", r: "/rocks", i: "/issues", t: "/todos",
            m: "/meetings", a: "/approvals", p: "/people"};
  var SHORTCUTS = [
    ["/", "Search"],
    ["g h", "Go home"], ["g c", "Go to the chart"], ["g s", "Go to the scorecard"], ["g r", "Go to rocks"],
    ["g i", "Go to issues"], ["g t", "Go to to-dos"], ["g m", "Go to meetings"], ["g a", "Go to approvals"],
    ["g p", "Go to people"],
    ["j / k", "Approvals: next / previous request"], ["a", "Approvals: approve the focused request"],
    ["r", "Approvals: reject the focused request (write why, then Enter)"],
    ["?", "Show this list"], ["Esc", "Close it"]
  ];
  var WAIT_FOR_SECOND_KEY = 1200; // ms: "g" then a letter, as in Gmail and GitHub
  var pendingG = 0;

  // Typing in a field is never a shortcut. Checkboxes, radios and buttons take no text.
  function typing(el) {
    if (!el || !el.tagName) return false;
    if (el.isContentEditable) return true;
    var tag = el.tagName.toLowerCase();
    if (tag === "textarea" || tag === "select") return true;
    if (tag !== "input") return false;
    return !/^(checkbox|radio|button|submit|reset|range|color|file)$/i.test(el.type);
  }

  function approvals() { return Array.prototype.slice.call(document.querySelectorAll("article.approval")); }
  function focusedApproval() {
    var el = document.activeElement;
    return el && el.closest ? el.closest("article.approval") : null;
  }
  function focusApproval(card) {
    if (!card) return;
    if (!card.hasAttribute("tabindex")) card.setAttribute("tabindex", "-1");
    card.focus();
    card.scrollIntoView({block: "nearest"});
  }
  function step(by) {
    var all = approvals();
    if (!all.length) return false;
    var at = all.indexOf(focusedApproval());
    focusApproval(all[at < 0 ? (by > 0 ? 0 : all.length - 1) : Math.min(all.length - 1, Math.max(0, at + by))]);
    return true;
  }
  function decide(card, decision) {
    var button = card && card.querySelector('button[name="decision"][value="' + decision + '"]');
    if (!button) return false;
    var note = card.querySelector('input[name="note"]');
    if (decision === "reject" && note && !note.value.trim()) {
      // A rejection needs a reason: write it, and Enter rejects (not the form's first button).
      note.setAttribute("data-enter-rejects", "");
      note.focus();
      return true;
    }
    button.click();
    return true;
  }

  function helpDialog() {
    var dialog = document.getElementById("keys-help");
    if (dialog) return dialog;
    dialog = document.createElement("dialog");
    dialog.id = "keys-help";
    dialog.className = "keys-help";
    dialog.setAttribute("aria-labelledby", "keys-help-title");
    var title = document.createElement("h2");
    title.id = "keys-help-title";
    title.textContent = "Keyboard shortcuts";
    var list = document.createElement("dl");
    SHORTCUTS.forEach(function (pair) {
      var dt = document.createElement("dt"), dd = document.createElement("dd");
      pair[0].split(" ").forEach(function (part) {
        if (part === "/" && pair[0] !== "/") { dt.appendChild(document.createTextNode(" / ")); return; }
        var kbd = document.createElement("kbd");
        kbd.textContent = part;
        dt.appendChild(kbd);
      });
      dd.textContent = pair[1];
      list.appendChild(dt);
      list.appendChild(dd);
    });
    var close = document.createElement("button");
    close.type = "button";
    close.className = "quiet";
    close.textContent = "Close";
    close.addEventListener("click", function () { dialog.close(); });
    dialog.appendChild(title);
    dialog.appendChild(list);
    dialog.appendChild(close);
    document.body.appendChild(dialog);
    return dialog;
  }
  function showHelp() {
    var dialog = helpDialog();
    if (!dialog.open) dialog.showModal();
  }

  document.addEventListener("click", function (e) {
    var opener = e.target.closest && e.target.closest("[data-keys-help]");
    if (opener) { e.preventDefault(); showHelp(); }
  });

  document.addEventListener("keydown", function (e) {
    var target = e.target;
    if (e.key === "Enter" && target && target.hasAttribute && target.hasAttribute("data-enter-rejects")) {
      var card = target.closest("article.approval");
      var reject = card && card.querySelector('button[name="decision"][value="reject"]');
      if (reject) { e.preventDefault(); reject.click(); }
      return;
    }
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(target)) return;
    if (document.querySelector("dialog[open]:not(#keys-help)")) return; // another dialog has the keys
    var key = e.key, handled = false;
    if (pendingG && Date.now() - pendingG < WAIT_FOR_SECOND_KEY && GO[key]) {
      pendingG = 0;
      window.location.assign(GO[key]);
      handled = true;
    } else if (key === "g") {
      pendingG = Date.now();
      handled = true;
    } else {
      pendingG = 0;
      if (key === "/") {
        var box = document.getElementById("top-q");
        if (box) { box.focus(); box.select(); handled = true; }
      } else if (key === "?") {
        showHelp();
        handled = true;
      } else if (key === "j" || key === "k") {
        handled = step(key === "j" ? 1 : -1);
      } else if (key === "a" || key === "r") {
        handled = decide(focusedApproval(), key === "a" ? "approve" : "reject");
      }
    }
    if (handled) e.preventDefault();
  });
})();
