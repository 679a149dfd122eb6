export type { MeasuredCell, ResultLine, RunInfo } from './types';
export { lineProblem, type ResultProblem, type ResultRun, type ResultsRead } from './runs';
export { readResultsJsonl, MAX_RESULT_LINE_CHARS, type JsonlOptions, type JsonlRead } from './read-jsonl';
export { readResultLine, type LineLocation, type LineOptions, type LineRead } from './read-line';
export { LineCellReader, CELL_NOTATIONS } from './line-cell';
export { chooseMetric, defaultMetric, describeRule, type MetricChoice, type MetricRule } from './metric-choice';
export { joinResults, MAX_LISTED, type JoinedCell, type JoinOptions, type ResultsJoin } from './join';
export { indexMeasured, measuredForCells, measuredKey, type MeasuredIndex } from './measured-index';
export {
  measureAgreement,
  measureAgreementAsync,
  AGREEMENT_MIN_CELLS,
  type Agreement,
  type AgreementOptions,
  type AsyncAgreementOptions,
  type Interval,
} from './agreement';
