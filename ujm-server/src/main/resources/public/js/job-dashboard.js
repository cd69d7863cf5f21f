// The job dashboard: sign in, submit, watch active jobs live, search the history, open a job.
// Everything a user typed (types, tags, payloads, results, errors) is set as text, never as HTML.
import {
  ApiError, LiveConnection, api, el, fill, formatSeconds, formatTime, progressBar, session, stateBadge,
} from "./ujm.js";

const ACTIVE = new Set(["scheduled", "waiting", "queued", "processing"]);
const $ = (id) => document.getElementById(id);

const active = new Map(); // job id -> job, for the jobs not finished
let live = null;
let historyCursor = null; // the cursor of the page shown
let nextCursor = null;
let openJobId = null;
let historyTimer = null;
let detailTimer = null;
let scope = "own"; // an admin follows its whole tenant, as its lists show it

// ---------- sign in ----------

async function signIn(key) {
  session.signIn(key);
  try {
    await api("GET", "/api/v2/jobs?limit=1");
  } catch (e) {
    session.signOut();
    throw e;
  }
}

function showSignIn(message) {
  $("sign-in").hidden = false;
  $("app").hidden = true;
  $("sign-out").hidden = true;
  $("sign-in-error").textContent = message || "";
  if (live) {
    live.stop();
    live = null;
  }
  setTransport("not connected", false);
}

async function showApp() {
  try {
    await api("GET", "/api/v2/queues");
    scope = "all";
  } catch (e) {
    scope = "own";
  }
  $("sign-in").hidden = true;
  $("app").hidden = false;
  $("sign-out").hidden = false;
  startLive();
  loadHistory(null);
}

// ---------- live ----------

function setTransport(name, isLive) {
  const labels = { websocket: "WebSocket", sse: "Server-Sent Events", polling: "polling" };
  const label = labels[name] || name;
  const node = $("transport");
  node.textContent = isLive ? `Live: ${label}` : `Connecting: ${label}…`;
  node.classList.toggle("live", isLive);
  node.dataset.transport = name;
  node.dataset.live = String(isLive);
}

function startLive() {
  const first = new URLSearchParams(location.search).get("transport") || "websocket";
  live = new LiveConnection({
    first,
    subscribe: () => [{ scope }],
    sseQuery: () => ({ scope }),
    onEvent: applyEvent,
    onResync: reloadActive,
    onStatus: setTransport,
    poll: pollOnce,
  });
  live.start();
}

/** One job event, from whichever transport. */
function applyEvent(event) {
  document.body.dataset.lastEvent = `${event.event}:${event.jobId}:${event.state}`;
  const known = active.get(event.jobId);
  if (known) {
    known.state = event.state;
    if (event.progress) {
      known.progress = event.progress;
    }
    if (event.attempt !== undefined) {
      known.attempt = event.attempt;
    }
    if (!ACTIVE.has(event.state)) {
      active.delete(event.jobId);
    }
    renderActive();
  } else if (ACTIVE.has(event.state)) {
    api("GET", `/api/v2/jobs/${encodeURIComponent(event.jobId)}`)
      .then((job) => {
        if (ACTIVE.has(job.state)) {
          active.set(job.id, job);
          renderActive();
        }
      })
      .catch(() => {});
  }
  if (event.event === "state") {
    scheduleHistory();
  }
  if (openJobId === event.jobId) {
    scheduleDetail();
  }
}

async function reloadActive() {
  const page = await api("GET", "/api/v2/jobs?state=scheduled,waiting,queued,processing&limit=200");
  active.clear();
  for (const job of page.items) {
    active.set(job.id, job);
  }
  renderActive();
  scheduleHistory();
}

