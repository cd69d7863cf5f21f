// Draws a workflow as a DAG in SVG: one column per depth (a node sits one column right of its
// deepest parent; callbacks, which depend on every step, in a last column of their own), edges as
// curves from parent to child, each node coloured by its job's state through a CSS class, so a
// state change is one attribute change (`setNodeState`), not a redraw. Text is set as text only.

const NS = "http://www.w3.org/2000/svg";
const WIDTH = 168;
const HEIGHT = 48;
const GAP_X = 56;
const GAP_Y = 20;
const PAD = 8;

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null) {
      node.setAttribute(name, String(value));
    }
  }
  for (const child of children) {
    if (typeof child === "string") {
      node.appendChild(document.createTextNode(child));
    } else if (child) {
      node.appendChild(child);
    }
  }
  return node;
}

/** Each node's column and row: depth from the roots, then order of appearance within a column. */
export function layout(workflow) {
  const depth = new Map();
  const steps = workflow.nodes.filter((n) => n.role === "step");
  // nodes come in dependency order, so every parent's depth is known before its children's
  for (const node of steps) {
    const parents = (node.dependsOn || []).map((ref) => depth.get(ref) ?? 0);
    depth.set(node.ref, parents.length ? Math.max(...parents) + 1 : 0);
  }
  const last = steps.length ? Math.max(...steps.map((n) => depth.get(n.ref))) + 1 : 0;
  const columns = [];
  const place = new Map();
  for (const node of workflow.nodes) {
    const column = node.role === "step" ? depth.get(node.ref) : last;
    columns[column] = (columns[column] || 0) + 1;
    place.set(node.ref, { column, row: columns[column] - 1 });
  }
  return { place, columns: columns.length, rows: Math.max(0, ...columns.filter(Boolean)) };
}

/** The edges to draw: the workflow's own, and each callback's from every step nothing depends on. */
function edges(workflow) {
  const drawn = workflow.edges.map((e) => ({ from: e.from, to: e.to, kind: e.runWhen || "completed" }));
  const parents = new Set(workflow.edges.map((e) => e.from));
  const sinks = workflow.nodes.filter((n) => n.role === "step" && !parents.has(n.ref));
  for (const callback of workflow.nodes.filter((n) => n.role !== "step")) {
    for (const sink of sinks) {
      drawn.push({ from: sink.ref, to: callback.ref, kind: "callback" });
    }
  }
  return drawn;
}

/** The SVG of a workflow; `onPick(node)` is called when a node is clicked or activated. */
export function drawDag(workflow, onPick) {
  const { place, columns, rows } = layout(workflow);
  const x = (ref) => PAD + place.get(ref).column * (WIDTH + GAP_X);
  const y = (ref) => PAD + place.get(ref).row * (HEIGHT + GAP_Y);
  const width = PAD * 2 + columns * WIDTH + Math.max(0, columns - 1) * GAP_X;
  const height = PAD * 2 + rows * HEIGHT + Math.max(0, rows - 1) * GAP_Y;
  const root = svg("svg", {
    width, height, viewBox: `0 0 ${width} ${height}`, role: "img",
    "aria-label": `DAG of workflow ${workflow.name || workflow.id}: ${workflow.nodes.length} jobs`,
  });
  root.appendChild(svg("defs", {},
    svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" },
      svg("path", { d: "M 0 0 L 10 5 L 0 10 z", class: "dag-arrow" }))));
  for (const edge of edges(workflow)) {
    const x1 = x(edge.from) + WIDTH;
    const y1 = y(edge.from) + HEIGHT / 2;
    const x2 = x(edge.to);
    const y2 = y(edge.to) + HEIGHT / 2;
    const bend = (x2 - x1) / 2;
    root.appendChild(svg("path", {
      class: `dag-edge run-when-${edge.kind}`,
      "data-from": edge.from, "data-to": edge.to,
      d: `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}`,
      "marker-end": "url(#arrow)",
    }));
  }
  for (const node of workflow.nodes) {
    const group = svg("g", {
      class: `dag-node state-${node.state} role-${node.role}`,
      "data-ref": node.ref, "data-job-id": node.jobId, "data-state": node.state,
      transform: `translate(${x(node.ref)} ${y(node.ref)})`, tabindex: 0, role: "button",
      "aria-label": `${node.ref}: ${node.state}`,
    },
    svg("title", {}, `${node.ref} (${node.type || "purged"}): ${node.state}${node.reason ? ` — ${node.reason}` : ""}`),
    svg("rect", { width: WIDTH, height: HEIGHT, rx: 6 }),
    svg("text", { x: 10, y: 20, class: "dag-ref" }, clip(node.ref, 20)),
    svg("text", { x: 10, y: 38, class: "dag-state" }, node.role === "step" ? node.state : `${node.role}: ${node.state}`));
    group.addEventListener("click", () => onPick(node));
    group.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        onPick(node);
      }
    });
    root.appendChild(group);
  }
  return root;
}

function clip(text, max) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Colours a drawn node by a new state at once; false when no node is that job. */
export function setNodeState(container, jobId, state) {
  const group = container.querySelector(`g.dag-node[data-job-id="${CSS.escape(jobId)}"]`);
  if (!group) {
    return false;
  }
  const ref = group.getAttribute("data-ref");
  group.setAttribute("class", group.getAttribute("class").replace(/state-[a-z]+/, `state-${state}`));
  group.setAttribute("data-state", state);
  group.setAttribute("aria-label", `${ref}: ${state}`);
  const label = group.querySelector("text.dag-state");
  label.textContent = label.textContent.replace(/[a-z]+$/, state);
  return true;
}
