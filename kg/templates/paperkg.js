/* paperkg page behaviour: neighbourhood highlight, search, type filter, details panel.
   Untrusted text (titles, labels) is only ever written with textContent / DOM properties. */
(function () {
  "use strict";
  var FADED_NODE = "rgba(190,190,190,0.25)";
  var FADED_EDGE = "rgba(200,200,200,0.12)";
  // Half-transparent edges in the overview, so the hundreds of them read as a background to the
  // entity labels; a clicked entity's own edges are drawn opaque.
  var EDGE_OPACITY = 0.5;
  var byId = new Map();
  KG_NODES.forEach(function (n) {
    var style = KG_STYLES.nodes[n.kgType];
    n.shape = style.shape;
    n.color = style.color;
    byId.set(n.id, n);
  });
  function edgeColor(color, opacity) {
    return { color: color, highlight: color, hover: color, opacity: opacity };
  }
  KG_EDGES.forEach(function (e) {
    var style = KG_STYLES.edges[e.kgRole];
    e.color = edgeColor(style.color, EDGE_OPACITY);
    e.dashes = style.dashes;
    e.arrows = style.arrows;
    if (e.width === undefined) { e.width = style.width; }
  });

  var nodes = new vis.DataSet(KG_NODES);
  var edges = new vis.DataSet(KG_EDGES);
  var container = document.getElementById("mynetwork");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, KG_OPTIONS);
  window.network = network;
  window.kgData = { nodes: nodes, edges: edges };
  network.once("afterDrawing", function () { window.kgRenderedMs = performance.now(); });

  var hiddenTypes = new Set();
  var highlighted = null;
  var details = document.getElementById("kg-details");
  var detailsText = document.getElementById("kg-details-text");
  var status = document.getElementById("kg-search-status");

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function restyle() {
    var keep = null;
    if (highlighted !== null) {
      keep = new Set(network.getConnectedNodes(highlighted));
      keep.add(highlighted);
    }
    nodes.update(KG_NODES.map(function (n) {
      var on = keep === null || keep.has(n.id);
      return { id: n.id, hidden: hiddenTypes.has(n.kgType), color: on ? n.color : FADED_NODE,
               font: { color: on ? "#222222" : "rgba(0,0,0,0.2)" } };
    }));
    edges.update(KG_EDGES.map(function (e) {
      var on = keep === null || e.from === highlighted || e.to === highlighted;
      var hidden = hiddenTypes.has(byId.get(e.from).kgType) || hiddenTypes.has(byId.get(e.to).kgType);
      var color = keep === null ? e.color : on ? edgeColor(e.color.color, 1) : edgeColor(FADED_EDGE, 1);
      return { id: e.id, hidden: hidden, color: color };
    }));
  }

  function show(id) {
    highlighted = id;
    restyle();
    if (id === null) {
      details.hidden = true;
      network.unselectAll();
      return;
    }
    detailsText.textContent = byId.get(id).title;
    details.hidden = false;
    network.selectNodes([id]);
  }

  network.on("click", function (params) {
    show(params.nodes.length ? params.nodes[0] : null);
  });
  document.getElementById("kg-close").addEventListener("click", function () { show(null); });

  var names = new Map();
  KG_NODES.forEach(function (n) {
    n.names.forEach(function (name) {
      var key = fold(name);
      if (key && !names.has(key)) { names.set(key, n.id); }
    });
  });
  var datalist = document.getElementById("kg-names");
  var fragment = document.createDocumentFragment();
  KG_NODES.forEach(function (n) {
    if (n.kgType === "Paper") { return; }
    n.names.forEach(function (name) {
      var option = document.createElement("option");
      option.value = name;
      fragment.appendChild(option);
    });
  });
  datalist.appendChild(fragment);

  function find(query) {
    var key = fold(query);
    if (!key) { return null; }
    if (names.has(key)) { return names.get(key); }
    for (var entry of names) {
      if (entry[0].indexOf(key) !== -1) { return entry[1]; }
    }
    return null;
  }

  document.getElementById("kg-search").addEventListener("submit", function (event) {
    event.preventDefault();
    var query = document.getElementById("kg-query").value;
    var id = find(query);
    status.textContent = id === null ? "not found" : "";
    if (id === null) { return; }
    if (hiddenTypes.has(byId.get(id).kgType)) {
      hiddenTypes.delete(byId.get(id).kgType);
      document.querySelector('#kg-types input[value="' + byId.get(id).kgType + '"]').checked = true;
    }
    show(id);
    network.focus(id, { scale: 1.2, animation: false });
  });
  document.getElementById("kg-reset").addEventListener("click", function () {
    document.getElementById("kg-query").value = "";
    status.textContent = "";
    show(null);
    network.fit({ animation: false });
  });

  document.querySelectorAll("#kg-types input").forEach(function (box) {
    box.addEventListener("change", function () {
      if (box.checked) { hiddenTypes.delete(box.value); } else { hiddenTypes.add(box.value); }
      restyle();
    });
  });
  // The first view fits the whole graph, unless that would shrink entity labels below a readable
  // size (a small window): then it keeps them readable around the graph's centre; Reset fits all.
  var READABLE_PX = 11;
  var smallestFont = Infinity;
  KG_NODES.forEach(function (n) {
    if (n.kgType !== "Paper" && n.font && n.font.size) { smallestFont = Math.min(smallestFont, n.font.size); }
  });
  network.fit({ animation: false });
  if (smallestFont !== Infinity && network.getScale() * smallestFont < READABLE_PX) {
    network.moveTo({ scale: READABLE_PX / smallestFont, position: network.getViewPosition(), animation: false });
  }
})();
