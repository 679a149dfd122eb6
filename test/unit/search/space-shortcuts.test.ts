import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRng } from '../../../src/core/rng';
import { createStrategy, runSearch, SearchDomain, STRATEGY_NAMES, type StrategyName } from '../../../src/core/search';
import { spaceShortcuts } from '../../../src/core/search/space-shortcuts';
import { nb101, nb201 } from '../../../src/core/spaces';
import { enumerateNb201 } from '../../../src/core/spaces/nb201';
import type { Cell, SearchSpace } from '../../../src/core/spaces/types';

/**
 * Inside a search, the bundled NB-201 and NB-101 spaces are replaced by faster stand-ins
 * (space-shortcuts.ts: cells by code, table hashes, no re-validation, spent parents skipped).
 * They must change nothing: the same cells from the same random draws, the same canonical hashes,
 * hence the same searches. A copy of a space object gets no shortcuts, which gives the reference.
 */

/** A cheap deterministic score of a cell's canonical class (FNV-1a of the hash). */
function scoreOf(space: SearchSpace<Cell>): (cell: Cell) => number {
  return (cell) => {
    const key = space.hash(cell);
    let h = 2166136261;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
    return (h >>> 0) / 4294967296;
  };
}

async function history(space: SearchSpace<Cell>, reference: SearchSpace<Cell>, name: StrategyName, budget: number, extra: object = {}) {
  const score = scoreOf(reference);
  const strategy = createStrategy<Cell>(name, {
    space,
    rng: createRng(17),
    fitAndScore: async (_c, _s, candidates) => candidates.map(score),
    ...(name === 'evolution' || name === 'eps' ? { populationSize: 40 } : {}),
    ...extra,
  });
  const run = await runSearch(strategy, async (cells) => cells.map(score), { budget, batchSize: 32 });
  return {
    texts: run.history.map((h) => reference.toText(h.cell)),
    keys: run.history.map((h) => reference.hash(h.cell)),
    stoppedBy: run.stoppedBy,
    state: run.state,
  };
}

const plain = (space: SearchSpace<Cell>): SearchSpace<Cell> => ({ ...space });

describe('space shortcuts (NB-201, NB-101) change no search result', () => {
  test('the stand-ins draw the same cells from the same random stream, with the same hashes', () => {
    for (const space of [nb201, nb101] as SearchSpace<Cell>[]) {
      const fast = spaceShortcuts(space)!.space;
      const a = createRng(5),
        b = createRng(5);
      let cell = space.sample(a);
      let fastCell = fast.sample(b);
      for (let i = 0; i < 300; i++) {
        assert.deepEqual(fastCell, cell, `${space.id} step ${i}`);
        assert.equal(fast.hash(fastCell), space.hash(cell));
        assert.equal(fast.toText(fastCell), space.toText(cell));
        if (i % 25 === 0)
          assert.deepEqual(
            fast.neighbours(fastCell).map((n) => fast.toText(n)),
            space.neighbours(cell).map((n) => space.toText(n)),
          );
        if (i % 3 === 0) {
          cell = space.sample(a);
          fastCell = fast.sample(b);
        } else {
          cell = space.mutate(cell, a);
          fastCell = fast.mutate(fastCell, b);
        }
      }
      assert.equal(a.next(), b.next(), `${space.id}: the random streams stay in step`);
    }
  });

  test('skipping the mutations of an NB-201 parent takes exactly their random draws', () => {
    const skip = spaceShortcuts(nb201 as SearchSpace<Cell>)!.skipMutations!;
    const parent = nb201.sample(createRng(1));
    const a = createRng(9),
      b = createRng(9);
    for (let i = 0; i < 57; i++) nb201.mutate(parent, a);
    skip(parent, b, 57);
    assert.equal(a.next(), b.next());
  });

  test('every NB-201 cell: the table hash is nb201.hash', () => {
    const fast = spaceShortcuts(nb201 as SearchSpace<Cell>)!.space;
    for (const cell of enumerateNb201()) assert.equal(fast.hash(cell), nb201.hash(cell));
  });

  for (const name of STRATEGY_NAMES) {
    test(`${name}: the same run with and without shortcuts, never a canonical class twice`, async () => {
      // NB-201 up to and past exhaustion (spent parents, a dry space), NB-101 a short run; with and without a start cell.
      const cases: [SearchSpace<Cell>, number, object][] = [
        [nb201 as SearchSpace<Cell>, 7000, name === 'predictor' ? { pool: enumerateNb201(), numCandidates: 0, proposalsPerFit: 256 } : {}],
        [nb201 as SearchSpace<Cell>, 400, { start: nb201.sample(createRng(3)), constraints: { maxParams: 0.9e6 } }],
        [nb101 as SearchSpace<Cell>, 250, {}],
        [nb101 as SearchSpace<Cell>, 150, { start: nb101.sample(createRng(4)) }],
      ];
      for (const [space, budget, extra] of cases) {
        const fast = await history(space, space, name, budget, extra);
        const reference = await history(plain(space), space, name, budget, extra);
        assert.deepEqual(fast.texts, reference.texts, `${space.id} ${name} budget ${budget}`);
        assert.equal(fast.stoppedBy, reference.stoppedBy);
        assert.equal(fast.state.rejected, reference.state.rejected);
        assert.equal(new Set(fast.keys).size, fast.keys.length, `${space.id} ${name}: a canonical class asked twice`);
      }
    });
  }

  test('the domain of a copied space takes no shortcut; the bundled one does', () => {
    assert.equal(new SearchDomain({ space: plain(nb201 as SearchSpace<Cell>), rng: createRng(1) }).space.sample, nb201.sample);
    assert.notEqual(new SearchDomain({ space: nb201 as SearchSpace<Cell>, rng: createRng(1) }).space.sample, nb201.sample);
  });
});
