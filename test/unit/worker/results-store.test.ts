import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { measureAgreement } from '../../../src/core/results';
import { nb201 } from '../../../src/core/spaces';
import { enumerateNb201 } from '../../../src/core/spaces/nb201';
import { parseArchString } from '../../../src/core/spaces/nb201/arch-string';
import type { Cell, Nb201Cell } from '../../../src/core/spaces/types';
import type { ResultsSyncRequest } from '../../../src/protocol/worker';
import { WorkerClient, WorkerRequestError } from '../../../src/worker/client';
import type { ScoringModel } from '../../../src/worker/model-cache';
import { CodedError, pick, ResultsStore } from '../../../src/worker/results-store';
import { ARCH_A, ARCH_B, resultLine } from '../results/helpers';
import { makeTinyModel } from './tiny-model';

const dir = mkdtempSync(join(tmpdir(), 'nas-results-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (text: string, name = 'r.nas-results.jsonl') => {
  const path = join(dir, `${n++}-${name}`);
  writeFileSync(path, text);
  return path;
};

/** A model (in place of a loaded surrogate) whose score is the number of nor_conv_3x3 ops; counts the cells it scores. */
function fakeModels() {
  const scored: number[] = [];
  const model = {
    dir: '/m',
    surrogate: {
      config: { space: 'nb201' },
      predict: (cells: readonly Cell[]) => {
        scored.push(cells.length);
        return Float32Array.from(cells, (c) => (c as Nb201Cell).ops.filter((o) => o === 'nor_conv_3x3').length);
      },
    },
  } as unknown as ScoringModel;
  return { scored, get: async (d: string) => (d === '/m' ? model : Promise.reject(new Error(`no model in ${d}`))) };
}

function hashOfArch(arch: string): string {
  const parsed = parseArchString(arch);
  assert.ok(parsed.ok);
  return nb201.hash(parsed.cell);
}

const sync = (files: string[], extra: Partial<ResultsSyncRequest> = {}): ResultsSyncRequest => ({ files, reread: [], maxProblemsPerFile: 100, ...extra });
const noYield = { between: async () => undefined };

/** Twelve distinct NB-201 cells (distinct canonical hashes) with a measured value that follows their conv count. */
function cellsAndLines(count = 12): { cells: Nb201Cell[]; lines: string[] } {
  const seen = new Set<string>();
  const cells: Nb201Cell[] = [];
  for (const c of enumerateNb201()) {
    const h = nb201.hash(c);
    if (seen.has(h)) continue;
    seen.add(h);
    cells.push(c);
    if (cells.length === count) break;
  }
  const lines = cells.map((c, i) => resultLine(nb201.toText(c), { test_acc: 50 + c.ops.filter((o) => o === 'nor_conv_3x3').length * 5 + i / 100, val_acc: i }));
  return { cells, lines };
}

describe('results store', () => {
  test('files are read, joined and summarised; an append is read on its own; the generation moves when the measured cells do', async () => {
    const store = new ResultsStore(fakeModels(), noYield);
    const a = file(`${resultLine(ARCH_A, { test_acc: 71 }, { seed: 1, source: 'recipe' })}\n{"cell": 1}\n`);
    const b = file(`${resultLine(ARCH_B, { test_acc: 60 })}\n`);
    const first = await store.sync(sync([a, b]));
    assert.equal(first.store, store.id);
    assert.deepEqual(
      first.files.map((f) => [f.runs, f.errors, f.warnings, f.read, f.problems?.length]),
      [
        [1, 2, 0, 'full', 2],
        [1, 0, 0, 'full', 0],
      ],
    );
    assert.deepEqual([first.runs, first.measuredCells], [2, 2]);
    const same = await store.sync(sync([a, b]));
    assert.equal(same.generation, first.generation, 'nothing changed');
    assert.deepEqual(
      same.files.map((f) => [f.read, f.problems]),
      [
        ['unchanged', undefined],
        ['unchanged', undefined],
      ],
      'unchanged problems are not sent again',
    );
    appendFileSync(a, `${resultLine(ARCH_A, { test_acc: 73 }, { seed: 2 })}\n`);
    const appended = await store.sync(sync([a, b]));
    assert.equal(appended.files[0].read, 'appended');
    assert.ok(appended.generation > first.generation);
    const { measured } = store.query({
      store: store.id,
      keys: [
        { space: 'nb201', hash: hashOfArch(ARCH_A) },
        { space: 'nb101', hash: 'x' },
      ],
    });
    assert.deepEqual([measured[0]?.mean, measured[0]?.runs, measured[0]?.sources, measured[0]?.files, measured[1]], [72, 2, ['recipe'], [a], null]);
    assert.equal((measured[0] as Record<string, unknown>).cell, undefined, 'entries carry no cell');
    // A file dropped from the list is forgotten.
    const dropped = await store.sync(sync([b]));
    assert.deepEqual([dropped.files.length, dropped.measuredCells], [1, 1]);
  });

  test('the metric applies where a space has it; join problems land in their file, capped per file with the exact counts', async () => {
    const store = new ResultsStore(fakeModels(), noYield);
    const lines = [resultLine(ARCH_A, { test_acc: 71, val_acc: 70 }), ...Array.from({ length: 5 }, () => resultLine(ARCH_B, { val_acc: 1 }))];
    const a = file(`${lines.join('\n')}\n`);
    const byDefault = await store.sync(sync([a], { maxProblemsPerFile: 2 }));
    assert.deepEqual(
      byDefault.metrics.map((m) => [m.metric, m.rule]),
      [['test_acc', 'first-test']],
    );
    assert.deepEqual(
      [byDefault.files[0].warnings, byDefault.files[0].problems?.map((p) => [p.line, p.code])],
      [
        5,
        [
          [2, 'missing-metric'],
          [3, 'missing-metric'],
        ],
      ],
    );
    const chosen = await store.sync(sync([a], { metric: 'val_acc' }));
    assert.deepEqual(
      [chosen.metrics[0].metric, chosen.measuredCells, chosen.files[0].warnings, chosen.files[0].problems],
      ['val_acc', 2, 0, []],
      'the problems changed, so they are sent',
    );
    const unknown = await store.sync(sync([a], { metric: 'top1' }));
    assert.deepEqual([unknown.metrics[0].metric, unknown.metrics[0].rule], ['test_acc', 'first-test'], 'a metric no run has: the default rule');
  });

  test('a report lists the best cells first and an even sample of the rest, scores them once, and agrees with measureAgreement', async () => {
    const models = fakeModels();
    const store = new ResultsStore(models, noYield);
    const { lines } = cellsAndLines(12);
    const a = file(`${lines.join('\n')}\n`);
    await store.sync(sync([a]));
    const report = await store.report({ store: store.id, space: 'nb201', modelDir: '/m', best: 3, cells: 6, seed: 4 });
    assert.equal(report.measuredCells, 12);
    assert.deepEqual(
      report.cells.map((c) => c.order),
      [0, 1, 2, 3, 7, 11],
    );
    const means = report.cells.map((c) => c.mean);
    assert.deepEqual(
      means,
      [...means].sort((x, y) => y - x),
      'best first',
    );
    assert.ok(report.cells.every((c) => c.score !== undefined));
    assert.equal(
      models.scored.reduce((s, k) => s + k, 0),
      12,
      'every measured cell scored, once',
    );
    const all = await store.report({ store: store.id, space: 'nb201', modelDir: '/m', best: 12, cells: 12, seed: 4 });
    assert.deepEqual(all.agreement, report.agreement);
    assert.deepEqual(
      report.agreement,
      measureAgreement(
        all.cells.map((c) => c.score!),
        all.cells.map((c) => c.mean),
        { seed: 4 },
      ),
    );
    assert.equal(
      models.scored.reduce((s, k) => s + k, 0),
      12,
      'scores are kept per model',
    );
    const noModel = await store.report({ store: store.id, space: 'nb201', best: 2, cells: 2, seed: 0 });
    assert.deepEqual([noModel.agreement, noModel.cells[0].score], [undefined, undefined]);
    const broken = await store.report({ store: store.id, space: 'nb201', modelDir: '/nowhere', best: 0, cells: 0, seed: 0 });
    assert.match(broken.modelError ?? '', /no model in \/nowhere/);
    const other = await store.report({ store: store.id, space: 'nb101', modelDir: '/m', best: 5, cells: 5, seed: 0 });
    assert.deepEqual([other.measuredCells, other.cells, other.agreement], [0, [], undefined]);
  });

  test('fewer than 8 measured cells: the report says the agreement is not yet meaningful', async () => {
    const store = new ResultsStore(fakeModels(), noYield);
    const a = file(`${cellsAndLines(5).lines.join('\n')}\n`);
    await store.sync(sync([a]));
    const report = await store.report({ store: store.id, space: 'nb201', modelDir: '/m', best: 0, cells: 0, seed: 0 });
    assert.equal(report.agreement?.kind, 'not-yet-meaningful');
    assert.equal(report.agreement?.n, 5);
  });

  test('a query or report naming another store is refused with its code; an agreement overtaken by newer results is stale', async () => {
    // A gate in the store's yields: the first agreement stops at its first yield until the test lets it go on.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const blocked = new Promise<void>((r) => (entered = r));
    const store = new ResultsStore(fakeModels(), {
      between: () => {
        entered();
        return gate;
      },
    });
    assert.throws(
      () => store.query({ store: 'old', keys: [] }),
      (e: unknown) => e instanceof CodedError && e.code === 'results-store-missing',
    );
    const { lines } = cellsAndLines(12);
    const a = file(`${lines.slice(0, 10).join('\n')}\n`);
    await store.sync(sync([a]));
    const ask = () => store.report({ store: store.id, space: 'nb201', modelDir: '/m', best: 0, cells: 0, seed: 0 });
    const first = ask();
    await blocked;
    appendFileSync(a, `${lines[10]}\n`);
    await store.sync(sync([a]));
    const second = ask(); // waits for the first (one agreement per model and space at a time) …
    appendFileSync(a, `${lines[11]}\n`);
    await store.sync(sync([a])); // … and is overtaken before it starts
    release();
    assert.equal((await first).agreement?.n, 10, 'the first, already computing, finishes');
    await assert.rejects(second, (e: unknown) => e instanceof CodedError && e.code === 'results-stale');
    assert.equal((await ask()).agreement?.n, 12);
  });

  test('pick: the best, then an even sample of the rest down to the lowest', () => {
    assert.deepEqual(pick(10, 2, 5), [0, 1, 2, 6, 9]);
    assert.deepEqual(pick(4, 10, 10), [0, 1, 2, 3]);
    assert.deepEqual(pick(5, 0, 0), []);
    assert.deepEqual(pick(5, 1, 2), [0, 1]);
    assert.deepEqual(pick(1000, 0, 3), [0, 500, 999]);
  });
});

describe('results messages through a real worker thread', () => {
  test('sync, query and report cross the thread; a restarted worker says its store is gone', async () => {
    const modelDir = join(dir, 'tiny');
    const bundled = join(process.cwd(), 'media/models/nb201-cifar10');
    const model = existsSync(join(bundled, 'model.json')) ? bundled : await makeTinyModel(modelDir, 'nb201');
    const client = await WorkerClient.start();
    try {
      const { lines } = cellsAndLines(9);
      const a = file(`${lines.join('\n')}\n`);
      const summary = await client.resultsSync(sync([a]));
      assert.deepEqual([summary.runs, summary.measuredCells], [9, 9]);
      const key = { space: 'nb201' as const, hash: hashOfArch(ARCH_A) };
      const q = await client.resultsQuery({ store: summary.store, keys: [key] });
      assert.equal(q.measured.length, 1);
      const report = await client.resultsReport({ store: summary.store, space: 'nb201', modelDir: model, best: 9, cells: 9, seed: 0 });
      assert.equal(report.agreement?.kind === 'figures' ? report.agreement.n : report.agreement?.n, 9);
      assert.ok(report.cells.every((c) => Number.isFinite(c.score)));
      client.useEntry((client as unknown as { entry: { file: string } }).entry);
      await assert.rejects(
        client.resultsQuery({ store: summary.store, keys: [key] }),
        (e: unknown) => e instanceof WorkerRequestError && e.code === 'results-store-missing',
      );
    } finally {
      await client.terminate();
    }
  });
});
