// The admin monitor's recommendations panel: GET /api/v2/recommendations, read once a minute (it
// reads up to 2,000 recent jobs, so it does not follow every live event) and on demand.
import { api, el, fill } from "./ujm.js";

const EVERY_MS = 60000;
let timer = null;
let pathOf = () => "/api/v2/recommendations";

/** Starts reading the recommendations at the path the page gives (narrowed to its tenant). */
export function startRecommendations(path) {
  pathOf = path;
  stopRecommendations();
  timer = setInterval(loadRecommendations, EVERY_MS);
  loadRecommendations();
}

export function stopRecommendations() {
  clearInterval(timer);
  timer = null;
}

export async function loadRecommendations() {
  const rows = document.getElementById("recommendation-rows");
  const empty = document.getElementById("recommendations-empty");
  try {
    const body = await api("GET", pathOf());
    const items = body.recommendations.filter((r) => !r.kind.endsWith("-pattern"));
    const patterns = body.recommendations.filter((r) => r.kind.endsWith("-pattern"));
    fill(rows, ...[...items, ...patterns].map(row));
    empty.hidden = body.recommendations.length > 0;
  } catch (e) {
    fill(rows, el("tr", {}, el("td", { colspan: "3" }, `Could not read the recommendations: ${e.message}`)));
    empty.hidden = true;
  }
}

function row(r) {
  const figures = Object.entries(r.figures)
    .map(([name, value]) => `${name} ${typeof value === "object" ? JSON.stringify(value).replaceAll(",", ", ") : value}`)
    .join(", ");
  return el(
    "tr",
    {},
    el("td", { "data-label": "Kind" }, r.kind),
    el("td", { "data-label": "Advice" }, r.message),
    el("td", { "data-label": "Figures" }, figures),
  );
}
