import { describe, expect, it } from 'vitest';
import { MalformedStreamError, readLines } from './lines';
import { readNdjson } from './ndjson';
import { readSse } from './sse';

/** A body delivered in the given pieces (strings or raw bytes), as a network would split it. */
function body(...pieces: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const p of pieces) controller.enqueue(typeof p === 'string' ? enc.encode(p) : p);
      controller.close();
    },
  });
}

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('readLines', () => {
  it('splits on LF and CRLF across chunk boundaries, and keeps a last line without newline', async () => {
    expect(await all(readLines(body('a\r', '\nb', 'c\n\nd')))).toEqual(['a', 'bc', '', 'd']);
  });

  it('decodes a UTF-8 character split between two chunks', async () => {
    const bytes = new TextEncoder().encode('café ✓\n');
    expect(await all(readLines(body(bytes.slice(0, 4), bytes.slice(4, 7), bytes.slice(7))))).toEqual(['café ✓']);
  });

  it('refuses a runaway line', async () => {
    await expect(all(readLines(body('x'.repeat(50)), 10))).rejects.toBeInstanceOf(MalformedStreamError);
  });

  it('cancels the body when the consumer stops early', async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode('line\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const line of readLines(stream)) if (line === 'line') break;
    expect(cancelled).toBe(true);
  });
});

describe('readNdjson', () => {
  it('parses one JSON value per line and skips blank lines', async () => {
    expect(await all(readNdjson(body('{"a":1}\n\n{"b":', '[2]}\n', '  \n"c"')))).toEqual([{ a: 1 }, { b: [2] }, 'c']);
  });

  it('says which line is not JSON', async () => {
    await expect(all(readNdjson(body('{"a":1}\n<html>oops</html>\n')))).rejects.toThrow(
      /a streamed line is not JSON: "<html>oops<\/html>"/,
    );
  });
});

describe('readSse', () => {
  it('reads data events, joins multi-line data, ignores comments and unknown fields', async () => {
    const events = await all(
      readSse(
        body(
          ': keep-alive\n\ndata: {"a":1}\n\n',
          'event: note\nid: 7\ndata: line1\ndata:line2\nretry: 5\n\n',
          'data: [DONE]\n\n',
        ),
      ),
    );
    expect(events).toEqual([
      { event: 'message', data: '{"a":1}', id: undefined },
      { event: 'note', data: 'line1\nline2', id: '7' },
      { event: 'message', data: '[DONE]', id: '7' },
    ]);
  });

  it('delivers an event still pending when the body ends, and handles CRLF', async () => {
    expect(await all(readSse(body('data: {"x":1}\r\n\r\ndata: {"y":2}')))).toEqual([
      { event: 'message', data: '{"x":1}', id: undefined },
      { event: 'message', data: '{"y":2}', id: undefined },
    ]);
  });
});
