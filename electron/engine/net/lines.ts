// Text lines from a fetch response body, as they arrive: the shared bottom of the NDJSON reader (Ollama) and
// the SSE reader (OpenAI-compatible servers). UTF-8 is decoded across chunk boundaries, CRLF and LF both end a
// line, and a last line without a newline is still delivered.

/** A streamed body that breaks its own format (a line that is not JSON, a runaway line...). */
export class MalformedStreamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedStreamError';
  }
}

/** A line longer than this is not a protocol line: the server is sending something else. */
export const MAX_LINE_CHARS = 64 * 1024 * 1024;

export async function* readLines(
  body: ReadableStream<Uint8Array>,
  maxLineChars = MAX_LINE_CHARS,
): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        buffer += decoder.decode();
        break;
      }
      buffer += decoder.decode(value, { stream: true });
      let start = 0;
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n', start)) {
        const line = buffer.slice(start, nl);
        start = nl + 1;
        yield line.endsWith('\r') ? line.slice(0, -1) : line;
      }
      buffer = buffer.slice(start);
      if (buffer.length > maxLineChars)
        throw new MalformedStreamError(`a streamed line is longer than ${maxLineChars} characters`);
    }
    if (buffer) yield buffer.endsWith('\r') ? buffer.slice(0, -1) : buffer;
  } finally {
    // Leaving early (the consumer stopped, or an error): stop the body so the connection can close.
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
