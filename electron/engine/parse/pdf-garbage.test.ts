// The unusable-text detector on strings: real text of several scripts passes, mojibake does not.
import { describe, expect, it } from 'vitest';
import { garbageStats, isGarbage } from './pdf-garbage';

describe('isGarbage', () => {
  it('accepts real text in many scripts, noisy OCR and scientific notation', () => {
    const real = [
      'The quick brown fox jumps over the lazy dog, e.g. in 2024 (see https://example.com/a-b).',
      'Été à la plage : « ça marche », dit-il — l’œuvre est là.',
      'Быстрая коричневая лиса прыгает через ленивую собаку.',
      'Η γρήγορη καφέ αλεπού πηδάει πάνω από τον τεμπέλη σκύλο.',
      'انواع الخطوط العربية في الكتابة',
      'わたくしといふ現象は假定された有機交流電燈のひとつの青い照明です',
      '关于红军作战的原则（一九三七年八月一日）',
      'Cells were 5 μm wide; the α-helix and β-sheet ratio was 2:1.',
      'A l e t t e r froas Calif&rr-.la. and Hawaiian Sugar defining Corporation, l t d , accepting aieiabership',
      'if (a <= b && c != d) { return x->next; }',
    ];
    for (const text of real) expect(isGarbage(text), text).toBe(false);
  });

  it('rejects glyph-code mojibake', () => {
    expect(isGarbage('\u0003\u0003 ΰԔ ϸ Ї́ Ψ ߙ \u0003 ϣÎ g ϙķϢʆ i \u0003 ΰԔ ϸ Ї́')).toBe(true);
    expect(isGarbage('’>in')).toBe(true);
    expect(isGarbage('\uE001\uE002\uE003 \uE004\uE005 text')).toBe(true);
  });

  it('measures each signal', () => {
    const stats = garbageStats('ϙϗķʆ abc ΰϋԔԕ μm');
    expect(stats.tokens).toBe(4);
    expect(stats.mixedShare).toBeCloseTo(2 / 4);
    expect(garbageStats('').chars).toBe(0);
    expect(isGarbage('   ')).toBe(false);
  });
});
