// The single gate for every API call, whatever the transport (Electron IPC, the engine's utility
// process, the browser host's WebSocket): unknown methods and invalid payloads are refused here, handler
// errors become `{ ok: false }` results, and results are checked against the contract.
import {
  type ApiError,
  type ApiResult,
  type Handler,
  type HandlerTable,
  isMethodName,
  type MethodName,
  methods,
  parseArgs,
} from '../../shared/api';
import { errorMessage } from '../../shared/errors';

/** An error whose message is meant for the user (what happened, what to do). */
export class UserError extends Error {
  constructor(
    message: string,
    readonly code: ApiError['code'] = 'failed',
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export type MethodHandler = (name: MethodName, args: unknown) => Promise<unknown>;

/** Turns a typed handler table into the untyped handler dispatch() calls (args already validated). */
export function tableHandler<H extends Handler>(table: HandlerTable<H>): MethodHandler {
  return async (name, args) => {
    const fn = (table as Record<string, ((a: unknown) => unknown) | undefined>)[name];
    if (!fn) throw new UserError(`${name} is not handled here.`, 'unavailable');
    return fn(args);
  };
}

export async function dispatch(
  rawName: unknown,
  rawArgs: unknown,
  handlers: Partial<Record<Handler, MethodHandler>>,
  log: (msg: string) => void = () => {},
): Promise<ApiResult<unknown>> {
  if (!isMethodName(rawName)) {
    return {
      ok: false,
      error: { code: 'unknown-method', message: `Unknown method: ${String(rawName).slice(0, 100)}` },
    };
  }
  const name = rawName;
  const args = parseArgs(name, rawArgs);
  if (!args.ok) return args;
  const handler = handlers[methods[name].handler];
  if (!handler) return { ok: false, error: { code: 'unavailable', message: `${name} is not available here.` } };
  try {
    const value = await handler(name, args.value);
    const checked = methods[name].result.safeParse(value);
    if (!checked.success) {
      log(`contract violation in the result of ${name}: ${checked.error.message.slice(0, 500)}`);
      return {
        ok: false,
        error: { code: 'failed', message: `Internal error: ${name} returned an unexpected result.` },
      };
    }
    return { ok: true, value: checked.data };
  } catch (err) {
    if (err instanceof UserError) return { ok: false, error: { code: err.code, message: err.message } };
    const message = errorMessage(err);
    log(`${name} failed: ${message}`);
    return { ok: false, error: { code: 'failed', message } };
  }
}
