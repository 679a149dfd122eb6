import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseDocument } from '../../../src/core/dsl';
import { defaultMetric, joinResults, MAX_LISTED, measuredForCells, readResultsJsonl } from '../../../src/core/results';
import { createRng } from '../../../src/core/rng';
import { getSpace, spaceOf } from '../../../src/core/spaces';
import { enumerateNb201 } from '../../../src/core/spaces/nb201';
import type { Cell, Nb101Cell, Nb201Cell, SpaceId } from '../../../src/core/spaces/types';
import { ARCH_A, ARCH_B, cellJson, LINE_NOTATIONS, resultLine } from './helpers';

const join = (lines: string[], metric?: string) => {
  const read = readResultsJsonl(lines.join('\n'), 'r.jsonl');
  assert.deepEqual(
    read.problems.filter((p) => p.severity === 'error'),
    [],
  );
  return joinResults(read.runs, metric === undefined ? {} : { metric });
};

/** Sample mean and std (n − 1) the plain way. */
function meanStd(values: number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = values.length > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1)) : 0;
  return { mean, std };
}

/** The same NB-101 graph with its interior vertices in another topological order (the canonical hash must not change). */
function renumber(cell: Nb101Cell, seed: number): Nb101Cell {
  const rng = createRng(seed);
  const n = cell.ops.length;
  const order: number[] = [0];
  const placed = new Set([0]);
  while (order.length < n - 1) {
    const ready = [];
    for (let v = 1; v < n - 1; v++) if (!placed.has(v) && cell.matrix.every((row, u) => !row[v] || placed.has(u))) ready.push(v);
    const v = rng.pick(ready);
    order.push(v);
    placed.add(v);
  }
  order.push(n - 1);
  return { space: 'nb101', ops: order.map((v) => cell.ops[v]), matrix: order.map((u) => order.map((v) => cell.matrix[u][v])) };
}

const spaceArb = fc.constantFrom<SpaceId>('nb201', 'nb101', 'darts');

test('property: a cell written in every notation of its space joins into one measured cell, with the mean, std (n − 1) and n of its runs', () => {
  fc.assert(
    fc.property(spaceArb, fc.integer(), fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 6 }), (space, seed, values) => {
      let cell: Cell = getSpace(space).sample(createRng(seed));
      const notations = LINE_NOTATIONS[space];
      const lines = values.map((v, i) => {
        if (cell.space === 'nb101' && i > 0) cell = renumber(cell, seed + i);
        return resultLine(cellJson(cell, notations[i % notations.length]), { test_acc: v }, { seed: i });
      });
      const joined = join(lines);
      assert.equal(joined.cells.length, 1);
      const m = joined.cells[0];
      const expected = meanStd(values);
      assert.equal(m.runs, values.length);
      assert.equal(m.space, space);
      assert.equal(m.hash, spaceOf(cell).hash(cell));
      assert.ok(Math.abs(m.mean - expected.mean) <= 1e-9 * Math.max(1, Math.abs(expected.mean)), `${m.mean} vs ${expected.mean}`);
      assert.ok(Math.abs(m.std - expected.std) <= 1e-9 * Math.max(1, expected.std), `${m.std} vs ${expected.std}`);
      assert.equal(joined.index.of(cell), m);
    }),
    { numRuns: 150 },
  );
});

test('property: isomorphic NB-201 cells (the same NB-201 unique string) share one measured cell', () => {
  const nb201 = getSpace('nb201');
  const classes = new Map<string, Nb201Cell[]>();
  for (const cell of enumerateNb201()) {
    const hash = nb201.hash(cell);
    classes.set(hash, [...(classes.get(hash) ?? []), cell]);
  }
  assert.equal(classes.size, 6466, 'NB-201 has 6,466 unique topologies');
  const shared = [...classes.values()].filter((c) => c.length > 1);
  fc.assert(
    fc.property(fc.integer({ min: 0, max: shared.length - 1 }), fc.integer({ min: 0 }), fc.integer({ min: 0 }), (k, i, j) => {
      const members = shared[k];
      const a = members[i % members.length];
      const b = members[(i + 1 + (j % (members.length - 1))) % members.length];
      assert.notDeepEqual(a.ops, b.ops);
      const joined = join([resultLine(cellJson(a, 'arch-string'), { test_acc: 70 }), resultLine(cellJson(b, 'json-edges'), { test_acc: 72 })]);
      assert.equal(joined.cells.length, 1);
      assert.equal(joined.cells[0].runs, 2);
      assert.equal(joined.cells[0].mean, 71);
      assert.equal(joined.index.of(a), joined.index.of(b));
    }),
    { numRuns: 100 },
  );
});

