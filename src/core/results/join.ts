import { getSpace } from '../spaces';
import type { SpaceId } from '../spaces/types';
import { chooseMetric, type MetricChoice } from './metric-choice';
import { indexMeasured, measuredKey, type MeasuredIndex } from './measured-index';
import { lineProblem, type ResultProblem, type ResultRun } from './runs';
import type { MeasuredCell } from './types';

/** A measured cell with where its runs were read: what the editor, the CLI and fitting show. */
export interface JoinedCell extends MeasuredCell {
  /** The first run's `name`, when a run names its cell. */
  readonly name?: string;
  /** The first run of the cell. */
  readonly file: string;
  readonly line: number;
}

export interface JoinOptions {
  /** The metric to rank by, in every space; default per space: see defaultMetric. */
  readonly metric?: string;
}

export interface ResultsJoin {
  /** One choice per space that has runs, in first-seen order. */
  readonly metrics: readonly MetricChoice[];
  /** Every measured cell, in the order of its first run. */
  readonly cells: readonly JoinedCell[];
  /** Runs left out by the join (no value of the chosen metric, the same run twice). */
  readonly problems: readonly ResultProblem[];
  readonly index: MeasuredIndex<JoinedCell>;
}

interface Accumulator {
  readonly first: ResultRun;
  name?: string;
  n: number;
  mean: number;
  /** Sum of squared deviations (Welford). */
  m2: number;
}

/**
 * Joins runs by canonical hash: every run of one cell (whatever its notation, and every cell
 * isomorphic to it) folds into one measured cell with mean, sample std (n − 1) and n of the chosen metric.
 */
export function joinResults(runs: readonly ResultRun[], options: JoinOptions = {}): ResultsJoin {
  const metrics = chooseMetrics(runs, options.metric);
  const chosen = new Map(metrics.map((m) => [m.space, m] as const));
  const problems: ResultProblem[] = [];
  const cells = new Map<string, Accumulator>();
  const seen = new Map<string, ResultRun>();
  const reportedMissing = new Set<SpaceId>();

  for (const run of runs) {
    const choice = chosen.get(run.space)!;
    const metric = choice.metric;
    if (metric === undefined) {
      if (!reportedMissing.has(run.space)) {
        reportedMissing.add(run.space);
        problems.push(lineProblem(run.file, run.line, 'warning', 'unknown-metric',
          `no ${getSpace(run.space).label} run has the metric "${options.metric}"; they have ${choice.available.map((m) => `"${m}"`).join(', ')}`, 0, 1));
      }
      continue;
    }
    if (!Object.hasOwn(run.metrics, metric)) {
      const has = Object.keys(run.metrics).map((m) => `"${m}"`).join(', ');
      problems.push(lineProblem(run.file, run.line, 'warning', 'missing-metric',
        `this run has no "${metric}", the metric ${getSpace(run.space).label} results are ranked by (it has ${has}), so it is not counted`, 0, 1));
      continue;
    }
    if (run.seed !== undefined) {
      const runKey = `${measuredKey(run.space, run.hash)}\u0000${run.seed}\u0000${run.epochs ?? ''}\u0000${run.source ?? ''}`;
      const earlier = seen.get(runKey);
      if (earlier) {
        problems.push(lineProblem(run.file, run.line, 'warning', 'duplicate-run',
          `the same run as ${earlier.file}:${earlier.line} (the same cell, seed ${run.seed}${run.epochs !== undefined ? `, ${run.epochs} epochs` : ''}${run.source !== undefined ? `, source "${run.source}"` : ''}); it is counted once`, 0, 1));
        continue;
      }
      seen.set(runKey, run);
    }
    const value = run.metrics[metric];
    const key = measuredKey(run.space, run.hash);
    let acc = cells.get(key);
    if (!acc) {
      acc = { first: run, n: 0, mean: 0, m2: 0 };
      cells.set(key, acc);
    }
    acc.name ??= run.name;
    acc.n++;
    const delta = value - acc.mean;
    acc.mean += delta / acc.n;
    acc.m2 += delta * (value - acc.mean);
  }

  const joined = [...cells.values()].map((acc): JoinedCell => ({
    space: acc.first.space,
    hash: acc.first.hash,
    cell: acc.first.cell,
    metric: chosen.get(acc.first.space)!.metric!,
    mean: acc.mean,
    std: acc.n > 1 ? Math.sqrt(Math.max(0, acc.m2) / (acc.n - 1)) : 0,
    runs: acc.n,
    ...(acc.name !== undefined ? { name: acc.name } : {}),
    file: acc.first.file,
    line: acc.first.line,
  }));
  return { metrics, cells: joined, problems, index: indexMeasured(joined) };
}

function chooseMetrics(runs: readonly ResultRun[], explicit: string | undefined): MetricChoice[] {
  const available = new Map<SpaceId, Set<string>>();
  for (const run of runs) {
    let names = available.get(run.space);
    if (!names) available.set(run.space, (names = new Set()));
    for (const name in run.metrics) names.add(name);
  }
  return [...available].map(([space, names]) => chooseMetric(space, [...names], explicit));
}
