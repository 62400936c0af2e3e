// Public: the BEIR evaluation (load a dataset, index its corpus, run its queries), for `lucarne eval`, which
// builds a throwaway index from its flags rather than opening a data folder.
export { BeirFormatError, type BeirReport, indexBeirCorpus, loadBeir, runBeirQueries } from '../eval/beir';
export {
  type DocQaOutcome,
  DocQaFormatError,
  type DocQaReport,
  type DocQaSet,
  formatDocQaReport,
  isNumeric,
  loadDocQa,
  scoreQuestion,
  summarise,
} from '../eval/docqa';
