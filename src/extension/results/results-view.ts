// The worker's reports → what the Results view shows (protocol ResultsView). Predictions get their
// rank and top % from the model's calibration table, as the editor's lenses do; the measured values
// stay as measured. vscode-free (test/unit/extension/results-view.test.ts).
import { describeRule } from '../../core/results/metric-choice';
import { getSpace } from '../../core/spaces';
import type { SpaceId } from '../../core/spaces/types';
import { rankOf, type CalibrationTable } from '../../core/surrogate/calibration';
import type { ResultsReport, ResultsSummary } from '../../protocol/worker';
import type { AgreementView, MeasuredCellView, Notice, ResultsActionView, ResultsSpaceView, ResultsView } from '../../protocol/webview';
import { topOfRank } from '../../shared/ranking-terms';
import { agreementLong, measuredValue } from './describe-measured';

/** Rows of the best cells in each space's table, and cells in its scatter at most. */
export const RESULTS_ROWS = 100;
export const RESULTS_POINTS = 3000;

/** What the view needs of the model that predicts a space (RankModel's part). */
export interface ViewModel {
  readonly name: string;
  readonly datasetLabel: string;
  readonly calibration: CalibrationTable;
}

export interface SpaceInput {
  readonly report: ResultsReport;
  /** The model, or why there is none ("no model for DARTS yet"). */
  readonly model: ViewModel | string;
}

/** Where a cell's run is, to jump to: its space and hash (to find it in an open file) and its first run. */
export interface CellTarget {
  readonly space: SpaceId;
  readonly hash: string;
  readonly file: string;
  readonly line: number;
}

export const RESULTS_TOOLBAR: readonly ResultsActionView[] = [
  { action: 'choose-metric', label: 'Choose metric', title: 'NAS Lens: Choose results metric' },
  { action: 'show-problems', label: 'Problems', title: 'Show the problems found in the results files' },
  { action: 'refresh', label: 'Refresh', title: 'Look for results files again and read what changed' },
  { action: 'fit', label: 'Fit…', title: 'NAS Lens: Fit the surrogate to my results' },
  { action: 'suggest', label: 'Suggest…', title: 'NAS Lens: Suggest cells to train next' },
  { action: 'run-loop', label: 'Run loop…', title: 'NAS Lens: Run loop (fit → suggest → train)' },
];

export function resultsView(
  summary: ResultsSummary,
  spaces: readonly SpaceInput[],
  options: {
    readonly datasetLabel: string;
    readonly relative: (file: string) => string;
    readonly notice?: Notice;
    /** Names of cells in the user's open files, by `${space}:${hash}`: a run that names no cell shows the file's name. */
    readonly names?: ReadonlyMap<string, string>;
  },
): { view: ResultsView; targets: Map<string, CellTarget> } {
  const targets = new Map<string, CellTarget>();
  const problems = summary.files.reduce((p, f) => ({ errors: p.errors + f.errors, warnings: p.warnings + f.warnings }), { errors: 0, warnings: 0 });
  const view: ResultsView = {
    kind: 'results',
    title: 'Your results',
    files: summary.files.length,
    runs: summary.runs,
    measuredCells: summary.measuredCells,
    problems,
    datasetLabel: options.datasetLabel,
    spaces: spaces.map((s) => spaceView(s, options.relative, targets, options.names)),
    actions: RESULTS_TOOLBAR,
    ...(options.notice ? { notice: options.notice } : {}),
  };
  return { view, targets };
}

function spaceView(
  input: SpaceInput,
  relative: (file: string) => string,
  targets: Map<string, CellTarget>,
  names?: ReadonlyMap<string, string>,
): ResultsSpaceView {
  const { report, model } = input;
  const calibration = typeof model === 'string' ? undefined : model.calibration;
  const cells = report.cells.map((c): MeasuredCellView => {
    const id = `${report.space}:${c.order}`;
    targets.set(id, { space: report.space, hash: c.hash, file: c.file, line: c.line });
    const where = `${relative(c.file)}:${c.line}`;
    const prediction = c.score !== undefined && calibration ? predicted(c.score, calibration) : undefined;
    return {
      id,
      name: c.name ?? names?.get(`${report.space}:${c.hash}`) ?? where,
      where,
      mean: c.mean,
      std: c.std,
      runs: c.runs,
      measured: measuredValue(c),
      ...(c.score !== undefined ? { score: c.score } : {}),
      ...(prediction ?? {}),
    };
  });
  const choice = report.choice;
  return {
    space: report.space,
    spaceLabel: getSpace(report.space).label,
    ...(choice?.metric !== undefined ? { metric: choice.metric } : {}),
    metricRule: choice ? describeRule(choice.rule) : '',
    otherMetrics: choice ? choice.available.filter((m) => m !== choice.metric) : [],
    model: typeof model === 'string' ? model : `${model.name} on ${model.datasetLabel}`,
    measuredCells: report.measuredCells,
    agreement: agreementView(report, model),
    cells,
    rows: Math.min(RESULTS_ROWS, cells.length),
    ...(cells.length < report.measuredCells ? { sampled: { shown: cells.length, total: report.measuredCells } } : {}),
  };
}

function predicted(score: number, table: CalibrationTable): { rank: number; top: number } {
  const rank = rankOf(table, score);
  return { rank, top: topOfRank(rank, table.spaceSize) };
}

function agreementView(report: ResultsReport, model: ViewModel | string): AgreementView {
  const a = report.agreement;
  if (a?.kind === 'figures') {
    return { kind: 'figures', n: a.n, kendallTau: a.kendallTau, spearmanRho: a.spearmanRho, level: a.level, resamples: a.resamples, text: agreementLong(a) };
  }
  if (a) return { kind: 'none', text: agreementLong(a) };
  if (typeof model === 'string') return { kind: 'none', text: `no agreement: ${model}` };
  if (report.modelError) return { kind: 'none', text: `no agreement: the model could not score the cells (${report.modelError})` };
  return { kind: 'none', text: 'no measured cells' };
}
