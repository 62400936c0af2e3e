import type { DocStatus } from '../../../shared/types';
import type { IconName } from '../components/Icon';

export type Tone = 'success' | 'info' | 'warning' | 'danger' | 'neutral';

export const STATUS_LOOK: Record<DocStatus, { tone: Tone; icon: IconName }> = {
  queued: { tone: 'neutral', icon: 'layers' },
  indexing: { tone: 'info', icon: 'refresh' },
  indexed: { tone: 'success', icon: 'check' },
  empty: { tone: 'neutral', icon: 'file' },
  'no-text-layer': { tone: 'warning', icon: 'eyeOff' },
  'garbage-text': { tone: 'warning', icon: 'alert' },
  'needs-password': { tone: 'warning', icon: 'lock' },
  'wrong-password': { tone: 'danger', icon: 'lock' },
  'too-large': { tone: 'neutral', icon: 'alert' },
  unsupported: { tone: 'neutral', icon: 'x' },
  failed: { tone: 'danger', icon: 'alert' },
};

export type DocFilter = 'all' | 'indexed' | 'pending' | 'failed' | 'password' | 'noText';

export const FILTER_STATUSES: Record<DocFilter, DocStatus[] | undefined> = {
  all: undefined,
  indexed: ['indexed'],
  pending: ['queued', 'indexing'],
  failed: ['failed', 'garbage-text', 'too-large', 'unsupported'],
  password: ['needs-password', 'wrong-password'],
  noText: ['no-text-layer', 'empty'],
};

/** Retry applies to any final status but indexed, and to an indexed file whose latest version was set aside. */
export const canRetry = (s: DocStatus, flags: readonly string[] = []) =>
  s === 'indexed' ? flags.includes('update-failed') : s !== 'queued' && s !== 'indexing';

/**
 * The engine kept stopping while reading this file, so it was set aside ('set-aside': nothing of it is
 * searchable) or its latest version was ('update-failed': the version indexed before still is).
 */
export function setAsideKind(flags: readonly string[]): 'set-aside' | 'update-failed' | null {
  if (flags.includes('update-failed')) return 'update-failed';
  if (flags.includes('set-aside')) return 'set-aside';
  return null;
}
export const needsPassword = (s: DocStatus) => s === 'needs-password' || s === 'wrong-password';

export type OcrProblem = 'off' | 'nothing' | 'failed';

/**
 * Why a scan gave no text, read from the engine's message (English, stable wording): OCR turned off, OCR
 * failed, or OCR found nothing readable. Null for any other status or message.
 */
export function ocrProblem(status: DocStatus, message: string | null): OcrProblem | null {
  if (status !== 'no-text-layer' || !message) return null;
  if (/\(OCR\) is turned off/i.test(message)) return 'off';
  if (/OCR failed/i.test(message)) return 'failed';
  if (/OCR found no readable text/i.test(message)) return 'nothing';
  return null;
}
