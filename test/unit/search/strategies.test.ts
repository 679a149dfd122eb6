import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRng } from '../../../src/core/rng';
import { createStrategy, encodingSlots, runSearch, STRATEGY_NAMES, type StrategyName } from '../../../src/core/search';
import type { Nb201Cell } from '../../../src/core/spaces/types';
import { toyCell, toyObjective, toySpace } from './toy-space';

const space = toySpace(3);
const TARGET = Array.from('ccbcab');
const objective = toyObjective(TARGET);
const evaluate = async (cells: readonly Nb201Cell[]) => cells.map(objective);
/** A perfect predictor: scores candidates with the objective itself. */
const fitAndScore = async (_cells: readonly Nb201Cell[], _scores: readonly number[], candidates: readonly Nb201Cell[]) => candidates.map(objective);
const GUIDED: StrategyName[] = ['local', 'local-first', 'evolution', 'nar', 'eps', 'predictor'];

function make(name: StrategyName, seed: number, extra: object = {}) {
  return createStrategy<Nb201Cell>(name, { space, rng: createRng(seed), fitAndScore, ...extra });
}

describe('search strategies on a toy space', () => {
  for (const name of GUIDED) {
    test(`${name} finds the optimum within 150 queries for every seed`, async () => {
      for (let seed = 1; seed <= 5; seed++) {
        const run = await runSearch(make(name, seed), evaluate, { budget: 150 });
        assert.deepEqual(run.best?.cell.ops, TARGET, `${name} seed ${seed} ended at ${run.best?.cell.ops.join('')} (${run.best?.score})`);
      }
    });
  }

  test('nar without slot assembly (mutating towards the top tier, as for NB-101) finds the optimum', async () => {
    for (let seed = 1; seed <= 5; seed++) {
      const run = await runSearch(make('nar', seed, { slots: encodingSlots(space) }), evaluate, { budget: 150 });
      assert.deepEqual(run.best?.cell.ops, TARGET, `seed ${seed} ended at ${run.best?.cell.ops.join('')}`);
      assert.equal(run.state.phase, 'steer');
    }
  });

  test('random search enumerates every canonical class and then stops as exhausted', async () => {
    const run = await runSearch(make('random', 3, { maxTries: 5000 }), evaluate, { budget: 10_000 });
    assert.equal(run.stoppedBy, 'exhausted');
    assert.equal(run.queries, space.size);
    assert.deepEqual(run.best?.cell.ops, TARGET);
  });

  for (const name of STRATEGY_NAMES) {
    test(`${name}: same seed, same run; another seed, another run`, async () => {
      const texts = async (seed: number) => (await runSearch(make(name, seed), evaluate, { budget: 60 })).history.map((h) => h.cell.ops.join(''));
      assert.deepEqual(await texts(7), await texts(7));
      assert.notDeepEqual(await texts(7), await texts(8));
    });

    test(`${name}: never asks a canonical class twice, also in batches`, async () => {
      for (const batchSize of [1, 7]) {
        const run = await runSearch(make(name, 11), evaluate, { budget: 400, batchSize });
        const hashes = run.history.map((h) => space.hash(h.cell));
        assert.equal(new Set(hashes).size, hashes.length, `batch ${batchSize}`);
        assert.ok(run.queries >= 100, `${name} stopped after ${run.queries} queries (${run.stoppedBy})`);
      }
    });

    test(`${name}: never asks a cell over maxParams or outside the allowed universe`, async () => {
      const allow = (cell: Nb201Cell) => cell.ops[5] !== 'c';
      const strategy = make(name, 5, { constraints: { maxParams: 7000 }, allow });
      const run = await runSearch(strategy, evaluate, { budget: 120 });
      assert.ok(run.queries > 50);
      for (const { cell } of run.history) {
        assert.ok(space.cost(cell).params <= 7000, `${cell.ops.join('')} is over the limit`);
        assert.ok(allow(cell), `${cell.ops.join('')} is outside the universe`);
      }
      assert.ok(strategy.state().rejected > 0);
    });

    test(`${name}: the start cell is asked first`, async () => {
      const start = toyCell('aabaab');
      const run = await runSearch(make(name, 2, { start }), evaluate, { budget: 20 });
      assert.deepEqual(run.history[0].cell, start);
    });
  }

  test('local search evaluates the neighbourhood of the start cell before moving', async () => {
    const start = toyCell('aabaab');
    const classes = new Set(space.neighbours(start).map((n) => space.hash(n))).size; // 10: edges 0 and 1 are interchangeable
    const run = await runSearch(make('local', 4, { start }), evaluate, { budget: 1 + classes + 1 });
    const distance = (cell: Nb201Cell) => cell.ops.filter((op, e) => op !== start.ops[e]).length;
    assert.deepEqual(
      run.history.map((h) => distance(h.cell)),
      [0, ...new Array(classes).fill(1), 2],
    );
  });

  test('local search without a start climbs from the best of 10 random cells', async () => {
    const run = await runSearch(make('local', 4), evaluate, { budget: 11 });
    const init = run.history.slice(0, 10).reduce((a, b) => (b.score > a.score ? b : a));
    const next = run.history[10].cell;
    assert.equal(next.ops.filter((op, e) => op !== init.cell.ops[e]).length, 1);
  });

  test('evolution and eps build their initial population around the start cell', async () => {
    const start = toyCell('aaaaaa');
    for (const name of ['evolution', 'eps', 'nar'] as const) {
      const run = await runSearch(make(name, 9, { start }), evaluate, { budget: 10 });
      for (const { cell } of run.history) assert.ok(cell.ops.filter((op) => op !== 'a').length <= 4, `${name}: ${cell.ops.join('')}`);
    }
  });

  test('a start cell over the limit is not asked; local search climbs from it into the admissible region', async () => {
    const start = toyCell('cccccc'); // 12000 params
    const run = await runSearch(make('local', 1, { start, constraints: { maxParams: 11000 } }), evaluate, { budget: 10 });
    assert.equal(run.queries, 10);
    assert.ok(run.history.every((h) => space.cost(h.cell).params <= 11000));
    assert.ok(run.history.every((h) => h.cell.ops.filter((op) => op !== 'c').length === 1));
  });

  test("predictor: every fresh cell of a pool is a candidate, and local proposals probe the incumbent's neighbourhood", async () => {
    const pool = Array.from({ length: 3 ** 6 }, (_, code) => toyCell(Array.from({ length: 6 }, (_, e) => 'abc'[Math.floor(code / 3 ** e) % 3]).join('')));
    const seen: number[] = [];
    const counting = async (cells: readonly Nb201Cell[], scores: readonly number[], candidates: readonly Nb201Cell[]) => {
      seen.push(candidates.length);
      return fitAndScore(cells, scores, candidates);
    };
    const run = await runSearch(make('predictor', 3, { pool, numCandidates: 0, fitAndScore: counting }), evaluate, { budget: 30 });
    assert.equal(seen[0], space.size! - 10, 'all canonical classes but the 10 asked');
    assert.deepEqual(run.best?.cell.ops, TARGET, 'a perfect predictor over the whole pool finds the optimum in the first round');

    // A predictor that knows nothing: the local share of each round is still made of neighbours of the best cell.
    const blind = async (_c: readonly Nb201Cell[], _s: readonly number[], candidates: readonly Nb201Cell[]) => candidates.map(() => 0);
    const strategy = make('predictor', 4, { pool, numCandidates: 0, fitAndScore: blind, localProposals: 4, localOrder: 'random' });
    const local = await runSearch(strategy, evaluate, { budget: 20 });
    const incumbent = local.history.slice(0, 10).reduce((a, b) => (b.score > a.score ? b : a)).cell;
    const distance = (cell: Nb201Cell) => (space.hash(cell) === space.hash(incumbent) ? 0 : cell.ops.filter((op, e) => op !== incumbent.ops[e]).length);
    const near = local.history.slice(10).filter((h) => distance(h.cell) === 1 || space.neighbours(incumbent).some((n) => space.hash(n) === space.hash(h.cell)));
    assert.ok(near.length >= 4, `${near.length} neighbours of the incumbent among the first round's proposals`);
  });

  test('an invalid start cell is refused with the reason', () => {
    assert.throws(() => make('random', 1, { start: toyCell('abz') }), /not a valid toy cell: toy cells have 6 edges/);
  });
});

