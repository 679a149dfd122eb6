/**
 * Fit benchmark: a user whose setting differs from the bundled model's measures n cells; how well do
 * (1) the prior model alone, (2) a model trained on the user's cells alone and (3) the fitted model
 * (fitSurrogate: warm start from the prior, cross-validated selection) rank held-out cells by the
 * user's metric? For n = 10, 25, 50, 100, 200 and 10 random draws each.
 *
 *   npx tsx bench/fit.ts [--settings nb201-in16,nb201-c100,nb201-c10-12ep,darts-real] [--sizes 10,25,50,100,200]
 *                        [--draws 10] [--first-draw 0] [--models prior,user,fitted] [--variant default --recipe '{"epochs":30}']
 *                        [--prior-share 0.5] [--no-cv]
 *   npx tsx bench/fit.ts --summary            # bench/results/fit.json and fit.md from the partial results
 *   --partial FILE: records go to (and are resumed from) FILE instead, e.g. for recipe studies on other draws
 *
 * Every finished (setting, variant, n, draw, model) is appended to bench/results/fit.partial.jsonl and
 * skipped when the script runs again (resumable). Data: $NAS_LENS_DATA, else ../shared/data.
 */
import { appendFileSync, existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fitSurrogate } from '../src/core/fit/fit';
import type { FitPrior, FitRecipe, PriorSource } from '../src/core/fit/types';
import { kendallTau } from '../src/core/metrics';
import type { MeasuredCell } from '../src/core/results/types';
import { createRng } from '../src/core/rng';
import { getSpace } from '../src/core/spaces';
import type { Cell, SpaceId } from '../src/core/spaces/types';
import { createScorer } from '../src/core/surrogate/scorer';
import { encodeCells } from '../src/core/surrogate/encode-cells';
import { readDartsSources } from '../src/node/darts-sources';
import { loadFitPrior, readPriorSource } from '../src/node/fit-prior';
import { readLabelledCsv } from '../src/node/labelled-csv';
import { initTfBackend } from '../src/node/tf-backend';
import { trainSurrogateFromCsv } from '../src/node/train-surrogate';
import { summariseFit } from './fit-summary';
import { readJsonl } from './jsonl';

const root = resolve(__dirname, '..');
const dataDir = resolve(process.env.NAS_LENS_DATA ?? join(root, '..', 'shared', 'data'));
let partialFile = join(root, 'bench', 'results', 'fit.partial.jsonl');
const NB201_TEST_CELLS = 1000;

export type ModelKind = 'prior' | 'user' | 'fitted';

export interface FitRecord {
  readonly setting: string;
  readonly variant: string;
  readonly n: number;
  readonly draw: number;
  readonly model: ModelKind;
  /** Kendall τ on the held-out cells, by the user's metric. */
  readonly tau: number;
  readonly testCells: number;
  /** The fitted model: cross-validated τ of the prior and of the recipe, and whether the fit would be used. */
  readonly cv?: { readonly priorTau?: number; readonly fittedTau: number; readonly folds: number };
  readonly used?: boolean;
  readonly reason?: string;
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly load: number;
}

/** One simulated user: the cells they can measure, the held-out cells of a draw, the prior and its labels. */
interface Setting {
  readonly name: string;
  readonly space: SpaceId;
  readonly metric: string;
  readonly prior: FitPrior;
  readonly priorSources: readonly PriorSource[];
  /** The user's measurable cells (distinct canonical cells) and their values. */
  readonly pool: readonly Cell[];
  readonly values: Float32Array;
  readonly maxN: number;
  /** The held-out cells of a draw (indices into pool), given the drawn training indices. */
  test(train: readonly number[]): number[];
  /** Indices a draw may train on. */
  readonly trainable: readonly number[];
}

/** The first cell of each canonical hash, with its value, and the hashes. */
function distinctCells(space: SpaceId, cells: readonly Cell[], targets: ArrayLike<number>): { pool: Cell[]; values: Float32Array; keys: Set<string> } {
  const hash = getSpace(space).hash as (cell: Cell) => string;
  const keys = new Set<string>();
  const pool: Cell[] = [];
  const values: number[] = [];
  cells.forEach((cell, i) => {
    const key = hash(cell);
    if (keys.has(key)) return;
    keys.add(key);
    pool.push(cell);
    values.push(targets[i]);
  });
  return { pool, values: Float32Array.from(values), keys };
}

