import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { MeasuredCell } from '../../../src/core/results/types';
import { createRng } from '../../../src/core/rng';
import { darts, getSpace, nb201 } from '../../../src/core/spaces';
import type { Cell, SpaceId } from '../../../src/core/spaces/types';
import { editDistance } from '../../../src/core/suggest/edit-distance';
import { suggestCells, type SpreadModel } from '../../../src/core/suggest/suggest';
import { toyScore } from '../surrogate/helpers';

/** A deterministic stand-in for an ensemble: the toy score (NB-201) or log params (DARTS), and a spread from the hash. */
const fakeModel: SpreadModel = {
  predictWithSpread(cells) {
    const scores = Float32Array.from(cells, (c) => (c.space === 'nb201' ? toyScore(c) : Math.log(darts.cost(c as never).params)));
    const spreads = Float32Array.from(cells, (c) => {
      const h = (getSpace(c.space) as unknown as { hash(x: Cell): string }).hash(c);
      let x = 0;
      for (let i = 0; i < h.length; i++) x = (x * 31 + h.charCodeAt(i)) % 1000;
      return x / 1000;
    });
    return { scores, spreads };
  },
};

function measuredOf(cells: readonly Cell[]): MeasuredCell[] {
  return cells.map((cell, i) => ({
    space: cell.space,
    hash: (getSpace(cell.space) as unknown as { hash(x: Cell): string }).hash(cell),
    cell,
    metric: 'test_acc',
    mean: i % 7,
    std: 0,
    runs: 1,
  }));
}

test('property: a batch never holds a measured, excluded or duplicate (isomorphic) cell, keeps its distance, and respects the constraints', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 0, max: 10_000 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 0, max: 4 }),
      fc.constantFrom('ucb', 'ei', 'greedy'),
      fc.option(fc.integer({ min: 400_000, max: 1_200_000 }), { nil: undefined }),
      async (seed, count, minDistance, acquisition, maxParams) => {
        const rng = createRng(seed);
        // Measured cells, some of them isomorphic twins of each other (same hash, another arch string).
        const measuredCells = Array.from({ length: 15 }, () => nb201.sample(rng));
        const exclude = Array.from({ length: 5 }, () => nb201.sample(rng));
        const measured = measuredOf(measuredCells);
        const result = await suggestCells({
          space: 'nb201',
          model: fakeModel,
          measured,
          exclude,
          count,
          minDistance,
          acquisition: acquisition as 'ucb',
          budget: 400,
          seed,
          ...(maxParams !== undefined ? { constraints: { maxParams, macro: 'cifar10' } } : {}),
        });
        const forbidden = new Set([...measuredCells, ...exclude].map((c) => nb201.hash(c)));
        const hashes = result.suggestions.map((s) => nb201.hash(s.cell as never));
        assert.equal(new Set(hashes).size, hashes.length, 'no two suggestions share a canonical hash');
        for (const [i, s] of result.suggestions.entries()) {
          assert.equal(s.hash, hashes[i]);
          assert.ok(!forbidden.has(s.hash), 'a measured or excluded cell came back');
          assert.ok(s.distanceToMeasured >= 1);
          if (maxParams !== undefined) assert.ok(nb201.cost(s.cell as never, 'cifar10').params <= maxParams);
          for (const t of result.suggestions.slice(0, i)) assert.ok(editDistance(s.cell, t.cell) >= minDistance);
          if (i > 0) assert.ok(result.suggestions[i - 1].acquisition >= s.acquisition, 'best acquisition first');
        }
        assert.ok(result.suggestions.length <= count);
        assert.equal(result.shortfall !== undefined, result.suggestions.length < count);
      },
    ),
    { numRuns: 25 },
  );
});

test('same inputs and seed → the same batch; another seed may search elsewhere', async () => {
  const measured = measuredOf(Array.from({ length: 10 }, (_, i) => nb201.sample(createRng(100 + i))));
  const run = (seed: number) => suggestCells({ space: 'nb201', model: fakeModel, measured, count: 5, budget: 300, seed });
  assert.deepEqual((await run(3)).suggestions, (await run(3)).suggestions);
});

test("ucb with a large κ prefers spread, greedy the score; ei improves on the model's score of the best measured cell", async () => {
  const measured = measuredOf(Array.from({ length: 10 }, (_, i) => nb201.sample(createRng(200 + i))));
  const options = { space: 'nb201' as SpaceId, model: fakeModel, measured, count: 5, budget: 600, seed: 1, minDistance: 0 };
  const greedy = await suggestCells({ ...options, acquisition: 'greedy' });
  const ucb = await suggestCells({ ...options, acquisition: 'ucb', kappa: 100 });
  const mean = (xs: readonly { score: number }[]) => xs.reduce((s, x) => s + x.score, 0) / xs.length;
  const spread = (xs: readonly { spread: number }[]) => xs.reduce((s, x) => s + x.spread, 0) / xs.length;
  assert.ok(mean(greedy.suggestions) >= mean(ucb.suggestions));
  assert.ok(spread(ucb.suggestions) >= spread(greedy.suggestions));
  for (const s of greedy.suggestions) assert.equal(s.acquisition, s.score);
  for (const s of ucb.suggestions) assert.ok(Math.abs(s.acquisition - (s.score + 100 * s.spread)) < 1e-3);

  const ei = await suggestCells({ ...options, acquisition: 'ei' });
  assert.equal(ei.acquisition.kind, 'ei');
  const best = measured.reduce((a, b) => (b.mean > a.mean ? b : a));
  assert.equal(ei.acquisition.kind === 'ei' && ei.acquisition.best, Math.fround(toyScore(best.cell as never)));
  await assert.rejects(suggestCells({ ...options, measured: [], acquisition: 'ei' }), /expected improvement needs at least one measured cell/);
});

test('around a start cell within a radius; DARTS under a parameter limit; too tight a distance says why the batch is short', async () => {
  const start = nb201.sample(createRng(9));
  const around = await suggestCells({ space: 'nb201', model: fakeModel, measured: [], count: 6, start, radius: 2, budget: 500, seed: 2, minDistance: 1 });
  assert.ok(around.suggestions.length > 0);
  for (const s of around.suggestions) assert.ok(editDistance(start, s.cell) <= 2);

  const maxParams = 1_500_000;
  const d = await suggestCells({
    space: 'darts',
    model: fakeModel,
    measured: measuredOf([darts.sample(createRng(1))]),
    count: 4,
    budget: 200,
    seed: 4,
    constraints: { maxParams },
  });
  assert.equal(d.suggestions.length, 4);
  for (const s of d.suggestions) assert.ok(darts.cost(s.cell as never).params <= maxParams && s.params <= maxParams);

  const short = await suggestCells({ space: 'nb201', model: fakeModel, measured: [], count: 10, minDistance: 6, budget: 200, seed: 1 });
  assert.ok(short.suggestions.length < 10);
  assert.match(short.shortfall!, /only \d+ of 10 cells: .* no more of them are 6 or more edits from each other/);
  await assert.rejects(suggestCells({ space: 'nb201', model: fakeModel, measured: [], count: 0 }), /count must be a positive integer/);
});
