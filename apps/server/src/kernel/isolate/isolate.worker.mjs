// Entry of a heavy-work thread: the TypeScript runs through tsx, as in bin/anxiao.js. It loads one
// module, calls one of its exports with the arguments it was handed and sends the bytes back.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { module, fn, args } = workerData;
try {
  const out = await (await import(module))[fn](...args);
  // A copy of its own (a small Buffer may sit in a shared pool), handed over rather than cloned.
  const bytes = new Uint8Array(out.byteLength);
  bytes.set(out);
  parentPort.postMessage({ ok: true, bytes }, [bytes.buffer]);
} catch (e) {
  const { name, message, code, status, text, details } = e ?? {};
  parentPort.postMessage({
    ok: false,
    error: { name, message: String(message ?? e), code, status, text, details },
  });
}
