// `nas-lens bench search`: the oracle-mode search benchmark (strategies × trials against a labelled table).
import { SingleBar } from 'cli-progress';
import { Option, type Command } from 'commander';
import { availableParallelism } from 'node:os';
import type { StrategyName } from '../../core/search';
import type { SpaceId } from '../../core/spaces/types';
import { loadOracleTable } from '../../node/oracle-table';
import { runSearchBench, type SearchBenchResult } from '../../worker/search-bench';
import { integer, positiveInteger, seedOption, spaceOption, strategyList } from '../options';
import { printJson, table } from '../output';

interface BenchSearchOptions {
  space: SpaceId;
  oracle: string;
  metric: string;
  report?: string;
  strategy: StrategyName[];
  budget: number;
  trials: number;
  seed: number;
  workers: number;
  json?: boolean;
}

export function registerBenchSearchCommand(program: Command): void {
  const bench = program.commands.find((c) => c.name() === 'bench') ?? program.command('bench').description('benchmarks');
  bench
    .command('search')
    .description('oracle-mode search benchmark: strategies × trials against a labelled table; mean report value of the best-by-metric cell per query')
    .requiredOption('--oracle <file>', 'labelled table (e.g. ../shared/data/nb201.csv)')
    .requiredOption('--metric <column>', 'column each query reveals (what the search maximises)')
    .option('--report <column>', 'column reported for the best-by-metric cell (default: --metric)')
    .addOption(spaceOption('space of the table (checked against it)').default('nb201'))
    .addOption(new Option('--strategy <names>', 'comma-separated strategies').argParser(strategyList).default(['random', 'evolution'], 'random,evolution'))
    .addOption(new Option('--budget <n>', 'queries per trial').argParser(positiveInteger).default(300))
    .addOption(new Option('--trials <n>', 'trials per strategy').argParser(positiveInteger).default(100))
    .addOption(seedOption('trial t runs on seed S + t'))
    .addOption(new Option('--workers <n>', 'worker threads running trials in parallel').argParser(integer).default(Math.min(2, availableParallelism())))
    .option('--json', 'print {"strategies": {"NAME": {"mean": [...], "trials": N}}} as JSON')
    .action(async (options: BenchSearchOptions) => {
      await benchSearchCommand(options);
    });
}

async function benchSearchCommand(options: BenchSearchOptions): Promise<void> {
  const { budget, trials, seed, workers } = options;
  const strategies = options.strategy;
  const oracle = loadOracleTable(options.oracle);
  if (oracle.space.id !== options.space) throw new Error(`${options.oracle} holds ${oracle.space.id} cells, --space is ${options.space}`);
  const report = options.report ?? options.metric;
  const bar = new SingleBar({ stream: process.stderr, format: ' {bar} {value}/{total} trials | {strategy}', hideCursor: true, clearOnComplete: true });
  bar.start(strategies.length * trials, 0, { strategy: '' });
  let finished = 0;
  let result: SearchBenchResult;
  try {
    result = await runSearchBench({
      table: oracle,
      metric: options.metric,
      report,
      strategies,
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
