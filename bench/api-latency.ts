/**
 * Local API latency: p50/p99 and throughput of the local cloud at 1 and 50 concurrent
 * connections, for `/api/v1/health` (DescribeTable + HeadBucket through the emulators) and
 * `/api/v1/plans` (a DynamoDB query through ElectroDB), on a fresh seeded data directory.
 *
 * Run: `npm run bench -- api` (or `tsx bench/api-latency.ts`). Every run is bounded by request
 * count and only talks to 127.0.0.1. Figures are for comparing runs on one machine, not SLOs.
 */
import autocannon from 'autocannon';
import { machine, withBenchCloud } from './support/bench-cloud.ts';

const REQUESTS_PER_RUN = Number(process.env.BENCH_REQUESTS ?? 2_000);

async function measure(url: string, connections: number) {
  const result = await autocannon({ url, connections, amount: REQUESTS_PER_RUN, timeout: 30 });
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: Math.round(result.requests.average),
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

await withBenchCloud('api', async (cloud) => {
  console.log(`# Local API latency — ${machine()}`);
  console.log(`# ${REQUESTS_PER_RUN} requests per row, autocannon against ${cloud.url}`);
  console.log('route              conns   p50 ms   p99 ms   req/s   non-2xx  errors');
  for (const path of ['/api/v1/health', '/api/v1/plans']) {
    for (const connections of [1, 50]) {
      const row = await measure(`${cloud.url}${path}`, connections);
      console.log(
        `${path.padEnd(18)} ${String(connections).padStart(5)} ${String(row.p50).padStart(8)} ${String(row.p99).padStart(8)} ${String(row.rps).padStart(7)} ${String(row.non2xx).padStart(9)} ${String(row.errors).padStart(7)}`,
      );
    }
  }
});
