import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { nb201 } from '../../../src/core/spaces';
import { enumerateNb201 } from '../../../src/core/spaces/nb201';
import type { Nb201Cell } from '../../../src/core/spaces/types';
import { TopCells } from '../../../src/core/scoring/top-cells';
import { ModelCache } from '../../../src/worker/model-cache';
import { runSurrogateSearch, type SurrogateSearchProgress } from '../../../src/worker/surrogate-search';
import { runFitSession } from '../../../src/worker/fit-session';
import { measuredToy } from '../fit/helpers';
import type { SearchRequest } from '../../../src/protocol/worker';
import { makeTinyModel } from './tiny-model';

describe('surrogate-mode search (runSurrogateSearch, in this thread)', () => {
  let dir: string;
  let modelDir: string;
  const models = new ModelCache();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nas-lens-session-'));
    modelDir = await makeTinyModel(join(dir, 'nb201'), 'nb201');
  });

  after(async () => {
    await models.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const request = (over: Partial<SearchRequest>): SearchRequest => ({
    space: 'nb201',
    strategy: 'random',
    mode: 'surrogate',
    dataset: 'cifar10',
    modelDir,
    budget: 1e9,
    timeMs: 30_000,
    seed: 3,
    topK: 10,
    ...over,
  });

  test("an exhaustive NB-201 search returns the model's best canonical classes, best first, with calibrated percentiles", async () => {
    const random = await runSurrogateSearch(request({}), { models });
    assert.equal(random.reason, 'exhausted');
    assert.ok(random.evaluations > 6000 && random.evaluations <= 6466, `${random.evaluations} canonical classes`);
    // The predictor scores the whole space with the model and asks the best unseen classes first.
    const done = await runSurrogateSearch(request({ strategy: 'predictor' }), { models });
    assert.equal(done.reason, 'exhausted');
    assert.equal(done.evaluations, 6466, 'every canonical NB-201 class once');
    const { surrogate } = await models.get(modelDir);
    const cells = enumerateNb201();
    const scores = surrogate.predict(cells);
    const bestOfClass = new Map<string, number>();
    cells.forEach((c, i) => bestOfClass.set(nb201.hash(c), Math.max(bestOfClass.get(nb201.hash(c)) ?? -Infinity, scores[i])));
    const expected = [...bestOfClass.values()].sort((a, b) => b - a).slice(0, 10);
    assert.deepEqual(
      done.top.map((r) => Math.fround(r.score)),
      expected.map((s) => Math.fround(s)),
    );
    assert.ok(done.top[0].top < 1, `the model's best cell is in its top 1 % (${done.top[0].top})`);
    assert.ok(done.top[0].rank <= 200);
    for (let i = 1; i < 10; i++) assert.ok(done.top[i].top >= done.top[i - 1].top);
  });

  test('budget, start cell, parameter limit and progress throttling', async () => {
    const start: Nb201Cell = { space: 'nb201', ops: ['nor_conv_1x1', 'skip_connect', 'none', 'avg_pool_3x3', 'nor_conv_1x1', 'skip_connect'] };
    const progress: SurrogateSearchProgress[] = [];
    const done = await runSurrogateSearch(request({ strategy: 'local', start, budget: 40, topK: 5 }), { models, onProgress: (p) => progress.push(p) });
    assert.equal(done.reason, 'budget');
    assert.equal(done.evaluations, 40);
    assert.equal(done.top.length, 5);
    assert.ok(progress.length >= 1);
    assert.equal(progress[progress.length - 1].evaluations, 40);

    const limit = 0.5e6;
    const limited = await runSurrogateSearch(request({ strategy: 'evolution', constraints: { maxParams: limit }, budget: 300 }), { models });
    for (const r of limited.top) assert.ok(r.params! <= limit, `${r.params} params`);
    const big = await runSurrogateSearch(request({ strategy: 'nar', constraints: { maxParams: limit, macro: 'imagenet16-120' }, budget: 300 }), { models });
    assert.ok(big.top.every((r) => nb201.cost(r.cell as Nb201Cell, 'imagenet16-120').params <= limit));
  });

  test('every strategy runs in surrogate mode and honours an aborted signal', async () => {
    for (const strategy of ['random', 'local', 'local-first', 'evolution', 'nar', 'eps', 'predictor']) {
      const done = await runSurrogateSearch(request({ strategy, budget: 300 }), { models });
      assert.equal(done.evaluations, 300, strategy);
      assert.equal(done.top.length, 10, strategy);
    }
    const controller = new AbortController();
    controller.abort();
    const cancelled = await runSurrogateSearch(request({}), { models, signal: controller.signal });
    assert.equal(cancelled.reason, 'cancelled');
    assert.equal(cancelled.evaluations, 0);
  });

  test('bad requests are refused with a reason', async () => {
    await assert.rejects(runSurrogateSearch(request({ space: 'nb999' as never }), { models }), /unknown space/);
    await assert.rejects(runSurrogateSearch(request({ budget: 0 }), { models }), /budget must be at least 1/);
    await assert.rejects(
      runSurrogateSearch(request({ start: { space: 'nb201', ops: ['conv', 'none', 'none', 'none', 'none', 'none'] } }), { models }),
      /start cell is invalid/,
    );
    await assert.rejects(runSurrogateSearch(request({ modelDir: join(dir, 'nope') })), /model\.json does not exist/);
  });

  test('TopCells keeps the k best, first of equals ahead', () => {
    const top = new TopCells(3);
    const cell = (k: number) => ({ space: 'nb201', ops: [String(k)] }) as unknown as Nb201Cell;
    [1, 5, 3, 5, NaN, 4, 0].forEach((s, i) => top.offer({ cell: cell(i), score: s }));
    assert.deepEqual(
      top.sorted().map((r) => [r.score, (r.cell as Nb201Cell).ops[0]]),
      [
        [5, '1'],
        [5, '3'],
        [4, '5'],
      ],
    );
  });
});

describe('surrogate-mode search with an ensemble (a fitted model)', () => {
  let dir: string;
  const models = new ModelCache();
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'nas-lens-ensemble-search-'));
  });
  after(async () => {
    await models.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test("the results carry the members' spread (the panel's ±); a one-network model's carry none", async () => {
    const prior = await makeTinyModel(join(dir, 'prior'), 'nb201');
    const fitted = join(dir, 'fitted');
    await runFitSession({ measured: measuredToy(12), priorDir: prior, outDir: fitted, name: 'e', recipe: { epochs: 2, batchSize: 8 }, seed: 1 });
    const base = { space: 'nb201', strategy: 'random', mode: 'surrogate', dataset: 'cifar10', budget: 200, timeMs: 30_000, seed: 3, topK: 5 } as const;
    const done = await runSurrogateSearch({ ...base, modelDir: fitted }, { models });
    assert.equal(done.top.length, 5);
    for (const r of done.top) assert.ok(typeof r.spread === 'number' && Number.isFinite(r.spread) && r.spread >= 0, JSON.stringify(r.spread));
    const single = await runSurrogateSearch({ ...base, modelDir: prior }, { models });
    assert.ok(single.top.every((r) => r.spread === undefined));
  });
});