test('a cell written as an edges object in cells.nas.json finds the run recorded as an arch string', () => {
  const doc = parseDocument(
    `{"space": "nb201", "cells": [
      {"name": "mine", "edges": {"0->1": "nor_conv_3x3", "0->2": "nor_conv_3x3", "1->2": "nor_conv_3x3", "0->3": "skip_connect", "1->3": "nor_conv_3x3", "2->3": "nor_conv_3x3"}},
      {"name": "other", "arch": "${ARCH_B}"},
      {"name": "broken", "arch": "|x~0|"}
    ]}`,
    'cells.nas.json',
  );
  const joined = join([resultLine(ARCH_A, { test_acc: 71.2 }, { seed: 1 }), resultLine(ARCH_A, { test_acc: 71.5 }, { seed: 2 })]);
  const measured = measuredForCells(doc.cells, joined.index);
  assert.equal(measured.length, 3);
  assert.equal(measured[0]?.runs, 2);
  assert.equal(measured[0]?.mean, 71.35);
  assert.ok(Math.abs(measured[0]!.std - Math.sqrt(0.045)) < 1e-12);
  assert.equal(measured[1], undefined);
  assert.equal(measured[2], undefined);
});

test('the default metric is the first test metric, else the first validation metric, else the first; an explicit one overrides', () => {
  assert.deepEqual(defaultMetric(['val_acc', 'test_acc', 'test_top5']), { metric: 'test_acc', rule: 'first-test' });
  assert.deepEqual(defaultMetric(['idx_score', 'c10_test_200', 'c10_valid_200']), { metric: 'c10_test_200', rule: 'first-test' });
  assert.deepEqual(defaultMetric(['loss', 'val_4', 'val_108']), { metric: 'val_4', rule: 'first-val' });
  assert.deepEqual(defaultMetric(['c10_valid_200', 'latest']), { metric: 'c10_valid_200', rule: 'first-val' });
  assert.deepEqual(defaultMetric(['loss', 'accuracy', 'contest', 'interval']), { metric: 'loss', rule: 'first' });
  assert.deepEqual(defaultMetric([]), { metric: undefined, rule: 'first' });

  const lines = [resultLine(ARCH_A, { val_acc: 70, test_acc: 71 }), resultLine(ARCH_B, { val_acc: 60, test_acc: 61 })];
  assert.deepEqual(
    join(lines).cells.map((c) => [c.metric, c.mean]),
    [
      ['test_acc', 71],
      ['test_acc', 61],
    ],
  );
  assert.deepEqual(
    join(lines, 'val_acc').cells.map((c) => [c.metric, c.mean]),
    [
      ['val_acc', 70],
      ['val_acc', 60],
    ],
  );
  const missing = join(lines, 'top1');
  assert.deepEqual(missing.cells, []);
  assert.deepEqual(
    missing.metrics.map((m) => [m.space, m.metric, m.rule, m.available]),
    [['nb201', undefined, 'explicit', ['val_acc', 'test_acc']]],
  );
  assert.deepEqual(
    missing.problems.map((p) => [p.line, p.code]),
    [[1, 'unknown-metric']],
  );
  assert.match(missing.problems[0].message, /no NAS-Bench-201 run has the metric "top1"; they have "val_acc", "test_acc"/);
});

test('each space chooses its own default metric; runs lacking the chosen metric and repeated runs are reported, not counted', () => {
  const darts = cellJson(getSpace('darts').sample(createRng(1)), 'json-darts');
  const lines = [
    resultLine(ARCH_A, { test_acc: 71 }, { seed: 1, epochs: 200 }),
    resultLine(darts, { c10_valid: 90 }),
    resultLine(ARCH_A, { val_acc: 70 }),
    resultLine(ARCH_A, { test_acc: 99 }, { seed: 1, epochs: 200 }),
    resultLine(ARCH_A, { test_acc: 73 }, { seed: 1, epochs: 12 }),
  ];
  const joined = join(lines);
  assert.deepEqual(
    joined.metrics.map((m) => [m.space, m.metric]),
    [
      ['nb201', 'test_acc'],
      ['darts', 'c10_valid'],
    ],
  );
  assert.deepEqual(
    joined.cells.map((c) => [c.space, c.metric, c.runs, c.mean, c.line]),
    [
      ['nb201', 'test_acc', 2, 72, 1],
      ['darts', 'c10_valid', 1, 90, 2],
    ],
  );
  assert.deepEqual(
    joined.problems.map((p) => [p.line, p.code, p.severity]),
    [
      [3, 'missing-metric', 'warning'],
      [4, 'duplicate-run', 'warning'],
    ],
  );
  assert.match(joined.problems[0].message, /this run has no "test_acc", the metric NAS-Bench-201 results are ranked by \(it has "val_acc"\)/);
  assert.match(joined.problems[1].message, /the same run as r\.jsonl:1 \(the same cell, seed 1, 200 epochs\); it is counted once/);
});

