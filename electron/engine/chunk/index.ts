// Structure-aware, token-bounded chunker: ParsedDocument → ChunkDraft[] with exact offsets, heading paths and
// page spans. Same input, same chunks: the sha256 of each chunk is the embedding cache key.
import { createHash } from 'node:crypto';
import { settingsDefaults } from '../../../shared/settings';
import type { ChunkDraft, ChunkOptions, ParsedDocument } from '../types';
import { countTokens } from '../tokens';
import { type Atom, sectionGroups } from './atoms';
import { overlapStart } from './overlap';
import { packSection } from './pack';
import { pageLookup } from './pages';
import { headerRows, missingHeaders } from './table-headers';
import { documentUnits } from './units';

/** The settings' defaults (chunkTokens, chunkOverlap), for callers that pass no options. */
const { chunkTokens, chunkOverlap } = settingsDefaults();
export const DEFAULT_CHUNK_OPTIONS: ChunkOptions = { targetTokens: chunkTokens, overlapTokens: chunkOverlap };

/**
 * Chunks of at most about `targetTokens` tokens (overlap included). A section starts a new chunk, beginning with
 * its heading; paragraphs are packed whole, longer ones cut at sentences, then words; each chunk after the first
 * of a section repeats about `overlapTokens` of the previous one's end, starting on a sentence or word. A chunk
 * holding table rows without their table's header row carries that header at the end of its heading path.
 */
export function chunkDocument(doc: ParsedDocument, opts: Partial<ChunkOptions> = {}): ChunkDraft[] {
  const { targetTokens, overlapTokens } = resolveOptions(opts);
  // The overlap comes on top of the packed text, so packing leaves room for it.
  const budget = Math.max(1, targetTokens - overlapTokens);
  const text = doc.text;
  const pages = pageLookup(doc.pages);
  const chunks: ChunkDraft[] = [];
  const units = documentUnits(doc);
  const headers = headerRows(text, units);
  for (const group of sectionGroups(text, units, budget)) {
    const atoms = group.atoms;
    const cores = packSection(text, atoms, budget);
    for (let c = 0; c < cores.length; c++) {
      const core = cores[c];
      const coreStart = atoms[core.first].start;
      const start = c > 0 ? (overlapStart(text, atoms, cores[c - 1], overlapTokens) ?? coreStart) : coreStart;
      const end = atoms[core.end - 1].end;
      const chunkText = text.slice(start, end);
      const span = pages.span(start, end - 1);
      chunks.push({
        ordinal: chunks.length,
        text: chunkText,
        headingPath: [
          ...chunkPath(atoms, core.first, core.end),
          ...missingHeaders(headers, atoms, core.end - 1, start, end),
        ],
        pageStart: span?.pageStart ?? null,
        pageEnd: span?.pageEnd ?? null,
        pageLabel: span?.pageLabel ?? null,
        charStart: start,
        charEnd: end,
        tokens: countTokens(chunkText),
        sha256: createHash('sha256').update(chunkText).digest('hex'),
      });
    }
  }
  return chunks;
}

/** The path of the chunk's first body text: under "# A / ## B" both headings open the chunk, and B is where it is. */
function chunkPath(atoms: Atom[], first: number, end: number): readonly string[] {
  for (let i = first; i < end; i++) if (!atoms[i].heading) return atoms[i].path;
  return atoms[end - 1].path;
}

function resolveOptions(opts: Partial<ChunkOptions>): ChunkOptions {
  const targetTokens = Math.max(16, Math.floor(opts.targetTokens ?? DEFAULT_CHUNK_OPTIONS.targetTokens));
  const overlap = Math.floor(opts.overlapTokens ?? DEFAULT_CHUNK_OPTIONS.overlapTokens);
  // More than half the target would leave chunks mostly made of repeated text.
  return { targetTokens, overlapTokens: Math.min(Math.max(0, overlap), Math.floor(targetTokens / 2)) };
}
