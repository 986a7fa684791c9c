/**
 * Gathers the keys asked for within one turn of the event loop and loads them together: a
 * thousand consoles reconnecting at once cost a few queries per batch, not a few per console.
 */
export class Batcher<K, V> {
  private waiting = new Map<K, { resolve(v: V | undefined): void; reject(e: unknown): void }[]>();
  private scheduled = false;

  constructor(
    private readonly loadMany: (keys: K[]) => Promise<Map<K, V>>,
    private readonly maxBatch = 500,
  ) {}

  load(key: K): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      const list = this.waiting.get(key);
      if (list) list.push({ resolve, reject });
      else this.waiting.set(key, [{ resolve, reject }]);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const all = [...this.waiting];
    this.waiting = new Map();
    for (let i = 0; i < all.length; i += this.maxBatch) {
      const part = all.slice(i, i + this.maxBatch);
      try {
        const found = await this.loadMany(part.map(([k]) => k));
        for (const [k, ws] of part) for (const w of ws) w.resolve(found.get(k));
      } catch (err) {
        for (const [, ws] of part) for (const w of ws) w.reject(err);
      }
    }
  }
}
