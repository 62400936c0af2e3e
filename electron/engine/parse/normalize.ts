// Text normalisation shared by every parser, so that the same words index the same way whatever the source.

// Compatibility characters whose NFKC form is what a reader means: Latin/Armenian/Hebrew ligatures and
// presentation forms (U+FB00–FB4F), Arabic presentation forms A and B (what PDF text layers often carry
// instead of base letters), vertical and small punctuation forms, CJK compatibility forms, and
// halfwidth/fullwidth forms. NFKC is applied to these only: applied everywhere it would also rewrite
// superscripts, fractions, ellipses and the like that carry meaning.
const COMPAT_RUN = /[\uFB00-\uFDFF\uFE10-\uFE1F\uFE30-\uFE6F\uFE70-\uFEFE\uFF00-\uFFEF]+/g;

// C0/C1 controls except \t and \n; \r is handled before this. Also invisible characters that only steer
// rendering: soft hyphen, zero-width space, bidi marks and embeddings/isolates, BOM, and the Unicode
// non-characters U+FFFE/U+FFFF. ZWJ/ZWNJ stay: they change spelling in Persian and Indic scripts.
const INVISIBLE =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u200B\u200E\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF\uFFFE\uFFFF]/g;

// Space-like characters (no-break, en/em and friends, ideographic space) collapse to one plain space.
const SPACES = /[ \u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+/g;

/** NFKC for ligatures and presentation forms only; everything else untouched. */
export function decomposeCompat(s: string): string {
  return s.replace(COMPAT_RUN, (run) => run.normalize('NFKC'));
}

/**
 * The one normalisation every parser applies to the text it emits: compatibility forms decomposed, NFC,
 * invisible/control characters removed, spaces collapsed, blank lines limited to one, no spaces at
 * line ends. Newlines and tabs are kept; with keepIndentation (code), spaces are not collapsed.
 */
export function normalizeText(s: string, opts: { keepIndentation?: boolean } = {}): string {
  const cleaned = decomposeCompat(s).normalize('NFC').replace(/\r\n?/g, '\n').replace(INVISIBLE, '');
  if (opts.keepIndentation) {
    // Code: leading spaces carry structure; only trailing spaces and blank-line runs go.
    return cleaned.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n');
  }
  return cleaned
    .replace(SPACES, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n');
}

/** normalizeText, then trimmed, with any inner line breaks turned into spaces (one block = one line). */
export function normalizeInline(s: string): string {
  return normalizeText(s)
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\t+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}
