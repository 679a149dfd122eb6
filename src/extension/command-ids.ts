// Every command id in one place. Titles and the palette category live in package.json
// (contributes.commands); test/unit/extension/settings.test.ts checks that the two lists agree.

export const COMMANDS = {
  rankFile: 'nasLens.rankFile',
  searchAround: 'nasLens.searchAround',
  searchSpace: 'nasLens.searchSpace',
  showSearchPanel: 'nasLens.showSearchPanel',
  chooseDataset: 'nasLens.chooseDataset',
  compareCells: 'nasLens.compareCells',
  exportResults: 'nasLens.exportResults',
  showResults: 'nasLens.showResults',
  chooseResultsMetric: 'nasLens.chooseResultsMetric',
  fitSurrogate: 'nasLens.fitSurrogate',
  suggestCells: 'nasLens.suggestCells',
  trainCells: 'nasLens.trainCells',
  runLoop: 'nasLens.runLoop',
  cancelRun: 'nasLens.cancelRun',
  retryFailed: 'nasLens.retryFailed',
  /** Internal: applies a quick fix's replacement if the document is still at the version it was computed for. */
  applyCellEdit: 'nasLens.applyCellEdit',
} as const;

/** The Runs view (a tree view in the Explorer). */
export const RUNS_VIEW = 'nasLens.runs';

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

export const VIEW_TYPES = {
  searchPanel: 'nasLens.searchPanel',
  comparePanel: 'nasLens.comparePanel',
  resultsPanel: 'nasLens.resultsPanel',
} as const;
