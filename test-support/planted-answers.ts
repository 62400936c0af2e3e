// For tests of the citation check: a fake model's answer planted with known mistakes needs the number the
// prompt gave each passage, which depends on retrieval order. This reads it from the prompt the fake received
// ("[n] source\ntext" blocks, as engine/answer/prompt.ts writes them).

/** The number of the prompt's passage that contains `needle`; throws when none does (the test is wrong). */
export function passageOf(prompt: string, needle: string): number {
  const heads = [...prompt.matchAll(/^\[(\d+)\] /gm)];
  for (let i = 0; i < heads.length; i++) {
    const from = heads[i].index ?? 0;
    const to = i + 1 < heads.length ? (heads[i + 1].index ?? prompt.length) : prompt.length;
    if (prompt.slice(from, to).includes(needle)) return Number(heads[i][1]);
  }
  throw new Error(`no passage of the prompt contains "${needle}"`);
}
