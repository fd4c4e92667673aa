/**
 * Identity costs on the local cloud:
 * - login latency through the gateway (p50/p99 at 1 and 50 connections), dominated by the
 *   argon2id verification whose parameters are printed;
 * - the authorizer's own cost per request (`authenticate`: Host → tenant, Bearer → claims),
 *   in-process with 50 concurrent callers, with warm caches and with the tenant cache cleared
 *   before every call (a cold Lambda or a new host).
 *
 * Run: `npm run bench -- auth`. Bounded request counts, loopback only.
 */
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { issueAccessToken } from '../shared/auth/access-token.ts';
import { authenticate } from '../shared/auth/authenticate.ts';
import { ARGON2_PARAMETERS } from '../shared/auth/password.ts';
import { service } from '../shared/data/service.ts';
import { clearTenantCache } from '../shared/tenancy/resolve-tenant.ts';
import { machine, percentile, withBenchCloud } from './support/bench-cloud.ts';

const LOGINS = Number(process.env.BENCH_LOGINS ?? 300);
const AUTHENTICATIONS = Number(process.env.BENCH_AUTHENTICATIONS ?? 5_000);
const CONCURRENCY = 50;
/** Runs `call` `total` times with `CONCURRENCY` in flight; returns sorted per-call milliseconds. */
async function measure(total: number, call: () => Promise<unknown>): Promise<number[]> {
  const durations: number[] = [];
  let started = 0;
  const worker = async () => {
    while (started < total) {
      started += 1;
      const begin = performance.now();
      await call();
      durations.push(performance.now() - begin);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return durations.sort((a, b) => a - b);
}

await withBenchCloud('auth', async (cloud) => {
  console.log(`# Identity costs — ${machine()}`);
  console.log(
    `# argon2id m=${ARGON2_PARAMETERS.memorySize} KiB, t=${ARGON2_PARAMETERS.iterations}, p=${ARGON2_PARAMETERS.parallelism}`,
  );
  console.log('login (POST /api/v1/auth/login)  conns   p50 ms   p99 ms   req/s   non-2xx');
  for (const connections of [1, CONCURRENCY]) {
    const result = await autocannon({
      url: `http://127.0.0.1:${cloud.port}/api/v1/auth/login`,
      method: 'POST',
      headers: { host: `demo.localhost:${cloud.port}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'member@demo.example.com', password: 'Demo-Password-2026' }),
      connections,
      amount: LOGINS,
      timeout: 60,
    });
    console.log(
      `${''.padEnd(32)} ${String(connections).padStart(5)} ${String(result.latency.p50).padStart(8)} ${String(result.latency.p99).padStart(8)} ${String(Math.round(result.requests.average)).padStart(7)} ${String(result.non2xx).padStart(9)}`,
    );
  }

  const agency = (await service().entities.agency.query.bySlug({ slug: 'demo' }).go()).data[0];
  if (!agency) throw new Error('demo agency missing');
  const { token } = await issueAccessToken({
    sub: randomUUID(),
    role: 'agency_admin',
    agency_id: agency.id,
    client_id: null,
    email: 'owner@demo.example.com',
    session_id: randomUUID(),
  });
  const headers = { host: `demo.localhost:${cloud.port}`, authorization: `Bearer ${token}` };
  console.log(`authenticate() in process, ${CONCURRENCY} concurrent   p50 ms   p99 ms`);
  for (const [label, before] of [
    ['warm caches', () => {}],
    ['tenant cache cleared each call', clearTenantCache],
  ] as const) {
    const sorted = await measure(AUTHENTICATIONS, async () => {
      before();
      const identity = await authenticate(headers);
      if (!identity.principal) throw new Error(`authentication failed: ${identity.error?.code}`);
    });
    console.log(
      `${label.padEnd(43)} ${percentile(sorted, 50).toFixed(2).padStart(8)} ${percentile(sorted, 99).toFixed(2).padStart(8)}`,
    );
  }
});