/** Polling: the active jobs' status, and any job that became active since. */
async function pollOnce() {
  const before = new Map([...active].map(([id, job]) => [id, job.state]));
  const ids = [...active.keys()];
  if (ids.length) {
    const status = await api("GET", `/api/v2/jobs/status?ids=${ids.map(encodeURIComponent).join(",")}`);
    for (const s of status.items) {
      const changed = before.get(s.id) !== s.state;
      applyEvent({ event: changed ? "state" : "progress", jobId: s.id, type: s.type, state: s.state, progress: s.progress, attempt: s.attempt });
    }
    for (const gone of status.notFound) {
      active.delete(gone);
    }
  }
  const page = await api("GET", "/api/v2/jobs?state=scheduled,waiting,queued,processing&limit=200");
  for (const job of page.items) {
    if (!active.has(job.id)) {
      active.set(job.id, job);
      scheduleHistory();
    }
  }
  renderActive();
}

// ---------- active jobs ----------

function eta(job) {
  const p = job.progress;
  if (p && p.etaSeconds !== undefined && p.etaSeconds !== null) {
    return formatSeconds(p.etaSeconds);
  }
  if (job.state === "processing" && p && p.percent > 0 && p.percent < 100 && job.startedAt) {
    const elapsed = (Date.now() - new Date(job.startedAt).getTime()) / 1000;
    return `~${formatSeconds((elapsed * (100 - p.percent)) / p.percent)}`;
  }
  return "";
}

function renderActive() {
  const rows = [...active.values()]
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))
    .map((job) =>
      el("tr", { "data-job-id": job.id, "data-state": job.state },
        el("td", { class: "id", "data-label": "Job" },
          el("button", { type: "button", class: "link-button", onclick: () => openDetail(job.id), "aria-label": `Open job ${job.id}` }, job.id.slice(-12)),
          " ", el("span", { class: "job-type" }, job.type)),
        el("td", { "data-label": "State", class: "state" }, stateBadge(job.state)),
        el("td", { "data-label": "Progress" }, progressBar(job.progress, `Progress of job ${job.id}`)),
        el("td", { "data-label": "Current step", class: "step" }, job.progress && job.progress.message ? job.progress.message : ""),
        el("td", { "data-label": "ETA" }, eta(job)),
        el("td", {}, el("span", { class: "row-actions" }, actionButtons(job)))));
  fill($("active-rows"), rows);
  $("active-count").textContent = active.size ? `(${active.size})` : "";
  $("active-empty").hidden = active.size > 0;
}

function actionButtons(job) {
  const buttons = [];
  if (ACTIVE.has(job.state)) {
    buttons.push(el("button", { type: "button", class: "small danger", "data-action": "cancel", onclick: () => act("DELETE", job, "") }, "Cancel"));
  }
  if (job.state === "failed" || job.state === "cancelled") {
    buttons.push(el("button", { type: "button", class: "small secondary", "data-action": "retry", onclick: () => act("POST", job, "/retry") }, "Retry"));
  }
  buttons.push(el("button", { type: "button", class: "small secondary", "data-action": "clone", onclick: () => act("POST", job, "/clone") }, "Clone"));
  return buttons;
}

async function act(method, job, suffix) {
  try {
    const answer = await api(method, `/api/v2/jobs/${encodeURIComponent(job.id)}${suffix}`);
    const what = suffix === "/clone" ? `cloned as ${answer.id}` : suffix === "/retry" ? "retried" : "cancelled";
    say(`Job ${job.id} ${what}.`, true);
    if (ACTIVE.has(answer.state)) {
      active.set(answer.id, answer);
    } else {
      active.delete(answer.id);
    }
    renderActive();
    scheduleHistory();
    if (openJobId === job.id) {
      scheduleDetail();
    }
  } catch (e) {
    say(e.message, false);
  }
}

function say(text, ok) {
  const node = $("submit-message");
  node.textContent = text;
  node.className = `message ${ok ? "ok" : "bad"}`;
}

// ---------- submit ----------

