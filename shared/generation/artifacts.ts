/**
 * What the pipeline's steps hand each other: JSON artifacts in the artifacts bucket under
 * `artifacts/{agency}/{document}/{name}.json`, never state-machine payloads (256 KB cap). Keys are
 * derived from the run and the artifact's name only, so a retried step overwrites its own artifact
 * and the next step finds it without being told where it is.
 */
import { GetObjectCommand, NoSuchKey, PutObjectCommand } from '@aws-sdk/client-s3';
import type { z } from 'zod';
import { env } from '../config/env.ts';
import { s3Client } from '../storage/s3-client.ts';
import type { GenerationRef } from './job-lifecycle.ts';

/** Artifact names: a step id, or `step/part` for the pieces of a fanned-out step. */
const NAME = /^[a-z_]+(\/[a-z0-9_-]+)?$/;

/** Object key of artifact `name` of the run's document. */
export function artifactKey(ref: Pick<GenerationRef, 'agency_id' | 'document_id'>, name: string): string {
  if (!NAME.test(name)) throw new Error(`Invalid artifact name ${name}`);
  return `artifacts/${ref.agency_id}/${ref.document_id}/${name}.json`;
}

/** Writes (or overwrites) artifact `name`; returns its key. */
export async function putArtifact(ref: GenerationRef, name: string, value: unknown): Promise<string> {
  const key = artifactKey(ref, name);
  await s3Client().send(
    new PutObjectCommand({
      Bucket: env().ARTIFACTS_BUCKET,
      Key: key,
      Body: JSON.stringify(value),
      ContentType: 'application/json',
    }),
  );
  return key;
}

/**
 * Reads artifact `name` and validates it with `schema`. A missing artifact is a bug in the
 * workflow (a step ran before the one producing it), so it throws rather than returning nothing.
 */
export async function getArtifact<T>(ref: GenerationRef, name: string, schema: z.ZodType<T>): Promise<T> {
  const value = await readArtifact(ref, name);
  if (value === undefined) throw new Error(`Artifact ${artifactKey(ref, name)} does not exist`);
  return schema.parse(value);
}

async function readArtifact(ref: GenerationRef, name: string): Promise<unknown> {
  try {
    const object = await s3Client().send(
      new GetObjectCommand({ Bucket: env().ARTIFACTS_BUCKET, Key: artifactKey(ref, name) }),
    );
    return JSON.parse((await object.Body?.transformToString()) ?? 'null');
  } catch (error) {
    if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
    throw error;
  }
}
