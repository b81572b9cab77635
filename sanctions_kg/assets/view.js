/* sanctions-kg interactive graph view.
 *
 * Reads the view's data from its <script type="application/json" class="skg-data">
 * element and draws it with vis-network. User data only ever reaches the page
 * through textContent and DOM properties: never innerHTML, never an attribute
 * string, and links only for http(s) URLs. No network access of any kind.
 *
 * Test hooks: window.__skg (the first view: its DataSets, the network,
 * visibleNodeIds()) and window.__skgReady (performance.now() at the first
 * complete drawing).
 */
(function () {
  "use strict";

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function safeHref(url) {
    if (typeof url !== "string") return null;
    try {
      var parsed = new URL(url);
      if ((parsed.protocol === "http:" || parsed.protocol === "https:") && parsed.host) return parsed.href;
    } catch (e) { /* not a URL */ }
    return null;
  }

  function link(url, label) {
    var href = safeHref(url);
    if (!href) return el("span", label || url || "");
    var a = el("a", label || url);
    a.href = href;
    a.rel = "noopener noreferrer";
    a.target = "_blank";
    return a;
  }

  function tooltip(text) {
    return el("div", text, "skg-tip");
  }

  function lo(d) { return (d + "-00-00").slice(0, 10); }
  function hi(d) { return (d + "-99-99").slice(0, 10); }

  function inWindow(edge, since, until, undated) {
    if (!edge.start) return undated;
    if (until && lo(edge.start) > hi(until)) return false;
    if (since && (edge.end ? hi(edge.end) : "9999-99-99") < lo(since)) return false;
    return true;
  }

  function darker(hex) {
    var n = parseInt(hex.slice(1), 16);
    var r = Math.round(((n >> 16) & 255) * 0.6), g = Math.round(((n >> 8) & 255) * 0.6), b = Math.round((n & 255) * 0.6);
    return "#" + ((1 << 24) + (r << 16) + (g << 8) + b).toString(16).slice(1);
  }

  function propList(props) {
    var dl = el("dl", null, "skg-props");
    Object.keys(props).forEach(function (key) {
      var value = props[key];
      dl.appendChild(el("dt", key.replace(/_/g, " ")));
      var dd = el("dd");
      if (key === "url") dd.appendChild(link(value));
      else dd.textContent = Array.isArray(value) ? value.join("; ") : String(value);
      dl.appendChild(dd);
    });
    return dl;
  }

  function sourceList(data, sources, evidence) {
    var byDoc = {};
    (evidence || []).forEach(function (ev) {
      if (!ev.source) return;
      (byDoc[ev.source] = byDoc[ev.source] || []).push(ev);
    });
    var ids = (sources || []).slice();
    Object.keys(byDoc).forEach(function (id) { if (ids.indexOf(id) < 0) ids.push(id); });
    var box = el("div", null, "skg-sources");
    if (!ids.length) return box;
    box.appendChild(el("h4", "Sources"));
    var ol = el("ol");
    ids.forEach(function (id) {
      var doc = data.docs[id] || { title: id };
      var li = el("li");
      li.appendChild(link(doc.url, doc.title || id));
      var meta = [doc.publisher, doc.published, doc.kind].filter(Boolean).join(", ");
      if (meta) li.appendChild(el("span", " (" + meta + ")", "skg-meta"));
      (byDoc[id] || []).forEach(function (ev) {
        var q = el("blockquote", ev.text);
        if (ev.date) q.appendChild(el("span", " " + ev.date, "skg-meta"));
        li.appendChild(q);
      });
      ol.appendChild(li);
    });
    box.appendChild(ol);
    return box;
  }

  function init(root, index) {
    var data = JSON.parse(root.querySelector("script.skg-data").textContent);
    var canvas = root.querySelector(".skg-canvas");
    var details = root.querySelector(".skg-details");
    var large = !!data.large;
    var nodeById = {}, edgeById = {}, linked = {};

    var nodes = new vis.DataSet(data.nodes.map(function (n) {
      nodeById[n.id] = n;
      var style = data.styles[n.label] || { color: "#888888", shape: "dot" };
      return {
        id: n.id, label: n.short, title: tooltip(n.tip), x: n.x, y: n.y,
        shape: style.shape, size: n.focus ? 22 : (large ? 7 : 13),
        color: { background: style.color, border: darker(style.color),
                 highlight: { background: style.color, border: "#000000" } },
        borderWidth: n.focus ? 4 : 1.5, font: { size: n.focus ? 16 : 13, bold: n.focus }
      };
    }));
    var edges = new vis.DataSet(data.edges.map(function (e) {
      edgeById[e.id] = e;
      linked[e.from] = true;
      linked[e.to] = true;
      var item = {
        id: e.id, from: e.from, to: e.to, title: tooltip(e.tip),
        dashes: e.dashed ? [8, 6] : false,
        color: { color: e.color, highlight: darker(e.color), hover: darker(e.color), opacity: 0.9 },
        width: e.dashed ? 1.8 : 1.5
      };
      if (!large) item.label = e.type;
      if (!large && e.rank > 0) item.smooth = { enabled: true, type: "curvedCW", roundness: 0.18 * e.rank };
      return item;
    }));

    var types = root.querySelectorAll(".skg-type");
    var since = root.querySelector(".skg-since"), until = root.querySelector(".skg-until");
    var undated = root.querySelector(".skg-undated");
    var shownText = root.querySelector(".skg-shown");
    var visibleNodes = {};

    // Filtering hides items in place (vis "hidden") rather than swapping data
    // sets, so nodes keep their positions and edges their endpoints.
    function edgeVisible(e) {
      var on = false;
      types.forEach(function (box) { if (box.value === e.type && box.checked) on = true; });
      return on && inWindow(e, since.value, until.value, undated.checked);
    }
    var hiddenNodes = {}, hiddenEdges = {};

    function apply() {
      var visibleNodes = {}, edgeChanges = [], nodeChanges = [], nEdges = 0, nNodes = 0;
      data.edges.forEach(function (e) {
        var show = edgeVisible(e);
        if (show) { visibleNodes[e.from] = true; visibleNodes[e.to] = true; nEdges++; }
        if (!show !== !!hiddenEdges[e.id]) { hiddenEdges[e.id] = !show; edgeChanges.push({ id: e.id, hidden: !show }); }
      });
      data.nodes.forEach(function (n) {
        var show = n.focus || !linked[n.id] || !!visibleNodes[n.id];
        if (show) nNodes++;
        if (!show !== !!hiddenNodes[n.id]) { hiddenNodes[n.id] = !show; nodeChanges.push({ id: n.id, hidden: !show }); }
      });
      if (edgeChanges.length) edges.update(edgeChanges);
      if (nodeChanges.length) nodes.update(nodeChanges);
      shownText.textContent = nNodes + " of " + data.nodes.length + " nodes, " +
        nEdges + " of " + data.edges.length + " relationships";
    }

    var physics = large ? false : {
      solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -90, springLength: 170, avoidOverlap: 0.6 },
      stabilization: { enabled: true, iterations: 250, fit: true }
    };
    var options = {
      autoResize: true,
      physics: physics,
      layout: { improvedLayout: false },
      interaction: { hover: !large, tooltipDelay: 120, hideEdgesOnDrag: large, hideEdgesOnZoom: large,
                     navigationButtons: false, keyboard: false, multiselect: false },
      nodes: { font: { face: "system-ui, sans-serif", strokeWidth: 0, background: "rgba(255,255,255,0.85)" } },
      edges: {
        arrows: { to: { enabled: true, scaleFactor: 0.55 } },
        smooth: large ? false : { enabled: true, type: "continuous", roundness: 0.2 },
        font: { size: 10, align: "middle", color: "#333333", strokeWidth: 3, strokeColor: "#ffffff",
                face: "system-ui, sans-serif" },
        selectionWidth: 2
      }
    };
    var network = new vis.Network(canvas, { nodes: nodes, edges: edges }, options);

    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: false });
    });
    network.once("afterDrawing", function () {
      if (!large) {
        // refit now that labels have been measured, with a margin so they stay inside
        network.fit({ animation: false, maxZoomLevel: 1.5 });
        network.moveTo({ position: network.getViewPosition(), scale: network.getScale() * 0.9, animation: false });
      }
      root.setAttribute("data-skg-ready", "true");
      if (index === 0) window.__skgReady = performance.now();
    });

    function showNode(id) {
      var n = nodeById[id];
      details.replaceChildren();
      details.appendChild(el("h3", n.name));
      details.appendChild(el("p", n.label + " · " + n.id, "skg-meta"));
      details.appendChild(propList(n.props));
      details.appendChild(sourceList(data, n.sources, []));
    }

    function showEdge(id) {
      var e = edgeById[id];
      var from = nodeById[e.from], to = nodeById[e.to];
      details.replaceChildren();
      details.appendChild(el("h3", e.type));
      details.appendChild(el("p", (from ? from.name : e.from) + " → " + (to ? to.name : e.to)));
      details.appendChild(el("p", e.modality, "skg-modality skg-" + (e.dashed ? "dashed" : "solid")));
      details.appendChild(propList(e.props));
      details.appendChild(sourceList(data, e.sources, e.evidence));
    }

    network.on("click", function (params) {
      if (params.nodes.length) showNode(params.nodes[0]);
      else if (params.edges.length) showEdge(params.edges[0]);
    });

    types.forEach(function (box) { box.addEventListener("change", apply); });
    [since, until, undated].forEach(function (input) { input.addEventListener("change", apply); });
    root.querySelector(".skg-reset").addEventListener("click", function () {
      types.forEach(function (box) { box.checked = true; });
      since.value = "";
      until.value = "";
      undated.checked = true;
      apply();
      network.fit();
    });

    var hook = {
      data: data, nodes: nodes, edges: edges,
      network: network, apply: apply,
      get ready() { return root.getAttribute("data-skg-ready") === "true"; },
      visibleNodeIds: function () { return nodes.getIds({ filter: function (n) { return !n.hidden; } }); },
      visibleEdgeIds: function () { return edges.getIds({ filter: function (e) { return !e.hidden; } }); },
      showNode: showNode, showEdge: showEdge
    };
    if (index === 0) window.__skg = hook;
    return hook;
  }

  document.querySelectorAll("[data-skg-view]").forEach(function (root, i) { init(root, i); });
})();
