// docs/formats.md lists every extension Lucarne reads, under its kind: this keeps the table true when
// kind.ts changes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileKindSchema } from '../../../shared/api';
import { extensionsOf } from './kind';

const DOC = readFileSync(path.join(import.meta.dirname, '..', '..', '..', 'docs', 'formats.md'), 'utf8');

describe('docs/formats.md', () => {
  it('has a row for every kind that lists all of its extensions', () => {
    for (const kind of FileKindSchema.options) {
      const row = DOC.split('\n').find((line) => line.startsWith(`| ${kind} |`));
      expect(row, `no row for ${kind}`).toBeDefined();
      const extensions = extensionsOf(kind);
      expect(extensions.length).toBeGreaterThan(0);
      const listed = new Set(row?.split('|')[2].match(/\.[a-z0-9]+/g));
      expect(extensions.filter((ext) => !listed.has(ext))).toEqual([]);
    }
  });
});
