import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FitCancelledError, type FitProgress } from '../../../src/core/fit/types';
import type { FitRequest } from '../../../src/protocol/worker';
import { WorkerClient, type FitOptions } from '../../../src/worker/client';
import { workerEntry } from '../../../src/worker/spawn';
import { loadSurrogateDir } from '../../../src/node/surrogate-files';
import { initTfBackend } from '../../../src/node/tf-backend';
import { measuredToy } from '../fit/helpers';
import { makeTinyModel } from './tiny-model';

describe('fit in the worker thread', () => {
  let dir: string;
  let prior: string;
  let client: WorkerClient;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nas-lens-fit-worker-'));
    prior = await makeTinyModel(join(dir, 'prior'), 'nb201');
    client = new WorkerClient({ entry: workerEntry() });
  });
  after(async () => {
    await client.terminate();
    rmSync(dir, { recursive: true, force: true });
  });

  const runFitInWorker = (request: FitRequest, options?: FitOptions) => client.fit(request, options);

  const request = (over: Partial<FitRequest> = {}): FitRequest => ({
    measured: measuredToy(16),
    priorDir: prior,
    outDir: join(dir, '.nas-lens', 'models', 'nb201-w'),
    name: 'w',
    files: ['a.nas-results.jsonl'],
    recipe: { epochs: 2, batchSize: 8 },
    seed: 3,
    progressIntervalMs: 0,
    ...over,
  });

  test('a fit streams typed progress (epochs, folds with τ) and ends with the written folder and its card', async () => {
    const events: FitProgress[] = [];
    const { dir: out, card } = await runFitInWorker(request(), { onProgress: (p) => events.push(p) });
    assert.equal(out, request().outDir);
    assert.deepEqual(readdirSync(out).sort(), ['calibration.json', 'card.json', 'model.json', 'weights.bin']);
    const folds = events.filter((e) => e.kind === 'fold');
    assert.deepEqual(
      folds.map((f) => f.fold),
      [1, 2, 3, 4],
    );
    for (const f of folds) assert.ok(f.kind === 'fold' && Number.isFinite(f.fittedTau) && Number.isFinite(f.priorTau!));
    const epochs = events.filter((e) => e.kind === 'epoch');
    assert.equal(epochs.length, 5 * 3 * 2);
    assert.equal(epochs.at(-1)!.fraction, 1);
    assert.equal(card.fittedOn.cells, 16);
    assert.deepEqual(card.fittedOn.files, ['a.nas-results.jsonl']);
    assert.equal(card.members, 3);
    assert.equal(typeof card.decision.used, 'boolean');
    assert.ok(card.evaluation.crossValidation && card.evaluation.crossValidation.priorKendallTau !== undefined);
    await initTfBackend();
    const model = await loadSurrogateDir(out);
    assert.equal(model.config.members, 3);
    model.dispose();
  });

  test('cancel ends a running fit with FitCancelledError and writes nothing', async () => {
    const controller = new AbortController();
    const outDir = join(dir, 'cancelled');
    let seen = 0;
    await assert.rejects(
      runFitInWorker(request({ outDir, recipe: { epochs: 50, batchSize: 8 } }), {
        signal: controller.signal,
        onProgress: () => {
          if (++seen === 1) controller.abort();
        },
      }),
      (e: Error) => e instanceof FitCancelledError,
    );
    assert.ok(seen >= 1);
    assert.equal(existsSync(outDir), false);
  });

  test('a bad request or a missing prior comes back as an error message', async () => {
    await assert.rejects(runFitInWorker(request({ measured: [] })), /bad fit request: measured must be a non-empty array/);
    await assert.rejects(runFitInWorker(request({ priorDir: join(dir, 'missing') })), /missing.*model\.json does not exist/);
    const mixed = measuredToy(10).map((m, i) => (i === 3 ? { ...m, metric: 'val_acc' } : m));
    await assert.rejects(runFitInWorker(request({ measured: mixed })), /measured by 'val_acc'; a fit ranks by one metric/);
  });

  test('scores of an ensemble come with their spread through the client score request', async () => {
    const out = join(dir, '.nas-lens', 'models', 'nb201-w');
    if (!existsSync(join(out, 'model.json'))) await runFitInWorker(request());
    const cells = measuredToy(5, 40).map((m) => m.cell);
    const reply = await client.score(out, cells);
    assert.equal(reply.scores.length, 5);
    assert.equal(reply.spreads?.length, 5);
    assert.ok(reply.spreads!.every((s) => s > 0));
    const single = await client.score(prior, cells);
    assert.ok(single.spreads === undefined, 'a one-member model has no spread to show');
  });
});
