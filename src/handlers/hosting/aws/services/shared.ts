// Helpers every AWS service implementation shares: SDK clients made on first use, and bounded
// concurrency for per-resource calls.

/** Imports an SDK module and builds its client on first use; later calls share both. */
export function lazyClient<M, C>(load: () => Promise<M>, make: (sdk: M) => C): () => Promise<{ sdk: M; client: C }> {
  let made: Promise<{ sdk: M; client: C }> | undefined;
  return () => (made ??= load().then((sdk) => ({ sdk, client: make(sdk) })));
}

/** Runs `work` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A metric query's start time rounded down to its period, as CloudWatch recommends (buckets on period boundaries). */
export function alignDown(epochMs: number, periodSeconds: number): number {
  const period = periodSeconds * 1000;
  return Math.floor(epochMs / period) * period;
}
