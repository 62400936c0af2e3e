// A search result list in a form two libraries built from the same files can be compared by: each hit as
// "file #chunk", with its score, ties put in name order (among equal scores the order follows chunk ids,
// which depend on the order files were indexed in), and the group of equal scores at the cut left out (which
// of them made the top k depends on those ids too). Used by the kill tests against a clean index.
export interface RankedHit {
  path: string;
  ordinal: number;
  score: number;
}

export function rankingView(hits: RankedHit[], k: number): string[] {
  const rounded = hits.map((h) => ({ name: `${h.path} #${h.ordinal}`, score: Number(h.score.toPrecision(9)) }));
  rounded.sort((a, b) => b.score - a.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const cut = rounded.length >= k ? rounded[rounded.length - 1].score : Number.NEGATIVE_INFINITY;
  return rounded.filter((h) => h.score !== cut).map((h) => `${h.score} ${h.name}`);
}
