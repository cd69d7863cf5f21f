// The admin monitor's trend charts, drawn as plain SVG from /api/v2/analytics and
// /api/v2/analytics/sla: outcomes per step, run-time percentiles per step, SLA attainment per type.
import { el, fill, formatTime } from "./ujm.js";

const SVG = "http://www.w3.org/2000/svg";
const W = 600;
const H = 160;
const PAD = 28;

/** An SVG element with attributes and children (strings become text). */
export function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) {
    node.setAttribute(k, String(v));
  }
  for (const c of children) {
    node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return node;
}

/** The ranges the trend charts offer: a step and how many of them end now. */
export const RANGES = {
  hour: { step: "minute", steps: 60, label: "last hour, per minute" },
  day: { step: "hour", steps: 24, label: "last day, per hour" },
  month: { step: "day", steps: 30, label: "last 30 days, per day" },
};

/** The query of a range, ending with the current step. */
export function rangeQuery(range) {
  const { step, steps } = RANGES[range];
  const ms = { minute: 60e3, hour: 3600e3, day: 86400e3 }[step];
  const to = Math.floor(Date.now() / ms) * ms + ms;
  const from = to - steps * ms;
  return `step=${step}&from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`;
}

/** Every step of the range, the series' points in theirs (empty steps as zeros). */
function slots(series) {
  const ms = { minute: 60e3, hour: 3600e3, day: 86400e3 }[series.step];
  const byAt = new Map(series.points.map((p) => [new Date(p.at).getTime(), p]));
  const out = [];
  for (let t = new Date(series.from).getTime(); t < new Date(series.to).getTime(); t += ms) {
    out.push({ at: t, point: byAt.get(t) || null });
  }
  return out;
}

function frame(id, title) {
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-labelledby": id });
  chart.appendChild(svg("title", {}, title));
  chart.appendChild(svg("line", { class: "axis", x1: PAD, y1: H - PAD, x2: W - PAD, y2: H - PAD }));
  return chart;
}

/** Completed jobs as bars and failed attempts as a line, per step. */
export function renderTrend(node, series) {
  const s = slots(series);
  const most = Math.max(1, ...s.map(({ point }) => (point ? Math.max(point.completed, point.failedAttempts) : 0)));
  const step = (W - 2 * PAD) / s.length;
  const y = (n) => H - PAD - (n / most) * (H - 2 * PAD);
  const chart = frame("trend-title", "Completed and failed per step");
  const line = [];
  s.forEach(({ at, point }, i) => {
    const x = PAD + i * step;
    const done = point ? point.completed : 0;
    const failed = point ? point.failedAttempts : 0;
    if (done > 0) {
      chart.appendChild(svg("rect", { class: "bar", "data-at": new Date(at).toISOString(), x: x + 1, y: y(done), width: Math.max(1, step - 2), height: H - PAD - y(done) },
        svg("title", {}, `${formatTime(new Date(at).toISOString())}: ${done} completed, ${failed} failed attempts`)));
    }
    line.push(`${x + step / 2},${y(failed)}`);
  });
  chart.appendChild(svg("polyline", { class: "fail", points: line.join(" ") }));
  chart.appendChild(svg("text", { x: PAD, y: 12 }, `${most} per ${series.step}`));
  fill(node, chart);
}

/** p50, p90 and p99 of the run time per step, as three lines on one scale. */
export function renderRunTimes(node, series) {
  const s = slots(series);
  const values = s.flatMap(({ point }) => (point ? [point.runTimeMs.p50, point.runTimeMs.p90, point.runTimeMs.p99] : [])).filter((v) => v !== null);
  const most = Math.max(1, ...values);
  const step = (W - 2 * PAD) / s.length;
  const y = (v) => H - PAD - (v / most) * (H - 2 * PAD);
  const chart = frame("runtime-title", "Run time percentiles per step");
  for (const q of ["p50", "p90", "p99"]) {
    const pts = [];
    s.forEach(({ point }, i) => {
      if (point && point.runTimeMs[q] !== null) {
        pts.push(`${PAD + i * step + step / 2},${y(point.runTimeMs[q])}`);
      }
    });
    if (pts.length) {
      chart.appendChild(svg("polyline", { class: `q ${q}`, "data-quantile": q, points: pts.join(" ") }));
    }
  }
  chart.appendChild(svg("text", { x: PAD, y: 12 }, `${formatMillis(most)}`));
  fill(node, chart);
}

/** Each objective's attainment as a bar against its target. */
export function renderSla(node, sla) {
  if (!sla.objectives.length) {
    fill(node, el("p", { class: "empty" }, "No SLA objective is configured (UJM_SLA_<TYPE>)."));
    return;
  }
  const rowH = 26;
  const h = PAD + sla.objectives.length * rowH;
  const width = W - 2 * PAD - 120;
  const chart = svg("svg", { viewBox: `0 0 ${W} ${h}`, role: "img", "aria-labelledby": "sla-title" });
  sla.objectives.forEach((o, i) => {
    const top = 8 + i * rowH;
    const share = o.attainment === null ? null : o.attainment;
    chart.appendChild(svg("text", { x: 0, y: top + 13 }, o.type));
    chart.appendChild(svg("rect", { class: "track", x: 100, y: top, width, height: 16 }));
    if (share !== null) {
      chart.appendChild(svg("rect", { class: o.met ? "met" : "missed", "data-type": o.type, x: 100, y: top, width: width * share, height: 16 },
        svg("title", {}, `${o.type}: ${o.withinObjective} of ${o.ended} within ${o.objective}`)));
    }
    const target = 100 + (width * o.targetPercent) / 100;
    chart.appendChild(svg("line", { class: "target", x1: target, y1: top - 2, x2: target, y2: top + 18 }));
    chart.appendChild(svg("text", { x: 110 + width, y: top + 13 }, share === null ? "no jobs" : `${(share * 100).toFixed(1)} %`));
  });
  fill(node, chart);
}

/** One sentence over a series and the SLA answer, for the summary line. */
export function summary(series, sla) {
  const t = series.total;
  const missed = sla.objectives.filter((o) => !o.met).map((o) => o.type);
  return `${t.completed} completed, ${t.failedAttempts} failed attempts, ${t.deadLettered} dead-lettered; run time p50 ${formatMillis(t.runTimeMs.p50)}, p99 ${formatMillis(t.runTimeMs.p99)}. `
    + (sla.objectives.length ? (missed.length ? `SLA missed: ${missed.join(", ")}.` : "Every SLA met.") : "");
}

function formatMillis(ms) {
  if (ms === null || ms === undefined) {
    return "–";
  }
  return ms < 1000 ? `${ms} ms` : ms < 60000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 60000).toFixed(1)} min`;
}
