/**
 * Oracle-mode search benchmark: every strategy × trials against a labelled table; the figure after q
 * queries is the --report value of the best-by---metric cell found so far, averaged over trials.
 *
 *   npx tsx bench/search.ts --preset nb201-cifar10 [--trials 200] [--budget 300] [--strategies random,evolution,local]
 *   npx tsx bench/search.ts --data ../shared/data/nb201.csv --metric c10_valid_200_mean --report c10_test_200 --out bench/results/x.json
 *   npx tsx bench/search.ts --preset nb201-cifar10 --strategies predictor --trials 100 --budget 150 --workers 2 --merge
 *
 * --workers N runs trials in N worker threads (default 2); --predictor '{"fit":{…},"search":{…}}'
 * overrides the predictor's settings; --merge adds the strategies run to an existing result file
 * (replacing those of the same name) instead of overwriting it; --append pools them with the
 * existing entries of the same name (run the extra trials on other seeds: --seed 50 after 50 trials).
 *
 * Writes {"config": {...}, "strategies": {"NAME": {"mean": [...], "trials": N, "sem": [...]}}} and,
 * with --svg, a line chart of the curves. Data: $NAS_LENS_DATA, else ../shared/data beside the repository.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isStrategyName, STRATEGY_NAMES, type StrategyName } from '../src/core/search';
import { loadOracleTable } from '../src/node/oracle-table';
import { runSearchBench } from '../src/worker/search-bench';
import { errorMessage } from '../src/shared/errors';
import { renderCurvesSvg } from './search-plot';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = process.env.NAS_LENS_DATA ?? resolve(repoRoot, '../shared/data');
const results = join(repoRoot, 'bench/results');

interface Preset {
  readonly data: string;
  readonly metric: string;
  readonly report: string;
  readonly out: string;
  readonly svg?: string;
  readonly title: string;
}

const PRESETS: Record<string, Preset> = {
  'nb201-cifar10': {
    data: 'nb201.csv',
    metric: 'c10_valid_200_mean',
    report: 'c10_test_200',
    out: 'search.json',
    svg: 'search-nb201-cifar10.svg',
    title: 'NB-201 CIFAR-10',
  },
  'nb201-cifar100': {
    data: 'nb201.csv',
    metric: 'c100_valid_200',
    report: 'c100_test_200',
    out: 'search-nb201-cifar100.json',
    svg: 'search-nb201-cifar100.svg',
    title: 'NB-201 CIFAR-100',
  },
  'nb201-imagenet16': {
    data: 'nb201.csv',
    metric: 'in16_valid_200',
    report: 'in16_test_200',
    out: 'search-nb201-imagenet16.json',
    svg: 'search-nb201-imagenet16.svg',
    title: 'NB-201 ImageNet16-120',
  },
  nb101: { data: 'nb101_subset.csv', metric: 'val_108', report: 'val_108', out: 'search-nb101.json', title: 'NB-101 (labelled subset)' },
};

const CHECKPOINTS = [10, 50, 100, 150, 200, 300];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      preset: { type: 'string' },
      data: { type: 'string' },
      metric: { type: 'string' },
      report: { type: 'string' },
      strategies: { type: 'string', default: 'random,local,local-first,evolution,nar,eps' },
      trials: { type: 'string', default: '200' },
      budget: { type: 'string', default: '300' },
      seed: { type: 'string', default: '0' },
      out: { type: 'string' },
      svg: { type: 'string' },
      title: { type: 'string' },
      workers: { type: 'string', default: '2' },
      predictor: { type: 'string' },
      merge: { type: 'boolean', default: false },
      append: { type: 'boolean', default: false },
    },
  });
  const preset = values.preset ? PRESETS[values.preset] : undefined;
  if (values.preset && !preset) throw new Error(`unknown preset '${values.preset}'; presets: ${Object.keys(PRESETS).join(', ')}`);
  const data = values.data ?? (preset && join(dataDir, preset.data));
  const metric = values.metric ?? preset?.metric;
  const report = values.report ?? preset?.report ?? metric;
  if (!data || !metric || !report) throw new Error('give --preset, or --data, --metric and --report');
  const strategies = values.strategies.split(',').map((s) => s.trim());
  const unknown = strategies.filter((s) => !isStrategyName(s));
  if (unknown.length) throw new Error(`unknown strategies ${unknown.join(', ')}; known: ${STRATEGY_NAMES.join(', ')}`);
  const trials = Number(values.trials);
  const budget = Number(values.budget);
  const seed = Number(values.seed);
  const out = values.out ?? join(results, preset?.out ?? 'search-custom.json');
  const svg = values.svg ?? (preset?.svg && join(results, preset.svg));

  const loadStart = Date.now();
  const table = loadOracleTable(data);
  console.error(`${table.space.label}: ${table.size} labelled cells (${table.skipped} skipped) from ${data} in ${Date.now() - loadStart} ms`);
  const started = Date.now();
  const finished = new Map<string, number>();
  const result = await runSearchBench({
    table,
    metric,
    report,
    strategies: strategies as StrategyName[],
    trials,
    budget,
    seed,
    workers: Number(values.workers),
    tablePath: data,
    ...(values.predictor ? { predictor: JSON.parse(values.predictor) } : {}),
    onTrial: (name) => {
      finished.set(name, (finished.get(name) ?? 0) + 1);
      const n = finished.get(name)!;
      if (n % 10 === 0 || n === trials) console.error(`  ${name}: ${n}/${trials} trials (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    },
  });
  const round = (v: number) => Math.round(v * 1e4) / 1e4;
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  const runInfo = {
    budget,
    trials,
    seed,
    seconds,
    cpuSeconds: Math.round(result.cpuMs / 100) / 10,
    workers: Number(values.workers),
    ...(values.predictor ? { predictor: JSON.parse(values.predictor) } : {}),
  };
  const fresh = Object.fromEntries(
    Object.entries(result.strategies).map(([name, c]) => [
      name,
      {
        mean: c.mean.map(round),
        trials: c.trials,
        sem: c.sem.map(round),
        hitOptimum: c.hitOptimum.map(round),
        run: { ...runInfo, trialSeconds: Math.round(c.trialMs / 100) / 10 },
      },
    ]),
  );
  const previous =
    (values.merge || values.append) && existsSync(out)
      ? (JSON.parse(readFileSync(out, 'utf8')) as { config: object; strategies: Record<string, unknown> })
      : undefined;
  if (values.append && previous) {
    for (const [name, entry] of Object.entries(fresh)) {
      const old = previous.strategies[name] as StoredCurve | undefined;
      if (old && old.mean.length === entry.mean.length) fresh[name] = pool(old, entry, round) as typeof entry;
    }
  }
  const strategiesOut = { ...previous?.strategies, ...fresh };
  const config = previous?.config ?? {
    space: table.space.id,
    data: data.replace(/^.*\//, ''),
    metric,
    report,
    budget,
    trials,
    seed,
    optimum: round(table.max(report)),
    seconds,
  };
  writeFileSync(out, JSON.stringify({ config, strategies: strategiesOut }, null, 1) + '\n');
  console.error(`wrote ${out}`);
  if (svg) {
    const title = values.title ?? `${preset?.title ?? table.space.label}: ${report} of the best-by-${metric} cell, mean over trials`;
    const curves = Object.fromEntries(
      Object.entries(strategiesOut).map(([n, c]) => [`${n} (${(c as { trials: number }).trials})`, (c as { mean: number[] }).mean]),
    );
    writeFileSync(
      svg,
      renderCurvesSvg(curves, {
        title,
        yLabel: `${report} (%)`,
        reference: { value: table.max(report), label: `table optimum ${table.max(report).toFixed(2)}` },
      }),
    );
    console.error(`wrote ${svg}`);
  }
  const shown = CHECKPOINTS.filter((q) => q <= budget);
  console.log(['strategy', ...shown.map((q) => `@${q}`)].join('\t'));
  for (const [name, c] of Object.entries(result.strategies)) {
    console.log(
      [
        name,
        ...shown.map((q) => `${c.mean[q - 1].toFixed(3)}±${c.sem[q - 1].toFixed(3)}`),
        `hit@150 ${(c.hitOptimum[Math.min(150, budget) - 1] * 100).toFixed(0)}%`,
      ].join('\t'),
    );
  }
  console.log(`wall ${seconds} s, CPU ${(result.cpuMs / 1000).toFixed(1)} s (all threads)`);
}

interface StoredCurve {
  mean: number[];
  sem: number[];
  trials: number;
  hitOptimum?: number[];
  run?: unknown;
  runs?: unknown[];
}

/** Two curves of disjoint trials as one: pooled mean, standard error (from the per-query variances) and hit rate. */
function pool(a: StoredCurve, b: StoredCurve, round: (v: number) => number): StoredCurve {
  const n = a.trials + b.trials;
  const mean = a.mean.map((m, q) => (m * a.trials + b.mean[q] * b.trials) / n);
  const sem = mean.map((m, q) => {
    const sumSquares = (c: StoredCurve) => c.sem[q] ** 2 * c.trials * (c.trials - 1) + c.trials * c.mean[q] ** 2;
    const variance = (sumSquares(a) + sumSquares(b) - n * m * m) / Math.max(1, n - 1);
    return Math.sqrt(Math.max(0, variance) / n);
  });
  const hit = a.hitOptimum && b.hitOptimum ? { hitOptimum: a.hitOptimum.map((h, q) => round((h * a.trials + b.hitOptimum![q] * b.trials) / n)) } : {};
  return {
    mean: mean.map(round),
    trials: n,
    sem: sem.map(round),
    ...hit,
    runs: [...(a.runs ?? (a.run ? [a.run] : [])), ...(b.runs ?? (b.run ? [b.run] : []))],
  };
}

main().catch((error: unknown) => {
  console.error(errorMessage(error));
  process.exit(1);
});
