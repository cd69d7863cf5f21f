// The admin job monitor: counts, queues with pause/resume and pool size, throughput chart,
// workers per node, dead letters with bulk retry, tenants and the quota use of the one on view.
// Refreshes on live events.
import { LiveConnection, api, el, fill, formatSeconds, formatTime, session, stateBadge } from "./ujm.js";
import { RANGES, rangeQuery, renderRunTimes, renderSla, renderTrend, summary, svg } from "./analytics-charts.js";
import { loadRecommendations, startRecommendations, stopRecommendations } from "./recommendations.js";
import { renderQuotaUse } from "./quota-use.js";

const $ = (id) => document.getElementById(id);
const STATES = ["queued", "processing", "scheduled", "waiting", "completed", "failed", "cancelled"];

let live = null;
let operator = false; // an operator key sees workers, queue controls and every tenant
let tenant = ""; // the tenant an operator looks at; "" is the key's own
let refreshTimer = null;
let clockTimer = null;
let refreshing = false;
let again = false;
let range = "hour"; // the trend charts' range (RANGES)

// ---------- sign in ----------

async function check() {
  try {
    await api("GET", "/api/v2/queues");
    return "admin";
  } catch (e) {
    if (e.status === 403) {
      return "refused";
    }
    throw e;
  }
}

function show(which, text) {
  $("sign-in").hidden = which !== "sign-in";
  $("refused").hidden = which !== "refused";
  $("app").hidden = which !== "app";
  $("sign-out").hidden = which === "sign-in";
  if (which === "sign-in") {
    $("sign-in-error").textContent = text || "";
  }
  if (which === "refused") {
    $("refused-text").textContent =
      "Your key may read only its own jobs: the monitor shows every job of the tenant, its queues and workers, so it needs an admin key.";
  }
  if (which !== "app") {
    stop();
  }
}

async function enter() {
  const role = await check();
  if (role === "refused") {
    show("refused");
    return;
  }
  operator = await api("GET", "/api/v2/workers").then(() => true, (e) => {
    if (e.status === 403) {
      return false;
    }
    throw e;
  });
  $("tenant-switcher").hidden = !operator;
  $("workers").hidden = !operator;
  show("app");
  start();
}

function stop() {
  if (live) {
    live.stop();
    live = null;
  }
  clearInterval(clockTimer);
  stopRecommendations();
  setTransport("not connected", false);
}

function start() {
  const first = new URLSearchParams(location.search).get("transport") || "websocket";
  live = new LiveConnection({
    first,
    subscribe: () => [{ scope: "all" }],
    sseQuery: () => ({ scope: "all" }),
    onEvent: (event) => {
      if (event.event === "state") {
        scheduleRefresh();
      }
    },
    onResync: scheduleRefresh,
    onStatus: setTransport,
    poll: refresh,
  });
  live.start();
  clockTimer = setInterval(refresh, 5000); // heartbeats and ages move without events
  refresh();
  startRecommendations(() => inTenant("/api/v2/recommendations"));
  $("recommendations-refresh").onclick = loadRecommendations;
}

function setTransport(name, isLive) {
  const labels = { websocket: "WebSocket", sse: "Server-Sent Events", polling: "polling" };
  const node = $("transport");
  node.textContent = isLive ? `Live: ${labels[name] || name}` : `Connecting: ${labels[name] || name}…`;
  node.classList.toggle("live", isLive);
  node.dataset.transport = name;
}

function scheduleRefresh() {
  if (!refreshTimer) {
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      refresh();
    }, 400);
  }
}

// ---------- reading ----------

