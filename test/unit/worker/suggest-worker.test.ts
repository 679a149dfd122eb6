import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FitCancelledError } from '../../../src/core/fit/types';
import { nb201 } from '../../../src/core/spaces';
import { editDistance } from '../../../src/core/suggest/edit-distance';
import { fitAndSuggest } from '../../../src/core/suggest/fit-and-suggest';
import { initTfBackend } from '../../../src/node/tf-backend';
import type { SuggestProgress, SuggestRequest } from '../../../src/protocol/worker';
import { WorkerClient } from '../../../src/worker/client';
import { workerEntry } from '../../../src/worker/spawn';
import { checkSuggestRequest } from '../../../src/worker/suggest-session';
import { measuredToy, QUICK } from '../fit/helpers';

describe('suggest in the worker thread', () => {
  let dir: string;
  let client: WorkerClient;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'nas-lens-suggest-worker-'));
    client = new WorkerClient({ entry: workerEntry() });
  });
  after(async () => {
    await client.terminate();
    rmSync(dir, { recursive: true, force: true });
  });

  const measured = measuredToy(12);
  const request = (over: Partial<SuggestRequest> = {}): SuggestRequest => ({
    space: 'nb201',
    measured,
    count: 4,
    acquisition: 'ucb',
    budget: 192,
    seed: 5,
    recipe: QUICK,
    progressIntervalMs: 0,
    ...over,
  });

  test('fits, then searches (typed progress of both stages), and answers new, distinct, diverse cells — those of the CLI’s fitAndSuggest', async () => {
    const events: SuggestProgress[] = [];
    const reply = await client.suggest(request(), { onProgress: (p) => events.push(p) });
    assert.ok(events.some((e) => e.stage === 'fit'));
    assert.ok(events.some((e) => e.stage === 'search'));
    assert.ok(events.findIndex((e) => e.stage === 'search') > events.map((e) => e.stage).lastIndexOf('fit'), 'the search follows the fit');
    const cells = reply.result.suggestions;
    assert.equal(cells.length, 4);
    assert.equal(reply.model.members, 3);
    const measuredHashes = new Set(measured.map((m) => m.hash));
    assert.equal(new Set(cells.map((s) => s.hash)).size, 4);
    for (const s of cells) {
      assert.equal(s.hash, nb201.hash(s.cell as never));
      assert.ok(!measuredHashes.has(s.hash), 'never a measured cell');
      assert.ok(Number.isFinite(s.spread) && s.spread >= 0);
    }
    for (let i = 0; i < cells.length; i++)
      for (let j = i + 1; j < cells.length; j++) assert.ok(editDistance(cells[i].cell, cells[j].cell) >= 2, 'at least the default minimum distance apart');

    await initTfBackend();
    const inProcess = await fitAndSuggest(measured, { space: 'nb201', count: 4, acquisition: 'ucb', budget: 192, seed: 5, recipe: QUICK });
    assert.deepEqual(
      cells.map((s) => s.hash),
      inProcess.result.suggestions.map((s) => s.hash),
      'the worker request and the CLI’s core function agree (same seed, same cells)',
    );
  });

  test('excluded cells are never proposed; greedy and ei are accepted', async () => {
    const first = await client.suggest(request({ acquisition: 'greedy', count: 2 }));
    const exclude = first.result.suggestions.map((s) => s.cell);
    const again = await client.suggest(request({ acquisition: 'greedy', count: 2, exclude }));
    const excluded = new Set(first.result.suggestions.map((s) => s.hash));
    assert.ok(again.result.suggestions.every((s) => !excluded.has(s.hash)));
    const ei = await client.suggest(request({ acquisition: 'ei', count: 1 }));
    assert.equal(ei.result.acquisition.kind, 'ei');
  });

  test('cancel ends a running suggestion with FitCancelledError', async () => {
    const controller = new AbortController();
    let seen = 0;
    await assert.rejects(
      client.suggest(request({ recipe: { epochs: 200, batchSize: 8 } }), {
        signal: controller.signal,
        onProgress: () => {
          if (++seen === 1) controller.abort();
        },
      }),
      (e: Error) => e instanceof FitCancelledError,
    );
    assert.ok(seen >= 1);
  });

  test('a bad request comes back as an error naming the field', async () => {
    await assert.rejects(client.suggest(request({ count: 0 })), /bad suggest request: count must be a whole number from 1/);
    assert.throws(() => checkSuggestRequest(request({ space: 'nb999' as never })), /unknown space "nb999"/);
    assert.throws(() => checkSuggestRequest(request({ measured: [] })), /no measured cell to fit/);
    assert.throws(() => checkSuggestRequest(request({ acquisition: 'pi' as never })), /acquisition must be one of ucb, ei, greedy/);
    assert.throws(() => checkSuggestRequest(request({ kappa: Number.NaN })), /kappa must be a finite number/);
    assert.throws(() => checkSuggestRequest(request({ minDistance: 1.5 })), /minDistance must be a whole number/);
    assert.throws(() => checkSuggestRequest(request({ budget: 0 })), /budget must be a whole number/);
    assert.throws(() => checkSuggestRequest(request({ measured: [{ ...measured[0], space: 'nb101' }] })), /measured\[0\] is not a measured nb201 cell/);
    assert.throws(() => checkSuggestRequest(request({ constraints: { maxParams: -1 } })), /constraints.maxParams must be a positive number/);
    assert.throws(() => checkSuggestRequest(request({ start: { space: 'nb101' } as never })), /start must be a nb201 cell/);
    assert.doesNotThrow(() => checkSuggestRequest(request()));
  });

  test('results-cells answers the measured cells of one space, in first-measured order, with the files they came from', async () => {
    const file = join(dir, 'runs.nas-results.jsonl');
    const arch = (i: number) => nb201.toText(measured[i].cell as never);
    writeFileSync(
      file,
      [
        `{"cell": "${arch(1)}", "metrics": {"test_acc": 70.5}, "seed": 1}`,
        `{"cell": "${arch(0)}", "metrics": {"test_acc": 71}, "seed": 1}`,
        `{"cell": "${arch(1)}", "metrics": {"test_acc": 70.7}, "seed": 2}`,
      ].join('\n') + '\n',
    );
    const summary = await client.resultsSync({ files: [file], reread: [], maxProblemsPerFile: 10 });
    const got = await client.resultsCells({ store: summary.store, space: 'nb201' });
    assert.equal(got.metric, 'test_acc');
    assert.deepEqual(
      got.cells.map((c) => c.hash),
      [measured[1].hash, measured[0].hash],
    );
    assert.equal(got.cells[0].runs, 2);
    assert.equal(got.runs, 3);
    assert.deepEqual(got.files, [file]);
    assert.deepEqual(Object.keys(got.cells[0]).sort(), ['cell', 'hash', 'mean', 'metric', 'runs', 'space', 'std']);
    const none = await client.resultsCells({ store: summary.store, space: 'darts' });
    assert.deepEqual(none.cells, []);
    await assert.rejects(client.resultsCells({ store: 'gone', space: 'nb201' }), /sync again/);
  });
});