async function submit(event) {
  event.preventDefault();
  const form = event.target;
  const request = { type: form.type.value.trim(), priority: form.priority.value };
  const raw = form.payload.value.trim();
  if (raw) {
    let payload;
    try {
      payload = JSON.parse(raw);
    } catch (e) {
      say(`The payload is not valid JSON: ${e.message}`, false);
      form.payload.focus();
      return;
    }
    if (payload === null || typeof payload !== "object" || Array.isArray(payload)) {
      say("The payload must be a JSON object, like {\"ms\": 1000}.", false);
      form.payload.focus();
      return;
    }
    request.payload = payload;
  }
  const tags = form.tags.value.split(",").map((t) => t.trim()).filter((t) => t);
  if (tags.length) {
    request.tags = tags;
  }
  if (form.maxAttempts.value) {
    request.maxAttempts = Number(form.maxAttempts.value);
  }
  try {
    const job = await api("POST", "/api/v2/jobs", request);
    say(`Submitted ${job.type} job ${job.id}.`, true);
    if (ACTIVE.has(job.state)) {
      active.set(job.id, job);
      renderActive();
    }
    scheduleHistory();
  } catch (e) {
    say(e instanceof ApiError ? `Refused: ${e.message}` : String(e), false);
  }
}

// ---------- history ----------

function historyQuery(cursor) {
  const form = $("filters");
  const params = new URLSearchParams({ limit: "20" });
  for (const name of ["state", "type", "queue", "tag"]) {
    const value = form[name].value.trim();
    if (value) {
      params.set(name, value);
    }
  }
  for (const name of ["createdFrom", "createdBefore"]) {
    if (form[name].value) {
      params.set(name, new Date(form[name].value).toISOString());
    }
  }
  if (cursor) {
    params.set("cursor", cursor);
  }
  return params;
}

async function loadHistory(cursor) {
  try {
    const page = await api("GET", `/api/v2/jobs?${historyQuery(cursor)}`);
    historyCursor = cursor;
    nextCursor = page.nextCursor;
    $("history-message").textContent = "";
    fill($("history-rows"), page.items.map(historyRow));
    $("next-page").disabled = !nextCursor;
    $("first-page").disabled = !cursor;
  } catch (e) {
    $("history-message").textContent = e.message;
  }
}

function scheduleHistory() {
  if (historyCursor) {
    return; // a later page stays as it is while the user reads it
  }
  clearTimeout(historyTimer);
  historyTimer = setTimeout(() => loadHistory(null), 300);
}

function historyRow(job) {
  return el("tr", { "data-job-id": job.id, "data-state": job.state },
    el("td", { class: "id", "data-label": "Job" },
      el("button", { type: "button", class: "link-button", onclick: () => openDetail(job.id), "aria-label": `Open job ${job.id}` }, job.id.slice(-12))),
    el("td", { "data-label": "Type", class: "job-type" }, job.type),
    el("td", { "data-label": "State", class: "state" }, stateBadge(job.state)),
    el("td", { "data-label": "Tags", class: "tags" }, (job.tags || []).map((t) => el("span", { class: "badge tag" }, t))),
    el("td", { "data-label": "Created" }, formatTime(job.createdAt)),
    el("td", { "data-label": "Attempts" }, `${job.attempt} of ${job.maxAttempts}`),
    el("td", {}, el("span", { class: "row-actions" }, actionButtons(job))));
}

// ---------- detail ----------

async function openDetail(id) {
  openJobId = id;
  const dialog = $("detail");
  if (!dialog.open) {
    dialog.showModal();
  }
  await renderDetail();
}

function scheduleDetail() {
  clearTimeout(detailTimer);
  detailTimer = setTimeout(renderDetail, 250);
}

