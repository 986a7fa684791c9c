/**
 * Run by the file-store tests as a child process (`node --expose-gc --import tsx`), so that live
 * memory can be measured after each collection in a small heap: put a 15 MB random file into one
 * store and read it back, printing as JSON how far live memory grew at most in each direction.
 * Argument: the store kind. Environment: DATABASE_URL, FILES_DIR and the FILES_S3_* settings.
 */
import { loadAppConfig } from '../../src/app/config.js';
import { openDatabase, type Db } from '../../src/kernel/db.js';
import { openFileStores } from '../../src/kernel/files/stores.js';
import type { StoreKind } from '../../src/kernel/files/store.js';
import { digestOf, randomStream } from './file-stores.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const live = () => {
  // Whole, synchronous collections: buffers let go of are freed before memory is read (the
  // second frees the backing stores whose holders the first one collected).
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
async function peak<T>(fn: () => Promise<T>) {
  const start = live();
  let top = start;
  const timer = setInterval(() => (top = Math.max(top, live())), 50);
  try {
    return { value: await fn(), growth: Math.max(top, live()) - start };
  } finally {
    clearInterval(timer);
  }
}

const kind = process.argv[2] as StoreKind;
const size = Number(process.env.STREAM_BYTES ?? 15 * 1024 * 1024);
// Only the PostgreSQL store needs the database (and only PostgreSQL: PGlite would hold it in memory).
const database = kind === 'postgres' ? await openDatabase({ url: process.env.DATABASE_URL }) : null;
const stores = openFileStores(loadAppConfig({ ...process.env, ANXIAO_DEMO: 'true' }).modules.files, {
  db: database?.db as Db,
  filesDir: process.env.FILES_DIR!,
  databaseUrl: process.env.DATABASE_URL,
});
const store = stores.of(kind);
const src = randomStream(size);
const put = await peak(() => store.put('2026/12/memory.bin', src.stream));
const get = await peak(async () => digestOf(await store.get('2026/12/memory.bin')));
await store.delete('2026/12/memory.bin');
stores.close();
await database?.close();
console.log(
  JSON.stringify({
    put: put.growth,
    get: get.growth,
    intact: get.value.size === size && get.value.sha256 === src.sha256(),
  }),
);
