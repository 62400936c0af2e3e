// The default answer the fake model writes: one sentence copied from passage [1], cited as [1], so that
// citation checks downstream have something real to verify. Without numbered passages it declines.

export const NO_ANSWER = 'I could not find the answer in the provided documents.';

const HEADERISH = /[/\\]|\.(pdf|docx?|md|txt|html?)\b|\bp(age|\.)\s*\d/i;

function firstPassage(prompt: string): string | null {
  const start = prompt.search(/\[1\]/);
  if (start < 0) return null;
  const rest = prompt.slice(start + 3);
  const next = rest.search(/\[2\]/);
  const block = (next >= 0 ? rest.slice(0, next) : rest).slice(0, 4000);
  const lines = block.split('\n');
  // The prompt builder may put the source (path, page) on the passage's first line.
  if (lines.length > 1 && HEADERISH.test(lines[0])) lines.shift();
  return lines.join(' ').replace(/\s+/g, ' ').trim();
}

export function defaultAnswer(prompt: string): string {
  const passage = firstPassage(prompt);
  if (!passage) return NO_ANSWER;
  const sentences = passage.split(/(?<=[.!?])\s+/);
  const chosen = sentences.find((s) => s.split(' ').length >= 4 && !HEADERISH.test(s)) ?? passage.slice(0, 200);
  const sentence = chosen.replace(/^[\s:\-–—]+/, '').trim();
  if (!sentence) return NO_ANSWER;
  return `${/[.!?]$/.test(sentence) ? sentence.slice(0, -1) : sentence} [1].`;
}

/** Splits an answer into stream chunks of a few words, keeping the spaces so chunks concatenate back. */
export function chunkAnswer(text: string, wordsPerChunk: number): string[] {
  const pieces = text.match(/\S+\s*/g) ?? [text];
  const chunks: string[] = [];
  for (let i = 0; i < pieces.length; i += wordsPerChunk) chunks.push(pieces.slice(i, i + wordsPerChunk).join(''));
  return chunks.length ? chunks : [''];
}