async function refresh() {
  if (refreshing) {
    again = true;
    return;
  }
  refreshing = true;
  try {
    const [queues, workers, dead, monitor, running] = await Promise.all([
      api("GET", inTenant("/api/v2/queues")),
      operator ? api("GET", "/api/v2/workers") : { pools: [], nodes: [] },
      api("GET", inTenant("/api/v2/dead-letter?limit=100")),
      api("GET", inTenant("/api/v2/monitor")),
      api("GET", inTenant("/api/v2/jobs?state=processing&limit=500")),
    ]);
    renderTotals(queues.totals);
    renderQueues(queues, workers);
    renderChart(monitor.throughput);
    if (operator) {
      renderNodes(workers, running.items);
      renderSwitcher(monitor.tenants);
    }
    renderDead(dead.items);
    renderTenants(monitor.tenants);
    await refreshTrends();
    renderQuotaUse(monitor.quotaUse);
    document.body.dataset.refreshedAt = String(Date.now());
  } catch (e) {
    if (e.status === 401 || e.status === 403) {
      show(e.status === 403 ? "refused" : "sign-in", e.message);
    }
  } finally {
    refreshing = false;
    if (again) {
      again = false;
      scheduleRefresh();
    }
  }
}

/** The trend charts; hidden where the store keeps no job metrics (501). */
async function refreshTrends() {
  try {
    const [series, sla] = await Promise.all([
      api("GET", inTenant(`/api/v2/analytics?${rangeQuery(range)}`)),
      api("GET", inTenant(`/api/v2/analytics/sla?window=${{ hour: "1h", day: "24h", month: "30d" }[range]}`)),
    ]);
    $("trends").hidden = false;
    renderTrend($("trend-chart"), series);
    renderRunTimes($("runtime-chart"), series);
    renderSla($("sla-chart"), sla);
    $("trend-summary").textContent = summary(series, sla);
  } catch (e) {
    if (e.status === 501) {
      $("trends").hidden = true;
    } else {
      throw e;
    }
  }
}

/** The path, narrowed to the tenant an operator picked. */
function inTenant(path) {
  return tenant ? `${path}${path.includes("?") ? "&" : "?"}tenant=${encodeURIComponent(tenant)}` : path;
}

// ---------- rendering ----------

function renderSwitcher(tenants) {
  const select = $("tenant-switch");
  if (document.activeElement === select) {
    return;
  }
  const names = tenants.map((t) => t.tenantId);
  if (tenant && !names.includes(tenant)) {
    names.push(tenant);
  }
  fill(select, names.sort().map((name) => el("option", { value: name }, name)));
  select.value = tenant || (names.includes("default") ? "default" : names[0] || "");
}

function renderTotals(totals) {
  fill($("totals"), STATES.map((s) => el("li", { "data-state": s }, stateBadge(s), el("span", { class: "n" }, String(totals[s] || 0)))));
}

function renderQueues(queues, workers) {
  if ($("queue-rows").contains(document.activeElement) && document.activeElement.tagName === "INPUT") {
    return; // the admin is typing a size: do not replace the field under the cursor
  }
  const pools = new Map(workers.pools.map((p) => [p.queue, p]));
  const names = new Set([...queues.queues.map((q) => q.queue), ...pools.keys()]);
  const byName = new Map(queues.queues.map((q) => [q.queue, q]));
  const rows = [...names].sort().map((name) => {
    const q = byName.get(name) || { counts: {}, oldestQueuedAgeSeconds: null, paused: false };
    const pool = pools.get(name);
    const paused = q.paused || (pool && pool.paused);
    const sizeInput = el("input", { type: "number", min: 0, max: 10000, id: `size-${name}`, value: pool ? pool.size : "", "aria-label": `Pool size of ${name}` });
    return el("tr", { "data-queue": name, "data-paused": String(Boolean(paused)) },
      el("td", { "data-label": "Queue" }, name),
      el("td", { "data-label": "Status", class: "queue-status" }, el("span", { class: paused ? "badge paused" : "badge state-completed" }, paused ? "paused" : "running")),
      el("td", { "data-label": "Queued", class: "queued" }, String(q.counts.queued || 0)),
      el("td", { "data-label": "Processing" }, String(q.counts.processing || 0)),
      el("td", { "data-label": "Failed" }, String(q.counts.failed || 0)),
      el("td", { "data-label": "Oldest queued" }, q.oldestQueuedAgeSeconds === null ? "–" : formatSeconds(q.oldestQueuedAgeSeconds)),
      el("td", { "data-label": "Pool on this node" },
        pool ? `${pool.busy} busy of ${pool.size}` : "no pool",
        pool && pool.autoscale ? el("div", { class: "scaling" }, `autoscaled ${pool.autoscale.min}..${pool.autoscale.max}`) : null,
        pool && pool.lastScaling ? el("div", { class: "scaling" }, `last: ${pool.lastScaling.from} → ${pool.lastScaling.to} at ${formatTime(pool.lastScaling.at)} (${pool.lastScaling.reason})`) : null),
      el("td", { "data-label": "Pool control" },
        el("div", { class: "pool-control" },
          operator ? [
            el("button", { type: "button", class: "small secondary", "data-action": paused ? "resume" : "pause", onclick: () => patch(name, { paused: !paused }) }, paused ? "Resume" : "Pause"),
            sizeInput,
            el("button", { type: "button", class: "small secondary", "data-action": "resize", onclick: () => patch(name, { size: Number(sizeInput.value) }) }, "Set size")]
            : el("span", { class: "hint" }, "operators only"))));
  });
  fill($("queue-rows"), rows);
}

