import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { after, before, describe, test } from 'node:test';
import type { SearchRequest } from '../../../src/protocol/worker';
import { WorkerClient, type SearchProgressEvent } from '../../../src/worker/client';
import { makeTinyModel } from './tiny-model';

const ARCH_CELL = { space: 'nb201', ops: ['nor_conv_3x3', 'nor_conv_3x3', 'skip_connect', 'nor_conv_1x1', 'avg_pool_3x3', 'none'] } as const;

describe('search worker (a real worker thread)', () => {
  let dir: string;
  let nb201: string;
  let darts: string;
  let client: WorkerClient;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nas-lens-worker-'));
    // The bundled NB-201 model when it is there (the real artifact), else a tiny one trained here.
    const bundled = join(process.cwd(), 'media/models/nb201-cifar10');
    nb201 =
      existsSync(join(bundled, 'model.json')) && existsSync(join(bundled, 'calibration.json')) ? bundled : await makeTinyModel(join(dir, 'nb201'), 'nb201');
    darts = await makeTinyModel(join(dir, 'darts'), 'darts');
    client = await WorkerClient.start();
  });

  after(async () => {
    await client?.terminate();
    rmSync(dir, { recursive: true, force: true });
  });

  const request = (over: Partial<SearchRequest>): SearchRequest => ({
    space: 'nb201',
    strategy: 'evolution',
    mode: 'surrogate',
    dataset: 'cifar10',
    modelDir: nb201,
    budget: 1e9,
    timeMs: 2000,
    seed: 1,
    topK: 10,
    progressIntervalMs: 50,
    ...over,
  });

  test('a 2-second NB-201 search from a cell streams progress and returns a ranked top-10', async () => {
    const lag = monitorEventLoopDelay({ resolution: 1 });
    lag.enable();
    const started = Date.now();
    const search = client.search(request({ start: ARCH_CELL, strategy: 'local' }));
    const events: SearchProgressEvent[] = [];
    for await (const p of search.progress) events.push(p);
    const done = await search.result;
    lag.disable();
    const wall = Date.now() - started;
    console.log(
      `  host event-loop delay during the search: p50 ${(lag.percentile(50) / 1e6).toFixed(2)} ms, p99 ${(lag.percentile(99) / 1e6).toFixed(2)} ms, max ${(lag.max / 1e6).toFixed(2)} ms; ${done.evaluations} cells in ${done.elapsedMs.toFixed(0)} ms (${done.reason}), ${wall} ms wall`,
    );
    assert.ok(['time', 'exhausted'].includes(done.reason), done.reason);
    assert.ok(wall < 6000, `took ${wall} ms`);
    assert.equal(done.top.length, 10);
    for (let i = 1; i < done.top.length; i++) assert.ok(done.top[i - 1].score >= done.top[i].score);
    for (const r of done.top) {
      assert.equal(r.cell.space, 'nb201');
      assert.ok(r.top >= 0 && r.top <= 100 && r.rank >= 1 && r.rank <= 15625, JSON.stringify(r));
      assert.ok(r.params! > 0 && typeof r.hash === 'string');
    }
    assert.ok(done.top[0].rank <= done.top[9].rank);
    assert.ok(events.length >= 1);
    for (let i = 1; i < events.length; i++) assert.ok(events[i].evaluations >= events[i - 1].evaluations);
    const last = events[events.length - 1];
    assert.ok(last.evaluationsPerSecond > 0 && last.top.length === 10 && last.best !== undefined);
    // The search runs in the worker: the host's event loop stays free (p99 reported; the bound only catches a search on this thread, which blocks it for seconds).
    console.log(`  host event-loop p99 while searching: ${(lag.percentile(99) / 1e6).toFixed(1)} ms`);
    assert.ok(lag.percentile(99) / 1e6 < 2_000, `event-loop p99 ${lag.percentile(99) / 1e6} ms`);
  });

  test('cancel stops a running search long before its 60 s limit (latency reported; the bound is a hang guard, not a speed target)', async () => {
    const latencies: number[] = [];
    for (let k = 0; k < 5; k++) {
      const search = client.search(request({ space: 'darts', modelDir: darts, strategy: k % 2 ? 'random' : 'evolution', timeMs: 60_000, seed: k }));
      const iterator = search.progress[Symbol.asyncIterator]();
      await iterator.next(); // running
      const t = performance.now();
      search.cancel();
      const done = await search.result;
      latencies.push(performance.now() - t);
      assert.equal(done.reason, 'cancelled');
      assert.ok(done.evaluations > 0);
    }
    latencies.sort((a, b) => a - b);
    console.log(`  cancel → done: ${latencies.map((l) => l.toFixed(1)).join(', ')} ms`);
    // Measured 40–80 ms on the shared machine; a cancel that did nothing would run to the 60 s limit.
    assert.ok(latencies[2] < 10_000, `median cancel latency ${latencies[2]} ms`);
  });

  test('a bad model directory comes back as an error message, and the worker stays usable', async () => {
    const search = client.search(request({ modelDir: join(dir, 'missing') }));
    for await (const _ of search.progress) {
      /* none expected */
    }
    await assert.rejects(search.result, /missing.*model\.json does not exist/);
    const wrongSpace = client.search(request({ space: 'nb101', modelDir: nb201 }));
    await assert.rejects(wrongSpace.result, /ranks nb201 cells, the search is over nb101/);
    const badStrategy = client.search(request({ strategy: 'annealing' }));
    await assert.rejects(badStrategy.result, /unknown strategy "annealing"/);
    const ok = await client.search(request({ timeMs: 200 })).result;
    assert.equal(ok.top.length, 10);
  });

  test('the time budget ends the search', async () => {
    const t = Date.now();
    const done = await client.search(request({ space: 'darts', modelDir: darts, strategy: 'nar', timeMs: 500 })).result;
    assert.equal(done.reason, 'time');
    // It ran its 500 ms and then stopped by time; the upper bounds are hang guards far from the measured ~550 ms.
    assert.ok(Date.now() - t < 30_000);
    assert.ok(done.elapsedMs >= 500 && done.elapsedMs < 30_000, `${done.elapsedMs} ms`);
  });
});
