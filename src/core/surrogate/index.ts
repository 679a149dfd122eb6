export { loadSurrogate, type Surrogate, type SurrogateArtifacts } from './surrogate';
export { serializeSurrogate, parseSurrogate, SurrogateFormatError, type SurrogateFiles } from './artifacts';
export { buildCalibration, percentileOf, rankOf, type CalibrationTable } from './calibration';
export { encodeCells, selectEncoded, encodingSpecOf, defaultPreprocess, type EncodedCells } from './encode-cells';
export {
  trainSurrogate,
  DEFAULT_ARCHITECTURE,
  DEFAULT_HYPERPARAMETERS,
  type TrainRequest,
  type TrainedSurrogate,
  type TrainHyperparameters,
  type EpochReport,
  type LabelledCells,
} from './train';
export { LOSS_NAMES, type LossName, type SurrogateConfig, type SurrogateArchitecture, type Preprocess } from './config';
