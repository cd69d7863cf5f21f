// The load generator of `ujm bench submit --external`, in its own process: autocannon sending
// `POST /api/v2/jobs` with a no-op job at a fixed overall rate over keep-alive connections.
//
// 1. Warm-up: `warmupSeconds` at the rate, not measured.
// 2. Measured: `seconds` at the same rate.
// 3. Prints one JSON line: {"requests", "errors", "non2xx", "p50", "p90", "p99", "max"} (milliseconds).
//
// Usage: node autocannon-load.mjs <url> <apiKey> <rate> <connections> <warmupSeconds> <seconds>
import autocannon from 'autocannon';

const [url, apiKey, rate, connections, warmupSeconds, seconds] = process.argv.slice(2);
const options = (duration) => ({
  url: url + '/api/v2/jobs',
  method: 'POST',
  headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + apiKey },
  body: '{"type":"noop"}',
  connections: Number(connections),
  overallRate: Number(rate),
  duration: Number(duration),
});

if (Number(warmupSeconds) > 0) await autocannon(options(warmupSeconds));
const r = await autocannon(options(seconds));
console.log(JSON.stringify({
  requests: r.requests.total,
  errors: r.errors + r.timeouts,
  non2xx: r.non2xx,
  p50: r.latency.p50,
  p90: r.latency.p90,
  p99: r.latency.p99,
  max: r.latency.max,
}));
