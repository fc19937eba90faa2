/**
 * A loader worker (see load-parallel.ts): loads one part per message with the ordinary loader and
 * posts back its tables as chunks, moving the typed-array buffers rather than copying them.
 */
import { parentPort } from 'node:worker_threads';
import { loadPart, type Part, type PartOptions } from './load-parallel.js';

parentPort?.on('message', (msg: { id: number; part: Part; options: PartOptions }) => {
  loadPart(msg.part, msg.options).then(
    ({ result, buffers }) => parentPort?.postMessage({ id: msg.id, result }, buffers),
    (e: unknown) => parentPort?.postMessage({ id: msg.id, fault: (e as Error)?.message ?? String(e) }),
  );
});
