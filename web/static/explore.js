/*
 * PEEL Graph explorer (/explore): draws /export/cyjs?<this page's filter> with Cytoscape.js.
 *
 * The filter lives in the page's own address, with the /export parameter names, so a view
 * can be shared, opened in the playground and downloaded as the very same subgraph.
 * Text from the graph only ever goes in through textContent, never as HTML.
 */
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("explore-config").textContent);
  const KINDS = new Map(config.kinds.map((kind) => [kind.name, kind]));
  // Structural kinds in the middle, leaves outside: the start positions for the layout.
  const RING = {
    force: 9, report: 8, area: 7, assessment: 6, finding: 5,
    theme: 4, unit: 4, partner: 4, term: 3, statistic: 2,
  };
  // The node kind a focus link filters on, by /export parameter.
  const FOCUS = {
    theme: "finding_themes", unit: "finding_units", partner: "finding_partners",
    term: "finding_terms", area: "finding_areas", force: "finding_forces",
    report: "finding_reports",
  };
  const LABELS = {
    report: "report", force: "force", kinds: "node kinds", around: "around",
    depth: "depth", edge_kinds: "edge kinds", finding_kinds: "finding kinds",
    finding_themes: "theme", finding_themes_all: "all of themes", finding_units: "unit",
    finding_partners: "partner", finding_terms: "term", finding_areas: "area",
    finding_grades: "grade", finding_forces: "force", finding_reports: "report",
    finding_cycles: "cycle", finding_statuses: "follow-up status",
    finding_text: "text",
  };
  const PICKERS = {
    finding_themes: "pick-theme", finding_units: "pick-unit",
    finding_areas: "pick-area", finding_forces: "pick-force",
  };
  const DETAIL_FIELDS = [
    "description", "summary", "grade", "sentence", "published", "inspector", "acronym",
  ];

  // -- small helpers ------------------------------------------------------------------

  const { element, byId, humanise } = window.peelPage;

  function keyOf(id) {
    const colon = id.indexOf(":");
    return colon >= 0 ? id.slice(colon + 1) : id;
  }

  function splitValues(pairs, name) {
    return pairs
      .filter((pair) => pair[0] === name)
      .flatMap((pair) => pair[1].split(","))
      .map((value) => value.trim())
      .filter(Boolean);
  }

  function queryString(pairs) {
    return pairs
      .map((pair) => encodeURIComponent(pair[0]) + "=" + encodeURIComponent(pair[1]))
      .join("&");
  }

  function withQuery(path, pairs) {
    const query = queryString(pairs);
    return query ? path + "?" + query : path;
  }

  // -- the filter ---------------------------------------------------------------------

  /** The subgraph this address asks for; no filter at all means the default view. */
  function readFilter(search) {
    const params = new URLSearchParams(search);
    const pairs = [];
    for (const name of config.filterParams) {
      for (const value of params.getAll(name)) {
        if (value.trim()) pairs.push([name, value.trim()]);
      }
    }
    if (pairs.length || params.has("all")) {
      return { pairs: pairs, isDefault: false };
    }
    return { pairs: Object.entries(config.defaultFilter), isDefault: true };
  }

  function describe(filter) {
    if (filter.isDefault) {
      return "Default view (no filter in the address): causes of concern and areas for " +
        "improvement about supervision, with everything they link to.";
    }
    if (!filter.pairs.length) return "The whole graph.";
    const parts = filter.pairs.map((pair) => {
      const values = pair[1].split(",").map((v) => humanise(v.trim()).toLowerCase());
      return (LABELS[pair[0]] || pair[0]) + ": " + values.join(", ");
    });
    return "Filtered by " + parts.join(" · ") + ".";
  }

  // -- GraphQL ------------------------------------------------------------------------

  function graphql(query, variables) {
    return window.peelPage.graphql(config.graphql, query, variables);
  }

  function gqlList(values, asEnum) {
    const items = values.map((v) =>
      asEnum ? v.toUpperCase().replace(/[^A-Z0-9]+/g, "_") : JSON.stringify(v));
    return "[" + items.join(", ") + "]";
  }

  /** FindingWhere fields for the finding_* parameters (report/force merged in when asked). */
  function whereFields(pairs, withScope) {
    const fields = [];
    const lists = [
      ["finding_kinds", "kinds", true], ["finding_themes", "themes", false],
      ["finding_themes_all", "themesAll", false], ["finding_units", "units", false],
      ["finding_partners", "partners", false], ["finding_terms", "terms", false],
      ["finding_areas", "areas", false], ["finding_grades", "grades", true],
      ["finding_forces", "forces", false], ["finding_reports", "reports", false],
    ];
    for (const [param, field, asEnum] of lists) {
      let values = splitValues(pairs, param);
      if (withScope && field === "reports") values = values.concat(splitValues(pairs, "report"));
      if (withScope && field === "forces") values = values.concat(splitValues(pairs, "force"));
      if (values.length) fields.push(field + ": " + gqlList(values, asEnum));
    }
    const text = pairs.find((pair) => pair[0] === "finding_text");
    if (text) fields.push("text: " + JSON.stringify(text[1]));
    return fields;
  }

  /** A GraphQL document for the same selection: the export itself, and its findings. */
  function playgroundQuery(filter) {
    const pairs = filter.pairs;
    const one = (name) => (pairs.find((pair) => pair[0] === name) || [])[1];
    const exportArgs = ["format: CYJS"];
    const where = whereFields(pairs, false);
    if (where.length) exportArgs.push("where: {" + where.join(", ") + "}");
    if (one("report")) exportArgs.push("report: " + JSON.stringify(one("report")));
    if (one("force")) exportArgs.push("force: " + JSON.stringify(one("force")));
    const nodeKinds = splitValues(pairs, "kinds");
    if (nodeKinds.length) exportArgs.push("nodeKinds: " + gqlList(nodeKinds, true));
    if (one("around")) exportArgs.push("around: " + JSON.stringify(one("around")));
    if (one("depth")) exportArgs.push("depth: " + (parseInt(one("depth"), 10) || 1));
    const edgeKinds = splitValues(pairs, "edge_kinds");
    if (edgeKinds.length) exportArgs.push("edgeKinds: " + gqlList(edgeKinds, true));
    const findingWhere = whereFields(pairs, true);
    const findingArgs = (findingWhere.length ? ["where: {" + findingWhere.join(", ") + "}"] : [])
      .concat(["first: 100"]);
    const args = (list) => list.map((arg) => "    " + arg).join("\n");
    return [
      "# The subgraph drawn at " + withQuery("/explore", pairs),
      "# `subgraph` is the same selection as the page and its downloads (add `content`",
      "# for the document); `findings` lists the findings the filter matches.",
      "query ExploreSubgraph {",
      "  subgraph: export(",
      args(exportArgs),
      "  ) {",
      "    nodes",
      "    edges",
      "    filename",
      "  }",
      "  findings(",
      args(findingArgs),
      "  ) {",
      "    totalCount",
      "    edges {",
      "      node {",
      "        id",
      "        kind",
      "        title",
      "        grade",
      "        area {",
      "          name",
      "        }",
      "        source {",
      "          lineStart",
      "          lineEnd",
      "        }",
      "      }",
      "    }",
      "  }",
      "}",
      "",
    ].join("\n");
  }

  // -- links and pickers ----------------------------------------------------------------

  function fillLinks(filter) {
    // The playground reads ?q= (and decodes with decodeURIComponent, so no `+` for spaces).
    byId("playground-link").href = "/graphql?q=" + encodeURIComponent(playgroundQuery(filter));
    const list = byId("downloads");
    for (const format of config.formats) {
      const item = element("li");
      const link = element("a", format.name);
      link.href = withQuery(config.exportPrefix + "/" + format.name, filter.pairs);
      link.setAttribute("download", "");
      link.title = format.description + " (." + format.extension + ")";
      link.dataset.format = format.name;
      item.append(link);
      list.append(item);
    }
  }

  function fillKinds(filter) {
    const chosen = new Set(splitValues(filter.pairs, "finding_kinds").map((v) => v.toLowerCase()));
    const box = byId("pick-kinds");
    for (const kind of config.findingKinds) {
      const label = element("label");
      const input = element("input");
      input.type = "checkbox";
      input.name = "finding_kinds";
      input.value = kind;
      input.checked = chosen.has(kind);
      label.append(input, " " + humanise(kind));
      box.append(label);
    }
  }

  async function fillPickers(filter) {
    const data = await graphql(
      "query ExplorePickers { themes(orderByCount: true) { id name findingCount } " +
      "units(orderByCount: true) { id name findingCount } areas { id name } forces { id name } }",
    );
    const lists = {
      finding_themes: data.themes, finding_units: data.units,
      finding_areas: data.areas, finding_forces: data.forces,
    };
    for (const [param, items] of Object.entries(lists)) {
      const select = byId(PICKERS[param]);
      const current = splitValues(filter.pairs, param);
      for (const item of items) {
        const count = item.findingCount === undefined ? "" : " (" + item.findingCount + ")";
        const option = element("option", item.name + count);
        option.value = keyOf(item.id);
        select.append(option);
      }
      if (current.length === 1) {
        const wanted = current[0].toLowerCase();
        const match = items.find((item) =>
          [item.id, keyOf(item.id), item.name].some((v) => v.toLowerCase() === wanted));
        if (match) {
          select.value = keyOf(match.id);
        } else {
          const option = element("option", current[0]);
          option.value = current[0];
          select.append(option);
          select.value = current[0];
        }
      }
    }
  }

  /** Navigate to the form's filter, keeping the parameters the form does not show. */
  function submitFocus(filter) {
    const form = byId("focus");
    const shown = new Set(Object.keys(PICKERS).concat(["finding_kinds"]));
    const pairs = filter.isDefault ? [] : filter.pairs.filter((pair) => !shown.has(pair[0]));
    for (const [param, id] of Object.entries(PICKERS)) {
      const value = byId(id).value;
      if (value) pairs.push([param, value]);
    }
    const kinds = Array.from(form.querySelectorAll("input[name=finding_kinds]:checked"))
      .map((input) => input.value);
    if (kinds.length) pairs.push(["finding_kinds", kinds.join(",")]);
    window.location.assign(pairs.length ? withQuery("/explore", pairs) : "/explore?all=1");
  }

  // -- the graph ------------------------------------------------------------------------

  async function loadElements(filter) {
    const response = await fetch(withQuery(config.exportPrefix + "/cyjs", filter.pairs));
    const payload = await response.json();
    if (!response.ok) {
      const errors = payload.errors || [{ message: response.statusText }];
      throw new Error(errors.map((e) => e.message).join("; "));
    }
    const elements = payload.elements;
    const degree = new Map();
    for (const edge of elements.edges) {
      for (const end of [edge.data.source, edge.data.target]) {
        degree.set(end, (degree.get(end) || 0) + 1);
      }
    }
    for (const node of elements.nodes) {
      const kind = KINDS.get(node.data.kind);
      const base = kind ? kind.size : 12;
      node.data.size = Math.round(1.6 * (base + 2 * Math.log2(1 + (degree.get(node.data.id) || 0))));
      node.data.colour = kind ? kind.colour : "#cccccc";
    }
    return elements;
  }

  const STYLE = [
    {
      selector: "node",
      style: {
        "background-color": "data(colour)",
        width: "data(size)",
        height: "data(size)",
        label: "data(label)",
        "font-family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif",
        "font-size": 11,
        color: "#1d1d1f",
        "text-valign": "bottom",
        "text-margin-y": 3,
        "text-wrap": "ellipsis",
        "text-max-width": "150px",
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.8,
        "text-background-padding": "1px",
        "min-zoomed-font-size": 6,
        "border-width": 1,
        "border-color": "#ffffff",
      },
    },
    {
      selector: "edge",
      style: {
        width: 1,
        "line-color": "#b9c0c8",
        "curve-style": "bezier",
        "target-arrow-shape": "triangle",
        "target-arrow-color": "#b9c0c8",
        "arrow-scale": 0.6,
      },
    },
    { selector: "node:selected", style: { "border-width": 4, "border-color": "#1d1d1f" } },
    // Faded, not gone: the rest of the subgraph stays readable around the selection.
    { selector: "node.faded", style: { "background-opacity": 0.3, "text-opacity": 0.6 } },
    { selector: "edge.faded", style: { opacity: 0.3 } },
    { selector: "edge.near", style: { "line-color": "#555", "target-arrow-color": "#555" } },
    { selector: ".hidden-kind", style: { display: "none" } },
  ];

  function draw(elements) {
    const cy = window.cytoscape({
      container: byId("cy"),
      elements: elements,
      style: STYLE,
      layout: { name: "preset" },
      wheelSensitivity: 0.3,
      selectionType: "single",
      boxSelectionEnabled: false,
    });
    // Deterministic: rings by kind give distinct start positions, so cose (randomize
    // off) never needs its random tie-break and the picture is the same every time.
    cy.layout({
      name: "concentric",
      concentric: (node) => RING[node.data("kind")] || 1,
      levelWidth: () => 1,
      minNodeSpacing: 20,
      animate: false,
      fit: false,
    }).run();
    cy.layout({
      name: "cose",
      randomize: false,
      animate: false,
      nodeDimensionsIncludeLabels: false,
      nodeRepulsion: () => 100000,
      idealEdgeLength: () => 80,
      edgeElasticity: () => 64,
      gravity: 0.6,
      numIter: 1500,
      padding: 40,
    }).run();
    return cy;
  }

  function fillLegend(cy) {
    const list = byId("legend");
    for (const kind of config.kinds) {
      const nodes = cy.nodes().filter((node) => node.data("kind") === kind.name);
      if (!nodes.length) continue;
      const button = element("button", null, "legend-item");
      button.type = "button";
      button.title = kind.help + " — click to hide or show";
      button.setAttribute("aria-pressed", "true");
      button.dataset.kind = kind.name;
      const swatch = element("span", null, "swatch");
      swatch.style.backgroundColor = kind.colour; // CSSOM, which the CSP allows
      button.append(swatch, element("span", kind.name, "name"), element("span", nodes.length, "count"));
      button.addEventListener("click", () => {
        const shown = button.getAttribute("aria-pressed") === "true";
        button.setAttribute("aria-pressed", String(!shown));
        nodes.toggleClass("hidden-kind", shown);
      });
      const item = element("li");
      item.append(button);
      list.append(item);
    }
  }

  // -- the details panel ------------------------------------------------------------------

  const FINDING_QUERY = `query ExploreFinding($id: ID!) {
    node(id: $id) {
      ... on Finding {
        id title kind grade
        paragraphs { text items }
        area { name }
        report { id title }
        source { lineStart lineEnd report { id } }
      }
    }
  }`;
  let shownId = null;

  function resetDetails() {
    for (const id of ["details-kind", "details-title", "details-meta", "details-source"]) {
      byId(id).textContent = "";
    }
    byId("details-body").replaceChildren();
    byId("details-links").replaceChildren();
  }

  function closeDetails(cy) {
    shownId = null;
    resetDetails();
    byId("details").dataset.state = "empty";
    byId("details-title").textContent = "Click a node to read it";
    byId("details-meta").textContent =
      "Findings show their title, text, grade and the report lines they come from.";
    cy.elements().removeClass("faded near");
    cy.elements().unselect();
  }

  function linkedList(node) {
    const box = byId("details-links");
    const groups = new Map();
    node.neighborhood("node").forEach((other) => {
      const kind = other.data("kind");
      if (!groups.has(kind)) groups.set(kind, []);
      groups.get(kind).push(other);
    });
    if (!groups.size) return;
    box.append(element("h3", "Linked in this view"));
    const list = element("dl");
    for (const kind of config.kinds.map((k) => k.name).filter((k) => groups.has(k))) {
      list.append(element("dt", kind));
      const dd = element("dd");
      groups.get(kind).forEach((other, i) => {
        const link = element("a", other.data("label"));
        link.href = "#";
        link.dataset.node = other.id();
        if (i) dd.append("; ");
        dd.append(link);
      });
      list.append(dd);
    }
    box.append(list);
  }

  function focusLinks(node) {
    const box = byId("details-links");
    const kind = node.data("kind");
    const links = element("p", null, "actions");
    if (FOCUS[kind]) {
      const focus = element("a", "Focus on this " + kind);
      focus.href = withQuery("/explore", [[FOCUS[kind], keyOf(node.id())]]);
      links.append(focus, " · ");
    }
    const around = element("a", "Its neighbourhood");
    around.href = withQuery("/explore", [["around", node.id()], ["depth", "1"]]);
    links.append(around);
    box.append(links);
  }

  function showOther(node) {
    const data = node.data();
    byId("details-kind").textContent = data.kind;
    byId("details-title").textContent = data.label;
    byId("details-meta").textContent = node.degree() + " links in this view · " + data.id;
    const body = byId("details-body");
    const list = element("dl");
    for (const field of DETAIL_FIELDS) {
      if (data[field] === undefined || data[field] === null || data[field] === "") continue;
      list.append(element("dt", humanise(field)), element("dd", data[field]));
    }
    if (list.childElementCount) body.append(list);
  }

  async function showFinding(node) {
    byId("details-kind").textContent = "finding";
    byId("details-title").textContent = node.data("label");
    byId("details-meta").textContent = "Loading…";
    const id = node.id();
    const data = await graphql(FINDING_QUERY, { id: id });
    if (shownId !== id) return; // another node was clicked meanwhile
    const finding = data.node;
    if (!finding) throw new Error("no finding " + id);
    byId("details-kind").textContent = humanise(finding.kind);
    byId("details-title").textContent = finding.title;
    const meta = [];
    if (finding.area) meta.push(finding.area.name);
    meta.push(finding.grade ? "graded " + humanise(finding.grade) : "ungraded");
    byId("details-meta").textContent = meta.join(" · ");
    const body = byId("details-body");
    // Lists come from the document model (`items`), not from reading the text again.
    for (const paragraph of finding.paragraphs) {
      if (paragraph.items.length) {
        const list = element("ul");
        for (const item of paragraph.items) list.append(element("li", item));
        body.append(list);
      } else if (paragraph.text.trim()) {
        body.append(element("p", paragraph.text.trim()));
      }
    }
    const source = finding.source;
    byId("details-source").textContent = "Source: lines " + source.lineStart + "–" +
      source.lineEnd + " of " + finding.report.title + " (" + source.report.id + ")";
  }

  function highlight(cy, node) {
    const near = node.closedNeighborhood();
    cy.elements().addClass("faded").removeClass("near");
    near.removeClass("faded");
    near.edges().addClass("near");
  }

  async function showNode(cy, node) {
    shownId = node.id();
    resetDetails();
    const panel = byId("details");
    panel.dataset.state = "loading";
    panel.dataset.node = node.id();
    cy.elements().unselect();
    node.select();
    highlight(cy, node);
    try {
      if (node.data("kind") === "finding") {
        await showFinding(node);
      } else {
        showOther(node);
      }
      if (shownId !== node.id()) return;
      linkedList(node);
      focusLinks(node);
      panel.dataset.state = "ready";
    } catch (error) {
      if (shownId !== node.id()) return;
      byId("details-meta").textContent = "Could not load the details: " + error.message;
      panel.dataset.state = "error";
    }
  }

  // -- search ---------------------------------------------------------------------------

  const SEARCH_QUERY = `query ExploreSearch($text: String!) {
    search(text: $text, first: 12) {
      totalCount
      edges { node {
        match score
        snippetSpans { text matched }
        node {
          id __typename
          ... on Finding { title }
          ... on Theme { name } ... on Unit { name } ... on Partner { name } ... on Term { name }
          ... on Area { name } ... on AreaAssessment { name } ... on Force { name }
          ... on Report { title }
        }
      } }
    }
  }`;

  /** Snippet pieces as text nodes and <mark> elements: never parsed as HTML. */
  function snippet(spans) {
    const box = element("span", null, "snippet");
    for (const span of spans) {
      box.append(span.matched ? element("mark", span.text) : document.createTextNode(span.text));
    }
    return box;
  }

  async function runSearch(cy, text) {
    const list = byId("search-results");
    const status = byId("search-status");
    list.replaceChildren();
    status.textContent = "Searching…";
    status.classList.remove("error");
    try {
      const found = (await graphql(SEARCH_QUERY, { text: text })).search;
      status.textContent = found.totalCount + " hit" + (found.totalCount === 1 ? "" : "s") +
        (found.totalCount > found.edges.length ? ", best " + found.edges.length + " shown" : "");
      for (const edge of found.edges) {
        const hit = edge.node;
        const node = hit.node;
        const item = element("li");
        const link = element("a", node.title || node.name || node.id);
        const drawn = cy && cy.getElementById(node.id).nonempty();
        link.href = drawn ? "#" : withQuery("/explore", [["around", node.id], ["depth", "1"]]);
        link.dataset.hit = node.id;
        if (drawn) link.dataset.node = node.id;
        item.append(element("span", humanise(node.__typename), "kind"), " ", link,
                    element("br"), snippet(hit.snippetSpans));
        list.append(item);
      }
    } catch (error) {
      status.textContent = "Search failed: " + error.message;
      status.classList.add("error");
    }
  }

  // -- start ----------------------------------------------------------------------------

  async function main() {
    const filter = readFilter(window.location.search);
    const status = byId("selection");
    status.textContent = describe(filter);
    if (filter.isDefault) document.body.classList.add("default-view");
    fillLinks(filter);
    fillKinds(filter);
    let searchCy = null;
    byId("search").addEventListener("submit", (event) => {
      event.preventDefault();
      const text = byId("search-text").value.trim();
      if (text) runSearch(searchCy, text);
    });
    byId("focus").addEventListener("submit", (event) => {
      event.preventDefault();
      submitFocus(filter);
    });
    for (const id of Object.values(PICKERS)) {
      byId(id).addEventListener("change", () => submitFocus(filter));
    }
    const pickers = fillPickers(filter).catch((error) => {
      byId("focus").append(element("p", "Could not load the pickers: " + error.message, "error"));
    });
    try {
      const cy = draw(await loadElements(filter));
      window.cy = cy;
      fillLegend(cy);
      status.textContent = describe(filter) + " " + cy.nodes().length + " nodes, " +
        cy.edges().length + " edges.";
      cy.on("tap", "node", (event) => showNode(cy, event.target));
      cy.on("tap", (event) => {
        if (event.target === cy) closeDetails(cy);
      });
      byId("details-close").addEventListener("click", () => closeDetails(cy));
      searchCy = cy;
      byId("search-results").addEventListener("click", (event) => {
        const target = event.target.closest("a[data-node]");
        if (!target) return;
        event.preventDefault();
        showNode(cy, cy.getElementById(target.dataset.node));
      });
      byId("details-links").addEventListener("click", (event) => {
        const target = event.target.closest("a[data-node]");
        if (!target) return;
        event.preventDefault();
        showNode(cy, cy.getElementById(target.dataset.node));
      });
      closeDetails(cy);
      await pickers;
      document.body.dataset.state = "ready";
    } catch (error) {
      status.textContent = describe(filter) + " Could not draw it: " + error.message;
      status.classList.add("error");
      document.body.dataset.state = "error";
    }
  }

  main();
})();
