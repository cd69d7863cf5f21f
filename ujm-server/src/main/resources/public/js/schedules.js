// The schedules page: every schedule the key may see with its next fires and its last run, paused,
// resumed or run now from its row. The rows follow the live stream: a job a schedule made changes
// state, and the page reads the schedules again (their last run and next fire moved with it).
import { api, el, fill, formatTime, stateBadge } from "./ujm.js";
import { debounced, say as sayIn, startSignedInPage } from "./signed-in-page.js";

const byId = (id) => document.getElementById(id);
const PAGE = 50;

let pageCursor = null; // the cursor of the page shown
let nextCursor = null;
const lastJobs = new Set(); // the last run of each schedule shown: its events refresh the page

async function load(cursor = pageCursor) {
  const query = new URLSearchParams({ limit: String(PAGE) });
  if (cursor) {
    query.set("cursor", cursor);
  }
  const page = await api("GET", `/api/v2/schedules?${query}`);
  pageCursor = cursor;
  nextCursor = page.nextCursor;
  lastJobs.clear();
  page.items.forEach((s) => s.lastJobId && lastJobs.add(s.lastJobId));
  fill(byId("schedule-rows"), page.items.map(row));
  byId("schedule-count").textContent = page.items.length ? `(${page.items.length})` : "";
  byId("schedule-empty").hidden = page.items.length > 0;
  byId("next-page").disabled = !nextCursor;
}

const reload = debounced(() => load().catch(say));

function row(s) {
  return el("tr", { "data-schedule-id": s.id, "data-enabled": String(s.enabled) },
    el("td", { "data-label": "Schedule" },
      el("span", { class: "schedule-name" }, s.name || s.id), " ",
      el("span", { class: "job-type" }, s.job.type)),
    el("td", { "data-label": "Cron", class: "cron" }, el("code", {}, s.cron), " ", el("span", { class: "hint" }, s.timeZone)),
    el("td", { "data-label": "Status", class: "schedule-status" },
      el("span", { class: s.enabled ? "badge state-completed" : "badge paused" }, s.enabled ? "active" : "paused")),
    el("td", { "data-label": "Next fires", class: "next-fires" },
      s.enabled && s.nextFireAt ? el("time", { datetime: s.nextFireAt, class: "next-fire" }, formatTime(s.nextFireAt)) : "—",
      s.enabled && s.nextFires && s.nextFires.length > 1
        ? el("details", {}, el("summary", {}, "then"), el("ul", { class: "fires" }, s.nextFires.slice(1).map((f) => el("li", {}, formatTime(f)))))
        : null),
    el("td", { "data-label": "Last run", class: "last-run" },
      s.lastJobId
        ? [el("span", { class: "id", title: s.lastJobId }, s.lastJobId.slice(-12)), " ",
          s.lastRunState ? stateBadge(s.lastRunState) : null, " ", el("span", { class: "hint" }, formatTime(s.lastFireAt))]
        : "never"),
    el("td", {}, el("span", { class: "row-actions" },
      s.enabled
        ? button("pause", "Pause", s)
        : button("resume", "Resume", s),
      button("trigger", "Run now", s))));
}

function button(action, label, s) {
  return el("button", {
    type: "button",
    class: "small secondary",
    "data-action": action,
    onclick: () => act(action, s),
  }, label);
}

async function act(action, s) {
  try {
    const answer = await api("POST", `/api/v2/schedules/${encodeURIComponent(s.id)}/${action}`);
    const done = { pause: "paused", resume: "resumed", trigger: `run now as job ${answer.id}` };
    say(`Schedule ${s.name || s.id} ${done[action]}.`, true);
    await load();
  } catch (e) {
    say(e);
  }
}

function say(what, ok = false) {
  sayIn("schedule-message", what, ok);
}

document.addEventListener("DOMContentLoaded", () => {
  byId("next-page").addEventListener("click", () => nextCursor && load(nextCursor).catch(say));
  byId("first-page").addEventListener("click", () => load(null).catch(say));
  startSignedInPage({
    probe: "/api/v2/schedules?limit=1",
    onReady: () => load(null).catch(say),
    // a fire makes a job (its first event is not one of the last runs shown) and a last run moves on
    onEvent: (event) => {
      if (event.event === "state" && (event.state === "queued" || lastJobs.has(event.jobId))) {
        reload();
      }
    },
    onResync: reload,
    poll: () => load(),
  });
});