test('a measured cell keeps the first run that names it, and the hash of another space never matches', () => {
  const joined = join([
    resultLine(ARCH_A, { test_acc: 1 }),
    resultLine(ARCH_A, { test_acc: 2 }, { name: 'resnet' }),
    resultLine(ARCH_A, { test_acc: 3 }, { name: 'later' }),
  ]);
  assert.equal(joined.cells[0].name, 'resnet');
  assert.equal(joined.index.get('nb101', joined.cells[0].hash), undefined);
  assert.equal(joined.index.get('nb201', joined.cells[0].hash), joined.cells[0]);
});

test('a repeated run is counted once however many runs the cell has (past the linear scan), and a run without a seed is never a repeat', () => {
  const lines = Array.from({ length: 40 }, (_, seed) => resultLine(ARCH_A, { test_acc: seed }, { seed, epochs: 200 }));
  lines.push(resultLine(ARCH_A, { test_acc: 99 }, { seed: 35, epochs: 200 }), resultLine(ARCH_A, { test_acc: 99 }, { seed: 3, epochs: 200 }));
  lines.push(resultLine(ARCH_A, { test_acc: 20 }, { seed: 3, epochs: 12 }), resultLine(ARCH_A, { test_acc: 20 }), resultLine(ARCH_A, { test_acc: 20 }));
  const joined = join(lines);
  assert.deepEqual(
    joined.problems.map((p) => [p.line, p.code]),
    [
      [41, 'duplicate-run'],
      [42, 'duplicate-run'],
    ],
  );
  assert.equal(joined.cells[0].runs, 43);
  assert.equal(joined.cells[0].mean, (780 + 60) / 43);
});

test('a measured cell lists the sources and files of its counted runs, each once and at most MAX_LISTED', () => {
  const a = readResultsJsonl(
    [
      resultLine(ARCH_A, { test_acc: 1 }, { source: 'recipe-a' }),
      resultLine(ARCH_A, { test_acc: 2 }),
      resultLine(ARCH_A, { val_acc: 2 }, { source: 'not counted' }),
    ].join('\n'),
    'a.jsonl',
  );
  const b = readResultsJsonl(
    [resultLine(ARCH_A, { test_acc: 3 }, { source: 'recipe-b' }), resultLine(ARCH_A, { test_acc: 4 }, { source: 'recipe-a' })].join('\n'),
    'b.jsonl',
  );
  const [cell] = joinResults([...a.runs, ...b.runs]).cells;
  assert.deepEqual([cell.runs, cell.sources, cell.files], [4, ['recipe-a', 'recipe-b'], ['a.jsonl', 'b.jsonl']]);
  const many = readResultsJsonl(
    Array.from({ length: MAX_LISTED + 5 }, (_, i) => resultLine(ARCH_A, { test_acc: i }, { source: `s${i}` })).join('\n'),
    'many.jsonl',
  );
  const [listed] = joinResults(many.runs).cells;
  assert.equal(listed.runs, MAX_LISTED + 5);
  assert.deepEqual(
    listed.sources,
    Array.from({ length: MAX_LISTED }, (_, i) => `s${i}`),
  );
});

test('with fallback, a metric no run of a space has leaves that space on its default metric (the other spaces use it)', () => {
  const darts = cellJson(getSpace('darts').sample(createRng(1)), 'json-darts');
  const read = readResultsJsonl([resultLine(ARCH_A, { test_acc: 71, val_acc: 70 }), resultLine(darts, { c10_test: 97 })].join('\n'), 'r.jsonl');
  const strict = joinResults(read.runs, { metric: 'val_acc' });
  assert.deepEqual(
    strict.metrics.map((m) => [m.space, m.metric ?? null, m.rule]),
    [
      ['nb201', 'val_acc', 'explicit'],
      ['darts', null, 'explicit'],
    ],
  );
  assert.equal(strict.cells.length, 1);
  const lenient = joinResults(read.runs, { metric: 'val_acc', fallback: true });
  assert.deepEqual(
    lenient.metrics.map((m) => [m.space, m.metric, m.rule]),
    [
      ['nb201', 'val_acc', 'explicit'],
      ['darts', 'c10_test', 'first-test'],
    ],
  );
  assert.deepEqual(
    lenient.cells.map((c) => [c.space, c.metric, c.mean]),
    [
      ['nb201', 'val_acc', 70],
      ['darts', 'c10_test', 97],
    ],
  );
  assert.deepEqual(lenient.problems, []);
});