describe('runSearch', () => {
  test('stops at the query budget and reports progress after each batch', async () => {
    const seen: number[] = [];
    const run = await runSearch(make('evolution', 1), evaluate, { budget: 45, batchSize: 10, onProgress: (p) => seen.push(p.queries) });
    assert.equal(run.stoppedBy, 'budget');
    assert.equal(run.queries, 45);
    assert.deepEqual(seen, [10, 20, 30, 40, 45]);
  });

  test('stops when the time budget is spent', async () => {
    let clock = 0;
    const slow = async (cells: readonly Nb201Cell[]) => {
      clock += 100 * cells.length;
      return cells.map(objective);
    };
    const run = await runSearch(make('random', 1), slow, { budget: 1000, timeMs: 1000, now: () => clock });
    assert.equal(run.stoppedBy, 'time');
    assert.equal(run.queries, 10);
    assert.equal(run.elapsedMs, 1000);
  });

  test('stops on an aborted signal and on shouldStop', async () => {
    const controller = new AbortController();
    const run = await runSearch(make('nar', 1), evaluate, {
      budget: 1000,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.queries === 25) controller.abort();
      },
    });
    assert.equal(run.stoppedBy, 'stopped');
    assert.equal(run.queries, 25);
    let calls = 0;
    const again = await runSearch(make('eps', 1), evaluate, { budget: 1000, shouldStop: () => ++calls > 3 });
    assert.equal(again.stoppedBy, 'stopped');
    assert.equal(again.queries, 3);
  });

  test('reports the best cell and a state that counts asked and told cells', async () => {
    const strategy = make('local', 3);
    const run = await runSearch(strategy, evaluate, { budget: 40 });
    const state = strategy.state();
    assert.equal(state.asked, 40);
    assert.equal(state.told, 40);
    assert.equal(state.pending, 0);
    assert.equal(state.best?.score, Math.max(...run.history.map((h) => h.score)));
    assert.equal(state.strategy, 'local');
  });

  test('a failed evaluation (NaN) counts as a query but never becomes the best', async () => {
    const flaky = async (cells: readonly Nb201Cell[]) => cells.map((c) => (c.ops[0] === 'c' ? NaN : objective(c)));
    const run = await runSearch(make('evolution', 2), flaky, { budget: 80 });
    assert.equal(run.queries, 80);
    assert.ok(run.best && Number.isFinite(run.best.score) && run.best.cell.ops[0] !== 'c');
  });

  test('refuses an evaluator that returns the wrong number of scores', async () => {
    await assert.rejects(
      runSearch(make('random', 1), async () => [1], { budget: 5, batchSize: 2 }),
      /returned 1 scores for 2 cells/,
    );
  });
});
