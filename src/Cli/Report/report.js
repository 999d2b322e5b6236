// ftcore report viewer: draws report.json (embedded above) as inline SVG. No network, no library.
// It writes its own self-check into #selfcheck (lanes drawn, matrix cells filled, errors caught,
// render time) so a headless browser test can read it from the DOM.
(function () {
  "use strict";
  var t0 = performance.now();
  var errors = [];
  window.addEventListener("error", function (e) { errors.push(String(e.message || e)); writeCheck(); });
  var check = { lanes: [], matrix_cells: 0, requests_drawn: 0, render_ms: 0, errors: errors };
  function writeCheck() {
    var el = document.getElementById("selfcheck");
    if (el) el.textContent = JSON.stringify(check);
  }

  var SVGNS = "http://www.w3.org/2000/svg";
  var R = JSON.parse(document.getElementById("report-data").textContent);
  var app = document.getElementById("app");
  var COLORS = {
    ok: "#2e7d32", fail: "#ef6c00", open: "#c62828",
    down: "#9e9e9e", partition: "#7e57c2", loss: "#e53935", duplicate: "#8d6e63", spikes: "#fb8c00",
    slow: "#fdd835", pause: "#90a4ae", phase: "#e3f2fd",
    view: "#1565c0", leader: "#0d47a1", membership: "#00897b", kill: "#b71c1c", start: "#2e7d32",
    detect: "#6a1b9a", heal: "#00695c", fault: "#d84315", violation: "#d50000",
    recovering: "#ffca28", ready: "#66bb6a", diagnosis: "#ab47bc", lab: "#455a64"
  };
  function color(k) { return COLORS[k] || COLORS.diagnosis; }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function sv(tag, attrs, parent) {
    var e = document.createElementNS(SVGNS, tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }
  function tip(node, text) { var t = document.createElementNS(SVGNS, "title"); t.textContent = text; node.appendChild(t); }
  function s(us) { return (us / 1e6).toFixed(3) + " s"; }
  function ms(us) { return (us / 1000).toFixed(us < 10000 ? 2 : 1); }
  function section(title) { var h = el("h2", null, title); app.appendChild(h); return h; }

  // ---- header -------------------------------------------------------------------------------
  app.appendChild(el("h1", null, R.title));
  var v = el("div", { "class": "verdict " + (R.passed ? "pass" : "fail") }, R.verdict);
  app.appendChild(v);
  var head = el("p");
  head.appendChild(el("span", null, (R.seed !== null && R.seed !== undefined ? "seed " + R.seed + " · " : "") + "source " + R.source + " · run length " + s(R.end_us) + " · " + R.processes.length + " processes · " + R.requests_total + " requests"));
  app.appendChild(head);
  app.appendChild(el("div", { "class": "small" }, "replay:"));
  app.appendChild(el("pre", { "class": "replay", id: "replay" }, R.replay));
  if (R.violation) {
    var vd = el("div", { "class": "violation" });
    vd.appendChild(el("b", null, R.violation.kind + " violation of '" + R.violation.invariant + "' at " + s(R.violation.at_us)));
    vd.appendChild(el("div", null, R.violation.message));
    if (R.violation.processes.length) vd.appendChild(el("div", { "class": "small" }, "processes: " + R.violation.processes.join(", ")));
    app.appendChild(vd);
  }
  var opts = el("table", { "class": "opts" });
  R.options.forEach(function (o) { var tr = el("tr"); tr.appendChild(el("td", null, o.key)); tr.appendChild(el("td", null, o.value)); opts.appendChild(tr); });
  app.appendChild(opts);
  if (R.notes.length) {
    var ul = el("ul", { "class": "notes" });
    R.notes.forEach(function (n) { ul.appendChild(el("li", null, n)); });
    app.appendChild(ul);
  }

  // ---- shared time window (zoom) ------------------------------------------------------------
  var view = { from: 0, to: Math.max(1, R.end_us) };
  var redraws = [];
  function setView(a, b) {
    view.from = Math.max(0, Math.min(a, b)); view.to = Math.min(Math.max(1, R.end_us), Math.max(a, b));
    if (view.to - view.from < 1000) view.to = view.from + 1000;
    redraws.forEach(function (f) { f(); });
  }
  var W = Math.max(900, Math.min(1800, (window.innerWidth || 1200) - 40));
  var LEFT = 70, RIGHT = 10;
  function X(us) { return LEFT + (us - view.from) / (view.to - view.from) * (W - LEFT - RIGHT); }
  function inView(a, b) { return b >= view.from && a <= view.to; }
  function axis(g, y, h) {
    var span = view.to - view.from, steps = [1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 2e6, 5e6, 1e7, 2e7, 3e7, 6e7, 1.2e8, 3e8, 6e8];
    var step = steps[steps.length - 1];
    for (var i = 0; i < steps.length; i++) if (span / steps[i] <= 12) { step = steps[i]; break; }
    for (var t = Math.ceil(view.from / step) * step; t <= view.to; t += step) {
      sv("line", { x1: X(t), x2: X(t), y1: y, y2: y + h, stroke: "#eceff3" }, g);
      var tx = sv("text", { x: X(t) + 2, y: y + 10 }, g); tx.textContent = step >= 1e6 ? (t / 1e6) + " s" : (t / 1e3) + " ms";
    }
  }
  function controls(parent) {
    var c = el("div", { "class": "controls" });
    var zin = el("button", null, "zoom in"), zout = el("button", null, "zoom out"), all = el("button", null, "whole run");
    zin.onclick = function () { var m = (view.from + view.to) / 2, h = (view.to - view.from) / 4; setView(m - h, m + h); };
    zout.onclick = function () { var m = (view.from + view.to) / 2, h = (view.to - view.from); setView(m - h, m + h); };
    all.onclick = function () { setView(0, R.end_us); };
    c.appendChild(zin); c.appendChild(zout); c.appendChild(all);
    c.appendChild(el("span", { "class": "small" }, " drag across a chart to zoom to that span"));
    parent.appendChild(c);
  }
  function brush(svg, y0, y1) {
    var start = null, rect = null;
    function xOf(e) { var r = svg.getBoundingClientRect(); return e.clientX - r.left; }
    function us(x) { return view.from + (x - LEFT) / (W - LEFT - RIGHT) * (view.to - view.from); }
    svg.addEventListener("mousedown", function (e) { if (e.target.classList && e.target.classList.contains("req")) return; start = xOf(e); rect = sv("rect", { x: start, y: y0, width: 0, height: y1 - y0, fill: "rgba(21,101,192,0.15)" }, svg); });
    svg.addEventListener("mousemove", function (e) { if (start === null) return; var x = xOf(e); rect.setAttribute("x", Math.min(x, start)); rect.setAttribute("width", Math.abs(x - start)); });
    svg.addEventListener("mouseup", function (e) { if (start === null) return; var x = xOf(e), a = start; start = null; rect.remove(); if (Math.abs(x - a) > 5) setView(us(Math.min(a, x)), us(Math.max(a, x))); });
  }
  function legend(parent, kinds) {
    var d = el("div", { "class": "legend small" });
    kinds.forEach(function (k) { var sp = el("span"); var i = el("i"); i.style.background = color(k[0]); sp.appendChild(i); sp.appendChild(document.createTextNode(k[1])); d.appendChild(sp); });
    parent.appendChild(d);
  }

  // ---- timeline -----------------------------------------------------------------------------
  section("Timeline: a lane per process");
  controls(app);
  legend(app, [["ok", "request answered"], ["fail", "refused"], ["open", "never answered"], ["down", "down"], ["partition", "partition"], ["loss", "loss"], ["spikes", "delay spikes"], ["slow", "slow"], ["pause", "pause"], ["recovering", "recovering"], ["ready", "ready"], ["leader", "leader"], ["view", "view change"], ["membership", "membership"], ["detect", "detection"], ["kill", "kill"], ["fault", "fault"], ["lab", "lab step"], ["diagnosis", "diagnosis"]]);
  var LANE = 26, TOP = 18;
  var laneOf = {};
  R.processes.forEach(function (p, i) { laneOf[p] = i; });
  var tlH = TOP + R.processes.length * LANE + 4;
  var tl = sv("svg", { width: W, height: tlH, id: "timeline" });
  app.appendChild(tl);
  var pathBox = el("div", { id: "path", "class": "small" }, "click a request (a bar on a client's lane) to see its path");
  app.appendChild(pathBox);
  var pathIndex = {};
  R.paths.forEach(function (p) { pathIndex[p.client + "/" + p.num] = p; });
  function showPath(r) {
    pathBox.innerHTML = "";
    pathBox.appendChild(el("b", null, r.client + " request " + r.num + ": " + r.outcome + (r.replica ? " from " + r.replica : "") + ", " + ms(r.end_us - r.invoke_us) + " ms" + (r.retries ? ", " + r.retries + " retransmission(s)" : "")));
    var p = pathIndex[r.client + "/" + r.num];
    if (!p) { pathBox.appendChild(el("div", null, "no path recorded for this request (see the notes on caps)")); return; }
    var t = el("table");
    var h = el("tr"); ["time", "+ms", "process", "hop"].forEach(function (x) { h.appendChild(el("th", null, x)); }); t.appendChild(h);
    p.hops.forEach(function (hp) {
      var tr = el("tr");
      tr.appendChild(el("td", { "class": "num" }, s(hp.at_us)));
      tr.appendChild(el("td", { "class": "num" }, ms(hp.at_us - r.invoke_us)));
      tr.appendChild(el("td", null, hp.process));
      tr.appendChild(el("td", null, hp.what));
      t.appendChild(tr);
    });
    pathBox.appendChild(t);
  }
  function lanesFor(proc) { return proc === "" || !(proc in laneOf) ? R.processes.map(function (_, i) { return i; }) : [laneOf[proc]]; }
  function drawTimeline() {
    while (tl.firstChild) tl.removeChild(tl.firstChild);
    axis(tl, 0, tlH);
    R.processes.forEach(function (p, i) {
      var y = TOP + i * LANE;
      sv("rect", { x: 0, y: y, width: W, height: LANE, fill: i % 2 ? "#fbfcfd" : "#f4f6f9", "class": "lane", "data-lane": p }, tl);
      var t = sv("text", { x: 4, y: y + 16, "class": "lane-label" }, tl); t.textContent = p;
    });
    R.bands.concat(R.diagnosis.filter(function (d) { return d.to_us > d.from_us; })).forEach(function (b) {
      if (!inView(b.from_us, b.to_us)) return;
      var x1 = Math.max(LEFT, X(b.from_us)), x2 = Math.min(W - RIGHT, X(b.to_us));
      if (b.kind === "phase") {
        var r0 = sv("rect", { x: x1, y: 0, width: Math.max(1, x2 - x1), height: 12, fill: "#e3f2fd", stroke: "#90caf9" }, tl);
        tip(r0, "phase " + b.label + ": " + s(b.from_us) + " to " + s(b.to_us));
        var pt = sv("text", { x: x1 + 3, y: 10 }, tl); pt.textContent = b.label;
        return;
      }
      lanesFor(b.process).forEach(function (li) {
        var r = sv("rect", { x: x1, y: TOP + li * LANE + 1, width: Math.max(1, x2 - x1), height: LANE - 2, fill: color(b.kind), opacity: b.kind === "down" ? 0.45 : 0.28 }, tl);
        tip(r, b.kind + ": " + b.label + " (" + s(b.from_us) + " to " + s(b.to_us) + ")");
      });
    });
    R.states.forEach(function (st) {
      if (!inView(st.from_us, st.to_us) || !(st.process in laneOf) || st.state === "down") return;
      var x1 = Math.max(LEFT, X(st.from_us)), x2 = Math.min(W - RIGHT, X(st.to_us));
      var r = sv("rect", { x: x1, y: TOP + laneOf[st.process] * LANE + LANE - 6, width: Math.max(1, x2 - x1), height: 5, fill: color(st.state) }, tl);
      tip(r, st.process + " " + st.state + " from " + s(st.from_us) + " to " + s(st.to_us));
    });
    var drawn = 0;
    R.requests.forEach(function (r, idx) {
      if (!inView(r.invoke_us, r.end_us) || !(r.client in laneOf)) return;
      var y = TOP + laneOf[r.client] * LANE + 4 + (idx % 4) * 4;
      var x1 = Math.max(LEFT, X(r.invoke_us)), x2 = Math.min(W - RIGHT, X(r.end_us));
      var l = sv("line", { x1: x1, x2: Math.max(x1 + 1, x2), y1: y, y2: y, stroke: color(r.outcome), "stroke-width": 3, "class": "req" }, tl);
      tip(l, r.client + " request " + r.num + ": " + r.outcome + ", " + ms(r.end_us - r.invoke_us) + " ms");
      l.addEventListener("click", function () { showPath(r); });
      drawn++;
    });
    check.requests_drawn = drawn;
    R.marks.concat(R.diagnosis.filter(function (d) { return d.to_us <= d.from_us; }).map(function (d) { return { process: d.process, kind: d.kind, at_us: d.from_us, label: d.label }; })).forEach(function (m) {
      if (!inView(m.at_us, m.at_us)) return;
      var x = X(m.at_us);
      lanesFor(m.process).forEach(function (li) {
        var y = TOP + li * LANE;
        var big = m.kind === "view" || m.kind === "kill" || m.kind === "violation" || m.kind === "leader";
        var mk = sv("path", { d: "M" + x + " " + (y + 2) + " l4 6 l-4 6 l-4 -6 z", fill: color(m.kind), opacity: big ? 1 : 0.7 }, tl);
        if (big) sv("line", { x1: x, x2: x, y1: y, y2: y + LANE, stroke: color(m.kind), "stroke-width": 1.5 }, tl);
        tip(mk, m.kind + " at " + s(m.at_us) + ": " + m.label);
      });
    });
  }
  redraws.push(drawTimeline);
  brush(tl, 0, tlH);

  // ---- latency and throughput ---------------------------------------------------------------
  section("Latency and throughput over time");
  var chH = 220, thH = 120;
  var lat = sv("svg", { width: W, height: chH, id: "latency" });
  var thr = sv("svg", { width: W, height: thH, id: "throughput" });
  app.appendChild(el("div", { "class": "small" }, "each dot a drawn request (invoke to reply, by its reply time; log scale); lines: p50 and p99 per " + ms(R.window_us) + " ms window over every request; faint bands: faults and processes down"));
  app.appendChild(lat);
  app.appendChild(el("div", { "class": "small" }, "requests answered per second, per window"));
  app.appendChild(thr);
  function globalBands(svg, h) {
    R.bands.forEach(function (b) {
      if (b.kind === "phase" || !inView(b.from_us, b.to_us)) return;
      var x1 = Math.max(LEFT, X(b.from_us)), x2 = Math.min(W - RIGHT, X(b.to_us));
      var r = sv("rect", { x: x1, y: 0, width: Math.max(1, x2 - x1), height: h, fill: color(b.kind), opacity: 0.12 }, svg);
      tip(r, b.kind + (b.process ? " " + b.process : "") + ": " + b.label);
    });
    R.marks.forEach(function (m) {
      if ((m.kind !== "view" && m.kind !== "kill") || !inView(m.at_us, m.at_us)) return;
      var ln = sv("line", { x1: X(m.at_us), x2: X(m.at_us), y1: 0, y2: h, stroke: color(m.kind), "stroke-dasharray": "3 3", opacity: 0.6 }, svg);
      tip(ln, m.kind + " at " + s(m.at_us) + ": " + m.label);
    });
  }
  function drawLatency() {
    while (lat.firstChild) lat.removeChild(lat.firstChild);
    globalBands(lat, chH);
    axis(lat, 0, chH);
    var maxUs = 1000;
    R.requests.forEach(function (r) { if (r.outcome !== "open") maxUs = Math.max(maxUs, r.end_us - r.invoke_us); });
    var lo = Math.log10(50), hi = Math.log10(maxUs * 1.2);
    function Y(us) { var l = Math.log10(Math.max(50, us)); return chH - 14 - (l - lo) / (hi - lo) * (chH - 28); }
    [100, 1000, 1e4, 1e5, 1e6, 1e7].forEach(function (g) {
      if (g > maxUs * 1.2) return;
      sv("line", { x1: LEFT, x2: W - RIGHT, y1: Y(g), y2: Y(g), stroke: "#eceff3" }, lat);
      var t = sv("text", { x: 4, y: Y(g) + 4 }, lat); t.textContent = (g / 1000) + " ms";
    });
    R.requests.forEach(function (r) {
      if (r.outcome === "open" || !inView(r.end_us, r.end_us)) return;
      sv("circle", { cx: X(r.end_us), cy: Y(r.end_us - r.invoke_us), r: 1.6, fill: color(r.outcome), opacity: 0.55 }, lat);
    });
    ["p50_us", "p99_us"].forEach(function (key, k) {
      var d = "";
      R.windows.forEach(function (w) {
        if (!w.completed || !inView(w.from_us, w.from_us + R.window_us)) return;
        d += (d ? " L" : "M") + X(w.from_us + R.window_us / 2).toFixed(1) + " " + Y(w[key]).toFixed(1);
      });
      if (d) sv("path", { d: d, fill: "none", stroke: k ? "#c62828" : "#1565c0", "stroke-width": 1.5 }, lat);
    });
    var lg = sv("text", { x: W - 120, y: 12 }, lat); lg.textContent = "blue p50, red p99";
    R.stalls.forEach(function (st) {
      if (!inView(st.gap_from_us, st.gap_to_us)) return;
      var r = sv("rect", { x: X(st.gap_from_us), y: chH - 10, width: Math.max(2, X(st.gap_to_us) - X(st.gap_from_us)), height: 8, fill: "#c62828" }, lat);
      tip(r, "failover stall " + ms(st.stall_us) + " ms around the leader change to " + st.leader + " at " + s(st.at_us));
    });
  }
  function drawThroughput() {
    while (thr.firstChild) thr.removeChild(thr.firstChild);
    globalBands(thr, thH);
    axis(thr, 0, thH);
    var max = 1;
    R.windows.forEach(function (w) { max = Math.max(max, w.completed); });
    var perS = 1e6 / R.window_us;
    var t = sv("text", { x: 4, y: 24 }, thr); t.textContent = Math.round(max * perS) + "/s";
    R.windows.forEach(function (w) {
      if (!inView(w.from_us, w.from_us + R.window_us)) return;
      var h = w.completed / max * (thH - 30);
      var x1 = X(w.from_us), x2 = X(w.from_us + R.window_us);
      var b = sv("rect", { x: Math.max(LEFT, x1), y: thH - 4 - h, width: Math.max(1, Math.min(W - RIGHT, x2) - Math.max(LEFT, x1) - 0.5), height: h, fill: w.failed ? "#ef6c00" : "#42a5f5" }, thr);
      tip(b, s(w.from_us) + ": " + w.completed + " answered (" + Math.round(w.completed * perS) + "/s), " + w.failed + " refused, p50 " + ms(w.p50_us) + " ms, p99 " + ms(w.p99_us) + " ms, max " + ms(w.max_us) + " ms");
    });
  }
  redraws.push(drawLatency, drawThroughput);
  brush(lat, 0, chH);
  brush(thr, 0, thH);

  // ---- failover stalls ----------------------------------------------------------------------
  section("Failovers: the stall around each leader change");
  if (!R.stalls.length) app.appendChild(el("p", { "class": "small" }, "no leader change after the first leader"));
  else {
    var st = el("table", { id: "stalls" });
    var hr = el("tr"); ["leader change at", "new leader", "last reply before", "first reply after", "stall ms"].forEach(function (x) { hr.appendChild(el("th", null, x)); }); st.appendChild(hr);
    R.stalls.forEach(function (x) {
      var tr = el("tr");
      [s(x.at_us), x.leader, s(x.gap_from_us), s(x.gap_to_us), ms(x.stall_us)].forEach(function (c, i) { tr.appendChild(el("td", { "class": i === 1 ? "" : "num" }, c)); });
      tr.style.cursor = "pointer";
      tr.onclick = function () { setView(x.gap_from_us - 500000, x.gap_to_us + 500000); document.getElementById("timeline").scrollIntoView(); };
      st.appendChild(tr);
    });
    app.appendChild(st);
    app.appendChild(el("div", { "class": "small" }, "click a row to zoom the charts to it"));
  }

  // ---- membership and replica states -------------------------------------------------------
  section("Membership and replica states");
  var reps = R.processes.filter(function (p) { return R.states.some(function (x) { return x.process === p; }); });
  var whereRows = ["GFD", "RM", "RM view"];
  var msH = 16 + (reps.length + whereRows.length) * 20;
  var msv = sv("svg", { width: W, height: msH, id: "states" });
  app.appendChild(msv);
  function drawStates() {
    while (msv.firstChild) msv.removeChild(msv.firstChild);
    axis(msv, 0, msH);
    whereRows.forEach(function (w, i) {
      var y = 14 + i * 20;
      var t = sv("text", { x: 4, y: y + 13, "class": "lane-label" }, msv); t.textContent = w;
      var rows = R.membership.filter(function (m) { return m.where === w; });
      rows.forEach(function (m, k) {
        var end = k + 1 < rows.length ? rows[k + 1].at_us : R.end_us;
        if (!inView(m.at_us, end)) return;
        var x1 = Math.max(LEFT, X(m.at_us)), x2 = Math.min(W - RIGHT, X(end));
        var r = sv("rect", { x: x1, y: y + 2, width: Math.max(1, x2 - x1), height: 16, fill: k % 2 ? "#b2dfdb" : "#80cbc4", stroke: "#fff" }, msv);
        tip(r, w + " from " + s(m.at_us) + ": " + m.members);
        if (x2 - x1 > 60) { var tt = sv("text", { x: x1 + 3, y: y + 14 }, msv); tt.textContent = m.members.replace(/^(\d+ members?: )/, "").slice(0, Math.floor((x2 - x1) / 6)); }
      });
    });
    reps.forEach(function (p, i) {
      var y = 14 + (whereRows.length + i) * 20;
      var t = sv("text", { x: 4, y: y + 13, "class": "lane-label" }, msv); t.textContent = p;
      R.states.forEach(function (x) {
        if (x.process !== p || !inView(x.from_us, x.to_us)) return;
        var x1 = Math.max(LEFT, X(x.from_us)), x2 = Math.min(W - RIGHT, X(x.to_us));
        var r = sv("rect", { x: x1, y: y + 2, width: Math.max(1, x2 - x1), height: 16, fill: color(x.state) }, msv);
        tip(r, p + " " + x.state + " from " + s(x.from_us) + " to " + s(x.to_us));
      });
    });
  }
  redraws.push(drawStates);
  brush(msv, 0, msH);
  legend(app, [["down", "down"], ["recovering", "recovering (not ready)"], ["ready", "ready"], ["leader", "leader"]]);

  // ---- latency matrix -----------------------------------------------------------------------
  section("Latency matrix: round trips between processes that talk");
  app.appendChild(el("div", { "class": "small" }, R.links_source + ". Each cell: min / avg / p99 / max in ms (count); row = who timed it (sent the request), column = the peer."));
  var froms = [], tos = [];
  R.processes.forEach(function (p) {
    if (R.links.some(function (l) { return l.from === p; })) froms.push(p);
    if (R.links.some(function (l) { return l.to === p; })) tos.push(p);
  });
  var mt = el("table", { "class": "matrix", id: "matrix" });
  var mh = el("tr"); mh.appendChild(el("th", null, "from \\ to")); tos.forEach(function (t) { mh.appendChild(el("th", null, t)); }); mt.appendChild(mh);
  var cells = 0;
  froms.forEach(function (f) {
    var tr = el("tr"); tr.appendChild(el("th", null, f));
    tos.forEach(function (t) {
      var l = R.links.filter(function (x) { return x.from === f && x.to === t; })[0];
      if (!l) { tr.appendChild(el("td", { "class": "empty" }, "")); return; }
      var td = el("td", { "class": "num", title: l.kind + ", " + l.count + " round trips, p50 " + ms(l.p50_us) + " ms" }, ms(l.min_us) + " / " + ms(l.mean_us) + " / " + ms(l.p99_us) + " / " + ms(l.max_us) + " (" + l.count + ")");
      td.setAttribute("data-filled", "1");
      tr.appendChild(td); cells++;
    });
    mt.appendChild(tr);
  });
  app.appendChild(mt);
  if (!R.links.length) app.appendChild(el("p", { "class": "small" }, "no round trip was measured in this run"));
  check.matrix_cells = cells;
  var kinds = {};
  R.links.forEach(function (l) { (kinds[l.kind] = kinds[l.kind] || []).push(l); });
  var kt = el("table");
  var kh = el("tr"); ["pair", "links", "round trips", "min ms", "avg ms", "p99 ms", "max ms"].forEach(function (x) { kh.appendChild(el("th", null, x)); }); kt.appendChild(kh);
  Object.keys(kinds).sort().forEach(function (k) {
    var ls = kinds[k], n = 0, sum = 0, mn = Infinity, mx = 0, p99 = 0;
    ls.forEach(function (l) { n += l.count; sum += l.mean_us * l.count; mn = Math.min(mn, l.min_us); mx = Math.max(mx, l.max_us); p99 = Math.max(p99, l.p99_us); });
    var tr = el("tr");
    [k, String(ls.length), String(n), ms(mn), ms(sum / Math.max(1, n)), ms(p99) + " (worst link)", ms(mx)].forEach(function (c, i) { tr.appendChild(el("td", { "class": i ? "num" : "" }, c)); });
    kt.appendChild(tr);
  });
  app.appendChild(el("div", { "class": "small" }, "per pair of roles:"));
  app.appendChild(kt);

  // ---- around the violation -----------------------------------------------------------------
  if (R.around) {
    section("Around the violation (" + s(R.around.at_us) + ")");
    app.appendChild(el("div", { "class": "small" }, "the operations nearest to it in time:"));
    var ol = el("ul", { id: "around-ops" });
    R.around.operations.forEach(function (o) { ol.appendChild(el("li", { "class": "mono" }, o)); });
    app.appendChild(ol);
    app.appendChild(el("div", { "class": "small" }, "each replica there:"));
    var rl = el("ul", { id: "around-replicas" });
    R.around.replicas.forEach(function (o) { rl.appendChild(el("li", { "class": "mono" }, o)); });
    app.appendChild(rl);
    var zoom = el("button", null, "zoom the charts to it");
    zoom.onclick = function () { setView(R.around.at_us - 1000000, R.around.at_us + 200000); };
    app.appendChild(zoom);
  }

  redraws.forEach(function (f) { f(); });
  check.lanes = Array.prototype.map.call(tl.querySelectorAll("rect.lane"), function (r) { return r.getAttribute("data-lane"); });
  check.render_ms = Math.round(performance.now() - t0);
  writeCheck();
})();
