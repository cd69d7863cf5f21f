// The workflows page: the workflows and batches the key may see, and one of them drawn as its DAG
// with every node coloured by its job's state. Events of the open workflow's jobs recolour their
// node at once and then read the workflow again (for the move and reason, and its own state);
// any state change reads the list again. `/workflows?id=<id>` opens one workflow directly.
import { api, el, fill, formatTime, stateBadge } from "./ujm.js";
import { debounced, say as sayIn, startSignedInPage } from "./signed-in-page.js";
import { drawDag, setNodeState } from "./dag.js";

const byId = (id) => document.getElementById(id);
const PAGE = 50;

let pageCursor = null;
let nextCursor = null;
let open = null; // the workflow drawn, as last read
let picked = null; // the ref whose details are shown

// ---------- the list ----------

async function loadList(cursor = pageCursor) {
  const query = new URLSearchParams({ limit: String(PAGE) });
  if (cursor) {
    query.set("cursor", cursor);
  }
  try {
    const page = await api("GET", `/api/v2/workflows?${query}`);
    pageCursor = cursor;
    nextCursor = page.nextCursor;
    fill(byId("workflow-rows"), page.items.map(listRow));
    byId("workflow-empty").hidden = page.items.length > 0;
    byId("next-page").disabled = !nextCursor;
    byId("list-message").textContent = "";
  } catch (e) {
    byId("list-message").textContent = e.message;
  }
}

function listRow(w) {
  const counts = Object.entries(w.jobs).map(([state, n]) => `${n} ${state}`).join(", ");
  return el("tr", { "data-workflow-id": w.id, "data-state": w.state },
    el("td", { "data-label": "Workflow" },
      el("button", { type: "button", class: "link-button", onclick: () => openWorkflow(w.id) }, w.name || w.id.slice(-12))),
    el("td", { "data-label": "State" }, stateBadge(w.state)),
    el("td", { "data-label": "Jobs" }, `${w.total}: ${counts}`),
    el("td", { "data-label": "Created" }, formatTime(w.createdAt)));
}

const reloadList = debounced(() => loadList());

// ---------- one workflow ----------

async function openWorkflow(id) {
  try {
    open = await api("GET", `/api/v2/workflows/${encodeURIComponent(id)}`);
  } catch (e) {
    say(e);
    return;
  }
  if (new URLSearchParams(location.search).get("id") !== id) {
    history.replaceState(null, "", `/workflows?id=${encodeURIComponent(id)}`);
  }
  render();
}

function render() {
  const section = byId("workflow");
  section.hidden = false;
  section.dataset.workflowId = open.id;
  section.dataset.state = open.state;
  fill(byId("workflow-title"), `Workflow ${open.name || open.id} `, stateBadge(open.state));
  fill(byId("dag"), drawDag(open, (node) => {
    picked = node.ref;
    showNode();
  }));
  showNode();
}

function showNode() {
  const node = open && open.nodes.find((n) => n.ref === picked);
  if (!node) {
    fill(byId("node-detail"), el("p", { class: "hint" }, "Select a node to see its job."));
    return;
  }
  const facts = [
    ["Ref", node.ref], ["Job", node.jobId], ["Type", node.type || "purged"], ["Role", node.role],
    ["State", stateBadge(node.state)], ["Runs when", node.runWhen],
    ["Runs if", node.runIf ? JSON.stringify(node.runIf) : null],
    ["Last move", node.transition], ["Reason", node.reason],
    ["Started", formatTime(node.startedAt)], ["Finished", formatTime(node.finishedAt)],
  ].filter(([, value]) => value);
  fill(byId("node-detail"), el("dl", { class: "facts node-facts" }, facts.map(([name, value]) => [el("dt", {}, name), el("dd", {}, value)])));
}

const reloadOpen = debounced(() => open && openWorkflow(open.id));

async function act(action) {
  if (!open) {
    return;
  }
  try {
    open = await api("POST", `/api/v2/workflows/${encodeURIComponent(open.id)}/${action}`);
    render();
    say(action === "cancel" ? "Every open job was cancelled." : "Failed jobs were retried.", true);
  } catch (e) {
    say(e);
  }
}

function say(what, ok = false) {
  sayIn("workflow-message", what, ok);
}

/** One job event: recolour its node now, read the details a little later. */
function onEvent(event) {
  if (event.event !== "state") {
    return;
  }
  if (open && setNodeState(byId("dag"), event.jobId, event.state)) {
    reloadOpen();
  }
  reloadList();
}

document.addEventListener("DOMContentLoaded", () => {
  byId("next-page").addEventListener("click", () => nextCursor && loadList(nextCursor));
  byId("first-page").addEventListener("click", () => loadList(null));
  byId("workflow-cancel").addEventListener("click", () => act("cancel"));
  byId("workflow-retry").addEventListener("click", () => act("retry"));
  byId("workflow-close").addEventListener("click", () => {
    open = null;
    byId("workflow").hidden = true;
    history.replaceState(null, "", "/workflows");
  });
  startSignedInPage({
    probe: "/api/v2/workflows?limit=1",
    onReady: async () => {
      await loadList(null);
      const id = new URLSearchParams(location.search).get("id");
      if (id) {
        await openWorkflow(id);
      }
    },
    onEvent,
    onResync: () => {
      reloadList();
      reloadOpen();
    },
    poll: async () => {
      await loadList();
      if (open) {
        await openWorkflow(open.id);
      }
    },
  });
});
