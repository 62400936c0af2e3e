// Server-sent events (text/event-stream), as OpenAI-compatible servers stream /chat/completions:
// `data: {...}` lines, several data lines joined by "\n", a blank line ending each event, `:` comments
// (keep-alives) ignored. Parsed per the WHATWG rules, except that an event still pending when the body ends
// is delivered (some servers omit the last blank line); a truncated JSON payload then fails where it is read.
import { readLines } from './lines';

export interface SseEvent {
  /** The `event:` field; 'message' when absent. */
  event: string;
  data: string;
  id?: string;
}

export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  let data: string[] = [];
  let event = '';
  let id: string | undefined;
  for await (const line of readLines(body)) {
    if (line === '') {
      if (data.length) yield { event: event || 'message', data: data.join('\n'), id };
      data = [];
      event = '';
      continue;
    }
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id') id = value;
  }
  if (data.length) yield { event: event || 'message', data: data.join('\n'), id };
}