async function patch(queue, change) {
  try {
    const control = await api("PATCH", `/api/v2/queues/${encodeURIComponent(queue)}`, change);
    const what = change.paused === true ? "paused" : change.paused === false ? "resumed" : `resized to ${control.size}`;
    $("queue-message").textContent = `Queue ${queue} ${what} on every node.`;
    $("queue-message").className = "message ok";
  } catch (e) {
    $("queue-message").textContent = e.message;
    $("queue-message").className = "message bad";
  }
  refresh();
}

function renderChart(throughput) {
  const buckets = throughput.buckets;
  const w = 600;
  const h = 160;
  const pad = 24;
  const most = Math.max(1, ...buckets.map((b) => Math.max(b.completed, b.failed)));
  const step = (w - 2 * pad) / buckets.length;
  const y = (n) => h - pad - (n / most) * (h - 2 * pad);
  const chart = svg("svg", { viewBox: `0 0 ${w} ${h}`, role: "img", "aria-labelledby": "chart-title chart-summary" });
  chart.appendChild(svg("line", { class: "axis", x1: pad, y1: h - pad, x2: w - pad, y2: h - pad }));
  const points = [];
  buckets.forEach((b, i) => {
    const x = pad + i * step;
    if (b.completed > 0) {
      chart.appendChild(svg("rect", { class: "bar", x: x + 1, y: y(b.completed), width: Math.max(1, step - 2), height: h - pad - y(b.completed) },
        svg("title", {}, `${formatTime(b.start)}: ${b.completed} completed, ${b.failed} failed`)));
    }
    points.push(`${x + step / 2},${y(b.failed)}`);
    if (b.failed > 0) {
      chart.appendChild(svg("circle", { class: "fail-dot", cx: x + step / 2, cy: y(b.failed), r: 2.5 }));
    }
  });
  chart.appendChild(svg("polyline", { class: "fail", points: points.join(" ") }));
  chart.appendChild(svg("text", { x: pad, y: 12 }, `${most} per minute`));
  chart.appendChild(svg("text", { x: pad, y: h - 6 }, "60 min ago"));
  chart.appendChild(svg("text", { x: w - pad - 20, y: h - 6 }, "now"));
  fill($("chart"), chart);
  const done = buckets.reduce((n, b) => n + b.completed, 0);
  const failed = buckets.reduce((n, b) => n + b.failed, 0);
  const rate = done + failed === 0 ? 0 : (100 * failed) / (done + failed);
  $("chart-summary").textContent = `${done} completed, ${failed} failed attempts in the last hour: failure rate ${rate.toFixed(1)} %.`;
}

