import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { formatCell } from '../../core/dsl';
import type { Notation } from '../../core/dsl';
import { isStrategyName, STRATEGY_NAMES, type StrategyName } from '../../core/search';
import { getSpace, isSpaceId } from '../../core/spaces';
import type { Cell, SpaceId } from '../../core/spaces/types';
import { bundledModelDir } from '../../node/bundled-models';
import { loadOracleTable } from '../../node/oracle-table';
import { formatProblem, readInputs } from '../../node/read-inputs';
import { runSearchBench } from '../../node/search-bench';
import { SearchWorkerClient, type SearchProgressEvent } from '../../node/search-worker-client';
import type { RankedCell, SearchRequest } from '../../protocol/worker';
import { formatCount, printJson, table } from '../output';

const DATASETS = ['cifar10', 'cifar100', 'imagenet16'] as const;
const JSON_NOTATION: Record<SpaceId, Notation> = { nb201: 'json-arch', nb101: 'json-nb101', darts: 'json-darts' };

interface SearchOptions {
  space?: string;
  strategy: string;
  budget: string;
  time: string;
  from?: string;
  dataset: string;
  maxParams?: string;
  seed: string;
  top: string;
  model?: string;
  notation?: string;
  json?: boolean;
}

interface BenchSearchOptions {
  space: string;
  oracle: string;
  metric: string;
  report?: string;
  strategy: string;
  budget: string;
  trials: string;
  seed: string;
  workers: string;
  json?: boolean;
}

/** `nas-lens search` (surrogate mode, in the worker) and `nas-lens bench search` (oracle mode). */
export function registerSearchCommands(program: Command): void {
  program
    .command('search')
    .description('search the whole space, or around a cell, with the bundled rank surrogate (runs in a worker thread)')
    .option('--space <space>', 'nb201 | nb101 | darts (default: the space of the --from cell, else nb201)')
    .option('--strategy <name>', `${STRATEGY_NAMES.join(' | ')}`, 'evolution')
    .option('--budget <n>', 'cells to evaluate with the surrogate', '100000')
    .option('--time <seconds>', 'time budget of the search', '10')
    .option('--from <file#cell>', 'search around this cell: a DSL, text or CSV file and the name of a cell in it (#2: the second cell)')
    .option('--dataset <dataset>', 'cifar10 | cifar100 | imagenet16 (NB-201; NB-101 and DARTS: cifar10)', 'cifar10')
    .option('--max-params <millions>', "only cells with at most this many parameters (millions, in the dataset's network)")
    .option('--seed <s>', 'random seed', '0')
    .option('--top <k>', 'best cells to print', '10')
    .option('--model <dir>', 'model directory (default: the bundled media/models/<space>-<dataset>)')
    .option('--notation <notation>', 'how cells are printed (default: the JSON DSL of the space)')
    .option('--json', 'print {"top": [...], ...} as JSON')
    .action(async (options: SearchOptions) => {
      await searchCommand(options);
    });

  const bench = program.commands.find((c) => c.name() === 'bench') ?? program.command('bench').description('benchmarks');
  bench
    .command('search')
    .description('oracle-mode search benchmark: strategies × trials against a labelled table; mean report value of the best-by-metric cell per query')
    .requiredOption('--oracle <file>', 'labelled table (e.g. ../shared/data/nb201.csv)')
    .requiredOption('--metric <column>', 'column each query reveals (what the search maximises)')
    .option('--report <column>', 'column reported for the best-by-metric cell (default: --metric)')
    .option('--space <space>', 'nb201 | nb101 | darts (checked against the table)', 'nb201')
    .option('--strategy <names>', 'comma-separated strategies', 'random,evolution')
    .option('--budget <n>', 'queries per trial', '300')
    .option('--trials <n>', 'trials per strategy', '100')
    .option('--seed <s>', 'trial t runs on seed S + t', '0')
    .option('--workers <n>', 'worker threads running trials in parallel', String(Math.min(2, availableParallelism())))
    .option('--json', 'print {"strategies": {"NAME": {"mean": [...], "trials": N}}} as JSON')
    .action(async (options: BenchSearchOptions) => {
      await benchSearchCommand(options);
    });
}

