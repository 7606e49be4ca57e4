/* Diplograph network view: vis-network over the data embedded in the page.

   Article text is untrusted. The DOM is built with createElement and textContent only, and vis
   nodes never get a `title` (some vis versions render string titles as HTML). Filters hide items
   through DataView filter functions, so the network is never rebuilt. */
(function () {
  "use strict";

  const DAY_MS = 86400000;
  const LARGE = 300; // above this many nodes, layout quality is traded for speed
  const PATH_COLOR = "#f0883e";
  const GROUP_ORDER = ["country", "person", "organization", "event", "relation"];

  const data = JSON.parse(document.getElementById("diplograph-data").textContent);
  const api = data.api || null;
  const articles = data.articles || {};
  const state = {
    hiddenGroups: new Set(), // hidden rather than shown, so groups that arrive later show
    area: "", eventType: "", article: "", untilDay: Infinity, // the other filters
    path: { nodes: [], edges: [] }, // what the path tool highlights
    neighbours: new Map(), // node id -> {shown, total} from its last expansion
    names: new Map(), // lower-cased label or alias (as suggested) -> node id
    selected: null, // the node in the details panel
  };

  const nodes = new vis.DataSet();
  const edges = new vis.DataSet();
  const nodesView = new vis.DataView(nodes, { filter: nodeVisible });
  const edgesView = new vis.DataView(edges, { filter: edgeVisible });
  const $ = (id) => document.getElementById(id);

  /* ---- data ---- */

  // Edge ids from the server are numbered per answer ("e0"…), so answers would collide; one
  // edge per ordered pair is what the server sends, so the pair is the id.
  function edgeKey(from, to) {
    return from + "\u0000" + to;
  }

  function prepareNode(node) {
    const item = Object.assign({}, node, { baseColor: node.color, baseSize: node.size });
    delete item.title;
    return item;
  }

  function prepareEdge(edge) {
    const item = Object.assign({}, edge, { id: edgeKey(edge.from, edge.to), baseColor: edge.color });
    delete item.title;
    return item;
  }

  /** Add the nodes and edges not loaded yet; new nodes start on a ring around `centre`. */
  function addItems(newNodes, newEdges, centre) {
    const fresh = newNodes.filter((node) => !nodes.get(node.id)).map(prepareNode);
    if (centre) {
      fresh.forEach((node, i) => {
        const angle = (2 * Math.PI * i) / fresh.length;
        node.x = centre.x + 150 * Math.cos(angle);
        node.y = centre.y + 150 * Math.sin(angle);
      });
    }
    nodes.add(fresh);
    edges.add(newEdges.map(prepareEdge).filter((edge) => !edges.get(edge.id)));
    fresh.forEach(rememberNames);
    return fresh.length;
  }

  /** Day number of an ISO date, year or year-month (start of the period); null if partial. */
  function parseDay(text) {
    const match = /^(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(text || "");
    if (!match) return null;
    return Math.floor(Date.UTC(+match[1], (+match[2] || 1) - 1, +match[3] || 1) / DAY_MS);
  }

  function dayText(day) {
    return new Date(day * DAY_MS).toISOString().slice(0, 10);
  }

  /* ---- filters ---- */

  function nodeVisible(node) {
    if (state.hiddenGroups.has(node.group)) return false;
    if (state.area && !(node.areas || []).includes(state.area)) return false;
    if (state.article && !(node.articles || []).includes(state.article)) return false;
    if (node.group === "event") {
      if (state.eventType && node.eventType !== state.eventType) return false;
      const day = parseDay(node.date);
      if (day !== null && day > state.untilDay) return false;
    }
    return true;
  }

  function edgeVisible(edge) {
    if (state.article && !(edge.articles || []).includes(state.article)) return false;
    const from = nodes.get(edge.from);
    const to = nodes.get(edge.to);
    return Boolean(from && to && nodeVisible(from) && nodeVisible(to));
  }

  function applyFilters() {
    keepPositions(); // nodes leaving a DataView lose their place; store it so they come back there
    nodesView.refresh();
    edgesView.refresh();
  }

  function updateCount() {
    const total = data.total || {};
    $("count").textContent =
      `showing ${nodesView.length} of ${total.nodes ?? nodes.length} nodes · ` +
      `${edgesView.length} of ${total.edges ?? edges.length} links`;
  }

  function distinct(values) {
    return Array.from(new Set(values)).filter(Boolean).sort();
  }

  /** (Re)fill a select from values, keeping the current choice and the "any" first option. */
  function fillSelect(select, values, text) {
    const current = select.value;
    while (select.options.length > 1) select.remove(1);
    values.forEach((value) => select.add(new Option(text(value), value)));
    select.value = values.includes(current) ? current : "";
  }

  function buildFilters() {
    const all = nodes.get();
    buildGroups(all);
    fillSelect($("area"), distinct(all.flatMap((n) => n.areas || [])), (a) => a.replace(/_/g, " "));
    fillSelect($("event-type"), distinct(all.map((n) => n.eventType)), (t) => t);
    const ids = Object.keys(articles).sort((a, b) =>
      (articles[a].date || "").localeCompare(articles[b].date || ""));
    fillSelect($("article"), ids, articleText);
    buildSlider(all);
  }

  function articleText(iri) {
    const meta = articles[iri] || {};
    return (meta.title || iri) + (meta.date ? ` (${meta.date})` : "");
  }

  /** One checkbox per class, its swatch drawn in the colour and shape vis uses. */
  function buildGroups(all) {
    const box = $("groups");
    box.querySelectorAll("label").forEach((label) => label.remove());
    const groups = distinct(all.map((n) => n.group)).sort((a, b) => rank(a) - rank(b));
    groups.forEach((group) => {
      const sample = all.find((n) => n.group === group);
      const label = el("label", null, "group");
      const input = el("input");
      input.type = "checkbox";
      input.value = group;
      input.checked = !state.hiddenGroups.has(group);
      input.addEventListener("change", onGroupChange);
      const swatch = el("span", null, "swatch shape-" + (sample.shape || "dot"));
      swatch.style.backgroundColor = sample.baseColor || "#888"; // CSSOM, allowed by the CSP
      const count = all.filter((n) => n.group === group).length;
      label.append(input, swatch, document.createTextNode(`${group} (${count})`));
      box.append(label);
    });
  }

  function rank(group) {
    const index = GROUP_ORDER.indexOf(group);
    return index < 0 ? GROUP_ORDER.length : index;
  }

  function onGroupChange(event) {
    const box = event.target;
    if (box.checked) state.hiddenGroups.delete(box.value);
    else state.hiddenGroups.add(box.value);
    applyFilters();
  }

  /** The slider runs over event and article dates, in days; at its right end nothing is hidden. */
  function buildSlider(all) {
    const days = all.filter((n) => n.group === "event").map((n) => parseDay(n.date))
      .concat(Object.values(articles).map((a) => parseDay(a.date)))
      .filter((day) => day !== null);
    const slider = $("time");
    const atEnd = slider.value === slider.max;
    if (days.length === 0) {
      slider.disabled = true;
      $("time-value").textContent = "(no dates)";
      return;
    }
    slider.min = String(Math.min(...days));
    slider.max = String(Math.max(...days));
    slider.disabled = slider.min === slider.max;
    if (atEnd) slider.value = slider.max;
    showSliderDay();
  }

  function onSlider() {
    showSliderDay();
    applyFilters();
  }

  function showSliderDay() {
    const slider = $("time");
    state.untilDay = slider.value === slider.max ? Infinity : Number(slider.value);
    $("time-value").textContent = dayText(Number(slider.value));
  }

  function onSelect(key) {
    return (event) => {
      state[key] = event.target.value;
      applyFilters();
    };
  }

  /* ---- search ---- */

  function rememberNames(node) {
    const list = $("node-names");
    [node.label, ...(node.aliases || [])].forEach((name, i) => {
      const key = (name || "").trim().toLowerCase();
      if (!key) return;
      // Same-named nodes (events often are) get their IRI's tail so each can be picked.
      const text = state.names.has(key) ? `${name} · ${node.id.split("/").pop()}` : name;
      state.names.set(text.toLowerCase(), node.id);
      const option = document.createElement("option");
      option.value = text;
      if (i > 0) option.label = `${name} → ${node.label}`;
      list.append(option);
    });
  }

  /** Exact name or alias first, then the first name that contains the text. */
  function resolve(text) {
    const key = text.trim().toLowerCase();
    if (!key) return null;
    if (state.names.has(key)) return state.names.get(key);
    for (const [name, id] of state.names) if (name.includes(key)) return id;
    return null;
  }

  function onSearchKey(event) {
    if (event.key === "Enter") searchFor(event.target.value);
  }

  // Picking a datalist suggestion fires `input` with the exact suggestion as the value.
  function onSearchInput(event) {
    if (state.names.has(event.target.value.trim().toLowerCase())) searchFor(event.target.value);
  }

  function searchFor(text) {
    const id = resolve(text);
    const message = $("search-message");
    if (!id) {
      message.textContent = `Nothing matches “${text}”.`;
      return;
    }
    message.textContent = nodesView.get(id) ? "" : "That node is hidden by the filters.";
    selectNode(id);
  }

  function selectNode(id) {
    if (nodesView.get(id)) {
      network.selectNodes([id]);
      network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: { duration: 300 } });
    }
    showNode(id);
  }

  /* ---- details panel ---- */

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function openDetails(children) {
    $("details-body").replaceChildren(...children);
    $("details").hidden = false;
  }

  function closeDetails() {
    $("details").hidden = true;
    state.selected = null;
    network.unselectAll();
  }

  function showNode(id) {
    const node = nodes.get(id);
    if (!node) return;
    state.selected = id;
    const parts = [el("h2", node.label), el("p", node.group, "class-name"), propertyList(node)];
    if (api) parts.push(...expandControls(id));
    parts.push(...provenance(node.evidence, node.articles));
    openDetails(parts);
  }

  function showEdge(id) {
    const edge = edges.get(id);
    if (!edge) return;
    state.selected = null;
    const from = nodes.get(edge.from);
    const to = nodes.get(edge.to);
    const parts = [el("h2", edge.label || (edge.kinds || []).join(" / ")), el("p", "link", "class-name")];
    const list = el("dl");
    addTerm(list, "from", from ? from.label : edge.from);
    addTerm(list, "to", to ? to.label : edge.to);
    addTerm(list, "kinds", (edge.kinds || []).join(", "));
    parts.push(list, ...provenance(edge.evidence, edge.articles));
    openDetails(parts);
  }

  function propertyList(node) {
    const list = el("dl");
    Object.entries(node.properties || {})
      .filter(([name]) => name !== "class") // already under the heading
      .forEach(([name, value]) => addTerm(list, name, value));
    if ((node.aliases || []).length) addTerm(list, "also called", node.aliases.join(", "));
    if ((node.areas || []).length) {
      addTerm(list, "cooperation areas", node.areas.map((a) => a.replace(/_/g, " ")).join(", "));
    }
    addTerm(list, "IRI", node.id);
    return list;
  }

  function addTerm(list, name, value) {
    list.append(el("dt", name), el("dd", value));
  }

  /** The evidence sentences grouped under their article; articles without a sentence too. */
  function provenance(evidence, articleIris) {
    const sentences = new Map((articleIris || []).map((iri) => [iri, []]));
    (evidence || []).forEach((item) => {
      if (!sentences.has(item.article)) sentences.set(item.article, []);
      sentences.get(item.article).push(item.sentence);
    });
    if (sentences.size === 0) return [];
    const list = el("ul", null, "provenance");
    // Articles that give a sentence first: they are the ones to read.
    const order = Array.from(sentences).sort((a, b) => b[1].length - a[1].length);
    order.forEach(([iri, quotes]) => {
      const li = el("li");
      li.append(articleLine(iri), ...quotes.map((quote) => el("blockquote", quote)));
      list.append(li);
    });
    return [el("h3", "Provenance"), list];
  }

  function articleLine(iri) {
    const meta = articles[iri] || {};
    const line = el("p", null, "article");
    const title = meta.title || iri;
    // Only web links: an article could carry javascript: or data: as its URL.
    if (/^https?:/i.test(meta.url || "")) {
      const link = el("a", title);
      link.href = meta.url;
      link.rel = "noopener noreferrer";
      link.target = "_blank";
      line.append(link);
    } else {
      line.append(el("span", title));
    }
    const extra = [meta.date, meta.publisher].filter(Boolean).join(" · ");
    if (extra) line.append(el("span", extra, "meta"));
    return line;
  }

  function expandControls(id) {
    const button = el("button", "Expand neighbours");
    button.type = "button";
    button.addEventListener("click", () => expand(id));
    const known = state.neighbours.get(id);
    let text = "";
    if (known) {
      text = known.shown < known.total
        ? `showing ${known.shown} of ${known.total} neighbours`
        : `all ${known.total} neighbours shown`;
    }
    return [button, el("p", text, "message neighbours")];
  }

  /* ---- server: neighbours and paths ---- */

  async function getJson(url) {
    const answer = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await answer.json().catch(() => ({}));
    if (!answer.ok) throw new Error(body.detail || `HTTP ${answer.status}`);
    return body;
  }

  async function expand(id) {
    try {
      const url = `${api.neighbours}?node=${encodeURIComponent(id)}&limit=50`;
      const answer = await getJson(url);
      const added = addItems(answer.nodes || [], answer.edges || [], positionOf(id));
      state.neighbours.set(id, { shown: answer.shown, total: answer.total });
      afterGrowth(added);
      if (state.selected === id || $("details").hidden) showNode(id);
    } catch (error) {
      $("search-message").textContent = `Could not expand: ${error.message}`;
    }
  }

  /** New nodes: refresh the filter choices and let physics place them briefly. */
  function afterGrowth(added) {
    network.setOptions({ groups: groupStyles() });
    buildFilters();
    applyFilters();
    if (added > 0) settle(100);
  }

  /* ---- shortest path ---- */

  async function findPath() {
    clearPath();
    const source = resolve($("path-from").value);
    const target = resolve($("path-to").value);
    const result = $("path-result");
    if (!source || !target) {
      result.textContent = "Pick two nodes from the suggestions.";
      return;
    }
    let path = null;
    try {
      path = api ? await serverPath(source, target) : localPath(source, target);
    } catch (error) {
      result.textContent = error.message;
      return;
    }
    if (!path) {
      result.textContent = "No path between these nodes in the loaded graph.";
      return;
    }
    highlightPath(path);
    result.textContent = `${path.length - 1} steps: ` +
      path.map((id) => (nodes.get(id) || { label: id }).label).join(" → ");
  }

  async function serverPath(source, target) {
    const url = `${api.path}?source=${encodeURIComponent(source)}&target=${encodeURIComponent(target)}`;
    const answer = await getJson(url);
    afterGrowth(addItems(answer.nodes || [], answer.edges || [], positionOf(source)));
    return answer.path;
  }

  /** Breadth-first search over the loaded edges, ignoring their direction. */
  function localPath(source, target) {
    const adjacent = new Map();
    const link = (a, b) => (adjacent.get(a) || adjacent.set(a, []).get(a)).push(b);
    edges.forEach((edge) => {
      link(edge.from, edge.to);
      link(edge.to, edge.from);
    });
    const previous = new Map([[source, null]]);
    const queue = [source];
    for (let i = 0; i < queue.length && !previous.has(target); i++) {
      for (const next of adjacent.get(queue[i]) || []) {
        if (!previous.has(next)) {
          previous.set(next, queue[i]);
          queue.push(next);
        }
      }
    }
    if (!previous.has(target)) return null;
    const path = [];
    for (let id = target; id !== null; id = previous.get(id)) path.unshift(id);
    return path;
  }

  function highlightPath(path) {
    state.path.nodes = path.filter((id) => nodes.get(id));
    nodes.update(state.path.nodes.map((id) => {
      const color = { background: nodes.get(id).baseColor, border: PATH_COLOR };
      return { id, onPath: true, borderWidth: 5, color: Object.assign({ highlight: color }, color) };
    }));
    state.path.edges = [];
    for (let i = 1; i < path.length; i++) {
      const id = [edgeKey(path[i - 1], path[i]), edgeKey(path[i], path[i - 1])].find((key) => edges.get(key));
      if (id) state.path.edges.push(id);
    }
    edges.update(state.path.edges.map((id) =>
      ({ id, onPath: true, width: 5, color: { color: PATH_COLOR, highlight: PATH_COLOR } })));
    const shown = state.path.nodes.filter((id) => nodesView.get(id));
    if (shown.length) network.fit({ nodes: shown, animation: { duration: 300 } });
  }

  function clearPath() {
    nodes.update(state.path.nodes.filter((id) => nodes.get(id)).map((id) =>
      ({ id, onPath: false, borderWidth: 1, color: nodes.get(id).baseColor })));
    edges.update(state.path.edges.filter((id) => edges.get(id)).map((id) =>
      ({ id, onPath: false, width: 1, color: edges.get(id).baseColor })));
    state.path = { nodes: [], edges: [] };
    $("path-result").textContent = "";
  }

  /* ---- PNG ---- */

  function exportPng() {
    const canvas = document.querySelector("#network canvas");
    canvas.toBlob((blob) => {
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = "diplograph-network.png";
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    }, "image/png");
  }

  // The canvas is transparent; paint it white so the exported PNG is readable anywhere.
  function paintBackground(context) {
    context.save();
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, context.canvas.width, context.canvas.height);
    context.restore();
  }

  /* ---- layout ---- */

  /** Options by size: 2,000 nodes must settle in seconds, so big graphs get a short, cheap
      stabilization (no improved layout, straight edges, edges hidden while dragging). */
  function networkOptions(count) {
    const large = count > LARGE;
    return {
      groups: groupStyles(),
      layout: { improvedLayout: !large, randomSeed: 7 },
      physics: {
        solver: "forceAtlas2Based",
        forceAtlas2Based: {
          // A coarser Barnes-Hut approximation halves the time per iteration on big graphs.
          theta: large ? 0.9 : 0.5,
          gravitationalConstant: -60, centralGravity: 0.012, springLength: 90,
          springConstant: 0.08, damping: 0.6, avoidOverlap: large ? 0 : 0.3,
        },
        maxVelocity: 60,
        minVelocity: large ? 2 : 0.75,
        timestep: 0.5,
        stabilization: { enabled: true, iterations: large ? 250 : 400, updateInterval: 25, fit: true },
      },
      nodes: {
        borderWidth: 1,
        font: { size: 13, color: "#1f2328", strokeWidth: 3, strokeColor: "#ffffff" },
      },
      edges: {
        smooth: large ? false : { type: "continuous", roundness: 0.3 },
        width: 1,
        selectionWidth: 2,
        arrows: { to: { enabled: true, scaleFactor: 0.5 } },
        font: { size: 9, color: "#57606a", strokeWidth: 3, strokeColor: "#ffffff", align: "middle" },
      },
      interaction: { hideEdgesOnDrag: large, hideEdgesOnZoom: large, keyboard: false },
    };
  }

  // vis lets a node's group style win over the node's own colour, so the groups carry the style.
  function groupStyles() {
    const styles = { useDefaultGroups: false };
    nodes.forEach((node) => {
      if (!styles[node.group]) {
        styles[node.group] = { color: node.baseColor, shape: node.shape, size: node.baseSize };
      }
    });
    return styles;
  }

  /** Run physics for a while, then switch it off (see onIterationsDone). */
  function settle(iterations) {
    network.setOptions({ physics: { enabled: true } });
    network.stabilize(iterations);
  }

  // Physics off as soon as the stabilization iterations are done: vis would otherwise keep
  // simulating (and redrawing) until every node is still, which for large graphs takes long.
  function onIterationsDone() {
    network.setOptions({ physics: { enabled: false } });
  }

  function onStabilized() {
    if (window.__diplographStabilizedMs === undefined) {
      window.__diplographStabilizedMs = performance.now();
    }
    keepPositions();
    $("loading").hidden = true;
  }

  function onProgress(progress) {
    const percent = Math.round((100 * progress.iterations) / progress.total);
    $("loading").textContent = `Laying out ${nodes.length} nodes: ${percent}%`;
  }

  // Where a node is, or was last seen if a filter hides it now.
  function positionOf(id) {
    const node = nodes.get(id) || {};
    return network.getPositions([id])[id] || { x: node.x || 0, y: node.y || 0 };
  }

  function keepPositions() {
    const positions = network.getPositions();
    nodes.update(Object.keys(positions).map((id) => ({ id, x: positions[id].x, y: positions[id].y })));
  }

  function onClick(params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
    else closeDetails();
  }

  function onDoubleClick(params) {
    if (api && params.nodes.length) expand(params.nodes[0]);
  }

  /* ---- start ---- */

  addItems(data.nodes || [], data.edges || [], null);
  buildFilters();
  const network = new vis.Network($("network"), { nodes: nodesView, edges: edgesView },
    networkOptions(nodes.length));
  network.on("stabilizationProgress", onProgress);
  network.on("stabilizationIterationsDone", onIterationsDone);
  network.on("stabilized", onStabilized);
  network.on("beforeDrawing", paintBackground);
  network.on("click", onClick);
  network.on("doubleClick", onDoubleClick);

  // Whatever changes what is shown (filters, expansion, paths) keeps the count line true.
  nodesView.on("*", updateCount);
  edgesView.on("*", updateCount);
  $("search").addEventListener("keydown", onSearchKey);
  $("search").addEventListener("input", onSearchInput);
  $("area").addEventListener("change", onSelect("area"));
  $("event-type").addEventListener("change", onSelect("eventType"));
  $("article").addEventListener("change", onSelect("article"));
  $("time").addEventListener("input", onSlider);
  $("path-find").addEventListener("click", findPath);
  $("path-clear").addEventListener("click", clearPath);
  $("png").addEventListener("click", exportPng);
  $("details-close").addEventListener("click", closeDetails);
  document.addEventListener("keydown", (event) => event.key === "Escape" && closeDetails());
  updateCount();

  // For tests and benchmarks: the DataSets, their views and the network.
  window.__diplograph = { network, nodes, edges, nodesView, edgesView, state };
})();
