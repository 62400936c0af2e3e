// Messages between Electron's main process and the engine's utility process.
import type { ApiResult } from '../../shared/api';

export type HostMessage =
  | { type: 'call'; id: number; method: string; args: unknown }
  | { type: 'secret'; geminiKey: string | null }
  | { type: 'shutdown' };

export type EngineMessage =
  | { type: 'result'; id: number; result: ApiResult<unknown> }
  | { type: 'event'; name: string; payload: unknown }
  | { type: 'log'; message: string }
  | { type: 'ready' };
