// Public: the citation checker (engine/verify) and its citation repair, for `lucarne verify` and its measurements, which check an
// answer against given passages without opening a library. The offline extractive generator is here too so
// that the measurement can check its verbatim answers (a control: they must all be supported).
export {
  type Support,
  type VerifiedSentence,
  type VerifyOptions,
  type VerifyResult,
  type VerifySource,
  verifyAnswer,
} from '../verify';
export { type CitationRepair, type RepairedSentence, type RepairResult, repairCitations } from '../verify/repair';
export { ExtractiveGenerator } from '../answer/extractive';
export type { ContextPassage } from '../types';