function renderNodes(workers, running) {
  const nodes = workers.nodes && workers.nodes.length ? workers.nodes : [{ nodeId: workers.nodeId, workerId: workers.workerId, pools: workers.pools }];
  fill($("nodes"), nodes.map((node) => {
    const jobs = running.filter((j) => j.workerId === node.workerId);
    const ago = node.lastSeen ? Math.round((Date.now() - new Date(node.lastSeen).getTime()) / 1000) : null;
    return el("div", { class: "node", "data-node": node.nodeId },
      el("h3", {}, node.nodeId, node.host ? el("span", { class: "hint" }, ` on ${node.host}`) : null),
      el("p", { class: "hint" }, `worker ${node.workerId}`, node.lastSeen ? ` · last heartbeat ${formatTime(node.lastSeen)} (${Math.max(0, ago)} s ago)` : ""),
      el("p", {}, node.pools.filter((p) => p.size > 0 || p.busy > 0).map((p) => el("span", { class: "badge tag" }, `${p.queue}: ${p.busy}/${p.size}`))),
      jobs.length
        ? el("ul", { class: "current-jobs" }, jobs.map((j) => el("li", { "data-job-id": j.id }, `${j.type} ${j.id}`, j.progress && j.progress.message ? ` — ${j.progress.message}` : "")))
        : el("p", { class: "empty" }, "No job running."));
  }));
}

function renderDead(items) {
  fill($("dead-rows"), items.map((job) => {
    const last = job.errors && job.errors.length ? job.errors[job.errors.length - 1] : null;
    return el("tr", { "data-job-id": job.id },
      el("td", {}, el("input", { type: "checkbox", class: "dead-pick", value: job.id, "aria-label": `Select job ${job.id}` })),
      el("td", { class: "id", "data-label": "Job" }, job.id),
      el("td", { "data-label": "Type" }, job.type),
      el("td", { "data-label": "Owner" }, `${job.tenantId}/${job.ownerId}`),
      el("td", { "data-label": "Failed at" }, formatTime(job.finishedAt)),
      el("td", { "data-label": "Last error" }, last ? `${last.type}: ${last.message}` : ""));
  }));
  $("dead-count").textContent = items.length ? `(${items.length})` : "";
  $("dead-empty").hidden = items.length > 0;
}

async function retrySelected() {
  const ids = [...document.querySelectorAll(".dead-pick:checked")].map((c) => c.value);
  if (!ids.length) {
    $("dead-message").textContent = "Select the jobs to retry first.";
    return;
  }
  const results = await Promise.allSettled(ids.map((id) => api("POST", inTenant(`/api/v2/jobs/${encodeURIComponent(id)}/retry`))));
  const ok = results.filter((r) => r.status === "fulfilled").length;
  $("dead-message").textContent = `Retried ${ok} of ${ids.length}.`;
  refresh();
}

function renderTenants(tenants) {
  fill($("tenant-rows"), tenants.map((t) => el("tr", { "data-tenant": t.tenantId },
    el("td", { "data-label": "Tenant" }, t.tenantId),
    ["queued", "processing", "completed", "failed", "cancelled"].map((s) => el("td", { "data-label": s }, String(t.counts[s] || 0))))));
}

// ---------- wiring ----------

document.addEventListener("DOMContentLoaded", () => {
  $("sign-in-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    session.signIn($("api-key").value.trim());
    $("api-key").value = "";
    try {
      await enter();
    } catch (e) {
      session.signOut();
      show("sign-in", e.status === 401 ? "That key is unknown or revoked." : e.message);
    }
  });
  const signOut = () => {
    session.signOut();
    show("sign-in", "Signed out.");
  };
  $("sign-out").addEventListener("click", signOut);
  $("refused-sign-out").addEventListener("click", signOut);
  $("dead-select-all").addEventListener("click", () => document.querySelectorAll(".dead-pick").forEach((c) => { c.checked = true; }));
  $("dead-retry").addEventListener("click", retrySelected);
  fill($("trend-range"), Object.entries(RANGES).map(([value, r]) => el("option", { value }, r.label)));
  $("trend-range").addEventListener("change", (event) => {
    range = event.target.value;
    refresh();
  });
  $("tenant-switch").addEventListener("change", (event) => {
    tenant = event.target.value;
    refresh();
    loadRecommendations();
  });
  if (session.key()) {
    enter().catch(() => show("sign-in", "Your key no longer works; sign in again."));
  } else {
    show("sign-in");
  }
});
