/**
 * A FIFO readers-writer lock for the DynamoDB proxy.
 *
 * Writers (every mutating operation, transactions, TTL deletions) run alone, so no plain write
 * interleaves with a transaction. Readers run together but never while a writer holds the
 * lock: a transaction applies its actions one by one and rolls back on failure, and readers
 * must not see those intermediate states (DynamoDB readers never do). Requests are granted in
 * arrival order, so a steady stream of reads cannot starve a waiting write.
 */
interface Waiter {
  readonly exclusive: boolean;
  readonly grant: () => void;
}

export class ReadWriteLock {
  #readers = 0;
  #writing = false;
  readonly #queue: Waiter[] = [];

  /** Runs `task` alongside other readers, never alongside a writer. */
  read<T>(task: () => Promise<T>): Promise<T> {
    return this.#run(false, task);
  }

  /** Runs `task` alone. */
  write<T>(task: () => Promise<T>): Promise<T> {
    return this.#run(true, task);
  }

  async #run<T>(exclusive: boolean, task: () => Promise<T>): Promise<T> {
    await new Promise<void>((grant) => {
      this.#queue.push({ exclusive, grant });
      this.#pump();
    });
    try {
      return await task();
    } finally {
      if (exclusive) this.#writing = false;
      else this.#readers -= 1;
      this.#pump();
    }
  }

  #pump(): void {
    for (let next = this.#queue[0]; next; next = this.#queue[0]) {
      if (this.#writing || (next.exclusive && this.#readers > 0)) return;
      this.#queue.shift();
      if (next.exclusive) this.#writing = true;
      else this.#readers += 1;
      next.grant();
    }
  }
}
