// Entry of the model process (a child process forked by client.ts): hosts node-llama-cpp so that loading a
// model, embedding and writing answers never block the engine's event loop, a crash inside llama.cpp (or
// the kernel's out-of-memory killer) takes down this process only, and exiting releases all its memory.
// Requests are validated, serialised per role (a chat and an embedding can run side by side) and answered
// with a result or an error; an `abort` stops the named request at the next token or text.
import { errorMessage } from '../../../../shared/errors';
import { GgufError } from './errors';
import { inspectModel } from './inspect';
import { disposeLlama } from './llama-module';
import { ABORTED, type Request, type Response, type Role, requestSchema } from './protocol';
import { chat, embedTexts, loadedPaths, unloadRole } from './runtime';

if (!process.send) throw new Error('llama worker: must be started with an IPC channel (child_process.fork)');

const send = (message: Response) => {
  if (process.connected) process.send!(message);
};

const lanes: Record<Role, Promise<unknown>> = { chat: Promise.resolve(), embedding: Promise.resolve() };
const controllers = new Map<number, AbortController>();

/** Runs `work` after the role's previous request (whatever its outcome). */
function onLane<T>(role: Role, work: () => Promise<T>): Promise<T> {
  const run = lanes[role].then(work, work);
  lanes[role] = run.catch(() => undefined);
  return run;
}

async function handle(req: Request): Promise<unknown> {
  switch (req.type) {
    case 'inspect':
      return inspectModel(req.path, req.role, req.contextCap);
    case 'info':
      return { pid: process.pid, rssBytes: process.memoryUsage().rss, loaded: loadedPaths() };
    case 'unload':
      return onLane(req.role, async () => ({ unloaded: await unloadRole(req.role) }));
    case 'abort':
      controllers.get(req.target)?.abort();
      return undefined;
    case 'embed':
    case 'chat': {
      const controller = new AbortController();
      controllers.set(req.id, controller);
      const { signal } = controller;
      try {
        if (req.type === 'embed')
          return await onLane('embedding', async () => {
            signal.throwIfAborted(); // aborted while it waited for its turn
            return { vectors: await embedTexts(req.model, req.texts, signal) };
          });
        return await onLane('chat', () => {
          signal.throwIfAborted();
          return chat(req.model, req, signal, (text) => send({ id: req.id, type: 'text', text }));
        });
      } catch (err) {
        throw signal.aborted ? new AbortedError() : err;
      } finally {
        controllers.delete(req.id);
      }
    }
  }
}

class AbortedError extends Error {}

process.on('message', (raw: unknown) => {
  const parsed = requestSchema.safeParse(raw);
  if (!parsed.success) {
    const id = (raw as { id?: unknown } | null)?.id;
    if (typeof id === 'number')
      send({ id, type: 'error', code: 'failed', message: 'The local model process received a malformed request.' });
    return;
  }
  const req = parsed.data;
  handle(req).then(
    (value) => {
      if (req.type !== 'abort') send({ id: req.id, type: 'result', value });
    },
    (err: unknown) => {
      if (err instanceof AbortedError) send({ id: req.id, type: 'error', code: ABORTED, message: 'aborted' });
      else if (err instanceof GgufError) send({ id: req.id, type: 'error', code: err.code, message: err.message });
      else send({ id: req.id, type: 'error', code: 'failed', message: `The local model failed: ${errorMessage(err)}` });
    },
  );
});

// The engine went away (it closed the channel to unload everything, or it died): free the models and leave.
process.on('disconnect', () => {
  const exit = () => process.exit(0);
  setTimeout(exit, 2000).unref(); // llama.cpp's cleanup must not keep a dying process around
  void Promise.all([unloadRole('chat'), unloadRole('embedding')])
    .then(disposeLlama)
    .then(exit, exit);
});
