/**
 * Dependency health for `GET /api/v1/health`: each check runs with a deadline so a slow
 * dependency makes the answer `degraded`, never a hung request.
 */
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { env } from '../config/env.ts';
import { s3Client } from '../storage/s3-client.ts';

export type ComponentStatus = 'ok' | 'error';

export interface ComponentHealth {
  status: ComponentStatus;
  latency_ms: number;
  message?: string;
}

export interface HealthReport {
  status: 'healthy' | 'degraded';
  version: string;
  checks: Record<string, ComponentHealth>;
}

const CHECK_DEADLINE_MS = 2_000;

let dynamo: DynamoDBClient | undefined;

async function timed(check: (signal: AbortSignal) => Promise<unknown>): Promise<ComponentHealth> {
  const started = performance.now();
  try {
    await check(AbortSignal.timeout(CHECK_DEADLINE_MS));
    return { status: 'ok', latency_ms: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      status: 'error',
      latency_ms: Math.round(performance.now() - started),
      message: error instanceof Error ? error.name : 'Unknown error',
    };
  }
}

/** Checks the table and the files bucket in parallel. */
export async function checkHealth(): Promise<HealthReport> {
  const config = env();
  dynamo ??= new DynamoDBClient({});
  const client = dynamo;
  const [database, storage] = await Promise.all([
    timed((abortSignal) =>
      client.send(new DescribeTableCommand({ TableName: config.TABLE_NAME }), { abortSignal }),
    ),
    timed((abortSignal) =>
      s3Client().send(new HeadBucketCommand({ Bucket: config.FILES_BUCKET }), { abortSignal }),
    ),
  ]);
  const checks = { database, storage };
  return {
    status: Object.values(checks).every((check) => check.status === 'ok') ? 'healthy' : 'degraded',
    version: process.env.APP_VERSION ?? 'dev',
    checks,
  };
}
