/**
 * The local cloud: every emulated AWS service of ARCHITECTURE §1 behind one `node:http` server
 * on one port, with all state under one data directory. Used by `npm start`, the API tests and
 * the benchmarks, so what is tested is what runs.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AUTHORIZER, ROUTES } from '../../shared/api/routes.ts';
import { WEBSOCKET_ROUTES } from '../../shared/api/websocket-routes.ts';
import { resetEnvCache } from '../../shared/config/env.ts';
import { SCHEDULES } from '../../shared/schedules.ts';
import { seedDemo } from '../../shared/seed/demo.ts';
import { STATE_MACHINES } from '../../shared/state-machines.ts';
import { createDashboardService } from './dashboard/dashboard-service.ts';
import { createDynamoDbService } from './dynamodb/dynamodb-service.ts';
import { ensureTable } from './dynamodb/ensure-table.ts';
import { invokeLocally } from './handlers/invoke.ts';
import { createHttpApiService } from './http-api/http-api-service.ts';
import { createS3Service } from './s3/s3-service.ts';
import { createScheduler } from './scheduler/scheduler.ts';
import { ensureSecret } from './secretsmanager/ensure-secret.ts';
import { createSecretsManagerService } from './secretsmanager/secretsmanager-service.ts';
import type { LocalService } from './service.ts';
import { createSesService } from './ses/ses-service.ts';
import { createStepFunctionsService, stateMachineArn } from './stepfunctions/stepfunctions-service.ts';
import { createWebSocketService } from './websocket/websocket-service.ts';

export interface LocalCloudOptions {
  /** 0 picks a free port (tests). */
  port: number;
  dataDir: string;
  repoRoot: string;
  /** Built dashboard; omitted in API-only tests. */
  distDir?: string;
  /** Run the schedule table's timers (off in tests, which call sweeps directly). */
  scheduler?: boolean;
  /** Seed the demo agencies and logins (idempotent). */
  seed?: boolean;
}

export interface LocalCloud {
  readonly port: number;
  /** `http://localhost:PORT` — the URL a person opens. */
  readonly url: string;
  /** The environment handlers run with (endpoints, table and bucket names). */
  readonly env: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

/** The port is taken by another process. */
export class PortInUseError extends Error {}

const REGION = 'us-east-1';
const TABLE_NAME = 'content-strategist';
const FILES_BUCKET = 'content-strategist-files';
const ARTIFACTS_BUCKET = 'content-strategist-artifacts';
const JWT_SECRET_NAME = 'content-strategist/jwt-signing-key';
const BYOK_MASTER_KEY_NAME = 'content-strategist/byok-master-key';

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(`Port ${port} is in use`) : error),
    );
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * The variables the Lambda runtime and CDK would give handlers, pointed at this cloud. Written
 * into `process.env` because the handlers run in this process.
 */
function handlerEnvironment(origin: string, url: string): Record<string, string> {
  return {
    AWS_REGION: REGION,
    // The one key pair s3rver knows; the other emulators accept any credentials.
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_DYNAMODB: `${origin}/_aws/dynamodb`,
    AWS_ENDPOINT_URL_S3: `${origin}/_aws/s3`,
    AWS_ENDPOINT_URL_SFN: `${origin}/_aws/sfn`,
    AWS_ENDPOINT_URL_SESV2: `${origin}/_aws/ses`,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: `${origin}/_aws/secretsmanager`,
    JWT_SECRET_ID: JWT_SECRET_NAME,
    BYOK_MASTER_KEY_SECRET_ID: BYOK_MASTER_KEY_NAME,
    S3_FORCE_PATH_STYLE: 'true',
    TABLE_NAME,
    FILES_BUCKET,
    ARTIFACTS_BUCKET,
    FILES_BASE_URL: `${url}/files`,
    PLATFORM_DOMAIN: 'localhost',
    GENERATE_STATE_MACHINE_ARN: stateMachineArn('generate-document'),
    WEBSOCKET_URL: `${url.replace(/^http/, 'ws')}/ws`,
    WEBSOCKET_MANAGEMENT_URL: `${origin}/_aws/ws-management`,
    CORS_ALLOWED_ORIGINS: url,
    // With no Anthropic key, generation runs on the offline model (sample content); only here.
    CS_OFFLINE_MODEL: 'allowed',
  };
}

/** Starts every service on one port and returns once the table exists and the seed ran. */
export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  await mkdir(options.dataDir, { recursive: true });
  const services: LocalService[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      for (const service of services) {
        if (service.handle && (await service.handle(req, res))) return;
      }
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    })().catch((error: unknown) => {
      console.error('[local-cloud]', error);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('Internal error');
    });
  });
  server.on('upgrade', (req, socket, head) => {
    if (!services.some((service) => service.upgrade?.(req, socket, head))) socket.destroy();
  });

  const port = await listen(server, options.port);
  const origin = `http://127.0.0.1:${port}`;
  const url = `http://localhost:${port}`;
  const environment = handlerEnvironment(origin, url);
  Object.assign(process.env, environment);
  resetEnvCache();

  const serviceOptions = { dataDir: options.dataDir, origin };
  const invoke = (ref: Parameters<typeof invokeLocally>[0], event: unknown) =>
    invokeLocally(ref, event, options.repoRoot);
  services.push(
    await createDynamoDbService(serviceOptions),
    await createSecretsManagerService(serviceOptions),
    await createS3Service({
      ...serviceOptions,
      buckets: [FILES_BUCKET, ARTIFACTS_BUCKET],
      filesBucket: FILES_BUCKET,
    }),
    await createSesService(serviceOptions),
    await createStepFunctionsService({
      ...serviceOptions,
      machines: STATE_MACHINES,
      repoRoot: options.repoRoot,
    }),
    await createWebSocketService({ ...serviceOptions, routes: WEBSOCKET_ROUTES, repoRoot: options.repoRoot }),
    createHttpApiService({ routes: ROUTES, authorizer: AUTHORIZER, invoke }),
  );
  if (options.distDir)
    services.push(await createDashboardService({ ...serviceOptions, distDir: options.distDir }));

  const dynamodb = new DynamoDBClient({});
  await ensureTable(dynamodb, TABLE_NAME);
  dynamodb.destroy();
  // In AWS, CDK provisions these secrets; locally they are created once and kept in the data directory.
  const secrets = new SecretsManagerClient({});
  await ensureSecret(secrets, JWT_SECRET_NAME, () => randomBytes(48).toString('base64url'));
  await ensureSecret(secrets, BYOK_MASTER_KEY_NAME, () => randomBytes(32).toString('base64'));
  secrets.destroy();
  if (options.seed) await seedDemo();

  const scheduler = options.scheduler
    ? createScheduler({ schedules: SCHEDULES, repoRoot: options.repoRoot })
    : undefined;
  scheduler?.start();

  return {
    port,
    url,
    env: environment,
    async close() {
      await scheduler?.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const service of services.reverse()) await service.close();
    },
  };
}