async function searchCommand(options: SearchOptions): Promise<void> {
  const start = options.from ? await readStartCell(options.from) : undefined;
  const spaceId = options.space ?? start?.space ?? 'nb201';
  if (!isSpaceId(spaceId)) throw new Error(`unknown space '${spaceId}'; use nb201, nb101 or darts`);
  if (start && start.space !== spaceId) throw new Error(`the --from cell is a ${start.space} cell, --space is ${spaceId}`);
  if (!isStrategyName(options.strategy)) throw new Error(`unknown strategy '${options.strategy}'; use one of ${STRATEGY_NAMES.join(', ')}`);
  if (!(DATASETS as readonly string[]).includes(options.dataset)) throw new Error(`unknown dataset '${options.dataset}'; use ${DATASETS.join(', ')}`);
  const budget = positiveInteger(options.budget, '--budget');
  const timeMs = positiveNumber(options.time, '--time') * 1000;
  const topK = positiveInteger(options.top, '--top');
  const seed = integer(options.seed, '--seed');
  const maxParams = options.maxParams === undefined ? undefined : positiveNumber(options.maxParams, '--max-params') * 1e6;
  const notation = (options.notation ?? JSON_NOTATION[spaceId]) as Notation;
  const modelDir = resolve(options.model ?? bundledModelDir(spaceId, options.dataset));
  if (!existsSync(modelDir))
    throw new Error(`no model for ${spaceId} on ${options.dataset}: ${modelDir} does not exist (train one with nas-lens train, or pass --model DIR)`);

  const request: SearchRequest = {
    space: spaceId,
    strategy: options.strategy,
    mode: 'surrogate',
    dataset: options.dataset,
    modelDir,
    ...(start ? { start } : {}),
    budget,
    timeMs,
    seed,
    topK,
    ...(maxParams !== undefined ? { constraints: { maxParams } } : {}),
    progressIntervalMs: 100,
  };
  const client = await SearchWorkerClient.start();
  const bar = new SingleBar({
    stream: process.stderr,
    format: ' {bar} {percentage}% | {evaluations} cells | {rate} cells/s | best: top {best}%',
    hideCursor: true,
    clearOnComplete: true,
  });
  const onSigint = () => search.cancel();
  const search = client.start(request);
  process.once('SIGINT', onSigint);
  try {
    bar.start(1000, 0, { evaluations: 0, rate: 0, best: '-' });
    const update = (p: SearchProgressEvent) => {
      const fraction = Math.max(p.evaluations / budget, p.elapsedMs / timeMs);
      bar.update(Math.min(1000, Math.round(fraction * 1000)), {
        evaluations: p.evaluations.toLocaleString('en-US'),
        rate: Math.round(p.evaluationsPerSecond).toLocaleString('en-US'),
        best: p.best ? p.best.percentile.toFixed(2) : '-',
      });
    };
    for await (const p of search.progress) update(p);
    const done = await search.result;
    bar.update(1000);
    bar.stop();
    const rows = done.top.map((r, i) => ({ position: i + 1, ...describeRanked(r, notation) }));
    if (options.json) {
      printJson({
        space: spaceId,
        strategy: options.strategy,
        dataset: options.dataset,
        model: modelDir,
        seed,
        ...(start ? { start: { text: getSpace(spaceId).toText(start as never), dsl: formatCell(start, notation) } } : {}),
        reason: done.reason,
        evaluations: done.evaluations,
        elapsedMs: Math.round(done.elapsedMs),
        evaluationsPerSecond: Math.round((done.evaluations * 1000) / Math.max(1, done.elapsedMs)),
        top: rows,
      });
    } else {
      const rate = Math.round((done.evaluations * 1000) / Math.max(1, done.elapsedMs));
      console.log(
        `${getSpace(spaceId).label}, ${options.strategy}: ${done.evaluations.toLocaleString('en-US')} cells in ${(done.elapsedMs / 1000).toFixed(1)} s (${rate.toLocaleString('en-US')} cells/s), stopped by ${done.reason}`,
      );
      console.log(
        table(
          ['#', 'predicted', 'rank', 'params', 'cell'],
          rows.map((r) => [String(r.position), `top ${r.percentile.toFixed(2)}%`, r.rank.toLocaleString('en-US'), formatCount(r.params), r.dsl]),
        ),
      );
    }
  } catch (error) {
    bar.stop();
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
    await client.terminate();
  }
}

function describeRanked(r: RankedCell, notation: Notation) {
  const space = getSpace(r.cell.space);
  return {
    percentile: r.percentile,
    rank: r.rank,
    score: r.score,
    params: r.params,
    ...(r.flops !== undefined ? { flops: r.flops } : {}),
    hash: r.hash,
    text: space.toText(r.cell as never),
    dsl: formatCell(r.cell, notation),
  };
}

