// The accountability chart as a diagram: boxes for seats, lines for reporting, drawn from
// GET /api/v1/chart?depth=N. A branch the first answer did not include loads from
// ?root=SEAT&depth=2 when it is expanded, so the page costs the same at 50,000 seats as at 50.
// Every change goes through the REST API (the same services, governance and messages as any
// other client); a refusal shows the API's message and the diagram stays as it was.
// No build step, no library: plain DOM, positioned boxes over one SVG layer of lines.
(function () {
  "use strict";

  var BOX_W = 232, BOX_H = 96, GAP_X = 28, GAP_Y = 52, STACK_INDENT = 26, STACK_GAP = 14;
  var OPEN_DEPTH = 2;         // larger charts: levels below the top that load and open at first
  var MIN_ZOOM = 0.1, MAX_ZOOM = 2;

  var state = null;  // set per page: boxes are rebuilt if htmx swaps the page in again

  function init() {
    var viewport = document.getElementById("chart-viewport");
    if (!viewport || viewport.dataset.ready) { return; }
    viewport.dataset.ready = "1";
    state = {
      viewport: viewport, stage: document.getElementById("chart-stage"),
      lines: document.getElementById("chart-lines"), seats: {}, roots: [],
      open: {}, focus: null, view: { x: 0, y: 0, k: 1 }, pos: {}, boxes: {}, menuFor: null
    };
    wireToolbar();
    wirePanZoom();
    wireMenu();
    wireDialog();
    wireDrag();
    // A small chart (the server says: up to 300 seats) loads and opens whole at once.
    var depth = viewport.dataset.depth ? parseInt(viewport.dataset.depth, 10) : viewport.dataset.small === "1" ? 10 : OPEN_DEPTH;
    say("Loading the chart…");
    api("GET", "/api/v1/chart?depth=" + depth).then(function (answer) {
      if (!answer.ok) { return shout(answer.message); }
      merge(answer.body.seats, true);
      render();
      fitOrTop();
      say(depth < 10 ? "Showing the top levels: expand a branch with its + button." : "");
    });
  }

  // --- data ------------------------------------------------------------------------------

  function api(method, url, body) {
    var headers = { "Accept": "application/json" };
    if (method !== "GET") { headers["X-CSRF-Token"] = csrfToken(); }
    if (body !== undefined) { headers["Content-Type"] = "application/json"; }
    return fetch(url, { method: method, headers: headers, credentials: "same-origin",
                        body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (response) {
        return response.text().then(function (text) {
          var json = null;
          try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
          var error = json && json.error;
          // 202: governance asked for an approval instead; nothing changed yet.
          var held = response.status === 202;
          return { ok: response.ok && !held, held: held, status: response.status, body: json,
                   message: error ? error.message : (response.ok ? "" : "The server answered " + response.status) };
        });
      }, function () { return { ok: false, message: "The server could not be reached; nothing changed." }; });
  }

  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRF-Token"] || ""; }
    catch (e) { return ""; }
  }

  // Seats arrive parents first. `kids` holds the children received so far; `children` the
  // number the server counted, so a branch knows it has more to load.
  function merge(rows, openAll) {
    rows.forEach(function (row) {
      var old = state.seats[row.id];
      row.kids = old ? old.kids : [];
      row.loaded = old ? old.loaded : false;
      state.seats[row.id] = row;
    });
    rows.forEach(function (row) {
      var parent = row.parent_id && state.seats[row.parent_id];
      if (parent) {
        if (parent.kids.indexOf(row.id) < 0) { parent.kids.push(row.id); }
        parent.loaded = true;
        if (openAll) { state.open[parent.id] = true; }
      } else if (!row.parent_id && state.roots.indexOf(row.id) < 0) {
        state.roots.push(row.id);
      }
    });
    rows.forEach(function (row) { if (row.children === 0) { row.loaded = true; } });
  }

  function ancestors(id) {
    var out = [], seat = state.seats[id], guard = 0;
    while (seat && seat.parent_id && guard++ < 10000) { out.push(seat.parent_id); seat = state.seats[seat.parent_id]; }
    return out;
  }

  function subtree(id) {
    var out = [], stack = [id];
    while (stack.length) {
      var current = stack.pop();
      out.push(current);
      var seat = state.seats[current];
      if (seat) { stack.push.apply(stack, seat.kids); }
    }
    return out;
  }

  // --- layout ----------------------------------------------------------------------------
  // Top-down. A seat whose open reports are all leaves stacks them in a column under it (a
  // manager with 22 reports is one column wide, not 22 boxes wide); otherwise its reports sit
  // side by side under it, each as wide as its own branch.

  function visibleKids(seat) { return state.open[seat.id] ? seat.kids : []; }

  function isStacked(seat) {
    var kids = visibleKids(seat);
    return kids.length > 1 && kids.every(function (k) { return visibleKids(state.seats[k]).length === 0; });
  }

  function measure(id, widths) {
    var seat = state.seats[id], kids = visibleKids(seat);
    var width = BOX_W;
    if (kids.length && isStacked(seat)) {
      width = STACK_INDENT + BOX_W;
    } else if (kids.length) {
      var sum = 0;
      kids.forEach(function (k, i) { sum += measure(k, widths) + (i ? GAP_X : 0); });
      width = Math.max(BOX_W, sum);
    }
    widths[id] = width;
    return width;
  }

  function place(id, left, top, widths, pos, links) {
    var seat = state.seats[id], kids = visibleKids(seat), width = widths[id];
    if (kids.length && isStacked(seat)) {
      pos[id] = { x: left, y: top };
      var y = top + BOX_H + STACK_GAP;
      kids.forEach(function (k) {
        pos[k] = { x: left + STACK_INDENT, y: y };
        links.push({ kind: "stack", from: id, to: k });
        y += BOX_H + STACK_GAP;
      });
      return;
    }
    pos[id] = { x: left + (width - BOX_W) / 2, y: top };
    var x = left;
    if (kids.length) {
      var sum = 0;
      kids.forEach(function (k, i) { sum += widths[k] + (i ? GAP_X : 0); });
      x = left + (width - sum) / 2;
    }
    kids.forEach(function (k) {
      place(k, x, top + BOX_H + GAP_Y, widths, pos, links);
      links.push({ kind: "tree", from: id, to: k });
      x += widths[k] + GAP_X;
    });
  }

  function layout() {
    var widths = {}, pos = {}, links = [], x = 0;
    state.roots.forEach(function (r) {
      measure(r, widths);
      place(r, x, 0, widths, pos, links);
      x += widths[r] + GAP_X * 2;
    });
    var bounds = { w: 0, h: 0 };
    Object.keys(pos).forEach(function (id) {
      bounds.w = Math.max(bounds.w, pos[id].x + BOX_W);
      bounds.h = Math.max(bounds.h, pos[id].y + BOX_H);
    });
    return { pos: pos, links: links, bounds: bounds };
  }

  function linkPath(link, pos) {
    var a = pos[link.from], b = pos[link.to];
    if (link.kind === "stack") {
      var sx = a.x + STACK_INDENT / 2;
      return "M" + sx + " " + (a.y + BOX_H) + " V" + (b.y + BOX_H / 2) + " H" + b.x;
    }
    var ax = a.x + BOX_W / 2, bx = b.x + BOX_W / 2, mid = a.y + BOX_H + GAP_Y / 2;
    return "M" + ax + " " + (a.y + BOX_H) + " V" + mid + " H" + bx + " V" + b.y;
  }

  // --- drawing ---------------------------------------------------------------------------

  function render() {
    var result = layout();
    state.pos = result.pos;
    state.bounds = result.bounds;
    var chain = state.focus ? [state.focus].concat(ancestors(state.focus)) : null;
    var keep = {};
    Object.keys(result.pos).forEach(function (id) {
      keep[id] = true;
      var box = state.boxes[id] || makeBox(id);
      fillBox(box, state.seats[id]);
      box.style.left = result.pos[id].x + "px";
      box.style.top = result.pos[id].y + "px";
      box.classList.toggle("in-chain", !!chain && chain.indexOf(id) >= 0);
      box.classList.toggle("dimmed", !!chain && chain.indexOf(id) < 0);
    });
    Object.keys(state.boxes).forEach(function (id) {
      if (!keep[id]) { state.boxes[id].remove(); delete state.boxes[id]; }
    });
    var ns = "http://www.w3.org/2000/svg", svg = state.lines;
    svg.setAttribute("width", Math.max(1, result.bounds.w));
    svg.setAttribute("height", Math.max(1, result.bounds.h));
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    result.links.forEach(function (link) {
      var path = document.createElementNS(ns, "path");
      path.setAttribute("d", linkPath(link, result.pos));
      if (chain && chain.indexOf(link.to) >= 0) { path.setAttribute("class", "in-chain"); }
      svg.appendChild(path);
    });
    state.stage.style.width = result.bounds.w + "px";
    state.stage.style.height = result.bounds.h + "px";
    document.querySelector('[data-chart="unfocus"]').hidden = !state.focus;
  }

  function makeBox(id) {
    var box = document.createElement("div");
    box.className = "chart-box";
    box.dataset.id = id;
    box.setAttribute("role", "group");
    box.innerHTML =
      '<p class="box-kind"></p>' +
      '<p class="box-title"><a></a></p>' +
      '<p class="box-holder"></p>' +
      '<p class="box-health"></p>' +
      '<button type="button" class="box-menu" aria-haspopup="menu">⋯</button>' +
      '<button type="button" class="box-toggle"></button>';
    state.stage.appendChild(box);
    state.boxes[id] = box;
    return box;
  }

  function kindOf(seat) { return seat.occupant ? seat.occupant.kind : "vacant"; }

  function fillBox(box, seat) {
    var occ = seat.occupant, kind = kindOf(seat);
    box.className = "chart-box " + kind + (box.classList.contains("dragging") ? " dragging" : "");
    var holder = occ ? occ.name : "Seat open";
    box.setAttribute("aria-label", seat.title + ", " + (occ ? (kind === "agent" ? "agent " : "") + occ.name : "vacant"));
    var kindText = kind === "person" ? "Human" : kind === "agent" ? "Agent · L" + occ.level : "Vacant";
    if (occ && occ.status && occ.status !== "active") { kindText += " · " + occ.status; }
    box.querySelector(".box-kind").textContent = kindText;
    var link = box.querySelector(".box-title a");
    link.textContent = seat.title;
    link.href = "/chart/seats/" + seat.id;
    link.title = seat.title;
    box.querySelector(".box-holder").textContent = holder;
    var health = box.querySelector(".box-health");
    health.textContent = "";
    var h = seat.health || {};
    // Short words on the box (three chips must fit its width); the whole phrase on hover.
    [["off_track_rocks", "rock off", "rocks off", "off track"],
     ["off_target_numbers", "number off", "numbers off", "off target"],
     ["open_escalations", "escalation", "escalations", "open"]].forEach(function (spec) {
      var n = h[spec[0]] || 0;
      if (!n) { return; }
      var chip = document.createElement("span");
      chip.className = "chip " + spec[0];
      chip.textContent = n + " " + (n === 1 ? spec[1] : spec[2]);
      chip.title = n + " " + (n === 1 ? spec[1] : spec[2]).replace(" off", "") + " " + spec[3];
      health.appendChild(chip);
    });
    if (!health.firstChild) {
      var ok = document.createElement("span");
      ok.className = "chip healthy";
      ok.textContent = "On track";
      health.appendChild(ok);
    }
    var menu = box.querySelector(".box-menu");
    menu.setAttribute("aria-label", "Actions for " + seat.title);
    menu.setAttribute("aria-expanded", state.menuFor === seat.id ? "true" : "false");
    var toggle = box.querySelector(".box-toggle");
    var count = seat.children || 0;
    toggle.hidden = count === 0;
    var isOpen = !!state.open[seat.id];
    toggle.setAttribute("aria-expanded", isOpen ? "true" : "false");
    toggle.textContent = isOpen ? "−" : "+" + count;
    toggle.setAttribute("aria-label", (isOpen ? "Collapse " : "Expand ") + seat.title + ": " + count +
                        (count === 1 ? " direct report" : " direct reports"));
  }

  // --- expand and collapse ---------------------------------------------------------------

  function toggle(id) {
    var seat = state.seats[id];
    if (state.open[id]) {
      delete state.open[id];
      render();
      say(seat.title + " collapsed.");
      return Promise.resolve();
    }
    if (seat.loaded) {
      state.open[id] = true;
      render();
      say(seat.title + " expanded: " + seat.kids.length + " reports.");
      return Promise.resolve();
    }
    say("Loading the reports of " + seat.title + "…");
    return api("GET", "/api/v1/chart?root=" + encodeURIComponent(id) + "&depth=1").then(function (answer) {
      if (!answer.ok) { return shout(answer.message); }
      merge(answer.body.seats.filter(function (row) { return row.id !== id || !state.seats[id]; }), false);
      var fresh = answer.body.seats[0];
      if (fresh && fresh.id === id) { seat.children = fresh.children; seat.health = fresh.health; }
      seat.loaded = true;
      state.open[id] = true;
      render();
      say(seat.title + " expanded: " + seat.kids.length + " reports.");
    });
  }

  // --- pan and zoom ----------------------------------------------------------------------

  function apply() {
    var v = state.view;
    state.stage.style.transform = "translate(" + v.x + "px," + v.y + "px) scale(" + v.k + ")";
  }

  function zoomAt(factor, cx, cy) {
    var v = state.view, k = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, v.k * factor));
    v.x = cx - (cx - v.x) * (k / v.k);
    v.y = cy - (cy - v.y) * (k / v.k);
    v.k = k;
    apply();
  }

  function fit() {
    var b = state.bounds, w = state.viewport.clientWidth, h = state.viewport.clientHeight, pad = 24;
    if (!b || !b.w) { return; }
    var k = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, Math.min((w - pad * 2) / b.w, (h - pad * 2) / b.h, 1)));
    state.view = { k: k, x: (w - b.w * k) / 2, y: Math.max(pad, (h - b.h * k) / 2) };
    apply();
  }

  // A chart too big to read when fitted opens at a readable size with its top seat in view.
  function fitOrTop() {
    fit();
    if (state.view.k >= 0.55) { return; }
    var top = state.pos[state.roots[0]], w = state.viewport.clientWidth, k = 0.75;
    state.view = { k: k, x: w / 2 - (top.x + BOX_W / 2) * k, y: 24 };
    apply();
  }

  function centerOn(id) {
    var p = state.pos[id];
    if (!p) { return; }
    var v = state.view;
    v.x = state.viewport.clientWidth / 2 - (p.x + BOX_W / 2) * v.k;
    v.y = state.viewport.clientHeight / 2 - (p.y + BOX_H / 2) * v.k;
    apply();
  }

  function wirePanZoom() {
    var vp = state.viewport, pan = null;
    vp.addEventListener("wheel", function (event) {
      event.preventDefault();
      var r = vp.getBoundingClientRect();
      zoomAt(event.deltaY < 0 ? 1.12 : 1 / 1.12, event.clientX - r.left, event.clientY - r.top);
    }, { passive: false });
    vp.addEventListener("pointerdown", function (event) {
      if (event.button !== 0 || event.target.closest(".chart-box")) { return; }
      pan = { x: event.clientX, y: event.clientY, vx: state.view.x, vy: state.view.y, id: event.pointerId };
      vp.setPointerCapture(event.pointerId);
      vp.classList.add("panning");
    });
    vp.addEventListener("pointermove", function (event) {
      if (!pan || event.pointerId !== pan.id) { return; }
      state.view.x = pan.vx + event.clientX - pan.x;
      state.view.y = pan.vy + event.clientY - pan.y;
      apply();
    });
    function end() { pan = null; vp.classList.remove("panning"); }
    vp.addEventListener("pointerup", end);
    vp.addEventListener("pointercancel", end);
    vp.addEventListener("keydown", function (event) {
      if (event.target !== vp) { return; }
      var step = 60, v = state.view, handled = true;
      var cx = vp.clientWidth / 2, cy = vp.clientHeight / 2;
      if (event.key === "ArrowLeft") { v.x += step; } else if (event.key === "ArrowRight") { v.x -= step; }
      else if (event.key === "ArrowUp") { v.y += step; } else if (event.key === "ArrowDown") { v.y -= step; }
      else if (event.key === "+" || event.key === "=") { zoomAt(1.2, cx, cy); }
      else if (event.key === "-") { zoomAt(1 / 1.2, cx, cy); }
      else if (event.key === "0") { fit(); }
      else { handled = false; }
      if (handled) { event.preventDefault(); apply(); }
    });
  }

  function wireToolbar() {
    document.querySelector(".chart-toolbar").addEventListener("click", function (event) {
      var button = event.target.closest("[data-chart]");
      if (!button) { return; }
      var vp = state.viewport, what = button.dataset.chart;
      if (what === "zoom-in") { zoomAt(1.25, vp.clientWidth / 2, vp.clientHeight / 2); }
      else if (what === "zoom-out") { zoomAt(1 / 1.25, vp.clientWidth / 2, vp.clientHeight / 2); }
      else if (what === "fit") { fit(); }
      else if (what === "unfocus") { state.focus = null; render(); say("Showing every seat again."); }
      else if (what === "export-svg") { download(exportSvg(), "image/svg+xml", "chart.svg"); }
      else if (what === "export-png") { exportPng(); }
    });
    state.stage.addEventListener("click", function (event) {
      var t = event.target.closest(".box-toggle");
      if (t) { toggle(t.closest(".chart-box").dataset.id); return; }
      var m = event.target.closest(".box-menu");
      if (m) { openMenu(m.closest(".chart-box").dataset.id, m); }
    });
  }

  // --- the box's menu --------------------------------------------------------------------

  function wireMenu() {
    var menu = document.getElementById("chart-menu");
    menu.addEventListener("click", function (event) {
      var item = event.target.closest("[data-act]");
      if (!item) { return; }
      var id = state.menuFor;
      if (item.dataset.act === "open") { return; }  // a plain link to the seat's page
      closeMenu(false);
      if (item.dataset.act === "focus") { focusChain(id); }
      else { openDialog(item.dataset.act, id); }
    });
    menu.addEventListener("keydown", function (event) {
      var items = Array.prototype.slice.call(menu.querySelectorAll("[role=menuitem]"));
      var i = items.indexOf(document.activeElement);
      if (event.key === "ArrowDown") { items[(i + 1) % items.length].focus(); event.preventDefault(); }
      else if (event.key === "ArrowUp") { items[(i - 1 + items.length) % items.length].focus(); event.preventDefault(); }
      else if (event.key === "Escape" || event.key === "Tab") { closeMenu(true); if (event.key === "Escape") { event.preventDefault(); } }
    });
    document.addEventListener("pointerdown", function (event) {
      if (!menu.hidden && !event.target.closest("#chart-menu") && !event.target.closest(".box-menu")) { closeMenu(false); }
    });
  }

  function openMenu(id, button) {
    var menu = document.getElementById("chart-menu");
    if (state.menuFor === id && !menu.hidden) { closeMenu(true); return; }
    state.menuFor = id;
    var seat = state.seats[id];
    menu.setAttribute("aria-label", "Actions for " + seat.title);
    menu.querySelector('[data-act="move"]').hidden = !seat.parent_id;
    menu.querySelector('[data-act="open"]').href = "/chart/seats/" + id;
    var r = button.getBoundingClientRect();
    menu.hidden = false;
    var left = Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - menu.offsetWidth - 8);
    menu.style.left = Math.max(8, left) + "px";
    menu.style.top = (window.scrollY + r.bottom + 4) + "px";
    button.setAttribute("aria-expanded", "true");
    menu.querySelector("[role=menuitem]:not([hidden])").focus();
  }

  function closeMenu(returnFocus) {
    var menu = document.getElementById("chart-menu"), id = state.menuFor;
    menu.hidden = true;
    state.menuFor = null;
    var box = id && state.boxes[id];
    if (box) {
      var button = box.querySelector(".box-menu");
      button.setAttribute("aria-expanded", "false");
      if (returnFocus) { button.focus(); }
    }
  }

  function focusChain(id) {
    state.focus = id;
    render();
    centerOn(id);
    var names = ancestors(id).map(function (a) { return state.seats[a].title; });
    say("Focused on " + state.seats[id].title + (names.length ? ", reporting through " + names.join(", ") : "") + ".");
  }

  // --- edit, move and holder: a dialog posting to the REST API ---------------------------

  var dialogAction = null;

  function wireDialog() {
    var dialog = document.getElementById("chart-dialog");
    document.getElementById("chart-dialog-form").addEventListener("submit", function (event) {
      event.preventDefault();
      if (dialogAction) { dialogAction(); }
    });
    document.getElementById("chart-dialog-cancel").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("close", function () {
      var box = state.boxes[dialog.dataset.seat];
      if (box) { box.querySelector(".box-menu").focus(); }
    });
  }

  function field(label, control) {
    var id = "chart-f-" + control.name;
    control.id = id;
    var wrap = document.createElement("div"), l = document.createElement("label");
    l.htmlFor = id;
    l.textContent = label;
    wrap.appendChild(l);
    wrap.appendChild(control);
    return wrap;
  }

  function option(select, value, text, selected) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = text;
    o.selected = !!selected;
    select.appendChild(o);
    return o;
  }

  function openDialog(kind, id) {
    var seat = state.seats[id], dialog = document.getElementById("chart-dialog");
    var body = document.getElementById("chart-dialog-body"), ok = document.getElementById("chart-dialog-ok");
    body.textContent = "";
    showError("");
    dialog.dataset.seat = id;
    if (kind === "edit") {
      document.getElementById("chart-dialog-title").textContent = "Edit " + seat.title;
      var title = document.createElement("input"); title.name = "title"; title.value = seat.title; title.required = true;
      var purpose = document.createElement("textarea"); purpose.name = "purpose"; purpose.rows = 2; purpose.value = seat.purpose || "";
      var resp = document.createElement("textarea"); resp.name = "responsibilities"; resp.rows = 5;
      resp.value = (seat.responsibilities || []).join("\n");
      body.appendChild(field("Title", title));
      body.appendChild(field("Purpose", purpose));
      body.appendChild(field("Responsibilities (3 to 5, one per line)", resp));
      ok.textContent = "Save";
      dialogAction = function () {
        var lines = resp.value.split("\n").map(function (s) { return s.trim(); }).filter(Boolean);
        submit(api("PATCH", "/api/v1/seats/" + id, { title: title.value, purpose: purpose.value, responsibilities: lines }), id);
      };
    } else if (kind === "move") {
      document.getElementById("chart-dialog-title").textContent = "Move " + seat.title;
      var select = document.createElement("select"); select.name = "parent_id";
      var below = {};
      subtree(id).forEach(function (s) { below[s] = true; });
      orderedSeats().forEach(function (s) {
        if (below[s.id]) { return; }  // a seat cannot report to itself or to anyone below it
        option(select, s.id, s.title + (s.occupant ? " (" + s.occupant.name + ")" : ""), s.id === seat.parent_id);
      });
      body.appendChild(field("Reports to", select));
      var note = document.createElement("p"); note.className = "muted";
      note.textContent = "Everything that reports to this seat moves with it.";
      body.appendChild(note);
      ok.textContent = "Move seat";
      dialogAction = function () { move(id, select.value); };
    } else {
      document.getElementById("chart-dialog-title").textContent = "Holder of " + seat.title;
      var who = document.createElement("select"); who.name = "occupant";
      option(who, "", "— vacant —", !seat.occupant);
      body.appendChild(field("Held by", who));
      ok.textContent = "Save holder";
      Promise.all([api("GET", "/api/v1/people"), api("GET", "/api/v1/agents")]).then(function (answers) {
        var groups = [["People", "person", answers[0]], ["Agents", "agent", answers[1]]];
        groups.forEach(function (g) {
          if (!g[2].ok) { return; }
          var group = document.createElement("optgroup"); group.label = g[0];
          (g[2].body || []).forEach(function (x) {
            if (g[1] === "agent" && x.status === "retired") { return; }
            var current = seat.occupant && seat.occupant.kind === g[1] && seat.occupant.id === x.id;
            option(group, g[1] + ":" + x.id, x.name + (g[1] === "agent" ? " (L" + x.level + ")" : ""), current);
          });
          who.appendChild(group);
        });
      });
      dialogAction = function () {
        var value = who.value;
        if (!value) { return submit(api("DELETE", "/api/v1/seats/" + id + "/occupant"), id); }
        var parts = value.split(":");
        submit(api("PUT", "/api/v1/seats/" + id + "/occupant", { kind: parts[0], id: parts[1], replace: true }), id);
      };
    }
    dialog.showModal();
    var first = body.querySelector("input, select, textarea");
    if (first) { first.focus(); }
  }

  function orderedSeats() {
    var out = [], stack = state.roots.slice().reverse();
    while (stack.length) {
      var seat = state.seats[stack.pop()];
      out.push(seat);
      stack.push.apply(stack, seat.kids.slice().reverse());
    }
    return out;
  }

  function showError(message) {
    var el = document.getElementById("chart-dialog-error");
    el.textContent = message;
    el.hidden = !message;
  }

  // After an edit or a new holder: the API's answer refreshes the box; the diagram stays put.
  function submit(request, id) {
    return request.then(function (answer) {
      if (!answer.ok) { showError(answer.message); return; }
      document.getElementById("chart-dialog").close();
      refresh(id).then(function () { say(state.seats[id].title + " saved."); });
    });
  }

  function refresh(id) {
    return api("GET", "/api/v1/chart?root=" + encodeURIComponent(id) + "&depth=0").then(function (answer) {
      if (!answer.ok || !answer.body.seats.length) { return; }
      var fresh = answer.body.seats[0], seat = state.seats[id];
      ["title", "purpose", "responsibilities", "occupant", "health", "children"].forEach(function (k) { seat[k] = fresh[k]; });
      render();
    });
  }

  // A move (from the dialog or a drop): the server decides. A refusal (a cycle, an agent left
  // with no human above it, no permission) shows the API's own message; the diagram stays.
  function move(id, parentId) {
    var seat = state.seats[id], target = state.seats[parentId];
    return api("POST", "/api/v1/seats/" + id + "/move", { parent_id: parentId }).then(function (answer) {
      var dialog = document.getElementById("chart-dialog");
      if (!answer.ok) {
        var message = answer.held ? answer.message || "Sent for approval." : answer.message;
        if (dialog.open) { showError(message); } else { shout(message); }
        return;
      }
      if (dialog.open) { dialog.close(); }
      var old = seat.parent_id && state.seats[seat.parent_id];
      if (old) {
        old.kids = old.kids.filter(function (k) { return k !== id; });
        old.children = Math.max(0, (old.children || 1) - 1);
      }
      seat.parent_id = parentId;
      target.children = (target.children || 0) + 1;
      if (target.loaded) {
        target.kids.push(id);
        state.open[parentId] = true;
        ancestors(parentId).forEach(function (a) { state.open[a] = true; });
      } else {
        // Its new branch has not been loaded: drop the copy; expanding that branch fetches it.
        subtree(id).forEach(function (s) { delete state.seats[s]; delete state.open[s]; });
      }
      render();
      if (state.pos[id]) { centerOn(id); }
      clearAlert();
      say(seat.title + " now reports to " + target.title + ".");
    });
  }

  // --- drag a box onto another to move it ------------------------------------------------

  function wireDrag() {
    var drag = null;
    state.stage.addEventListener("pointerdown", function (event) {
      var box = event.target.closest(".chart-box");
      if (!box || event.button !== 0 || event.target.closest("button, a")) { return; }
      drag = { id: box.dataset.id, box: box, x: event.clientX, y: event.clientY, moving: false, pointer: event.pointerId };
    });
    document.addEventListener("pointermove", function (event) {
      if (!drag || event.pointerId !== drag.pointer) { return; }
      var dx = event.clientX - drag.x, dy = event.clientY - drag.y;
      if (!drag.moving && Math.abs(dx) + Math.abs(dy) < 6) { return; }
      if (!drag.moving) {
        if (!state.seats[drag.id].parent_id) { drag = null; return; }  // the top seat reports to no one
        drag.moving = true;
        drag.box.classList.add("dragging");
      }
      var k = state.view.k;
      drag.box.style.transform = "translate(" + dx / k + "px," + dy / k + "px)";
      markTarget(targetAt(event));
    });
    function drop(event) {
      if (!drag || event.pointerId !== drag.pointer) { return; }
      var d = drag;
      drag = null;
      if (!d.moving) { return; }
      d.box.classList.remove("dragging");
      d.box.style.transform = "";
      var target = targetAt(event);
      markTarget(null);
      if (target && target !== d.id && target !== state.seats[d.id].parent_id) { move(d.id, target); }
    }
    document.addEventListener("pointerup", drop);
    document.addEventListener("pointercancel", drop);
  }

  function targetAt(event) {
    var found = null;
    document.elementsFromPoint(event.clientX, event.clientY).some(function (el) {
      var box = el.closest && el.closest(".chart-box:not(.dragging)");
      if (box) { found = box.dataset.id; return true; }
      return false;
    });
    return found;
  }

  function markTarget(id) {
    Object.keys(state.boxes).forEach(function (k) { state.boxes[k].classList.toggle("drop-target", k === id); });
  }

  // --- export ----------------------------------------------------------------------------
  // The drawn part of the chart as a standalone SVG (boxes, text, lines; no script, no
  // external reference), and as PNG by drawing that SVG onto a canvas.

  function esc(text) {
    return String(text).replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }

  function clip(text, max) { text = String(text); return text.length > max ? text.slice(0, max - 1) + "…" : text; }

  var COLORS = { person: "#1f6feb", agent: "#8250df", vacant: "#9a6700" };

  function exportSvg() {
    var r = layout(), pad = 20, w = r.bounds.w + pad * 2, h = r.bounds.h + pad * 2;
    var out = ['<svg xmlns="http://www.w3.org/2000/svg" width="' + w + '" height="' + h + '" viewBox="0 0 ' + w + " " + h +
               '" font-family="system-ui, -apple-system, Segoe UI, sans-serif">',
               '<rect width="100%" height="100%" fill="#f6f7f9"/>', '<g transform="translate(' + pad + "," + pad + ')">'];
    r.links.forEach(function (link) {
      out.push('<path d="' + linkPath(link, r.pos) + '" fill="none" stroke="#aab1bf" stroke-width="1.5"/>');
    });
    Object.keys(r.pos).forEach(function (id) {
      var p = r.pos[id], seat = state.seats[id], kind = kindOf(seat), occ = seat.occupant;
      var kindText = kind === "person" ? "Human" : kind === "agent" ? "Agent · L" + occ.level : "Vacant";
      var h2 = seat.health || {}, issues = [];
      if (h2.off_track_rocks) { issues.push(h2.off_track_rocks + " rock(s) off track"); }
      if (h2.off_target_numbers) { issues.push(h2.off_target_numbers + " number(s) off target"); }
      if (h2.open_escalations) { issues.push(h2.open_escalations + " escalation(s)"); }
      out.push('<g transform="translate(' + p.x + "," + p.y + ')">',
               '<rect width="' + BOX_W + '" height="' + BOX_H + '" rx="8" fill="#fff" stroke="#d9dde5"' +
               (kind === "vacant" ? ' stroke-dasharray="4 3"' : "") + "/>",
               '<rect width="5" height="' + BOX_H + '" rx="2" fill="' + COLORS[kind] + '"/>',
               '<text x="14" y="20" font-size="11" fill="' + COLORS[kind] + '">' + esc(kindText) + "</text>",
               '<text x="14" y="42" font-size="14" font-weight="700" fill="#1d2330">' + esc(clip(seat.title, 26)) + "</text>",
               '<text x="14" y="62" font-size="13" fill="#1d2330">' + esc(clip(occ ? occ.name : "Seat open", 28)) + "</text>",
               '<text x="14" y="84" font-size="11" fill="' + (issues.length ? "#cf222e" : "#1a7f37") + '">' +
               esc(clip(issues.length ? issues.join(" · ") : "On track", 34)) + "</text>", "</g>");
    });
    out.push("</g></svg>");
    return out.join("");
  }

  function exportPng() {
    var svg = exportSvg(), img = new Image();
    img.onload = function () {
      // Browsers cap a canvas near 16,384 px a side: a huge chart is scaled down to fit.
      var scale = Math.min(2, 16000 / img.width, 16000 / img.height);
      var canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.floor(img.width * scale));
      canvas.height = Math.max(1, Math.floor(img.height * scale));
      var ctx = canvas.getContext("2d");
      ctx.scale(scale, scale);
      ctx.drawImage(img, 0, 0);
      canvas.toBlob(function (blob) { saveBlob(blob, "chart.png"); }, "image/png");
    };
    img.onerror = function () { shout("The PNG could not be drawn; export SVG instead."); };
    img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg);
  }

  function download(text, type, name) { saveBlob(new Blob([text], { type: type }), name); }

  function saveBlob(blob, name) {
    var url = URL.createObjectURL(blob), a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    say("Exported " + name + ".");
  }

  // --- messages --------------------------------------------------------------------------

  function say(text) { document.getElementById("chart-status").textContent = text; }

  function shout(text) {
    var el = document.getElementById("chart-alert");
    el.textContent = text;
    el.hidden = false;
  }

  function clearAlert() {
    var el = document.getElementById("chart-alert");
    el.textContent = "";
    el.hidden = true;
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
  document.addEventListener("htmx:afterSettle", init);
})();
