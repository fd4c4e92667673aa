/**
 * Client list latency at 1,000 clients in one agency (issue 4): p50/p99 of `GET /api/v1/clients`
 * (first page, newest first) with and without `search`, at 1 and 50 connections, on a fresh
 * seeded local cloud. The list reads the agency's whole active set from `client.byActive` and
 * pages in memory (`shared/clients/read-clients.ts`), so the same data is also read in process
 * two ways to show what that costs: the whole active set (what every list request reads) and one
 * page of 20 straight from the index (what a newest-first page without search could read instead).
 *
 * Run: `npm run bench -- clients` (or `tsx bench/clients.ts`). Bounded request counts, loopback
 * only. Figures are for comparing runs on one machine, not SLOs.
 */
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { issueAccessToken } from '../shared/auth/access-token.ts';
import { LIST_ATTRIBUTES } from '../shared/clients/client-views.ts';
import { createClient } from '../shared/clients/create-client.ts';
import { service } from '../shared/data/service.ts';
import { machine, percentile, withBenchCloud } from './support/bench-cloud.ts';

const CLIENTS = 1_000;
const REQUESTS_PER_ROW = Number(process.env.BENCH_REQUESTS ?? 300);
const SEED_CONCURRENCY = 8;
const IN_PROCESS_READS = 20;
const INDUSTRIES = ['Healthcare', 'Logistics', 'Software', 'Retail', 'Finance'];
/** Milliseconds of `IN_PROCESS_READS` sequential runs of `read`, sorted. */
async function time(read: () => Promise<unknown>): Promise<number[]> {
  const durations: number[] = [];
  for (let run = 0; run < IN_PROCESS_READS; run += 1) {
    const begin = performance.now();
    await read();
    durations.push(performance.now() - begin);
  }
  return durations.sort((a, b) => a - b);
}

await withBenchCloud('clients', async (cloud) => {
  const agency = (await service().entities.agency.query.bySlug({ slug: 'demo' }).go()).data[0];
  if (!agency) throw new Error('demo agency missing');
  // Room for 1,000 active clients (the demo plan has 200 seats).
  await service()
    .entities.agency.patch({ id: agency.id })
    .set({ max_seats: CLIENTS + 10 })
    .go();
  const seedStart = performance.now();
  let next = agency.active_client_count;
  const seedWorker = async () => {
    while (next < CLIENTS) {
      const n = next++;
      await createClient(agency.id, {
        company_name: `Bench Company ${n}`,
        contact_name: `Contact ${n}`,
        contact_email: `contact${n}@bench.example`,
        industry: INDUSTRIES[n % INDUSTRIES.length],
        company_description: 'A client seeded for the list benchmark, with a description of typical length.',
      });
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, seedWorker));
  const seedSeconds = (performance.now() - seedStart) / 1000;

  const { token } = await issueAccessToken({
    sub: randomUUID(),
    role: 'agency_admin',
    agency_id: agency.id,
    client_id: null,
    email: 'owner@demo.example.com',
    session_id: randomUUID(),
  });
  const headers = { host: `demo.localhost:${cloud.port}`, authorization: `Bearer ${token}` };

  console.log(`# Client list — ${machine()}`);
  console.log(
    `# ${CLIENTS} active clients in agency "demo" (seeded in ${seedSeconds.toFixed(1)} s), ${REQUESTS_PER_ROW} requests per row, autocannon against ${cloud.url}`,
  );
  console.log('GET /api/v1/clients…                      conns   p50 ms   p99 ms   req/s   non-2xx');
  for (const query of ['', '?search=company%2042', '?industry=software&sort=company_name&order=asc']) {
    for (const connections of [1, 50]) {
      const result = await autocannon({
        url: `http://127.0.0.1:${cloud.port}/api/v1/clients${query}`,
        headers,
        connections,
        amount: REQUESTS_PER_ROW,
        timeout: 60,
      });
      console.log(
        `${(query || '(first page)').padEnd(41)} ${String(connections).padStart(5)} ${String(result.latency.p50).padStart(8)} ${String(result.latency.p99).padStart(8)} ${String(Math.round(result.requests.average)).padStart(7)} ${String(result.non2xx).padStart(9)}`,
      );
    }
  }

  const byActive = () => service().entities.client.query.byActive({ agency_id: agency.id, is_active: true });
  const whole = await time(() => byActive().go({ pages: 'all', attributes: [...LIST_ATTRIBUTES] }));
  const onePage = await time(() =>
    byActive().go({ order: 'desc', limit: 20, attributes: [...LIST_ATTRIBUTES] }),
  );
  console.log(`in-process DynamoDB read (${IN_PROCESS_READS} sequential)          p50 ms   p99 ms`);
  for (const [label, sorted] of [
    [`whole active set (${CLIENTS} items, list attributes)`, whole],
    ['one page of 20 from the index', onePage],
  ] as const) {
    console.log(
      `${label.padEnd(47)} ${percentile(sorted, 50).toFixed(1).padStart(8)} ${percentile(sorted, 99).toFixed(1).padStart(8)}`,
    );
  }
});
