// The admin monitor's "Quota use" section: what the tenant on view uses of each quota, beside the
// quota, from the monitor's answer (quotaUse). A quota the tenant does not have reads "no limit".
import { el, fill } from "./ujm.js";

const ROWS = [
  { quota: "maxQueued", label: "Waiting to run", used: (u) => u.waiting, limit: (u) => u.maxQueued },
  { quota: "maxRunning", label: "Running", used: (u) => u.running, limit: (u) => u.maxRunning },
  { quota: "jobsPerDay", label: "Jobs submitted today (UTC)", used: (u) => u.jobsToday, limit: (u) => u.jobsPerDay },
  { quota: "costPerDay", label: "Cost units submitted today (UTC)", used: (u) => u.costToday, limit: (u) => u.costPerDay },
];

function number(n) {
  if (n === undefined || n === null) {
    return "—"; // the day is counted only for a tenant with a daily quota
  }
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** Fills the section from the monitor's quotaUse; hides it when the answer has none. */
export function renderQuotaUse(use) {
  const section = document.getElementById("quota-use");
  section.hidden = !use;
  if (!use) {
    return;
  }
  document.getElementById("quota-tenant").textContent = use.tenantId;
  fill(document.getElementById("quota-rows"), ROWS.map((row) => {
    const used = row.used(use);
    const limit = row.limit(use);
    const limited = limit !== undefined && limit !== null;
    const known = used !== undefined && used !== null;
    const share = !known ? 0 : limited && limit > 0 ? Math.min(1, used / limit) : limited ? 1 : 0;
    return el("tr", { "data-quota": row.quota, "data-full": String(known && limited && used >= limit) },
      el("th", { scope: "row" }, row.label),
      el("td", { "data-label": "In use", class: "used" }, number(used)),
      el("td", { "data-label": "Quota", class: "limit" }, limited ? number(limit) : "no limit"),
      el("td", { "data-label": "Share" },
        el("meter", { min: "0", max: "1", value: String(share), "aria-label": `${row.label}: ${limited ? Math.round(share * 100) + "%" : "no limit"}` })));
  }));
}
