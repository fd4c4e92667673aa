/**
 * `ClientRequestToken` idempotency of TransactWriteItems: the SDK puts a fresh token on every
 * call and reuses it when it retries, so a retried transaction that had in fact succeeded must
 * not be applied twice. Like DynamoDB, a token is remembered for 10 minutes, and reusing it
 * with different parameters is an error. Only successes are remembered: a cancelled
 * transaction changed nothing, so running it again is what DynamoDB does too.
 */
import { dynamoError, type WireRecord } from './wire.ts';

const TOKEN_LIFETIME_MS = 10 * 60 * 1000;

interface Remembered {
  readonly fingerprint: string;
  readonly response: WireRecord;
  readonly expiresAt: number;
}

export class ClientTokenCache {
  readonly #entries = new Map<string, Remembered>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * The response of an earlier successful call with `token`, or undefined. Throws
   * `IdempotentParameterMismatchException` when that call had other parameters.
   */
  replay(token: string, fingerprint: string): WireRecord | undefined {
    const entry = this.#entries.get(token);
    if (!entry || entry.expiresAt <= this.now()) return undefined;
    if (entry.fingerprint !== fingerprint) {
      throw dynamoError(
        'IdempotentParameterMismatchException',
        'The request uses the same client token as a previous, but non-identical request.',
      );
    }
    return entry.response;
  }

  /** Remembers a successful call; forgets expired ones (the map is in expiry order). */
  remember(token: string, fingerprint: string, response: WireRecord): void {
    const now = this.now();
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt > now) break;
      this.#entries.delete(key);
    }
    this.#entries.delete(token);
    this.#entries.set(token, { fingerprint, response, expiresAt: now + TOKEN_LIFETIME_MS });
  }
}
