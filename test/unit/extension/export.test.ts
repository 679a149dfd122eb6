// Exported results (CSV / JSON) without VS Code: one row per cell, the top % from the rank, CSV quoting.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { darts, nb201 } from '../../../src/core/spaces';
import type { Nb201Cell } from '../../../src/core/spaces/types';
import { exportRows, toCsv, toJson } from '../../../src/extension/search/export';
import { DARTS_V2 } from '../spaces/darts-cells';

const arch: Nb201Cell = { space: 'nb201', ops: ['nor_conv_3x3', 'skip_connect', 'none', 'avg_pool_3x3', 'nor_conv_1x1', 'none'] };
const genotype = DARTS_V2;

test('rows: the top % from rank and space size, scores to 6 decimals, null where a value is missing', () => {
  const [a, b] = exportRows([
    {
      name: '#12',
      cell: arch,
      hash: 'h1',
      score: 1.23456789,
      rank: 12,
      spaceSize: 15625,
      params: 1e6,
      flops: 2e8,
      dataset: 'cifar10',
      changes: ['edge 0→1: none → nor_conv_3x3', 'edge 1→2: x → y'],
    },
    { name: 'g', cell: genotype, hash: 'h2', dataset: 'cifar10', changes: [] },
  ]);
  assert.deepEqual(a, {
    name: '#12',
    space: 'nb201',
    dataset: 'cifar10',
    rank: 12,
    topPercent: 0.0768,
    score: 1.234568,
    params: 1e6,
    flops: 2e8,
    cell: nb201.toText(arch),
    hash: 'h1',
    changes: 'edge 0→1: none → nor_conv_3x3; edge 1→2: x → y',
  });
  assert.deepEqual([b.rank, b.topPercent, b.score, b.params, b.flops, b.cell], [null, null, null, null, null, darts.toText(genotype)]);
});

test('CSV: a header, one line per row, and fields with commas, quotes or line breaks quoted so that a CSV reader gets them back', () => {
  const rows = exportRows([
    { name: 'has, comma', cell: arch, hash: 'h"1', score: 1, rank: 1, spaceSize: 10, dataset: 'cifar10', changes: ['line\nbreak'] },
    { name: 'plain', cell: genotype, hash: 'h2', dataset: 'cifar10', changes: [] },
  ]);
  const csv = toCsv(rows);
  assert.equal(csv.split('\n')[0], 'name,space,dataset,rank,topPercent,score,params,flops,cell,hash,changes');
  assert.ok(csv.endsWith('\n'));
  const back = parse(csv, { columns: true }) as Record<string, string>[];
  assert.equal(back.length, 2);
  assert.deepEqual([back[0].name, back[0].hash, back[0].changes, back[0].topPercent, back[0].params], ['has, comma', 'h"1', 'line\nbreak', '10', '']);
  assert.equal(back[1].cell, darts.toText(genotype));
});

test('JSON: the rows with the dataset, the source and when they were exported', () => {
  const rows = exportRows([{ name: 'a', cell: arch, hash: 'h', dataset: 'cifar100', changes: [] }]);
  const json = JSON.parse(toJson(rows, { dataset: 'cifar100', source: 'file' }));
  assert.equal(json.dataset, 'cifar100');
  assert.equal(json.source, 'file');
  assert.ok(!Number.isNaN(Date.parse(json.exported)));
  assert.deepEqual(json.rows, rows);
});