async function nb201Setting(name: string, metric: string): Promise<Setting> {
  const rows = await readLabelledCsv(join(dataDir, 'nb201.csv'), metric, 'nb201');
  const { pool, values } = distinctCells('nb201', rows.cells, rows.targets);
  const order = createRng(12345).shuffle(pool.map((_, i) => i));
  const testSet = order.slice(0, NB201_TEST_CELLS);
  return {
    name,
    space: 'nb201',
    metric,
    prior: await loadFitPrior(join(root, 'media', 'models', 'nb201-cifar10')),
    priorSources: [await readPriorSource(join(dataDir, 'nb201.csv'), 'c10_test_200', 'nb201')],
    pool,
    values,
    maxN: order.length - NB201_TEST_CELLS,
    trainable: order.slice(NB201_TEST_CELLS),
    test: () => testSet,
  };
}

/**
 * DARTS: the user's runs are the 128 full-training CIFAR-10 cells of Zheng et al.; the prior is the
 * bundled recipe trained without them (NB-301 surrogate labels + published cells, none of the 128),
 * so that no source ever saw a held-out cell.
 */
async function dartsSetting(): Promise<Setting> {
  const data = await readDartsSources(dataDir);
  const space = getSpace('darts');
  const real = data.sources.find((s) => s.kind === 'full-training')!;
  const { pool, values, keys: exclude } = distinctCells('darts', real.cells, real.targets);
  const others = data.sources.filter((s) => s.kind === 'nb301-surrogate' || s.kind === 'published');
  const priorDir = join(root, 'bench', 'tmp', 'fit-darts-prior');
  if (!existsSync(join(priorDir, 'model.json'))) {
    console.error('training the DARTS prior without the 128 real cells (once; cached in bench/tmp/fit-darts-prior)');
    await trainSurrogateFromCsv({
      name: 'darts-cifar10 without the rethinkingpe cells',
      space: 'darts',
      sources: others,
      target: 'CIFAR-10 accuracy (per source)',
      dataWeights: others.map((s) => (s.kind === 'published' ? 4 : 1)),
      pairsWithinSource: true,
      exclude,
      loss: 'pairwise',
      out: priorDir,
      seed: 1,
      validationFraction: 0,
      skipCalibration: true,
      hyper: { epochs: 30 },
    });
  }
  const without = (s: (typeof others)[number]): PriorSource => {
    const keep = s.cells.map((c) => !exclude.has(space.hash(c as never)));
    return { name: s.label, cells: s.cells.filter((_, i) => keep[i]), targets: s.targets.filter((_, i) => keep[i]) };
  };
  const indices = pool.map((_, i) => i);
  return {
    name: 'darts-real',
    space: 'darts',
    metric: 'c10_test_acc',
    prior: await loadFitPrior(priorDir),
    priorSources: others.map(without),
    pool,
    values,
    maxN: pool.length - 20,
    trainable: indices,
    test: (train) => {
      const t = new Set(train);
      return indices.filter((i) => !t.has(i));
    },
  };
}

const SETTINGS: Record<string, () => Promise<Setting>> = {
  'nb201-in16': () => nb201Setting('nb201-in16', 'in16_test_200'),
  'nb201-c100': () => nb201Setting('nb201-c100', 'c100_test_200'),
  'nb201-c10-12ep': () => nb201Setting('nb201-c10-12ep', 'c10_test_12'),
  'darts-real': dartsSetting,
};

function measuredOf(setting: Setting, rows: readonly number[]): MeasuredCell[] {
  const space = getSpace(setting.space) as unknown as { hash(c: Cell): string };
  return rows.map((i) => ({
    space: setting.space,
    hash: space.hash(setting.pool[i]),
    cell: setting.pool[i],
    metric: setting.metric,
    mean: setting.values[i],
    std: 0,
    runs: 1,
  }));
}

