// English, the citation check (issue #16): same keys and parameters as fr-check.ts; en.ts spreads it in.
import type { frCheck } from './fr-check';

const pl = (n: number, one: string, other: string) => (n === 1 ? one : other);

export const enCheck: typeof frCheck = {
  'check.badge': (p) => `${p.supported} of ${p.total} ${pl(p.total, 'sentence', 'sentences')} supported`,
  'check.badgeTitle':
    'Each sentence of the answer was compared, without a model, with the passages it cites: figures, names, negations and words.',
  'check.support.supported': 'Supported',
  'check.support.partly-supported': 'Partly supported',
  'check.support.not-supported': 'Not supported',
  'check.support.no-claim': 'Nothing to check',
  'check.notFound': (p) => `${p.what} ${pl(p.count, 'does', 'do')} not appear in ${p.where}`,
  'check.negation': (p) => `the negation does not appear in ${p.where}`,
  'check.opposite': (p) => `${p.where} says the opposite ("${p.word}" is negated there)`,
  'check.noSource': (p) => `[${p.n}] matches no passage`,
  'check.noCitation': 'no citation',
  'check.foundUncited': (p) => `found in ${p.where}, which is not cited`,
  'check.nothing': (p) => `nothing in ${p.where} says this`,
  'check.thePassages': 'the passages',
  'check.flag': (p) => `${p.label}: ${p.reason}`,
  'check.corrected': (p) => `(corrected, was ${p.from})`,
  'check.added': '(added)',
  'check.correctedTitle': 'Lucarne corrected this number: the cited passage did not say this; this one does.',
  'check.addedTitle': 'Lucarne added this citation: this passage, and only this one, says what the sentence states.',

  'inspector.tab.check': 'Check',
  'inspector.checkEmpty': 'No check for this answer: offline answers are exact quotes, and older answers have none.',
  'inspector.checkLabel': 'Sentence-by-sentence check',
  'inspector.checkSpan': (p) => `Said in [${p.n}]:`,
  'inspector.checkNearest': (p) => `Closest, in [${p.n}]:`,
  'inspector.checkRepaired': (p) => `Citation corrected: ${p.from} → ${p.to}`,
  'inspector.checkAdded': (p) => `Citation added: ${p.to}`,
};
