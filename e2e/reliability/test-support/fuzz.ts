// Random and malformed API payloads: wrong methods, wrong shapes, wrong types, out-of-range values,
// unknown keys, prototype-pollution keys, oversized strings and arrays, deep nesting. Every payload
// produced is invalid under the contract (shared/api.ts); valid mutations are discarded, so what the tests
// count are payloads the gate must refuse.
import { isMethodName, type MethodName, methods } from '../../../shared/api';

type Rand = () => number;

/** A valid argument object for every method: the starting point of the mutations. */
export const VALID_ARGS: Record<MethodName, Record<string, unknown>> = {
  'app.info': {},
  'app.openExternal': { url: 'https://example.org/' },
  'settings.get': {},
  'settings.set': { topK: 8 },
  'secrets.status': {},
  'secrets.setApiKey': { key: 'AIzaFake' },
  'secrets.testKey': {},
  'library.chooseFolder': {},
  'library.addFolder': { path: '/tmp' },
  'library.removeFolder': { folderId: 1 },
  'library.listFolders': {},
  'library.listDocuments': { limit: 10 },
  'library.retry': { documentId: 1 },
  'library.setPassword': { documentId: 1, password: 'x' },
  'library.reindexAll': {},
  'library.pause': {},
  'library.resume': {},
  'library.progress': {},
  'library.openFile': { documentId: 1 },
  'library.showInFolder': { documentId: 1 },
  'search.query': { query: 'cells', k: 5, mode: 'hybrid' },
  'chat.ask': { conversationId: null, question: 'What?' },
  'chat.stop': { messageId: 1 },
  'chat.starters': { language: 'fr' },
  'conversations.list': {},
  'conversations.get': { conversationId: 1 },
  'conversations.rename': { conversationId: 1, title: 'x' },
  'conversations.delete': { conversationId: 1 },
  'conversations.export': { conversationId: 1 },
  'source.get': { documentId: 1 },
  'source.pdf': { documentId: 1 },
  'inspect.tokens': { text: 'hello' },
  'inspect.promptPreview': { question: 'why' },
  'inspect.embeddingMap': { limit: 10 },
  'quickAsk.continue': { conversationId: 1 },
  'library.reembedStatus': {},
  'models.list': { refresh: false },
  'models.add': { path: '/nonexistent/model.gguf' },
  'models.forget': { path: '/nonexistent/model.gguf' },
  'models.chooseFile': {},
  'models.serverModels': { kind: 'ollama', baseUrl: 'http://127.0.0.1:9' },
  'models.catalog': {},
  'models.download': { id: 'no-such-entry' },
  'models.cancelDownload': { id: 'no-such-entry' },
  'models.test': {},
};

function nested(depth: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

const WRONG_VALUES: ((r: Rand) => unknown)[] = [
  () => null,
  () => true,
  () => -1,
  () => 1.5,
  () => 1e308,
  () => -0.000001,
  () => 2 ** 53 + 2,
  () => '',
  () => '1',
  () => 'x'.repeat(5_000),
  () => 'y'.repeat(2_000_001),
  () => [],
  () => Array.from({ length: 150 }, (_, i) => i),
  () => ({}),
  () => ({ $gt: 0 }),
  () => ({ __proto__: { polluted: true } }),
  () => nested(2_000),
  () => '\u0000\uffff\ud800',
  (r) => Math.floor(r() * 1e6) * -1 - 1,
  () => 'NaN',
  () => '../../../../etc/passwd',
];

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

export interface Payload {
  method: unknown;
  args: unknown;
  /** Why it is invalid, for failure messages. */
  why: string;
}

function pick<T>(r: Rand, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

function randomString(r: Rand, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(32 + Math.floor(r() * 0x2fd0));
  return s;
}

function candidate(r: Rand): Payload {
  const names = Object.keys(methods) as MethodName[];
  const roll = r();
  if (roll < 0.12) {
    const method = pick(r, [
      randomString(r, 1 + Math.floor(r() * 30)),
      ...PROTO_KEYS,
      'search.Query',
      'search.query ',
      ' library.addFolder',
      'library.addFolder\u0000',
      'internal.documentPath',
      'internal.testKey',
      42,
      null,
      undefined,
      ['search.query'],
      { name: 'search.query' },
    ]);
    return { method, args: {}, why: `unknown method ${JSON.stringify(method)}` };
  }
  const method = pick(r, names);
  const base = structuredClone(VALID_ARGS[method]);
  if (roll < 0.25) {
    const args = pick(r, [42, 'string', [base], true, nested(50)]);
    return { method, args, why: 'arguments are not an object' };
  }
  if (roll < 0.4) {
    const key = r() < 0.5 ? pick(r, PROTO_KEYS) : `extra${Math.floor(r() * 100)}`;
    // Built from JSON text, so "__proto__" is an own key, as in a payload off the wire.
    const value = JSON.stringify(pick(r, WRONG_VALUES)(r) ?? null);
    const text = JSON.stringify(base);
    const args = JSON.parse(`${text.slice(0, -1)}${text === '{}' ? '' : ','}${JSON.stringify(key)}:${value}}`);
    return { method, args, why: `unknown key ${key}` };
  }
  const keys = Object.keys(base);
  if (keys.length === 0) {
    return { method, args: { [randomString(r, 5)]: 1 }, why: 'key on a method without arguments' };
  }
  const key = pick(r, keys);
  const args: Record<string, unknown> = { ...base };
  if (roll < 0.5) {
    delete args[key];
    return { method, args, why: `missing ${key}` };
  }
  args[key] = pick(r, WRONG_VALUES)(r);
  return { method, args, why: `${key} replaced` };
}

export function isInvalid(p: Payload): boolean {
  if (!isMethodName(p.method)) return true;
  return !methods[p.method].args.safeParse(p.args ?? {}).success;
}

/** What the other end of a WebSocket receives: the payload through JSON. */
function overTheWire(p: Payload): Payload {
  const frame = JSON.parse(JSON.stringify({ method: p.method, args: p.args })) as { method?: unknown; args?: unknown };
  return { method: frame.method, args: frame.args, why: p.why };
}

/** `count` payloads, all invalid under the contract (as received, after JSON when `wire`), from a seed. */
export function invalidPayloads(r: Rand, count: number, opts: { wire?: boolean } = {}): Payload[] {
  const out: Payload[] = [];
  while (out.length < count) {
    const made = candidate(r);
    const p = opts.wire ? overTheWire(made) : made;
    if (isInvalid(p)) out.push(p);
  }
  return out;
}