function tauOn(config: FitPrior['config'], weights: Float32Array, setting: Setting, test: readonly number[]): number {
  const scorer = createScorer(config, weights);
  try {
    const scores = scorer.score(
      encodeCells(
        setting.space,
        config.preprocess,
        test.map((i) => setting.pool[i]),
      ),
    );
    return kendallTau(
      Float32Array.from(test, (i) => setting.values[i]),
      scores,
    );
  } finally {
    scorer.dispose();
  }
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      settings: { type: 'string', default: Object.keys(SETTINGS).join(',') },
      sizes: { type: 'string', default: '10,25,50,100,200' },
      draws: { type: 'string', default: '10' },
      'first-draw': { type: 'string', default: '0' },
      models: { type: 'string', default: 'prior,user,fitted' },
      variant: { type: 'string', default: 'default' },
      recipe: { type: 'string' },
      'prior-share': { type: 'string' },
      'no-cv': { type: 'boolean', default: false },
      summary: { type: 'boolean', default: false },
      partial: { type: 'string' },
    },
  });
  if (args.partial) partialFile = resolve(args.partial);
  if (args.summary) {
    summariseFit(readJsonl<FitRecord>(partialFile), join(root, 'bench', 'results'));
    return;
  }
  const backend = await initTfBackend();
  const sizes = args.sizes.split(',').map(Number);
  const models = args.models.split(',') as ModelKind[];
  const recipe: Partial<FitRecipe> = {
    ...(args.recipe ? (JSON.parse(args.recipe) as Partial<FitRecipe>) : {}),
    ...(args['prior-share'] ? { priorShare: Number(args['prior-share']) } : {}),
  };
  const done = new Set(readJsonl<FitRecord>(partialFile).map((r) => `${r.setting}|${r.variant}|${r.n}|${r.draw}|${r.model}`));
  const firstDraw = Number(args['first-draw']);
  for (const name of args.settings.split(',')) {
    const make = SETTINGS[name];
    if (!make) throw new Error(`unknown setting ${name}; settings: ${Object.keys(SETTINGS).join(', ')}`);
    const setting = await make();
    console.error(`${name}: ${setting.pool.length} distinct cells, ${backend.backend} backend`);
    for (const n of sizes) {
      if (n > setting.maxN) {
        console.error(`${name}: n = ${n} is more than the ${setting.maxN} cells a draw can take; skipped`);
        continue;
      }
      for (let draw = firstDraw; draw < firstDraw + Number(args.draws); draw++) {
        const train = createRng(1_000_003 * n + draw)
          .shuffle(setting.trainable)
          .slice(0, n);
        const test = setting.test(train);
        const measured = measuredOf(setting, train);
        for (const model of models) {
          const variant = model === 'fitted' ? args.variant : 'default';
          const key = `${name}|${variant}|${n}|${draw}|${model}`;
          if (done.has(key)) continue;
          const t0 = performance.now();
          const cpu0 = process.cpuUsage();
          let record: Omit<FitRecord, 'seconds' | 'cpuSeconds' | 'load'>;
          const base = { setting: name, variant, n, draw, model, testCells: test.length };
          if (model === 'prior') {
            record = { ...base, tau: tauOn(setting.prior.config, setting.prior.weights, setting, test) };
          } else {
            const outcome = await fitSurrogate(measured, {
              ...(model === 'fitted' ? { prior: setting.prior, priorSources: setting.priorSources, recipe } : {}),
              seed: draw,
              skipCrossValidation: model === 'user' || args['no-cv'],
            });
            const cv = outcome.crossValidation;
            record = {
              ...base,
              tau: tauOn(outcome.model.config, outcome.model.weights, setting, test),
              ...(cv ? { cv: { fittedTau: cv.fittedTau, folds: cv.folds, ...(cv.priorTau !== undefined ? { priorTau: cv.priorTau } : {}) } } : {}),
              ...(model === 'fitted' ? { used: outcome.decision.used, ...(outcome.decision.used ? {} : { reason: outcome.decision.reason.code }) } : {}),
            };
          }
          const cpu = process.cpuUsage(cpu0);
          const full: FitRecord = {
            ...record,
            seconds: round((performance.now() - t0) / 1000),
            cpuSeconds: round((cpu.user + cpu.system) / 1e6),
            load: round(loadavg()[0]),
          };
          appendFileSync(partialFile, JSON.stringify(full) + '\n');
          done.add(key);
          console.error(
            `${name} n=${n} draw=${draw} ${model}${variant !== 'default' ? `[${variant}]` : ''}: τ ${full.tau.toFixed(4)}${full.cv ? ` (cv prior ${full.cv.priorTau?.toFixed(3)} fitted ${full.cv.fittedTau.toFixed(3)}, used ${full.used})` : ''} ${full.seconds} s`,
          );
        }
      }
    }
  }
}

function round(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
