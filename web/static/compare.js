/*
 * PEEL Graph compare page (/compare): forces × areas for one cycle, coloured by grade.
 *
 * The cycle is the page's own ?cycle= (a key such as 2023-25, or a name such as 2021/22); the
 * grid and an assessment's findings come from /graphql. Text from the graph only ever goes in
 * through textContent, never as HTML. document.body.dataset.state says ready or error, and
 * #details carries data-state and data-node, so a browser test can wait on them.
 */
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("compare-config").textContent);
  const GRADES = new Map(config.grades.map((g) => [g.name, g]));
  const ARROWS = { UP: "↑", DOWN: "↓" };

  const GRID_QUERY = `{
    reports { id cycle cycleKey force { id name }
      areas { id heading shortName status grade gradeChange comparableWithPrevious
              comparabilityReason area { id name shortName }
              previous { grade report { cycle } } } } }`;
  const DETAIL_QUERY = `query ($id: ID!) { node(id: $id) { ... on AreaAssessment {
      id heading grade status summary gradeChange comparableWithPrevious comparabilityReason
      report { title cycle } previous { grade report { cycle } }
      findings { id kind title status
        followUps { status evidence later { id report { cycle } } }
        followUpOf { status earlier { id title report { cycle } } } } } } }`;

  const { element, byId, humanise } = window.peelPage;

  function gradeLabel(name) {
    return name ? GRADES.get(name).label : "ungraded";
  }

  function graphql(query, variables) {
    return window.peelPage.graphql(config.graphql, query, variables);
  }

  function fail(message) {
    const status = byId("status");
    status.textContent = message;
    status.className = "error";
    document.body.dataset.state = "error";
  }

  // -- the grid -------------------------------------------------------------------------

  function pickCycle(reports) {
    const cycles = new Map();
    for (const report of reports) cycles.set(report.cycleKey, report.cycle);
    const keys = Array.from(cycles.keys()).sort();
    const wanted = new URLSearchParams(window.location.search).get("cycle");
    const select = byId("cycle");
    for (const key of keys) {
      const option = element("option", cycles.get(key));
      option.value = key;
      select.appendChild(option);
    }
    if (!keys.length) return null;
    if (wanted === null || wanted === "") return keys[keys.length - 1];
    const found = keys.find((k) => k === wanted || cycles.get(k) === wanted);
    if (!found) throw new Error(`no reports of cycle '${wanted}' (known: ${keys.join(", ")})`);
    return found;
  }

  function legend() {
    const list = byId("legend");
    for (const grade of config.grades) {
      const item = element("li", grade.label, "swatch");
      item.style.background = grade.colour;
      item.style.color = grade.text;
      list.appendChild(item);
    }
  }

  function cell(assessment) {
    const td = element("td", null, "cell");
    if (!assessment) {
      td.classList.add("none");
      td.textContent = "–";
      return td;
    }
    const button = element("button", null, "grade");
    button.type = "button";
    button.dataset.node = assessment.id;
    const grade = assessment.grade ? GRADES.get(assessment.grade) : null;
    if (grade) {
      button.style.background = grade.colour;
      button.style.color = grade.text;
    } else {
      button.classList.add("ungraded");
    }
    button.appendChild(element("span", assessment.grade ? grade.label : humanise(assessment.status), "label"));
    const arrow = ARROWS[assessment.gradeChange];
    if (arrow) {
      const mark = element("span", arrow, "arrow " + assessment.gradeChange.toLowerCase());
      button.appendChild(mark);
    }
    if (assessment.gradeChange === "NEW_AREA") button.appendChild(element("span", "new", "new"));
    if (assessment.previous && assessment.comparableWithPrevious === false) {
      button.appendChild(element("span", "*", "caveat"));
    }
    const tip = [assessment.heading + ": " + gradeLabel(assessment.grade)];
    if (assessment.previous) {
      tip.push(`${assessment.previous.report.cycle}: ${gradeLabel(assessment.previous.grade)}`);
    }
    if (assessment.gradeChange) tip.push(config.gradeChanges[assessment.gradeChange]);
    if (assessment.comparabilityReason) tip.push(assessment.comparabilityReason);
    button.title = tip.join("\n");
    button.addEventListener("click", () => showDetails(assessment.id));
    td.appendChild(button);
    return td;
  }

  function drawGrid(reports, cycle) {
    const chosen = reports.filter((r) => r.cycleKey === cycle);
    chosen.sort((a, b) => a.force.name.localeCompare(b.force.name));
    const areas = new Map();
    for (const report of chosen) {
      for (const a of report.areas) if (!areas.has(a.area.id)) areas.set(a.area.id, a.shortName);
    }
    const head = byId("grid").tHead;
    const row = head.insertRow();
    row.appendChild(element("th", "Force"));
    for (const name of areas.values()) row.appendChild(element("th", name, "area"));
    const body = byId("grid").tBodies[0];
    for (const report of chosen) {
      const tr = body.insertRow();
      tr.appendChild(element("th", report.force.name, "force"));
      const byArea = new Map(report.areas.map((a) => [a.area.id, a]));
      for (const area of areas.keys()) tr.appendChild(cell(byArea.get(area)));
    }
    const moved = chosen.flatMap((r) => r.areas).filter((a) => ARROWS[a.gradeChange]).length;
    byId("status").textContent =
      `${chosen.length} force${chosen.length === 1 ? "" : "s"} × ${areas.size} areas, ` +
      `${chosen[0] ? chosen[0].cycle : cycle}; ${moved} grade${moved === 1 ? "" : "s"} moved ` +
      "since the force's previous report";
  }

  // -- the details panel ----------------------------------------------------------------

  async function showDetails(id) {
    const panel = byId("details");
    panel.dataset.state = "loading";
    panel.dataset.node = id;
    for (const b of document.querySelectorAll("button.grade.selected")) b.classList.remove("selected");
    const selected = document.querySelector(`button.grade[data-node="${CSS.escape(id)}"]`);
    if (selected) selected.classList.add("selected");
    let node;
    try {
      node = (await graphql(DETAIL_QUERY, { id: id })).node;
    } catch (error) {
      panel.replaceChildren(element("p", String(error.message || error), "error"));
      panel.dataset.state = "error";
      return;
    }
    const parts = [
      element("p", node.report.title, "kind"),
      element("h2", node.heading, "title"),
      element("p", gradeLabel(node.grade), "meta grade-line"),
    ];
    if (node.previous) {
      let text = `${node.previous.report.cycle}: ${gradeLabel(node.previous.grade)}`;
      if (node.gradeChange) text += ` — ${config.gradeChanges[node.gradeChange]}`;
      parts.push(element("p", text, "meta"));
    } else if (node.gradeChange) {
      parts.push(element("p", config.gradeChanges[node.gradeChange], "meta"));
    }
    if (node.comparabilityReason) parts.push(element("p", node.comparabilityReason, "caveat-text"));
    if (node.summary) parts.push(element("p", node.summary, "summary"));
    const list = element("ol", null, "findings");
    for (const finding of node.findings) {
      const item = element("li", null, "finding");
      item.dataset.node = finding.id;
      item.appendChild(element("span", humanise(finding.kind), "finding-kind"));
      item.appendChild(element("span", finding.title, "finding-title"));
      for (const link of finding.followUps) {
        item.appendChild(element("span",
          `${link.later.report.cycle}: ${humanise(link.status)}`, "status " + link.status.toLowerCase()));
      }
      for (const link of finding.followUpOf) {
        item.appendChild(element("span",
          `Follows up ${link.earlier.report.cycle}: “${link.earlier.title}” — ${humanise(link.status)}`,
          "follows"));
      }
      list.appendChild(item);
    }
    parts.push(element("h3", `${node.findings.length} findings`));
    parts.push(list);
    panel.replaceChildren(...parts);
    panel.dataset.state = "ready";
  }

  async function start() {
    legend();
    let data;
    try {
      data = await graphql(GRID_QUERY);
    } catch (error) {
      fail(`Could not load the grades: ${error.message || error}`);
      return;
    }
    try {
      const cycle = pickCycle(data.reports);
      if (cycle === null) {
        fail("No reports are loaded.");
        return;
      }
      byId("cycle").value = cycle;
      drawGrid(data.reports, cycle);
    } catch (error) {
      fail(String(error.message || error));
      return;
    }
    document.body.dataset.state = "ready";
  }

  start();
})();
