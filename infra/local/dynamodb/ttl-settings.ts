/**
 * Time to Live for the local DynamoDB: dynalite has none. The setting of each table (which
 * attribute holds the expiry) lives in a small JSON file next to dynalite's store, so it
 * survives restarts like the table does. This module also answers UpdateTimeToLive and
 * DescribeTimeToLive the way DynamoDB does (minus the ENABLING/DISABLING transition).
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { DynaliteEngine } from './dynalite-engine.ts';
import { serializationError, validationError, type WireRecord } from './wire.ts';

/** Table name → TTL attribute name, for tables with TTL enabled. */
export class TtlSettings {
  private constructor(
    private readonly file: string,
    private readonly attributes: Map<string, string>,
  ) {}

  /** Reads the settings file, or starts empty when there is none yet. */
  static async load(file: string): Promise<TtlSettings> {
    let saved: Record<string, string> = {};
    try {
      saved = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    return new TtlSettings(file, new Map(Object.entries(saved)));
  }

  attributeOf(tableName: string): string | undefined {
    return this.attributes.get(tableName);
  }

  /** Tables with TTL enabled and their TTL attribute. */
  entries(): [tableName: string, attributeName: string][] {
    return [...this.attributes];
  }

  /** Enables (with an attribute) or disables (undefined) TTL on a table, and saves. */
  async set(tableName: string, attributeName: string | undefined): Promise<void> {
    if (attributeName === undefined && !this.attributes.has(tableName)) return;
    if (attributeName === undefined) this.attributes.delete(tableName);
    else this.attributes.set(tableName, attributeName);
    // Write then rename, so a crash never leaves a half-written file behind.
    const temporary = `${this.file}.tmp`;
    await writeFile(temporary, JSON.stringify(Object.fromEntries(this.attributes), null, 2));
    await rename(temporary, this.file);
  }
}

/** Checks that the table exists (in any status), with DynamoDB's errors for bad or unknown names. */
async function assertTableExists(engine: DynaliteEngine, input: WireRecord): Promise<string> {
  await engine.invoke('DescribeTable', { TableName: input.TableName });
  return input.TableName as string;
}

/** Answers DescribeTimeToLive. */
export async function describeTimeToLive(
  engine: DynaliteEngine,
  settings: TtlSettings,
  input: WireRecord,
): Promise<WireRecord> {
  const attributeName = settings.attributeOf(await assertTableExists(engine, input));
  return {
    TimeToLiveDescription: attributeName
      ? { TimeToLiveStatus: 'ENABLED', AttributeName: attributeName }
      : { TimeToLiveStatus: 'DISABLED' },
  };
}

/**
 * Answers UpdateTimeToLive. Like DynamoDB, enabling an enabled table (or disabling a disabled
 * one) is a ValidationException, so callers must check first (see `ensureTable`).
 */
export async function updateTimeToLive(
  engine: DynaliteEngine,
  settings: TtlSettings,
  input: WireRecord,
): Promise<WireRecord> {
  const specification = input.TimeToLiveSpecification;
  if (specification == null) {
    throw validationError(
      "1 validation error detected: Value null at 'timeToLiveSpecification' failed to satisfy constraint: Member must not be null",
    );
  }
  if (typeof specification !== 'object' || Array.isArray(specification)) throw serializationError();
  const { Enabled, AttributeName } = specification as WireRecord;
  if (typeof Enabled !== 'boolean' || typeof AttributeName !== 'string') throw serializationError();
  if (AttributeName.length < 1 || AttributeName.length > 255) {
    throw validationError(
      `1 validation error detected: Value '${AttributeName}' at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have length between 1 and 255`,
    );
  }
  const tableName = await assertTableExists(engine, input);
  const current = settings.attributeOf(tableName);
  if (Enabled && current) throw validationError('TimeToLive is already enabled');
  if (!Enabled && !current) throw validationError('TimeToLive is already disabled');
  await settings.set(tableName, Enabled ? AttributeName : undefined);
  return { TimeToLiveSpecification: { Enabled, AttributeName } };
}
