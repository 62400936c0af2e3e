// Worker-thread entry of the parser pool: parses the files it is sent, one at a time.
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { ParseError } from '../types';
import { describe, parseErrors } from './errors';
import { parseInProcess } from './in-process';
import { warmPdfjs } from './pdf';
import type { ParseProgress } from './options';
import type { ParseProgressMessage, ParseRequest, ParseResponse } from './protocol';
import { crashIfFaultInjected } from './test-fault';

const port = parentPort;
if (!port) throw new Error('parse worker: must run in a worker thread');

port.on('message', async (request: ParseRequest) => {
  let response: ParseResponse;
  if (request.warm) {
    await warmPdfjs().catch(() => undefined); // a real file reports the problem, if there is one
    port.postMessage({ id: request.id, ok: true, warmed: true, heapMb: getHeapStatistics().total_heap_size / 2 ** 20 });
    return;
  }
  const onProgress: ParseProgress = (progress) =>
    port.postMessage({ id: request.id, progress } satisfies ParseProgressMessage);
  // The file's parse begins now (not when it was queued behind a worker's start-up): the indexing loop
  // marks it as the file being worked on from this message on.
  onProgress({ stage: 'read', done: 0, total: 0 });
  await crashIfFaultInjected(request.path);
  try {
    response = { id: request.id, ok: true, doc: await parseInProcess(request.path, { ...request.opts, onProgress }) };
  } catch (err) {
    const error = err instanceof ParseError ? err : parseErrors.crashed(describe(err));
    response = { id: request.id, ok: false, error: { code: error.code, message: error.message } };
  }
  response.heapMb = getHeapStatistics().total_heap_size / 2 ** 20;
  port.postMessage(response);
});
