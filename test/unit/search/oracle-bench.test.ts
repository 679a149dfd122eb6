import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nb101 } from '../../../src/core/spaces';
import { parseCompact } from '../../../src/core/spaces/nb101/compact';
import { parseArchString } from '../../../src/core/spaces/nb201/arch-string';
import { relabelNb101, topologicalOrders } from '../../../src/core/spaces/nb101/canonical';
import type { Nb101Cell, Nb201Cell } from '../../../src/core/spaces/types';
import { loadOracleTable, type OracleTable } from '../../../src/node/oracle-table';
import { bestSoFarCurve, meanCurve } from '../../../src/core/search/bench-curves';
import { runSearchBench } from '../../../src/worker/search-bench';
import { dataFile, needsData, readCsv } from '../../helpers/data';
import { toyCell } from './toy-space';

describe('best-so-far curves', () => {
  test('follow the report value of the best-scored cell; equal scores keep the first; a short run holds its last value', () => {
    const cells = ['aaaaaa', 'bbbbbb', 'cccccc', 'abcabc'].map(toyCell);
    const report: Record<string, number> = { aaaaaa: 10, bbbbbb: 20, cccccc: 30, abcabc: 40 };
    const history = [
      { cell: cells[0], score: NaN },
      { cell: cells[1], score: 1 },
      { cell: cells[2], score: 1 },
      { cell: cells[3], score: 2 },
    ];
    assert.deepEqual(
      bestSoFarCurve(history, (c) => report[c.ops.join('')], 6),
      [NaN, 20, 20, 40, 40, 40],
    );
  });

  test('are averaged per query with their standard error', () => {
    const { mean, sem } = meanCurve([
      [1, 2],
      [3, NaN],
      [5, 6],
    ]);
    assert.deepEqual(mean, [3, 4]);
    assert.ok(Math.abs(sem[0] - 2 / Math.sqrt(3)) < 1e-12);
    assert.ok(Math.abs(sem[1] - 2) < 1e-12);
  });
});

describe('NB-201 oracle table', () => {
  let table: OracleTable<Nb201Cell> | undefined;
  const load = () => (table ??= loadOracleTable(dataFile('nb201.csv')!) as OracleTable<Nb201Cell>);

  test('reads every row and keeps isomorphic arch strings apart', needsData('nb201.csv'), () => {
    const t = load();
    assert.equal(t.size, 15625);
    const rows = readCsv(dataFile('nb201.csv')!);
    for (const row of [rows[0], rows[9930], rows[15624]]) {
      const parsed = parseArchString(row.arch);
      assert.ok(parsed.ok);
      assert.equal(t.value(parsed.cell, 'c10_test_200'), Number(row.c10_test_200));
      assert.equal(t.value(parsed.cell, 'in16_valid_200'), Number(row.in16_valid_200));
    }
    const group = rows.filter((r) => r.iso_group === rows[1].iso_group);
    const distinct = new Set(group.map((r) => r.c10_test_200));
    if (distinct.size > 1) {
      const values = group.map((r) => t.value((parseArchString(r.arch) as { cell: Nb201Cell }).cell, 'c10_test_200'));
      assert.deepEqual(
        values,
        group.map((r) => Number(r.c10_test_200)),
      );
    }
    assert.equal(Math.round(t.max('c10_test_200') * 100) / 100, 94.37);
    assert.throws(() => t.evaluator('c10_test'), /no numeric column 'c10_test'/);
  });

  test('the harness gives sane mean curves with a few trials', needsData('nb201.csv'), async () => {
    const t = load();
    const budget = 60;
    const strategies = ['random', 'local', 'evolution', 'nar', 'eps'] as const;
    const common = { table: t, metric: 'c10_valid_200_mean', strategies, trials: 8, budget, seed: 3 };
    // Reporting the searched metric itself, every trial's curve and so the mean never decreases.
    const own = await runSearchBench({ ...common, report: 'c10_valid_200_mean' });
    // Reporting test accuracy, a better validation cell may test slightly worse: no monotonicity, but a clear rise.
    const test200 = await runSearchBench({ ...common, report: 'c10_test_200' });
    const optimum = t.max('c10_test_200');
    for (const name of strategies) {
      const mine = own.strategies[name];
      assert.equal(mine.trials, 8);
      assert.equal(mine.mean.length, budget);
      for (let q = 1; q < budget; q++) assert.ok(mine.mean[q] >= mine.mean[q - 1], `${name} drops at query ${q + 1}`);
      assert.ok(mine.mean[budget - 1] <= t.max('c10_valid_200_mean'));
      const curve = test200.strategies[name].mean;
      assert.ok(curve[budget - 1] <= optimum, `${name} beats the optimum`);
      assert.ok(curve[budget - 1] > 93 && curve[budget - 1] > curve[0] + 1, `${name} ends at ${curve[budget - 1]}, started at ${curve[0]}`);
      for (let q = 1; q < budget; q++) assert.ok(curve[q] > curve[q - 1] - 0.5, `${name} falls by ${curve[q - 1] - curve[q]} at query ${q + 1}`);
    }
    // trial t of every strategy uses seed 3 + t, and the first cell of each is a random draw
    const firsts = new Set(strategies.map((name) => test200.strategies[name].mean[0]));
    assert.equal(firsts.size, 1);
  });
});

describe('NB-101 oracle table', () => {
  test('finds a cell under another vertex numbering by its canonical hash', needsData('nb101_subset.csv'), () => {
    const t = loadOracleTable(dataFile('nb101_subset.csv')!) as OracleTable<Nb101Cell>;
    assert.equal(t.size, 24214);
    const rows = readCsv(dataFile('nb101_subset.csv')!);
    let checked = 0;
    for (const row of rows.slice(0, 400)) {
      const cell = parseRow(row);
      const orders = topologicalOrders(cell);
      if (orders.length < 2) continue;
      const other = relabelNb101(cell, orders[orders.length - 1]);
      if (nb101.toText(other) === nb101.toText(cell)) continue;
      assert.equal(t.value(other, 'val_108'), Number(row.val_108));
      assert.ok(t.containsKey(nb101.hash(other)));
      checked++;
    }
    assert.ok(checked > 10, `only ${checked} relabelled cells checked`);
  });
});

function parseRow(row: Record<string, string>): Nb101Cell {
  const parsed = parseCompact(Number(row.n_vertices), row.matrix, row.ops);
  assert.ok(parsed.ok);
  return parsed.cell;
}
