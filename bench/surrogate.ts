/**
 * Surrogate benchmark (npm run bench:surrogate): the NB-201 CIFAR-10 protocol of the issue
 * (fixed 3,125-cell test set from a seeded permutation; training sets of 100, 1,000 and 12,500 drawn
 * from the rest; every loss; 3 seeds) plus speed figures. Writes bench/results/surrogate.json and
 * bench/results/surrogate.md.
 *   npx tsx bench/surrogate.ts [--space nb201|nb101] [--jobs 2] [--quick] [--sizes 100,1000] [--losses listmle,mse] [--seeds 1,2,3] [--data DIR]
 *     [--recipe '{"hyper":{"epochs":200}}'] [--out DIR]  (experiments: a recipe override, results elsewhere)
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { LOSS_NAMES, type LossName } from '../src/core/surrogate/config';
import { trainingRecipe } from '../src/core/surrogate/recipes';
import { serializeSurrogate, type SurrogateFiles } from '../src/core/surrogate/artifacts';
import { readCsvCells } from '../src/node/csv-cells';
import { initTfBackend } from '../src/node/tf-backend';
import { encodeLabelled, runOne, seededSplit, type BenchRun, type RecipeOverride } from './surrogate-protocol';
import type { SpaceId } from '../src/core/spaces/types';
import { measureSpeed, type SpeedFigures } from './surrogate-speed';
import { markdownTable, summarise } from './surrogate-summary';
import { clocks } from './step-timing';

/** Per space: data file, target column, test-set size, default training sizes, and the goals (target, reference τ). */
const PROTOCOLS = {
  nb201: {
    file: 'nb201.csv',
    target: 'c10_test_200',
    testSize: (count: number) => Math.round(count / 5),
    sizes: [100, 1000, 12500],
    goals: { 100: { target: 0.72, reference: 0.705 }, 1000: { target: 0.91, reference: 0.903 }, 12500: { target: 0.95, reference: 0.944 } } as Record<
      number,
      { target: number; reference: number }
    >,
  },
  nb101: {
    file: 'nb101_subset.csv',
    target: 'val_108',
    testSize: (count: number) => Math.round(count / 5),
    sizes: [1000, 4236, 19371],
    goals: { 1000: { target: 0.84, reference: 0.826 }, 4236: { target: 0.88, reference: 0.865 }, 19371: { target: 0.9, reference: 0.891 } } as Record<
      number,
      { target: number; reference: number }
    >,
  },
};

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function list<T>(name: string, fallback: T[], parse: (s: string) => T): T[] {
  const v = option(name);
  return v ? v.split(',').map((s) => parse(s.trim())) : fallback;
}

interface Task {
  readonly n: number;
  readonly loss: LossName;
  readonly seed: number;
}
interface TaskResult {
  readonly index: number;
  readonly run: BenchRun;
  readonly model?: string;
  readonly weights?: string;
}

/** Results of an earlier, interrupted run with the same task list, by task index. */
function readPartial(file: string, tasks: readonly Task[]): Map<number, TaskResult> {
  const done = new Map<number, TaskResult>();
  if (!existsSync(file)) return done;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as TaskResult;
    // matched by (n, loss, seed), so partial files of runs with other task lists can be appended
    const index = tasks.findIndex((t) => t.n === r.run.n && t.loss === r.run.loss && t.seed === r.run.seed);
    if (index >= 0) done.set(index, { ...r, index });
  }
  if (done.size) console.log(`resuming: ${done.size} of ${tasks.length} runs already in ${file}`);
  return done;
}

