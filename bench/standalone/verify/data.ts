// The material of the checker's measurement: SciFact abstracts (biomedical prose, many figures) and, when
// poppler's pdftotext is installed, paragraphs of the sec10q quarterly reports (money, percentages, dates).
// Each claim is a sentence of a passage; the passage is cited as [1] beside two unrelated passages.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedFixture } from '../../../test-support/fixture-paths';

export interface Passage {
  id: string;
  corpus: 'scifact' | 'sec10q';
  text: string;
}

export function scifactPassages(limit: number): Passage[] {
  const path = join(sharedFixture('scifact'), 'corpus.jsonl');
  const out: Passage[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const doc = JSON.parse(line) as { _id: string; text: string };
    if (doc.text.length < 200) continue;
    out.push({ id: `scifact:${doc._id}`, corpus: 'scifact', text: doc.text });
    if (out.length >= limit) break;
  }
  return out;
}

/** Prose paragraphs of the first pages of each 10-Q (tables are left out: their lines are not sentences). */
export function sec10qPassages(pagesPerDoc: number): Passage[] {
  const dir = sharedFixture('sec10q', 'docs');
  if (!existsSync(dir)) return [];
  const out: Passage[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.pdf'))) {
    let text: string;
    try {
      text = execFileSync('pdftotext', ['-l', String(pagesPerDoc), join(dir, file), '-'], { encoding: 'utf8' });
    } catch {
      return out; // no pdftotext here: SciFact alone
    }
    text.split(/\n\s*\n/).forEach((para, i) => {
      const flat = para.replace(/\s+/g, ' ').trim();
      const words = flat.split(' ').length;
      if (words >= 30 && /[.]$/.test(flat) && /[a-z]{3,} [a-z]{3,} [a-z]{3,}/.test(flat))
        out.push({ id: `sec10q:${file}:${i}`, corpus: 'sec10q', text: flat });
    });
  }
  return out;
}

/** A stable hash of a passage id: which half (dev or held-out) it belongs to. */
export function half(id: string): 'dev' | 'heldout' {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return (h >>> 0) % 2 === 0 ? 'dev' : 'heldout';
}
