// What differs between the Electron window and a browser tab.

import type { KeyboardEvent as ReactKeyboardEvent } from 'react';

type PathForFile = (file: File) => string;

/** The absolute path of a dropped file or folder; only the Electron preload can tell (browsers hide it). */
export function pathForDroppedFile(file: File): string | null {
  const bridge = window.lucarne as (typeof window.lucarne & { pathForFile?: PathForFile }) | undefined;
  try {
    const p = bridge?.pathForFile?.(file);
    return p ? p : null;
  } catch {
    return null;
  }
}

export const isMac = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** "Ctrl+K" / "⌘K" for display. */
export function shortcutLabel(key: string, opts: { shift?: boolean } = {}): string {
  if (isMac) return `${opts.shift ? '⇧' : ''}⌘${key}`;
  return `Ctrl+${opts.shift ? 'Shift+' : ''}${key}`;
}

/** True when the platform's command modifier (⌘ on macOS, Ctrl elsewhere) is held. */
export function hasModifier(e: KeyboardEvent | ReactKeyboardEvent): boolean {
  return isMac ? e.metaKey : e.ctrlKey;
}
