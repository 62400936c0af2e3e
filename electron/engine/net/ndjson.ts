// Newline-delimited JSON (one JSON value per line), as Ollama streams /api/chat, /api/generate and /api/pull.
import { MalformedStreamError, readLines } from './lines';

/** The JSON values of a streamed NDJSON body, in order; blank lines are skipped. */
export async function* readNdjson(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown> {
  for await (const line of readLines(body)) {
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new MalformedStreamError(`a streamed line is not JSON: ${JSON.stringify(line.slice(0, 80))}`);
    }
    yield value;
  }
}
