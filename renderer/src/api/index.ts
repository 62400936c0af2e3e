// One client for the whole renderer: `await api.call('library.listFolders', {})` returns the value or
// throws an ApiCallError; `api.on('library.progress', cb)` subscribes and returns an unsubscribe function.
import type {
  ApiError,
  EventName,
  EventPayload,
  LucarneApi,
  MethodArgs,
  MethodName,
  MethodResult,
} from '../../../shared/api';
import { pickTransport } from './transport';

export class ApiCallError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
    this.name = 'ApiCallError';
  }
}

let transport: LucarneApi | null = null;
const get = () => {
  transport ??= pickTransport();
  return transport;
};

export const api = {
  async call<M extends MethodName>(name: M, args: MethodArgs<M>): Promise<MethodResult<M>> {
    const r = await get().call(name, args);
    if (!r.ok) throw new ApiCallError(r.error);
    return r.value;
  },
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
    return get().on(name, listener);
  },
};
