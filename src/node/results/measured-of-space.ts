import { getSpace } from '../../core/spaces';
import type { JoinedCell } from '../../core/results/join';
import type { MetricRule } from '../../core/results/metric-choice';
import type { ResultProblem } from '../../core/results/runs';
import type { SpaceId } from '../../core/spaces/types';
import { formatProblem } from '../read-inputs';
import { findResultsFiles } from './find-results';
import { loadResults } from './read-results';

/** The measured cells of one space that a fit or a suggestion starts from, and what was left out. */
export interface MeasuredOfSpace {
  readonly files: readonly string[];
  readonly cells: readonly JoinedCell[];
  readonly metric: string;
  readonly rule: MetricRule;
  /** Every metric the space's runs report. */
  readonly available: readonly string[];
  readonly runs: number;
  /** Reading and joining problems (runs of other spaces among them, as warnings): the valid runs still count. */
  readonly problems: readonly ResultProblem[];
}

/**
 * Results files or globs (relative to `cwd`) → the measured cells of `space` by `metric` (default:
 * the space's default metric). Throws a message naming what is missing when a pattern matches no
 * file, no run is of the space, or no run has the metric; a bad line is a problem, not an error.
 */
export async function loadMeasuredOfSpace(patterns: readonly string[], options: { space: SpaceId; metric?: string; cwd: string }): Promise<MeasuredOfSpace> {
  if (!patterns.length) throw new Error('no results file: pass --results FILE|GLOB (*.nas-results.jsonl, *.nas-results.csv or a benchmark CSV)');
  const found = await findResultsFiles(patterns, options.cwd);
  if (found.unmatched.length) throw new Error(`--results ${found.unmatched.map((p) => `'${p}'`).join(', ')} matches no file (under ${options.cwd})`);
  const loaded = await loadResults(found.files, { space: options.space, ...(options.metric !== undefined ? { metric: options.metric } : {}) });
  const label = getSpace(options.space).label;
  const choice = loaded.metrics.find((m) => m.space === options.space);
  if (!choice) {
    const shown = loaded.problems.slice(0, 5).map((p) => `\n  ${formatProblem(p)}`);
    const more = loaded.problems.length > shown.length ? `\n  … ${loaded.problems.length - shown.length} more` : '';
    throw new Error(`no usable run of ${label} in ${found.files.join(', ')}${shown.join('')}${more}`);
  }
  if (choice.metric === undefined) {
    throw new Error(`no ${label} run has the metric '${options.metric}'; the runs have ${choice.available.map((m) => `'${m}'`).join(', ')}`);
  }
  const cells = loaded.cells.filter((c) => c.space === options.space);
  return {
    files: loaded.files,
    cells,
    metric: choice.metric,
    rule: choice.rule,
    available: choice.available,
    runs: cells.reduce((s, c) => s + c.runs, 0),
    problems: loaded.problems,
  };
}
