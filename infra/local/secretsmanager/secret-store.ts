/**
 * The secrets of the local Secrets Manager: all in memory, written through to one JSON file
 * (`<dataDir>/secretsmanager/secrets.json`, mode 0600 in a 0700 directory, because it holds the
 * plaintext values, e.g. the JWT signing key) so a restart keeps every secret and version.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One version of a secret's value; exactly one of the two values is set. */
export interface SecretVersion {
  readonly versionId: string;
  readonly secretString?: string;
  /** Base64, as on the wire. */
  readonly secretBinary?: string;
  /** Epoch milliseconds. */
  readonly createdDate: number;
  /** Staging labels, e.g. `AWSCURRENT`; a version left with none is dropped. */
  stages: string[];
}

export interface SecretTag {
  readonly Key: string;
  readonly Value: string;
}

export interface SecretRecord {
  readonly arn: string;
  readonly name: string;
  readonly description?: string;
  readonly kmsKeyId?: string;
  readonly tags: readonly SecretTag[];
  /** Epoch milliseconds. */
  readonly createdDate: number;
  lastChangedDate: number;
  versions: SecretVersion[];
}

interface StoreFile {
  readonly secrets: SecretRecord[];
}

/** The random `-XXXXXX` Secrets Manager appends to a secret's name in its ARN. */
const ARN_SUFFIX = /-[A-Za-z0-9]{6}$/;

export class SecretStore {
  private readonly secrets = new Map<string, SecretRecord>();
  private writing: Promise<void> = Promise.resolve();

  private constructor(private readonly file: string) {}

  /** Opens (creating) the store in `directory` and reads the secrets a previous run left. */
  static async open(directory: string): Promise<SecretStore> {
    await mkdir(directory, { recursive: true, mode: 0o700 });
    const store = new SecretStore(join(directory, 'secrets.json'));
    let text: string | undefined;
    try {
      text = await readFile(store.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text !== undefined) {
      for (const secret of (JSON.parse(text) as StoreFile).secrets) store.secrets.set(secret.name, secret);
    }
    return store;
  }

  /** The secret named by `secretId`: its name, its full ARN, or its ARN without the random suffix. */
  find(secretId: string): SecretRecord | undefined {
    if (!secretId.startsWith('arn:')) return this.secrets.get(secretId);
    for (const secret of this.secrets.values()) {
      if (secret.arn === secretId || secret.arn.replace(ARN_SUFFIX, '') === secretId) return secret;
    }
    return undefined;
  }

  /** Adds a new secret in memory; `save()` writes it. */
  add(secret: SecretRecord): void {
    this.secrets.set(secret.name, secret);
  }

  /**
   * Writes every secret as it is now; resolves once that state is on disk. Writes run one at a
   * time, each writing the then-current state, so the file never goes back to an older one.
   */
  save(): Promise<void> {
    const write = async () => {
      const data: StoreFile = { secrets: [...this.secrets.values()] };
      // Write-then-rename: a crash mid-write leaves the previous file, never half a file.
      await writeFile(`${this.file}.tmp`, JSON.stringify(data), { mode: 0o600 });
      await rename(`${this.file}.tmp`, this.file);
    };
    // A failed write is reported to its own caller and does not block the next one.
    this.writing = this.writing.then(write, write);
    return this.writing;
  }

  /** Resolves when every pending write has reached the disk. */
  async flush(): Promise<void> {
    await this.writing.catch(() => undefined);
  }
}
