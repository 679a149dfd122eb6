/**
 * DARTS surrogate benchmark: k-fold cross-validation over the 100 random cells of Zheng et al.
 * (darts_rethinkingpe.csv, full DARTS-protocol CIFAR-10 trainings). Each fold's cells are kept out of
 * every source (also their low-fidelity runs); the model is trained on the rest and measured on them
 * against ranking by parameter count. Writes bench/results/surrogate-darts.json.
 *
 *   npx tsx bench/darts-surrogate.ts [--folds 2] [--seeds 1] [--configs mixed,nb301-only] [--epochs N] [--loss pairwise]
 *                                    [--members 3 --out bench/results/surrogate-darts-spread.json] [--hidden 24 --layers 3]
 * With --members K > 1 each model is an ensemble of K networks, and each fold also reports whether their
 * spread tracks the rank error on the held-out cells (core/surrogate/uncertainty.ts checkSpread).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { kendallTau } from '../src/core/metrics';
import { createRng } from '../src/core/rng';
import { getSpace } from '../src/core/spaces';
import { checkSpread } from '../src/core/surrogate/uncertainty';
import type { DartsCell } from '../src/core/spaces/types';
import type { LossName } from '../src/core/surrogate/config';
import { DARTS_WEIGHTS, dartsWeights } from '../src/node/darts-recipe';
import { readDartsSources } from '../src/node/darts-sources';
import { loadSurrogateDir } from '../src/node/surrogate-files';
import { initTfBackend } from '../src/node/tf-backend';
import { trainSurrogateFromCsv } from '../src/node/train-surrogate';

type Config = keyof typeof DARTS_WEIGHTS;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      folds: { type: 'string', default: '2' },
      seeds: { type: 'string', default: '1' },
      configs: { type: 'string', default: Object.keys(DARTS_WEIGHTS).join(',') },
      epochs: { type: 'string' },
      loss: { type: 'string', default: 'pairwise' },
      members: { type: 'string', default: '1' },
      hidden: { type: 'string' },
      layers: { type: 'string' },
      data: { type: 'string' },
      out: { type: 'string', default: join(__dirname, 'results', 'surrogate-darts.json') },
    },
  });
  const dataDir = resolve(values.data ?? process.env.NAS_LENS_DATA ?? join(__dirname, '..', '..', 'shared', 'data'));
  const folds = Number(values.folds);
  const seeds = values.seeds.split(',').map(Number);
  const configs = values.configs.split(',') as Config[];
  const members = wholeNumber('--members', values.members);
  const architecture = {
    ...(values.hidden ? { hidden: wholeNumber('--hidden', values.hidden), headHidden: wholeNumber('--hidden', values.hidden) } : {}),
    ...(values.layers ? { layers: wholeNumber('--layers', values.layers) } : {}),
  };
  const hyper = { ...(values.epochs ? { epochs: Number(values.epochs) } : {}), ...(members > 1 ? { members } : {}) };
  for (const c of configs) if (!(c in DARTS_WEIGHTS)) throw new Error(`unknown config ${c}; choose from ${Object.keys(DARTS_WEIGHTS).join(', ')}`);
  const backend = await initTfBackend();
  const data = await readDartsSources(dataDir);
  const space = getSpace('darts');
  const hash = (c: DartsCell) => space.hash(c);
  const realTargets = new Map(
    data.sources.find((s) => s.kind === 'full-training')!.names.map((n, i) => [n, data.sources.find((s) => s.kind === 'full-training')!.targets[i]]),
  );
  const random = data.rethinking.random;

  const results: Record<string, unknown>[] = [];
  const scratch = mkdtempSync(join(tmpdir(), 'nas-lens-darts-bench-'));
  const started = performance.now();
  try {
    for (const seed of seeds) {
      const order = createRng(1000 + seed).shuffle(random.slice());
      for (let fold = 0; fold < folds; fold++) {
        const test = order.filter((_, i) => i % folds === fold);
        const exclude = new Set(test.map((id) => hash(data.rethinking.byId.get(id) as DartsCell)));
        const testCells = test.map((id) => data.rethinking.byId.get(id) as DartsCell);
        const truth = Float32Array.from(test, (id) => realTargets.get(id)!);
        const paramsTau = kendallTau(
          truth,
          Float32Array.from(testCells, (c) => space.cost(c).params),
        );
        for (const config of configs) {
          const sources = data.sources.filter((s) => dartsWeights(config, s) > 0);
          const t = performance.now();
          const out = join(scratch, `${config}-${seed}-${fold}`);
          const card = await trainSurrogateFromCsv({
            name: `darts-${config}`,
            space: 'darts',
            sources,
            target: 'CIFAR-10 accuracy (per source)',
            dataWeights: sources.map((s) => dartsWeights(config, s)),
            pairsWithinSource: true,
            exclude,
            loss: values.loss as LossName,
            out,
            seed,
            validationFraction: 0,
            skipCalibration: true,
            ...(Object.keys(hyper).length ? { hyper } : {}),
            ...(Object.keys(architecture).length ? { architecture } : {}),
          });
          const model = await loadSurrogateDir(out);
          const tau = kendallTau(truth, model.predict(testCells));
          const spread = members > 1 ? checkSpread(truth, model.predictMembers(testCells)) : undefined;
          model.dispose();
          const row = {
            config,
            seed,
            fold,
            testCells: test.length,
            trainRows: card.split.train,
            kendallTau: round(tau),
            paramsBaselineTau: round(paramsTau),
            seconds: round((performance.now() - t) / 1000),
            epochs: card.training.epochsRun,
            ...(spread
              ? {
                  members,
                  spreadErrorRho: round(spread.spreadErrorRho),
                  coverage2Spread: round(spread.coverage2Spread),
                  medianSpread: round(spread.medianSpread),
                  medianAbsoluteError: round(spread.medianAbsoluteError),
                }
              : {}),
          };
          results.push(row);
          console.log(JSON.stringify(row), `load ${loadavg()[0].toFixed(1)}`);
        }
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const summary = Object.fromEntries(
    configs.map((c) => {
      const rows = results.filter((r) => r.config === c);
      const mean = (key: string) => round(rows.reduce((s, r) => s + (r[key] as number), 0) / rows.length);
      const spread = members > 1 ? { spreadErrorRho: mean('spreadErrorRho'), coverage2Spread: mean('coverage2Spread') } : {};
      return [c, { kendallTau: mean('kendallTau'), paramsBaselineTau: mean('paramsBaselineTau'), runs: rows.length, ...spread }];
    }),
  );
  console.log(summary);
  writeFileSync(
    values.out,
    JSON.stringify(
      {
        what: 'DARTS surrogate: mean Kendall τ on the held-out fold of the 100 random cells of darts_rethinkingpe.csv (CIFAR-10 test accuracy after full DARTS-protocol training), against ranking by parameter count',
        protocol: `${folds}-fold cross-validation over the 100 random cells, seeds ${seeds.join(',')}; a fold's cells are excluded from every training source (also their low-fidelity runs); pairs ranked only within a source, each source's targets standardised; loss ${values.loss}${Object.keys(architecture).length ? `; network ${JSON.stringify(architecture)}` : ''}${members > 1 ? `; ensembles of ${members} networks, spread checked on each held-out fold (Spearman ρ of spread and |percentile error|, coverage of ±2·spread, percentiles of the fold)` : ''}`,
        weights: Object.fromEntries(configs.map((c) => [c, DARTS_WEIGHTS[c]])),
        summary,
        runs: results,
        machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, backend: backend.backend, loadAverageEnd: round(loadavg()[0]) },
        seconds: round((performance.now() - started) / 1000),
      },
      null,
      1,
    ) + '\n',
  );
}

function wholeNumber(flag: string, text: string): number {
  const n = Number(text);
  if (!(Number.isInteger(n) && n >= 1)) throw new Error(`${flag} must be a whole number ≥ 1, got ${text}`);
  return n;
}

function round(v: number): number {
  return Math.round(v * 10000) / 10000;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
