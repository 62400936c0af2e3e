// Worker-thread entry of the parser pool: parses the files it is sent, one at a time.
import { parentPort } from 'node:worker_threads';
import { ParseError } from '../types';
import { describe, parseErrors } from './errors';
import { parseInProcess } from './in-process';
import type { ParseRequest, ParseResponse } from './protocol';

const port = parentPort;
if (!port) throw new Error('parse worker: must run in a worker thread');

port.on('message', async (request: ParseRequest) => {
  let response: ParseResponse;
  try {
    response = { id: request.id, ok: true, doc: await parseInProcess(request.path, request.opts) };
  } catch (err) {
    const error = err instanceof ParseError ? err : parseErrors.crashed(describe(err));
    response = { id: request.id, ok: false, error: { code: error.code, message: error.message } };
  }
  port.postMessage(response);
});
