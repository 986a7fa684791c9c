/**
 * An export's rows with the first batch already read. Once the reply's headers are out a failure
 * can only cut the connection (the client sees a truncated file and no reason), so the query's
 * first round trip, where bad filters fail, happens before the first byte.
 */
export async function firstBatchRead<T>(rows: AsyncIterable<T>): Promise<AsyncIterable<T>> {
  const it = rows[Symbol.asyncIterator]();
  const first = await it.next();
  return {
    async *[Symbol.asyncIterator]() {
      if (first.done) return;
      yield first.value;
      for (let next = await it.next(); !next.done; next = await it.next()) yield next.value;
    },
  };
}