/** FILE#CELL: the cell named CELL in FILE (or the N-th cell for #N); FILE alone when it holds one cell. */
async function readStartCell(spec: string): Promise<Cell> {
  const hash = spec.lastIndexOf('#');
  const file = hash > 0 ? spec.slice(0, hash) : spec;
  const name = hash > 0 ? spec.slice(hash + 1) : undefined;
  const inputs = await readInputs([file]);
  const fatal = inputs.problems.filter((p) => p.severity === 'error');
  if (fatal.length) throw new Error(`cannot read ${file}:\n${fatal.map(formatProblem).join('\n')}`);
  if (!inputs.cells.length) throw new Error(`${file} holds no cell`);
  let found = name === undefined ? undefined : inputs.cells.find((c) => c.name === name);
  if (!found && name !== undefined && /^\d+$/.test(name)) found = inputs.cells[Number(name) - 1];
  if (!found && name === undefined && inputs.cells.length === 1) found = inputs.cells[0];
  if (!found) {
    const names = inputs.cells.map((c) => c.name).join(', ');
    throw new Error(
      name === undefined
        ? `${file} holds ${inputs.cells.length} cells; pick one with ${file}#NAME (${names})`
        : `no cell '${name}' in ${file} (cells: ${names})`,
    );
  }
  if (!found.cell) {
    const problems = found.problems.filter((p) => p.severity === 'error').map(formatProblem);
    throw new Error(`the cell '${found.name}' is invalid:\n${problems.join('\n')}`);
  }
  return found.cell;
}

async function benchSearchCommand(options: BenchSearchOptions): Promise<void> {
  const strategies = options.strategy
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = strategies.filter((s) => !isStrategyName(s));
  if (unknown.length) throw new Error(`unknown strategies ${unknown.join(', ')}; use ${STRATEGY_NAMES.join(', ')}`);
  const budget = positiveInteger(options.budget, '--budget');
  const trials = positiveInteger(options.trials, '--trials');
  const seed = integer(options.seed, '--seed');
  const workers = integer(options.workers, '--workers');
  const oracle = loadOracleTable(options.oracle);
  if (oracle.space.id !== options.space) throw new Error(`${options.oracle} holds ${oracle.space.id} cells, --space is ${options.space}`);
  const report = options.report ?? options.metric;
  const bar = new SingleBar({ stream: process.stderr, format: ' {bar} {value}/{total} trials | {strategy}', hideCursor: true, clearOnComplete: true });
  bar.start(strategies.length * trials, 0, { strategy: '' });
  let finished = 0;
  let result;
  try {
    result = await runSearchBench({
      table: oracle,
      metric: options.metric,
      report,
      strategies: strategies as StrategyName[],
      trials,
      budget,
      seed,
      workers,
      tablePath: options.oracle,
      onTrial: (name) => bar.update(++finished, { strategy: name }),
    });
  } finally {
    bar.stop();
  }
  if (options.json) {
    printJson({
      strategies: Object.fromEntries(
        Object.entries(result.strategies).map(([name, c]) => [name, { mean: c.mean, trials: c.trials, sem: c.sem, hitOptimum: c.hitOptimum }]),
      ),
    });
    return;
  }
  const checkpoints = [10, 20, 50, 100, 150, 200, 300, 500, 1000].filter((q) => q <= budget);
  if (!checkpoints.includes(budget)) checkpoints.push(budget);
  console.log(
    `${oracle.space.label}: ${report} of the best-by-${options.metric} cell, mean ± s.e. of ${trials} trials (table optimum ${oracle.max(report).toFixed(2)})`,
  );
  console.log(
    table(
      ['strategy', ...checkpoints.map((q) => `@${q}`), `optimum@${budget}`],
      Object.entries(result.strategies).map(([name, c]) => [
        name,
        ...checkpoints.map((q) => `${c.mean[q - 1].toFixed(2)}±${c.sem[q - 1].toFixed(2)}`),
        `${(c.hitOptimum[budget - 1] * 100).toFixed(0)}%`,
      ]),
    ),
  );
  console.error(`${(result.wallMs / 1000).toFixed(1)} s wall, ${(result.cpuMs / 1000).toFixed(1)} s CPU`);
}

function positiveInteger(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${what} must be a positive integer, got '${text}'`);
  return n;
}

function positiveNumber(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${what} must be a positive number, got '${text}'`);
  return n;
}

function integer(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isInteger(n)) throw new Error(`${what} must be an integer, got '${text}'`);
  return n;
}
