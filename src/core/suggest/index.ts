export {
  suggestCells,
  DEFAULT_MIN_DISTANCE,
  DEFAULT_SUGGEST_BUDGET,
  type SpreadModel,
  type SuggestOptions,
  type SuggestResult,
  type Suggestion,
} from './suggest';
export { acquire, expectedImprovement, ACQUISITION_NAMES, DEFAULT_KAPPA, type Acquisition, type AcquisitionName } from './acquisition';
export { editDistance } from './edit-distance';
