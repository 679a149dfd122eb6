// `nas-lens search`: a surrogate-mode search of the whole space or around a cell, in the worker thread.
import { SingleBar } from 'cli-progress';
import { Option, type Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { SPACE_DATASETS, spaceHasDataset, type DatasetId } from '../../core/catalog';
import { formatCell, JSON_NOTATION, NOTATION_SPACE, type Notation } from '../../core/dsl';
import { shown } from '../../core/spaces/user-text';
import type { StrategyName } from '../../core/search';
import { getSpace, spaceOf } from '../../core/spaces';
import type { SpaceId } from '../../core/spaces/types';
import { bundledModelDir } from '../../node/paths';
import { readCellRef } from '../../node/cell-refs';
import type { RankedCell, SearchRequest } from '../../protocol/worker';
import { formatInteger, formatSiPrecise } from '../../shared/format';
import { WorkerClient, type SearchProgressEvent } from '../../worker/client';
import { datasetOption, positiveInteger, positiveNumber, seedOption, spaceOption, strategyOption } from '../options';
import { printJson, table, topColumn } from '../output';

interface SearchOptions {
  space?: SpaceId;
  strategy: StrategyName;
  budget: number;
  time: number;
  from?: string;
  dataset: DatasetId;
  maxParams?: number;
  seed: number;
  top: number;
  model?: string;
  notation?: string;
  json?: boolean;
}

export function registerSearchCommand(program: Command): void {
  program
    .command('search')
    .description('search the whole space, or around a cell, with the bundled rank surrogate (runs in a worker thread)')
    .addOption(spaceOption('space to search (default: the space of the --from cell, else nb201)'))
    .addOption(strategyOption())
    .addOption(new Option('--budget <n>', 'cells to evaluate with the surrogate').argParser(positiveInteger).default(100_000))
    .addOption(new Option('--time <seconds>', 'time budget of the search').argParser(positiveNumber).default(10))
    .option('--from <file#cell>', 'search around this cell: a DSL, text or CSV file and the name of a cell in it (#2: the second cell)')
    .addOption(datasetOption('dataset the model ranks on (NB-201; NB-101 and DARTS: cifar10)'))
    .addOption(
      new Option('--max-params <millions>', "only cells with at most this many parameters (millions, in the dataset's network)").argParser(positiveNumber),
    )
    .addOption(seedOption())
    .addOption(new Option('--top <k>', 'best cells to print').argParser(positiveInteger).default(10))
    .option('--model <dir>', 'model directory (default: the bundled media/models/<space>-<dataset>)')
    .option('--notation <notation>', 'how cells are printed (default: the JSON DSL of the space)')
    .option('--json', 'print {"top": [...], ...} as JSON')
    .action(async (options: SearchOptions) => {
      await searchCommand(options);
    });
}

async function searchCommand(options: SearchOptions): Promise<void> {
  const start = options.from ? (await readCellRef(options.from)).cell : undefined;
  const spaceId = options.space ?? start?.space ?? 'nb201';
  if (start && start.space !== spaceId) throw new Error(`the --from cell is a ${start.space} cell, --space is ${spaceId}`);
  const { budget, seed, dataset } = options;
  const timeMs = options.time * 1000;
  const maxParams = options.maxParams === undefined ? undefined : options.maxParams * 1e6;
  // Refused before the search runs, as rank does: results labelled with a dataset the model does not rank on would mislead.
  if (!spaceHasDataset(spaceId, dataset)) {
    throw new Error(
      `${getSpace(spaceId).label} has models for ${SPACE_DATASETS[spaceId].join(', ')} only, not ${dataset} (use --dataset ${SPACE_DATASETS[spaceId][0]})`,
    );
  }
  const notation = notationFor(spaceId, options.notation);
  const modelDir = resolve(options.model ?? bundledModelDir(spaceId, dataset));
  if (!existsSync(modelDir))
    throw new Error(`no model for ${spaceId} on ${dataset}: ${modelDir} does not exist (train one with nas-lens train, or pass --model DIR)`);

  const request: SearchRequest = {
    space: spaceId,
    strategy: options.strategy,
    mode: 'surrogate',
    dataset,
    modelDir,
    ...(start ? { start } : {}),
    budget,
    timeMs,
    seed,
    topK: options.top,
    ...(maxParams !== undefined ? { constraints: { maxParams } } : {}),
    progressIntervalMs: 100,
  };
  const client = await WorkerClient.start();
  const bar = new SingleBar({
    stream: process.stderr,
    format: ' {bar} {percentage}% | {evaluations} cells | {rate} cells/s | best: top {best}%',
    hideCursor: true,
    clearOnComplete: true,
  });
  const onSigint = () => search.cancel();
  const search = client.search(request);
  process.once('SIGINT', onSigint);
  try {
    bar.start(1000, 0, { evaluations: 0, rate: 0, best: '-' });
    const update = (p: SearchProgressEvent) => {
      const fraction = Math.max(p.evaluations / budget, p.elapsedMs / timeMs);
      bar.update(Math.min(1000, Math.round(fraction * 1000)), {
        evaluations: formatInteger(p.evaluations),
        rate: formatInteger(p.evaluationsPerSecond),
        best: p.best ? p.best.top.toFixed(2) : '-',
      });
    };
    for await (const p of search.progress) update(p);
    const done = await search.result;
    bar.update(1000);
    bar.stop();
    const rows = done.top.map((r, i) => ({ position: i + 1, ...describeRanked(r, notation) }));
    if (rows.length === 0 && maxParams !== undefined) {
      console.error(
        `nas-lens: no cell with at most ${formatSiPrecise(maxParams)} parameters (--max-params ${options.maxParams}) was found in ${formatInteger(done.evaluations)} evaluations; the limit may be below the smallest ${getSpace(spaceId).label} cell on ${dataset}`,
      );
      process.exitCode = 1;
    }
    const rate = Math.round((done.evaluations * 1000) / Math.max(1, done.elapsedMs));
    if (options.json) {
      printJson({
        space: spaceId,
        strategy: options.strategy,
        dataset,
        model: modelDir,
        seed,
        ...(start ? { start: { text: spaceOf(start).toText(start), dsl: formatCell(start, notation) } } : {}),
        reason: done.reason,
        evaluations: done.evaluations,
        elapsedMs: Math.round(done.elapsedMs),
        evaluationsPerSecond: rate,
        top: rows,
      });
    } else {
      console.log(
        `${getSpace(spaceId).label}, ${options.strategy}: ${formatInteger(done.evaluations)} cells in ${(done.elapsedMs / 1000).toFixed(1)} s (${formatInteger(rate)} cells/s), stopped by ${done.reason}`,
      );
      console.log(
        table(
          ['#', 'predicted', 'rank', 'params', 'cell'],
          rows.map((r) => [
            String(r.position),
            `top ${topColumn(r.percentile, r.outside)}`,
            r.rank === null ? (r.outside ?? '-') : formatInteger(r.rank),
            formatSiPrecise(r.params),
            r.dsl,
          ]),
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

/** The --notation of the search's space (default: the space's JSON DSL); anything else is a usage error naming the valid ones. */
function notationFor(space: SpaceId, given: string | undefined): Notation {
  if (given === undefined) return JSON_NOTATION[space];
  const valid = (Object.keys(NOTATION_SPACE) as Notation[]).filter((n) => NOTATION_SPACE[n] === space);
  if (!Object.hasOwn(NOTATION_SPACE, given))
    throw new Error(`--notation: unknown notation '${shown(given)}'; for ${getSpace(space).label} use ${valid.join(', ')}`);
  if (!(valid as string[]).includes(given))
    throw new Error(
      `--notation ${given} writes ${getSpace(NOTATION_SPACE[given as Notation]).label} cells; for ${getSpace(space).label} use ${valid.join(', ')}`,
    );
  return given as Notation;
}

function describeRanked(r: RankedCell, notation: Notation) {
  const space = spaceOf(r.cell);
  return {
    percentile: r.outside ? Number(r.top.toPrecision(5)) : r.top, // the CLI's JSON names the top % 'percentile' (src/shared/ranking-terms.ts)
    rank: r.outside ? null : r.rank, // outside the reference set the table supports no rank, only the bound in `outside`
    ...(r.outside ? { outside: r.outside } : {}),
    score: r.score,
    params: r.params,
    ...(r.flops !== undefined ? { flops: r.flops } : {}),
    hash: r.hash,
    text: space.toText(r.cell),
    dsl: formatCell(r.cell, notation),
  };
}