async function renderDetail(itemsCursor) {
  const id = openJobId;
  if (!id) {
    return;
  }
  const body = $("detail-body");
  try {
    const [job, history, result] = await Promise.all([
      api("GET", `/api/v2/jobs/${encodeURIComponent(id)}`),
      api("GET", `/api/v2/jobs/${encodeURIComponent(id)}/history`),
      api("GET", `/api/v2/jobs/${encodeURIComponent(id)}/result?limit=20${itemsCursor ? `&cursor=${encodeURIComponent(itemsCursor)}` : ""}`),
    ]);
    if (openJobId !== id) {
      return;
    }
    $("detail-title").textContent = `${job.type} job`;
    fill(body,
      el("dl", { class: "facts" },
        fact("Id", job.id), fact("State", stateBadge(job.state)), fact("Queue", job.queue), fact("Priority", job.priority),
        fact("Attempts", `${job.attempt} of ${job.maxAttempts}`), fact("Worker", job.workerId || ""),
        fact("Tags", (job.tags || []).map((t) => el("span", { class: "badge tag" }, t))),
        fact("Created", formatTime(job.createdAt)), fact("Started", formatTime(job.startedAt)), fact("Finished", formatTime(job.finishedAt)),
        fact("Progress", progressBar(job.progress, "Progress")), fact("Current step", job.progress && job.progress.message ? job.progress.message : ""),
        fact("ETA", job.state === "processing" ? eta(job) : "")),
      el("div", { class: "actions" }, actionButtons(job)),
      el("h3", {}, "Payload"), el("pre", { class: "payload" }, JSON.stringify(job.payload, null, 2)),
      el("h3", {}, "Result"), el("pre", { class: "result" }, job.result === null || job.result === undefined ? "none yet" : JSON.stringify(job.result, null, 2)),
      el("h3", {}, "Errors per attempt"),
      job.errors && job.errors.length
        ? el("ul", { class: "errors" }, job.errors.map((e) => el("li", {}, `attempt ${e.attempt}: ${e.type}: ${e.message}`, el("span", { class: "hint" }, ` (${formatTime(e.at)})`))))
        : el("p", { class: "empty" }, "No failed attempt."),
      el("h3", {}, "Audit trail"),
      el("div", { class: "table-wrap" }, el("table", { class: "audit" },
        el("thead", {}, el("tr", {}, ["At", "Move", "From", "To", "Actor", "Reason"].map((h) => el("th", { scope: "col" }, h)))),
        el("tbody", {}, history.items.map((e) => el("tr", {},
          el("td", { "data-label": "At" }, formatTime(e.at)), el("td", { "data-label": "Move" }, e.transition || ""),
          el("td", { "data-label": "From" }, e.from || ""), el("td", { "data-label": "To" }, e.to || ""),
          el("td", { "data-label": "Actor" }, e.actor || ""), el("td", { "data-label": "Reason" }, e.reason || "")))))),
      el("h3", {}, "Result items"),
      result.items.length
        ? el("ol", { class: "items" }, result.items.map((item) => el("li", {}, el("pre", {}, JSON.stringify(item, null, 2)))))
        : el("p", { class: "empty" }, "No result items."),
      el("div", { class: "pager" },
        itemsCursor ? el("button", { type: "button", class: "secondary", onclick: () => renderDetail(null) }, "First items") : null,
        result.nextCursor ? el("button", { type: "button", class: "secondary", onclick: () => renderDetail(result.nextCursor) }, "More items") : null));
  } catch (e) {
    fill(body, el("p", { class: "error", role: "alert" }, e.message));
  }
}

function fact(name, value) {
  return [el("dt", {}, name), el("dd", {}, value)];
}

// ---------- wiring ----------

document.addEventListener("DOMContentLoaded", () => {
  $("sign-in-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const key = $("api-key").value.trim();
    try {
      await signIn(key);
      $("api-key").value = "";
      showApp();
    } catch (e) {
      $("sign-in-error").textContent = e.status === 401 ? "That key is unknown or revoked." : e.message;
    }
  });
  $("sign-out").addEventListener("click", () => {
    session.signOut();
    showSignIn("Signed out.");
  });
  $("submit-form").addEventListener("submit", submit);
  $("filters").addEventListener("submit", (event) => {
    event.preventDefault();
    const id = $("filter-id").value.trim();
    if (id) {
      openDetail(id);
    } else {
      loadHistory(null);
    }
  });
  $("filters").addEventListener("reset", () => setTimeout(() => loadHistory(null), 0));
  $("next-page").addEventListener("click", () => nextCursor && loadHistory(nextCursor));
  $("first-page").addEventListener("click", () => loadHistory(null));
  $("detail-close").addEventListener("click", () => $("detail").close());
  $("detail").addEventListener("close", () => {
    openJobId = null;
  });
  if (session.key()) {
    api("GET", "/api/v2/jobs?limit=1").then(showApp).catch(() => showSignIn("Your key no longer works; sign in again."));
  } else {
    showSignIn();
  }
});
