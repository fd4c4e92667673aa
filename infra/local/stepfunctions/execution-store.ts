/**
 * Execution records on disk, one JSON file per execution under `<dataDir>/stepfunctions`, so
 * DescribeExecution and ListExecutions answer after a restart as they would in AWS (which keeps
 * closed executions for 90 days).
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionRecord {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: ExecutionStatus;
  /** JSON text, as given to StartExecution. */
  readonly input: string;
  /** JSON text; only for SUCCEEDED. */
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  /** Epoch milliseconds. */
  readonly startDate: number;
  readonly stopDate?: number;
}

/** All records in memory, each write-through to its own file. */
export class ExecutionStore {
  private readonly records = new Map<string, ExecutionRecord>();
  /** Per-execution write chains, so a late RUNNING write can never land after SUCCEEDED. */
  private readonly writes = new Map<string, Promise<void>>();

  private constructor(private readonly directory: string) {}

  /** Opens (creating) the store in `directory` and reads every record in it. */
  static async open(directory: string): Promise<ExecutionStore> {
    await mkdir(directory, { recursive: true });
    const store = new ExecutionStore(directory);
    for (const file of await readdir(directory)) {
      if (!file.endsWith('.json')) continue;
      const record = JSON.parse(await readFile(join(directory, file), 'utf8')) as ExecutionRecord;
      store.records.set(record.executionArn, record);
    }
    return store;
  }

  get(executionArn: string): ExecutionRecord | undefined {
    return this.records.get(executionArn);
  }

  /** Every record, newest first (the order ListExecutions returns). */
  all(): ExecutionRecord[] {
    return [...this.records.values()].sort((a, b) => b.startDate - a.startDate);
  }

  /** Replaces the record in memory at once and on disk in order; resolves once it is written. */
  save(record: ExecutionRecord): Promise<void> {
    this.records.set(record.executionArn, record);
    const file = join(
      this.directory,
      `${createHash('sha256').update(record.executionArn).digest('hex')}.json`,
    );
    const previous = this.writes.get(record.executionArn) ?? Promise.resolve();
    const writeRecord = async () => {
      // Write-then-rename: a crash mid-write leaves the previous version, never half a file.
      await writeFile(`${file}.tmp`, JSON.stringify(record));
      await rename(`${file}.tmp`, file);
    };
    // A failed write is reported to its own caller and does not block the next one.
    const write = previous.then(writeRecord, writeRecord);
    this.writes.set(record.executionArn, write);
    return write;
  }

  /** Resolves when every pending write has reached the disk. */
  async flush(): Promise<void> {
    await Promise.all(this.writes.values());
  }
}
