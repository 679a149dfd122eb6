import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import type { LoopEvent, LoopRequest } from '../../../src/core/loop/loop-types';
import type { MeasuredCell, ResultLine } from '../../../src/core/results/types';
import { getSpace } from '../../../src/core/spaces';
import type { Cell, Nb201Cell } from '../../../src/core/spaces/types';
import { initialCells, nextBatch } from '../../../src/core/suggest/next-batch';
import { loadFitPrior } from '../../../src/node/fit-prior';
import { LoopStore } from '../../../src/node/loop/loop';
import { bundledModelDir } from '../../../src/node/paths';
import { initTfBackend } from '../../../src/node/tf-backend';
import { cli } from '../../helpers/cli-process';
import { dataFile, needsData, readCsv } from '../../helpers/data';

const ORACLE = resolve('scripts/oracle-trainer.mjs');
const SPACE = getSpace('nb201');

function request(ws: string, extra = ''): Omit<LoopRequest, 'version' | 'id' | 'createdAt'> {
  return {
    workspace: ws,
    space: 'nb201',
    results: join(ws, 'runs.nas-results.jsonl'),
    metric: 'val_acc',
    rounds: 2,
    batch: 3,
    initial: 3,
    seed: 5,
    acquisition: 'ucb',
    kappa: 1,
    minDistance: 2,
    searchBudget: 200,
    dataset: 'cifar10',
    run: {
      backend: 'local',
      command: `node ${ORACLE} --arch {arch} --seed {seed} --out {out} --sleep 0 --columns c10_valid_200_mean,c10_test_200${extra}`,
      seeds: [0],
      local: { concurrency: 2 },
    },
  };
}

function resultLines(ws: string): ResultLine[] {
  return readFileSync(join(ws, 'runs.nas-results.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as ResultLine);
}

describe('the closed loop (fit → suggest → train) on local processes', needsData('nb201.csv'), () => {
  test('trains seeded random cells, then suggested new ones; every result lands once and no cell is trained twice', async () => {
    await initTfBackend();
    const ws = mkdtempSync(join(tmpdir(), 'nas-lens-loop-'));
    try {
      const events: LoopEvent[] = [];
      const loop = new LoopStore(ws).create(request(ws));
      const state = await loop.run({ onEvent: (e) => events.push(e) });
      assert.equal(state.status, 'done', state.reason);
      assert.deepEqual(
        state.rounds.map((r) => [r.round, r.kind, r.measuredBefore, r.cells.length]),
        [
          [1, 'initial', 0, 3],
          [2, 'suggest', 3, 3],
        ],
      );
      const lines = resultLines(ws);
      assert.equal(lines.length, 6);
      const hashes = state.rounds.flatMap((r) => r.cells.map((c) => c.hash));
      assert.equal(new Set(hashes).size, 6, 'six different cells');
      assert.deepEqual(new Set(lines.map((l) => l.name)), new Set(state.rounds.flatMap((r) => r.cells.map((c) => c.name))));
      assert.ok(
        events.some((e) => e.type === 'fit'),
        'the fit reported progress',
      );
      // the loop's fitted ensemble is kept for the next round's warm start
      assert.ok(readFileSync(join(loop.dir, 'round-2-model', 'weights.bin')).length > 0);
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });

  test('the same seed gives the cells an oracle-mode replay (table lookups, no scheduler) measures', async () => {
    await initTfBackend();
    const ws = mkdtempSync(join(tmpdir(), 'nas-lens-loop-'));
    try {
      const req = request(ws);
      const state = await new LoopStore(ws).create(req).run();
      assert.equal(state.status, 'done', state.reason);
      const table = new Map(readCsv(dataFile('nb201.csv') as string).map((r) => [r.arch, Number(r.c10_valid_200_mean)] as const));
      const measured: MeasuredCell[] = [];
      const measure = (cells: readonly Cell[]) => {
        for (const cell of cells) {
          const mean = table.get(SPACE.toText(cell as Nb201Cell)) as number;
          measured.push({ space: 'nb201', hash: SPACE.hash(cell as Nb201Cell), cell, metric: 'val_acc', mean, std: 0, runs: 1 });
        }
      };
      measure(initialCells('nb201', req.initial, req.seed));
      // The loop's first fit warm-starts from the bundled model of the space and dataset.
      const basePrior = await loadFitPrior(bundledModelDir('nb201', req.dataset));
      const batch = await nextBatch(measured, { ...req, count: req.batch, fitIndex: 0, basePrior });
      measure(batch.result.suggestions.map((s) => s.cell));
      assert.deepEqual(
        state.rounds.flatMap((r) => r.cells.map((c) => c.hash)),
        measured.map((m) => m.hash),
      );
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });

  test('stopped while a round trains and resumed by another process: it goes on and trains nothing twice', async () => {
    await initTfBackend();
    const ws = mkdtempSync(join(tmpdir(), 'nas-lens-loop-'));
    const gate = join(ws, 'gate');
    try {
      const store = new LoopStore(ws);
      const loop = store.create(request(ws, ` --mode gate --gate ${gate}`));
      const stop = new AbortController();
      // The first round's jobs wait for the gate: stop following as soon as it is submitted.
      const first = await loop.run({ signal: stop.signal, onEvent: (e) => e.type === 'submitted' && stop.abort() });
      assert.equal(first.status, 'running');
      assert.equal(first.rounds.length, 1);
      writeFileSync(gate, '');
      const resumed = await new LoopStore(ws).open(loop.id).run();
      assert.equal(resumed.status, 'done', resumed.reason);
      assert.equal(resumed.rounds.length, 2);
      const names = resultLines(ws).map((l) => l.name);
      assert.equal(names.length, 6);
      assert.equal(new Set(names).size, 6, 'each run recorded once');
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });

  test('nas-lens loop: a new loop needs its space, rounds and batch; --resume of an unknown loop names the folder', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'nas-lens-loop-'));
    try {
      const missing = await cli(['loop', '--workspace', ws, '--command', 'true']);
      assert.equal(missing.status, 2);
      assert.match(missing.stderr, /a new loop needs --space, --rounds, --batch/);
      const unknown = await cli(['loop', '--workspace', ws, '--resume', 'nope']);
      assert.equal(unknown.status, 2);
      assert.match(unknown.stderr, /no loop 'nope' in .*\.nas-lens\/loops/);
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });
});
