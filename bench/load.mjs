// One load run, in its own process so the load generator never shares a CPU queue with the server it
// measures: `node bench/load.mjs <json options>` prints autocannon's summary as one JSON line.
import autocannon from 'autocannon';

const options = JSON.parse(process.argv[2]);
const result = await autocannon({ ...options, body: options.body });
process.stdout.write(
  `${JSON.stringify({
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    bytes: result.throughput.average,
  })}\n`,
);
