// One small cache for the run: the first caller of a key starts the work, later callers share the
// same promise (in flight or settled). Failures are kept too: a policy that could not be read is not
// read again by every scenario.
export class Once<V> {
  readonly #promises = new Map<string, Promise<V>>();

  get(key: string, make: () => Promise<V>): Promise<V> {
    let p = this.#promises.get(key);
    if (!p) {
      p = make();
      // A rejection nobody awaited yet must not crash the process; callers still see it.
      p.catch(() => undefined);
      this.#promises.set(key, p);
    }
    return p;
  }

  set(key: string, value: Promise<V>): void {
    value.catch(() => undefined);
    this.#promises.set(key, value);
  }

  has(key: string): boolean {
    return this.#promises.has(key);
  }
}
