import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { kendallTau } from '../../../src/core/metrics/kendall';
import { createRng } from '../../../src/core/rng';
import { PredictorSearch, runSearch } from '../../../src/core/search';
import { createPredictorFit, EncodingStore } from '../../../src/core/search/predictor-fit';
import { getSpace, nb201 } from '../../../src/core/spaces';
import { enumerateNb201 } from '../../../src/core/spaces/nb201';
import type { Cell, DartsCell, Nb201Cell } from '../../../src/core/spaces/types';
import { nb201LiveEdges } from '../../../src/core/surrogate/nb201-live-edges';
import { initTfBackend } from '../../../src/node/tf-backend';

/** A learnable NB-201 target: weighted op counts on live edges. */
function toyScore(cell: Nb201Cell): number {
  const w: Record<string, number> = { none: 0, skip_connect: 0.5, nor_conv_1x1: 1, nor_conv_3x3: 2, avg_pool_3x3: 0.2 };
  return nb201LiveEdges(cell).ops.reduce((s, op, e) => s + w[op] * (1 + e / 10), 0);
}

describe('predictor fit (the surrogate re-fitted on the evaluated cells)', () => {
  before(async () => {
    await initTfBackend();
  });

  test('ranks unseen NB-201 cells after a fit on 40 (τ > 0.5) and after a warm re-fit on 120 (τ > 0.6, no more than 0.02 below the first); disposes every tensor', async () => {
    const all = enumerateNb201();
    const cells = createRng(1).shuffle(all);
    const unseen = cells.slice(1000, 3000);
    const truth = unseen.map(toyScore);
    const tensors = tf.memory().numTensors;
    const fit = createPredictorFit<Nb201Cell>({ space: 'nb201', rng: createRng(2) });
    const tauAfter = async (n: number) => {
      const train = cells.slice(0, n);
      return kendallTau(truth, await fit.fitAndScore(train, train.map(toyScore), unseen));
    };
    const first = await tauAfter(40);
    const second = await tauAfter(120);
    assert.ok(first > 0.5, `τ after 40 cells: ${first}`);
    assert.ok(second > first - 0.02 && second > 0.6, `τ after 120 cells: ${second} (40: ${first})`);
    assert.equal(fit.stats.fits, 2);
    assert.equal(fit.stats.steps, 150 + 40, 'a cold fit, then a warm one');
    fit.dispose();
    assert.equal(tf.memory().numTensors, tensors);
    await assert.rejects(fit.fitAndScore(cells.slice(0, 5), [1, 2, 3, 4, 5], unseen), /disposed/);
  });

  test('an ensemble of members without warm starts; same seed, same scores', async () => {
    const cells = createRng(4).shuffle(enumerateNb201()).slice(0, 60);
    const run = async () => {
      const fit = createPredictorFit<Nb201Cell>({ space: 'nb201', rng: createRng(5), members: 2, warmStart: false, coldSteps: 20 });
      try {
        await fit.fitAndScore(cells.slice(0, 20), cells.slice(0, 20).map(toyScore), cells);
        const scores = await fit.fitAndScore(cells.slice(0, 30), cells.slice(0, 30).map(toyScore), cells);
        assert.equal(fit.stats.steps, 2 * 2 * 20);
        return scores;
      } finally {
        fit.dispose();
      }
    };
    assert.deepEqual(await run(), await run());
  });

  test('works on spaces with per-cell adjacency (DARTS), minibatches included', async () => {
    const rng = createRng(6);
    const space = getSpace('darts');
    const cells: DartsCell[] = Array.from({ length: 40 }, () => space.sample(rng));
    const target = (c: DartsCell) => c.normal.filter(([op]) => op.startsWith('sep')).length;
    const fit = createPredictorFit<DartsCell>({ space: 'darts', rng: createRng(7), coldSteps: 30, batchSize: 16 });
    try {
      const scores = await fit.fitAndScore(cells.slice(0, 30), cells.slice(0, 30).map(target), cells.slice(30));
      assert.equal(scores.length, 10);
      assert.ok(scores.every(Number.isFinite));
    } finally {
      fit.dispose();
    }
  });

  test('the encoding store encodes each text form once, however the cell object was made', () => {
    const store = new EncodingStore('nb201', 'nb201-live-edges', nb201.toText as (c: Cell) => string);
    const a: Nb201Cell = { space: 'nb201', ops: ['nor_conv_3x3', 'none', 'none', 'none', 'none', 'skip_connect'] };
    const b: Nb201Cell = { space: 'nb201', ops: [...a.ops] };
    const rows = store.rows([a, b, a]);
    assert.deepEqual(Array.from(rows), [0, 0, 0]);
    assert.equal(store.size, 1);
    const enc = store.encode([enumerateNb201()[5], a]);
    assert.equal(enc.count, 2);
    assert.equal(store.size, 2);
  });

  test('drives the predictor strategy to the optimum of a toy NB-201 objective', async () => {
    const pool = enumerateNb201();
    const best = Math.max(...pool.map(toyScore));
    const fit = createPredictorFit<Nb201Cell>({ space: 'nb201', rng: createRng(8) });
    try {
      const strategy = new PredictorSearch<Nb201Cell>({ space: nb201, rng: createRng(9), fitAndScore: fit.fitAndScore, pool, numCandidates: 0 });
      const run = await runSearch(strategy, async (cs) => cs.map(toyScore), { budget: 40 });
      assert.equal(run.best?.score, best);
    } finally {
      fit.dispose();
    }
  });
});
