import { getSpace } from '../spaces';
import type { SpaceId } from '../spaces/types';
import { chooseMetric, type MetricChoice } from './metric-choice';
import { indexMeasured, type MeasuredIndex } from './measured-index';
import { lineProblem, type ResultProblem, type ResultRun } from './runs';
import type { MeasuredCell } from './types';

/** A measured cell with where its runs were read: what the editor, the CLI and fitting show. */
export interface JoinedCell extends MeasuredCell {
  /** The first run's `name`, when a run names its cell. */
  readonly name?: string;
  /** The first run of the cell. */
  readonly file: string;
  readonly line: number;
  /** The distinct `source` of the counted runs, in first-seen order (runs without one add nothing; the first MAX_LISTED). */
  readonly sources: readonly string[];
  /** The distinct files of the counted runs, in first-seen order (the first MAX_LISTED). */
  readonly files: readonly string[];
}

export interface JoinOptions {
  /** The metric to rank by, in every space; default per space: see defaultMetric. */
  readonly metric?: string;
  /**
   * With true, a space none of whose runs has `metric` is ranked by its default metric instead of
   * by none (the editor's one metric setting across spaces with different metrics). Default false.
   */
  readonly fallback?: boolean;
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
  /** Distinct sources and files of the counted runs (one file and no source is the common case: no Set). */
  sources?: string[];
  files: string[];
  n: number;
  mean: number;
  /** Sum of squared deviations (Welford). */
  m2: number;
  /** The runs with a seed counted so far (and their seeds, compared first), to count a repeated line (same seed, epochs, source) once. */
  seeded?: ResultRun[];
  seeds?: number[];
  seededByKey?: Map<string, ResultRun>;
}

/**
 * Joins runs by canonical hash: every run of one cell (whatever its notation, and every cell
 * isomorphic to it) folds into one measured cell with mean, sample std (n − 1) and n of the chosen metric.
 */
export function joinResults(runs: readonly ResultRun[], options: JoinOptions = {}): ResultsJoin {
  const metrics = chooseMetrics(runs, options.metric, options.fallback === true);
  const chosen = new Map(metrics.map((m) => [m.space, m] as const));
  const problems: ResultProblem[] = [];
  // space → hash → accumulator (nested, so that no key string is built per run)
  const bySpace = new Map<SpaceId, Map<string, Accumulator>>();
  const order: Accumulator[] = [];
  const reportedMissing = new Set<SpaceId>();

  for (const run of runs) {
    const choice = chosen.get(run.space)!;
    const metric = choice.metric;
    if (metric === undefined) {
      if (!reportedMissing.has(run.space)) {
        reportedMissing.add(run.space);
        problems.push(
          lineProblem(
            run.file,
            run.line,
            'warning',
            'unknown-metric',
            `no ${getSpace(run.space).label} run has the metric "${options.metric}"; they have ${choice.available.map((m) => `"${m}"`).join(', ')}`,
            0,
            1,
          ),
        );
      }
      continue;
    }
    if (!Object.hasOwn(run.metrics, metric)) {
      const has = Object.keys(run.metrics)
        .map((m) => `"${m}"`)
        .join(', ');
      problems.push(
        lineProblem(
          run.file,
          run.line,
          'warning',
          'missing-metric',
          `this run has no "${metric}", the metric ${getSpace(run.space).label} results are ranked by (it has ${has}), so it is not counted`,
          0,
          1,
        ),
      );
      continue;
    }
    let cells = bySpace.get(run.space);
    if (!cells) bySpace.set(run.space, (cells = new Map()));
    let acc = cells.get(run.hash);
    if (!acc) {
      acc = { first: run, n: 0, mean: 0, m2: 0, files: [] };
      cells.set(run.hash, acc);
      order.push(acc);
    }
    if (run.seed !== undefined) {
      const earlier = sameRun(acc, run);
      if (earlier) {
        problems.push(
          lineProblem(
            run.file,
            run.line,
            'warning',
            'duplicate-run',
            `the same run as ${earlier.file}:${earlier.line} (the same cell, seed ${run.seed}${run.epochs !== undefined ? `, ${run.epochs} epochs` : ''}${run.source !== undefined ? `, source "${run.source}"` : ''}); it is counted once`,
            0,
            1,
          ),
        );
        continue;
      }
    }
    const value = run.metrics[metric];
    acc.name ??= run.name;
    if (run.source !== undefined && (acc.sources?.length ?? 0) < MAX_LISTED && !acc.sources?.includes(run.source)) (acc.sources ??= []).push(run.source);
    if (acc.files.length < MAX_LISTED && !acc.files.includes(run.file)) acc.files.push(run.file);
    acc.n++;
    const delta = value - acc.mean;
    acc.mean += delta / acc.n;
    acc.m2 += delta * (value - acc.mean);
  }

  const joined = order
    .filter((acc) => acc.n > 0)
    .map((acc): JoinedCell => ({
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
      sources: acc.sources ?? [],
      files: acc.files,
    }));
  return { metrics, cells: joined, problems, index: indexMeasured(joined) };
}

const LINEAR_RUNS = 32;

/** Sources and files listed per measured cell, at most. */
export const MAX_LISTED = 16;

/** The counted run of `acc` with the seed, epochs and source of `run`, else undefined (and `run` is recorded). */
function sameRun(acc: Accumulator, run: ResultRun): ResultRun | undefined {
  const key = (r: ResultRun) => `${r.seed}\u0000${r.epochs ?? ''}\u0000${r.source ?? ''}`;
  if (acc.seededByKey) {
    const earlier = acc.seededByKey.get(key(run));
    if (!earlier) acc.seededByKey.set(key(run), run);
    return earlier;
  }
  const runs = (acc.seeded ??= []);
  const seeds = (acc.seeds ??= []);
  for (let i = 0; i < seeds.length; i++) {
    if (seeds[i] !== run.seed) continue;
    const r = runs[i];
    if (r.epochs === run.epochs && r.source === run.source) return r;
  }
  runs.push(run);
  seeds.push(run.seed!);
  if (runs.length > LINEAR_RUNS) {
    acc.seededByKey = new Map(runs.map((r) => [key(r), r]));
    acc.seeded = acc.seeds = undefined;
  }
  return undefined;
}

function chooseMetrics(runs: readonly ResultRun[], explicit: string | undefined, fallback: boolean): MetricChoice[] {
  const available = new Map<SpaceId, Set<string>>();
  for (const run of runs) {
    let names = available.get(run.space);
    if (!names) available.set(run.space, (names = new Set()));
    for (const name in run.metrics) names.add(name);
  }
  return [...available].map(([space, names]) =>
    chooseMetric(space, [...names], fallback && explicit !== undefined && !names.has(explicit) ? undefined : explicit),
  );
}
