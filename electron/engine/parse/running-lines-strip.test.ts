// Taking running lines out of layout paragraphs: by height on the page, whatever the reading order; the
// paragraph text is rejoined without them, and they are kept on the page with its printed number.
import { describe, expect, it } from 'vitest';
import type { Line, Paragraph } from './pdf-layout';
import { type StrippablePage, stripRunningLines } from './running-lines-strip';

function paragraph(lines: [string, number][], table = false): Paragraph {
  const ls: Line[] = lines.map(([text, y]) => ({ text, x0: 72, x1: 500, y, size: 10 }));
  const p: Paragraph = { lines: ls, text: ls.map((l) => l.text).join(' '), size: 10 };
  if (table) p.table = [lines.map(([text]) => ({ text }))] as unknown as Paragraph['table'];
  return p;
}

const SENTENCES = [
  'Gannets dive from thirty metres into cold water.',
  'Puffins carry many small fish crosswise in the bill.',
  'Terns migrate from the Arctic to the Antarctic.',
  'A curlew probes deep mud with its curved beak.',
  'Plovers run, stop and tilt forward to feed.',
  'Dunlins gather in tight flocks over the estuary.',
  'Oystercatchers hammer mussels open on the rocks.',
  'Shags dry their wings after each long fishing trip.',
  'Fulmars glide low over the waves on stiff wings.',
  'Skuas chase other seabirds until they drop their catch.',
  'Kittiwakes build nests of mud on narrow ledges.',
  'Razorbills lay a single egg on bare stone.',
  'Storm petrels come ashore only at night.',
  'Eiders line their nests with soft down feathers.',
  'Sanderlings follow the edge of each breaking wave.',
  'Cormorants swallow flatfish head first.',
  'Guillemots crowd shoulder to shoulder on cliffs.',
  'Redshanks call loudly when anyone comes near.',
  'Turnstones flip pebbles to find sandhoppers.',
  'Avocets sweep their upturned bills through shallow water.',
  'Little egrets stir the mud with yellow feet.',
  'Brent geese graze on eelgrass through the winter.',
  'Sandwich terns nest in dense colonies on shingle.',
  'Purple sandpipers winter on wave-washed rocks.',
  'Black-headed gulls lose their dark hoods in autumn.',
  'Whimbrels stop over on their way to Iceland.',
  'Grey plovers keep a feeding territory on the flats.',
  'Bar-tailed godwits fly non-stop across the Pacific.',
  'Manx shearwaters return to the same burrow each year.',
  'Great skuas nest on open moorland near the sea.',
  'Knots gather in tens of thousands at high tide.',
  'Ringed plovers fake a broken wing to lure foxes away.',
];

/** Four lines of body text of its own for page `n`, from height `y` down. */
function body(n: number, y: number): Paragraph {
  return paragraph([0, 1, 2, 3].map((k): [string, number] => [SENTENCES[(n * 4 + k) % SENTENCES.length], y + k * 15]));
}

describe('stripRunningLines', () => {
  it('removes a footer that reading order puts before a table heading higher on the page', () => {
    const pages: StrippablePage[] = [1, 2, 3, 4].map((n) => ({
      number: n,
      paragraphs: [
        body(n, 80),
        paragraph([[`Harbour Office | Weekly Report | ${n + 10}`, 780]]),
        // Read last, but printed above the footer.
        body(n + 4, 600),
      ],
    }));
    expect(stripRunningLines(pages)).toBe(4);
    for (const page of pages) {
      expect(page.running).toEqual({ top: [], bottom: [`Harbour Office | Weekly Report | ${page.number + 10}`] });
      expect(page.label).toBe(String(page.number + 10));
      expect(page.paragraphs).toHaveLength(2);
      expect(page.paragraphs[1].text).toBe(body(page.number + 4, 600).text);
    }
  });

  it('takes a header line out of the paragraph it was read into, and keeps a label the file defines', () => {
    const pages: StrippablePage[] = [1, 2, 3].map((n) => ({
      number: n,
      label: `A-${n}`,
      paragraphs: [
        paragraph([
          ['Field Notes on Coastal Birds', 40],
          [SENTENCES[n].replace(/\.$/, ','), 60],
          ['as noted in the spring survey.', 75],
        ]),
        body(n, 300),
        paragraph([[String(n), 800]]),
      ],
    }));
    stripRunningLines(pages);
    expect(pages[1].paragraphs[0].text).toBe(`${SENTENCES[2].replace(/\.$/, ',')} as noted in the spring survey.`);
    expect(pages[1].running).toEqual({ top: ['Field Notes on Coastal Birds'], bottom: ['2'] });
    expect(pages.map((p) => p.label)).toEqual(['A-1', 'A-2', 'A-3']);
  });

  it('never removes a table row, even one repeated at the top of every page', () => {
    const pages: StrippablePage[] = [1, 2, 3, 4].map((n) => ({
      number: n,
      paragraphs: [paragraph([['Reference | Product | Price', 50]], true), body(n, 80)],
    }));
    expect(stripRunningLines(pages)).toBe(0);
    expect(pages.every((p) => p.paragraphs.length === 2 && p.running === undefined)).toBe(true);
  });
});
