// Same seed and budget → the same search result, whatever the machine's load (issue 10 §2): batch
// sizes once followed the clock, so a loaded machine asked the strategy other questions.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createRng } from '../../../src/core/rng';
import { searchSpaceOf } from '../../../src/core/spaces';
import type { SpaceId } from '../../../src/core/spaces/types';
import type { SearchRequest } from '../../../src/protocol/worker';
import { ModelCache } from '../../../src/worker/model-cache';
import { runSurrogateSearch, type SurrogateSearchResult } from '../../../src/worker/surrogate-search';
import { makeTinyModel } from './tiny-model';

/** A clock on which every reading is `step` ms after the last: step 0 is an infinitely fast machine, 40 a very loaded one. */
function fakeClock(step: number): () => number {
  let t = 0;
  return () => (t += step);
}

describe('seeded surrogate searches are reproducible whatever the timing', () => {
  let dir: string;
  const models = new ModelCache();
  const dirs: Partial<Record<SpaceId, string>> = {};

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nas-lens-reproducible-'));
    dirs.darts = await makeTinyModel(join(dir, 'darts'), 'darts');
    dirs.nb101 = await makeTinyModel(join(dir, 'nb101'), 'nb101');
  });
  after(async () => {
    await models.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const request = (space: SpaceId, strategy: SearchRequest['strategy'], seed: number): SearchRequest => ({
    space,
    strategy,
    mode: 'surrogate',
    dataset: 'cifar10',
    modelDir: dirs[space]!,
    budget: 700,
    timeMs: 1e12,
    seed,
    topK: 5,
  });

  for (const [space, strategy] of [
    ['darts', 'evolution'],
    ['darts', 'local'],
    ['nb101', 'evolution'],
    ['nb101', 'random'],
  ] as const) {
    test(`${space} ${strategy}: a fast, a slow and the real clock give the same evaluations and the same top cells`, async () => {
      const runs: SurrogateSearchResult[] = [];
      for (const now of [fakeClock(0), fakeClock(40), Date.now]) {
        runs.push(await runSurrogateSearch(request(space, strategy, 11), { models, now }));
      }
      const summary = (r: SurrogateSearchResult) => ({ evaluations: r.evaluations, reason: r.reason, top: r.top.map((c) => [c.hash, c.score]) });
      assert.equal(runs[0].reason, 'budget');
      assert.deepEqual(summary(runs[1]), summary(runs[0]), 'slow clock');
      assert.deepEqual(summary(runs[2]), summary(runs[0]), 'real clock');
      const other = await runSurrogateSearch(request(space, strategy, 12), { models, now: fakeClock(0) });
      assert.notDeepEqual(summary(other).top, summary(runs[0]).top, 'another seed searches elsewhere');
    });
  }

  test("a cell's score does not depend on how many cells share its predict() call", async () => {
    const { surrogate } = await models.get(dirs.darts!);
    const space = searchSpaceOf('darts');
    const rng = createRng(3);
    const cells = Array.from({ length: 300 }, () => space.sample(rng));
    const whole = Array.from(surrogate.predict(cells));
    const chunked = [0, 1, 8, 40, 128].flatMap((start, k, starts) => Array.from(surrogate.predict(cells.slice(start, starts[k + 1] ?? cells.length))));
    assert.deepEqual(chunked, whole);
  });
});
