import assert from 'node:assert/strict';
import { test } from 'node:test';
import { darts } from '../../../src/core/spaces/darts';
import { dartsMacro } from '../../../src/core/spaces/darts/cost';
import { countDartsNetwork, NASLIB_GRAPH_BN } from '../../../src/core/spaces/darts/network-count';
import type { DartsCell } from '../../../src/core/spaces/types';
import { dataFile, needsData, readCsv } from '../../helpers/data';
import { DARTS_V2, dartsCell } from './darts-cells';

const NB301 = 'darts_nb301_surrogate_subset.csv';
const PUBLISHED = 'darts_published.csv';

type Row = Record<string, string> & { cell: DartsCell };
const rowsOf = (name: string): Row[] => readCsv(dataFile(name) as string).map((r) => Object.assign(r, { cell: dartsCell(r.normal, r.reduce) }));
const relError = (ours: number, reported: number) => Math.abs(ours / reported - 1);

test('macros: nb301 (default) and darts-eval; an unknown macro is refused', () => {
  assert.deepEqual(
    darts.macros.map((m) => m.id),
    ['nb301', 'darts-eval'],
  );
  assert.deepEqual(darts.cost(DARTS_V2), darts.cost(DARTS_V2, 'nb301'));
  assert.throws(() => darts.cost(DARTS_V2, 'imagenet'), /unknown DARTS macro 'imagenet'; known: nb301, darts-eval/);
});

test('DARTS_V2 in the DARTS evaluation network: 3,349,342 params, 528.4 M MACs', () => {
  // quark0/darts' train.py logs "param size = 3.349342MB" for DARTS_V2 (count_parameters_in_MB, which skips
  // the auxiliary head); the paper rounds to 3.3 M.
  const { params, flops } = darts.cost(DARTS_V2, 'darts-eval');
  assert.equal(params, 3_349_342);
  assert.equal(Math.round((flops ?? 0) / 1e5) / 10, 528.4);
});

test('a hand count: all-skip normal, all-max-pool reduce cell, C=32, 8 cells', () => {
  // Skips (stride 1) and pools have no weights, so everything is stem + preprocessing + classifier.
  const cell = dartsCell(
    'skip_connect~0|skip_connect~1|skip_connect~0|skip_connect~1|skip_connect~0|skip_connect~1|skip_connect~0|skip_connect~1',
    'max_pool_3x3~0|max_pool_3x3~1|max_pool_3x3~0|max_pool_3x3~1|max_pool_3x3~0|max_pool_3x3~1|max_pool_3x3~0|max_pool_3x3~1',
  );
  const stem = 3 * 96 * 9 + 2 * 96;
  const rcb = (cIn: number, cOut: number) => cIn * cOut + 2 * cOut;
  const fr = (cIn: number, cOut: number) => 2 * cIn * (cOut / 2) + 2 * cOut;
  const pre =
    rcb(96, 32) +
    rcb(96, 32) + // cell 0
    rcb(96, 32) +
    rcb(128, 32) + // cell 1
    rcb(128, 64) +
    rcb(128, 64) + // cell 2, reduction
    fr(128, 64) +
    rcb(256, 64) + // cell 3
    rcb(256, 64) +
    rcb(256, 64) + // cell 4
    rcb(256, 128) +
    rcb(256, 128) + // cell 5, reduction
    fr(256, 128) +
    rcb(512, 128) + // cell 6
    rcb(512, 128) +
    rcb(512, 128); // cell 7
  const classifier = 512 * 10 + 10;
  assert.equal(darts.cost(cell, 'nb301').params, stem + pre + classifier);
});

test('nb301 macro reproduces params_m of every NB-301 row within 2 %; regression pin: the worst row is off by 1.2–1.25 % today', needsData(NB301), () => {
  const rows = rowsOf(NB301);
  assert.equal(rows.length, 1218);
  let worst = 0;
  for (const r of rows) {
    const e = relError(darts.cost(r.cell, 'nb301').params / 1e6, Number(r.params_m));
    assert.ok(e < 0.02, `${r.normal} || ${r.reduce}: ${e}`);
    worst = Math.max(worst, e);
  }
  // A regression pin, not a requirement: it holds today's worst error so that any change to the macro is
  // seen. A macro that reproduces NB-301 better lowers it: then update the pin.
  assert.ok(worst > 0.012 && worst < 0.0125, `worst ${worst} (regression pin of today's 1.23 %: update it if the macro improved)`);
});

test('darts-eval does not reproduce NB-301 params (the data is the 8-cell C=32 network)', needsData(NB301), () => {
  const r = rowsOf(NB301)[0];
  assert.ok(relError(darts.cost(r.cell, 'darts-eval').params / 1e6, Number(r.params_m)) > 2);
});

test("the whole 1.23 % gap is the cell ops' BN weights: NASLib's graph counts params and flops to the last digit", needsData(NB301), () => {
  // NASLib built the cells with non-affine BNs (plus a BN after each pool) and stored tensorwatch's
  // ModelStats "Flops" at 1×3×32×32. Under that convention both columns match to their 4-decimal rounding.
  const shape = dartsMacro('nb301');
  for (const r of rowsOf(NB301)) {
    const count = countDartsNetwork(r.cell, shape, NASLIB_GRAPH_BN);
    const where = `${r.normal} || ${r.reduce}`;
    assert.ok(Math.abs(count.params / 1e6 - Number(r.params_m)) <= 0.5e-4 + 1e-9, `params ${where}`);
    assert.ok(Math.abs(count.tensorwatchFlops / 1e6 - Number(r.flops_m)) <= 0.5e-4 + 1e-9, `flops ${where}`);
    assert.equal(count.macs, darts.cost(r.cell, 'nb301').flops, 'MACs do not depend on the BN convention');
  }
});

test('flops_m is not pure MACs: our MACs are 2.8–9.8 % below it (BN, ReLU and pooling counted there)', needsData(NB301), () => {
  let [lo, hi] = [Infinity, -Infinity];
  for (const r of rowsOf(NB301)) {
    const ratio = (darts.cost(r.cell, 'nb301').flops ?? 0) / 1e6 / Number(r.flops_m);
    [lo, hi] = [Math.min(lo, ratio), Math.max(hi, ratio)];
  }
  assert.ok(lo > 0.9 && hi < 0.975, `${lo}..${hi}`);
});

test('darts-eval params against published cells: the 20 SGAS cells within 0.15 %, named outliers explained', needsData(PUBLISHED), () => {
  // Reported numbers that do not belong to the genotype's own count (checked to stay off):
  //   DARTS_V1 3.3 M: paper value shared with DARTS_V2, the V1 cell counts 3.17 M;
  //   SNAS 2.8 M: the README notes FairDARTS counts this genotype at 2.66 M, as we do;
  //   SDARTS_RS 3.4 M: the other row for the same genotype says 3.61 M, as we do.
  const outliers = new Set(['DARTS_V1 3.3', 'SNAS 2.8', 'SDARTS_RS_c10_s5 3.4']);
  const rows = rowsOf(PUBLISHED).filter((r) => r.params_m_reported !== '');
  assert.equal(rows.length, 35);
  for (const r of rows) {
    const e = relError(darts.cost(r.cell, 'darts-eval').params / 1e6, Number(r.params_m_reported));
    const key = `${r.name} ${r.params_m_reported}`;
    if (outliers.has(key)) assert.ok(e > 0.03, key);
    else if (r.name.startsWith('Cri')) assert.ok(e < 0.0015, `${key}: ${e}`);
    else assert.ok(e < 0.016, `${key}: ${e}`);
  }
});
