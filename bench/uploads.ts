/**
 * Logo upload throughput through the local gateway (`POST /api/v1/agency/branding/logo`):
 * multipart PNGs of ~1 MB and ~8 MB (incompressible pixels), one at a time and 4 in flight, as
 * MB/s of file bytes accepted end to end (gateway base64 → busboy → byte checks → S3 put → entity
 * update). Also the in-process cost of the byte checks alone (`inspectImage`), for the ratio.
 *
 * Run: `npm run bench -- uploads` (BENCH_UPLOADS_SMALL / BENCH_UPLOADS_LARGE set the counts).
 */
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { type AccessSubject, issueAccessToken } from '../shared/auth/access-token.ts';
import { service } from '../shared/data/service.ts';
import { inspectImage } from '../shared/uploads/inspect-image.ts';
import { noisePng } from '../tests/support/png.ts';
import { machine, withBenchCloud } from './support/bench-cloud.ts';

const COUNTS = {
  small: Number(process.env.BENCH_UPLOADS_SMALL ?? 20),
  large: Number(process.env.BENCH_UPLOADS_LARGE ?? 6),
};
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

await withBenchCloud('uploads', async (cloud) => {
  const agency = (await service().entities.agency.query.bySlug({ slug: 'demo' }).go()).data[0];
  const users = agency ? (await service().entities.user.query.byId({ agency_id: agency.id }).go()).data : [];
  const owner = users.find((user) => user.role === 'agency_admin');
  if (!agency || !owner) throw new Error('demo agency or its admin missing');
  const { token } = await issueAccessToken({
    sub: owner.id,
    role: owner.role,
    agency_id: agency.id,
    client_id: null,
    email: owner.email,
    session_id: randomUUID(),
  } as AccessSubject);

  const upload = async (file: Buffer) => {
    const form = new FormData();
    form.set('type', 'horizontal');
    form.set('file', new Blob([new Uint8Array(file)], { type: 'image/png' }), 'logo.png');
    const request = new Request(`http://127.0.0.1:${cloud.port}/api/v1/agency/branding/logo`, {
      method: 'POST',
      body: form,
    });
    const body = Buffer.from(await request.arrayBuffer());
    const begin = performance.now();
    // node:http rather than fetch: fetch cannot send the agency's Host header.
    const status = await new Promise<number>((done, fail) => {
      const outgoing = httpRequest(
        {
          host: '127.0.0.1',
          port: cloud.port,
          path: '/api/v1/agency/branding/logo',
          method: 'POST',
          headers: {
            host: `demo.localhost:${cloud.port}`,
            authorization: `Bearer ${token}`,
            'content-type': request.headers.get('content-type') as string,
            'content-length': body.length,
          },
        },
        (response) => {
          response.resume();
          response.on('end', () => done(response.statusCode ?? 0));
        },
      );
      outgoing.on('error', fail);
      outgoing.end(body);
    });
    if (status !== 201) throw new Error(`upload answered ${status}`);
    return performance.now() - begin;
  };

  console.log(`# Logo uploads — ${machine()}`);
  console.log('# local gateway + s3rver on disk + dynalite; files are distinct random-pixel PNGs');
  console.log('size      file MB  uploads  in flight  p50 ms   MB/s (file bytes)   inspect-only MB/s');
  for (const [label, width, height, count] of [
    ['~1 MB', 580, 580, COUNTS.small],
    ['~8 MB', 1640, 1640, COUNTS.large],
  ] as const) {
    const files = Array.from({ length: count }, () => noisePng(width, height));
    const megabytes = (files[0]?.length ?? 0) / 1_000_000;
    const inspectBegin = performance.now();
    for (const file of files) await inspectImage(file, { allowSvg: true });
    const inspectRate = (megabytes * count) / ((performance.now() - inspectBegin) / 1000);
    await upload(files[0] as Buffer); // warm the handler modules and the S3/Dynamo clients
    for (const inFlight of [1, 4]) {
      const durations: number[] = [];
      let next = 0;
      const begin = performance.now();
      await Promise.all(
        Array.from({ length: inFlight }, async () => {
          while (next < files.length) {
            const file = files[next++] as Buffer;
            durations.push(await upload(file));
          }
        }),
      );
      const seconds = (performance.now() - begin) / 1000;
      console.log(
        `${label.padEnd(9)} ${megabytes.toFixed(2).padStart(7)} ${String(count).padStart(8)} ${String(inFlight).padStart(10)} ${median(durations).toFixed(0).padStart(7)} ${((megabytes * count) / seconds).toFixed(1).padStart(18)} ${inspectRate.toFixed(0).padStart(19)}`,
      );
    }
  }
});