/** Runs the tasks not yet done in `jobs` child processes (this script with --worker i,j,…), reporting each result as it lands. */
async function runTasks(tasks: readonly Task[], done: ReadonlyMap<number, TaskResult>, jobs: number, onResult: (r: TaskResult) => void): Promise<TaskResult[]> {
  const results: TaskResult[] = [];
  const todo = tasks.map((_, i) => i).filter((i) => !done.has(i));
  if (todo.length === 0) return results;
  const workers = Math.max(1, Math.min(jobs, todo.length));
  const children = Array.from(
    { length: workers },
    (_, k) =>
      new Promise<void>((done, fail) => {
        const mine = todo.filter((_, j) => j % workers === k);
        const args = [
          ...process.execArgv,
          __filename,
          ...process.argv.slice(2).filter((a, i, v) => a !== '--jobs' && v[i - 1] !== '--jobs'),
          '--worker',
          mine.join(','),
        ];
        const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
        let pending = '';
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (chunk: string) => {
          const lines = (pending + chunk).split('\n');
          pending = lines.pop() ?? '';
          for (const line of lines) {
            if (!line.startsWith('RUN ')) continue;
            const result = JSON.parse(line.slice(4)) as TaskResult;
            results.push(result);
            onResult(result);
            const run = result.run;
            console.log(
              `n=${run.n} ${run.loss} seed ${run.seed}: τ ${run.test.kendallTau.toFixed(4)} ρ ${run.test.spearmanRho.toFixed(4)} ` +
                `(${run.trainCells}+${run.validationCells} cells, kept epochs ${run.keptEpochs.join('/')} of ${run.epochsRun}, ${run.seconds.toFixed(0)} s, load ${loadavg()[0].toFixed(1)})`,
            );
          }
        });
        child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`benchmark worker ${k} exited with ${code}`))));
      }),
  );
  await Promise.all(children);
  return results;
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const space = (option('space') ?? 'nb201') as SpaceId;
  if (space !== 'nb201' && space !== 'nb101') throw new Error(`--space must be nb201 or nb101, got ${space}`);
  const protocol = PROTOCOLS[space];
  const dataDir = resolve(option('data') ?? process.env.NAS_LENS_DATA ?? join(__dirname, '..', '..', 'shared', 'data'));
  const sizes = list('sizes', quick ? protocol.sizes.slice(0, 2) : protocol.sizes, Number);
  const losses = list<LossName>('losses', quick ? ['listmle', 'mse'] : [...LOSS_NAMES], (s) => {
    if (!(LOSS_NAMES as readonly string[]).includes(s)) throw new Error(`unknown loss ${s}; choose from ${LOSS_NAMES.join(', ')}`);
    return s as LossName;
  });
  const seeds = list('seeds', quick ? [1] : [1, 2, 3], Number);
  const outDir = resolve(option('out') ?? join(__dirname, 'results'));

  const backend = await initTfBackend();
  tf.enableProdMode();
  const started = clocks();
  const file = join(dataDir, protocol.file);
  const rows = readCsvCells(readFileSync(file, 'utf8'));
  const target = protocol.target;
  const cells = rows.map((r) => {
    if (!r.cell) throw new Error(`${file}:${r.line}: ${r.error}`);
    return r.cell;
  });
  const data = encodeLabelled(
    space,
    cells,
    Float32Array.from(rows, (r) => Number(r.row[target])),
  );
  const split = seededSplit(cells.length, protocol.testSize(cells.length));

  const tasks: Task[] = [];
  for (const n of sizes) for (const loss of losses) for (const seed of seeds) tasks.push({ n, loss, seed });
  // The speed model: ListMLE (else the first loss) at the largest size, first seed.
  const speedTask = tasks.find((t) => t.n === Math.max(...sizes) && t.loss === (losses.includes('listmle') ? 'listmle' : losses[0]) && t.seed === seeds[0]);

  const worker = option('worker');
  if (worker !== undefined) {
    for (const i of worker.split(',').map(Number)) {
      const override = option('recipe') ? (JSON.parse(option('recipe')!) as RecipeOverride) : undefined;
      const { run, trained } = await runOne(data, split, tasks[i].loss, tasks[i].n, tasks[i].seed, undefined, override);
      const files = tasks[i] === speedTask ? serializeSurrogate(trained.config, trained.weights) : undefined;
      process.stdout.write(
        `RUN ${JSON.stringify({ index: i, run, ...(files ? { model: files.modelJson, weights: Buffer.from(files.weightsBin).toString('base64') } : {}) })}\n`,
      );
    }
    return;
  }
  const jobs = Number(option('jobs') ?? 1);
  // Finished runs are appended to surrogate.partial.jsonl; a rerun with the same options resumes from it.
  const partialFile = join(outDir, `surrogate${space === 'nb201' ? '' : '-' + space}.partial.jsonl`);
  const done = readPartial(partialFile, tasks);
  mkdirSync(outDir, { recursive: true });
  // --report-only: write the report from the runs finished so far (marked incomplete) without training.
  const reportOnly = process.argv.includes('--report-only');
  const fresh = reportOnly ? [] : await runTasks(tasks, done, jobs, (r) => appendFileSync(partialFile, JSON.stringify(r) + '\n'));
  const results = [...done.values(), ...fresh].sort((a, b) => a.index - b.index);
  const complete = results.length === tasks.length;
  if (!complete && !reportOnly) throw new Error(`expected ${tasks.length} results, got ${results.length}`);
  const runs: BenchRun[] = results.map((r) => r.run);
  // Speed: on the bundled NB-201 model (--speed-model DIR, default media/models/nb201-cifar10) when present,
  // else on the ListMLE model of the largest training set.
  const speedDir = resolve(option('speed-model') ?? join(__dirname, '..', 'media', 'models', 'nb201-cifar10'));
  const speedResult = results.find((r) => r.model);
  let speedSource: string | undefined;
  let speedFiles: SurrogateFiles | undefined;
  if (space === 'nb201' && existsSync(join(speedDir, 'model.json'))) {
    speedSource = speedDir.replace(/.*\/(media\/)/, '$1');
    speedFiles = { modelJson: readFileSync(join(speedDir, 'model.json'), 'utf8'), weightsBin: new Uint8Array(readFileSync(join(speedDir, 'weights.bin'))) };
  } else if (space === 'nb201' && speedResult?.model) {
    speedSource = `ListMLE model of n = ${speedResult.run.n}, seed ${speedResult.run.seed}`;
    speedFiles = { modelJson: speedResult.model, weightsBin: new Uint8Array(Buffer.from(speedResult.weights ?? '', 'base64')) };
  }
  const speed: SpeedFigures | undefined = speedFiles ? measureSpeed(speedFiles) : undefined;
  const summary = summarise(space, runs, protocol.goals);
  const ended = clocks();

  const report = {
    generated: new Date().toISOString(),
    command: `npx tsx bench/surrogate.ts ${process.argv.slice(2).join(' ')}`.trim(),
    environment: { node: process.version, tfjs: tf.version_core, backend, jobs, loadAverageAtEnd: loadavg() },
    complete,
    runsDone: results.length,
    runsPlanned: tasks.length,
    wallSeconds: (ended.wall - started.wall) / 1000,
    cpuSeconds: (ended.cpu - started.cpu) / 1000,
    [space]: {
      data: file,
      target,
      protocol: `test = first ${split.test.length} of a seeded permutation (seed 0) of all ${cells.length} cells; training set of n = first n of a seeded shuffle (seed 1000·seed + n) of the other ${split.pool.length}; the recipe holds out its validation share of those n for early stopping`,
      recipes: Object.fromEntries(sizes.map((n) => [n, trainingRecipe(space, n)])),
      runs,
      summary,
    },
    speed: speed ? { model: speedSource, loadAverage: loadavg(), ...speed } : undefined,
  };
  const base = space === 'nb201' ? 'surrogate' : `surrogate-${space}`;
  writeFileSync(join(outDir, `${base}.json`), JSON.stringify(report, null, 2) + '\n');
  const md = [
    '# Surrogate benchmark',
    '',
    `Generated ${report.generated} by \`${report.command}\` (${backend.backend} backend, ${report.wallSeconds.toFixed(0)} s wall, ${report.cpuSeconds.toFixed(0)} s CPU).`,
    ...(complete
      ? []
      : [
          '',
          `**Incomplete: ${results.length} of ${tasks.length} planned runs finished** (the rest were still queued; rerun the same command to resume from ${partialFile.replace(/.*\/bench\//, 'bench/')}). Seeds column = runs actually averaged.`,
        ]),
    '',
    `## ${space === 'nb201' ? 'NB-201' : 'NB-101'} ${target}, Kendall τ on the fixed ${split.test.length}-cell test set`,
    '',
    markdownTable(summary),
    '',
    'Targets and the PyTorch directed-GIN reference (in parentheses) are those of the issue; ✓/✗ compares the mean τ of a rank loss with the target. MSE is the regression baseline.',
    '',
    ...(speed
      ? [
          `## Speed (${speedSource}, wasm, one thread; wall clock on the shared machine, load average ${loadavg()[0].toFixed(1)})`,
          '',
          `| batch inference (wall) | batch inference (per CPU second) | single cell p50 / p95 | model load | first predict | weights |`,
          `| ---: | ---: | ---: | ---: | ---: | ---: |`,
          `| ${Math.round(speed.batchCellsPerSecond).toLocaleString('en-US')} cells/s | ${Math.round(speed.batchCellsPerSecondCpu).toLocaleString('en-US')} cells/s | ${speed.singleCellP50Ms.toFixed(2)} / ${speed.singleCellP95Ms.toFixed(2)} ms | ${speed.loadMs.toFixed(1)} ms | ${speed.firstPredictMs.toFixed(1)} ms | ${(speed.weightBytes / 1024).toFixed(1)} KiB |`,
          '',
        ]
      : []),
  ].join('\n');
  writeFileSync(join(outDir, `${base}.md`), md);
  console.log(md);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
