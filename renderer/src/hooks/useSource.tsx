// Which passage the source viewer shows. Any view can open it (a citation chip, a source row, a chunk in
// the inspector); the shell renders the panel next to the current page.
import { createContext, type ReactNode, useContext, useMemo, useState } from 'react';
import type { Citation } from '../../../shared/types';

export interface SourceTarget {
  documentId: number;
  path: string;
  charStart?: number;
  charEnd?: number;
  page?: number | null;
  /** Text to find when offsets are unknown (e.g. a point on the embedding map). */
  quote?: string;
  /** Label shown above the passage, e.g. "[2]". */
  label?: string;
}

/** Where a citation points: its passage, page and number. */
export function citationTarget(c: Citation): SourceTarget {
  return {
    documentId: c.documentId,
    path: c.path,
    charStart: c.charStart,
    charEnd: c.charEnd,
    page: c.pageStart,
    quote: c.quote,
    label: `[${c.n}]`,
  };
}

interface SourceState {
  target: SourceTarget | null;
  open(target: SourceTarget): void;
  close(): void;
}

const Ctx = createContext<SourceState>({ target: null, open: () => {}, close: () => {} });
export const useSource = () => useContext(Ctx);

export function SourceProvider({ children }: { children: ReactNode }) {
  const [target, setTarget] = useState<SourceTarget | null>(null);
  const value = useMemo(
    () => ({ target, open: (t: SourceTarget) => setTarget({ ...t }), close: () => setTarget(null) }),
    [target],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}
