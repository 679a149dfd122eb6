import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createRng } from '../../../src/core/rng';
import { getSpace } from '../../../src/core/spaces';
import type { DartsCell } from '../../../src/core/spaces/types';
import { batchPlanner, groupedTau } from '../../../src/core/surrogate/train';
import { formatGenotypeString } from '../../../src/core/spaces/darts/genotype-string';
import { DARTS_WEIGHTS, dartsWeights } from '../../../src/node/darts-recipe';
import { readDartsSources, DARTS_FILES } from '../../../src/node/darts-sources';
import type { EncodedCells } from '../../../src/core/surrogate/encode-cells';

test('grouped batches: every batch holds one source only, and every source of ≥ 2 rows is covered each epoch', () => {
  const groups = Int32Array.from([0, 0, 0, 0, 0, 1, 1, 1, 2, 0, 1, 3, 3, 3, 3, 3, 3, 3]);
  const { stepsPerEpoch, epochBatches } = batchPlanner(groups.length, 3, groups);
  const rng = createRng(5);
  for (let epoch = 0; epoch < 4; epoch++) {
    const batches = epochBatches(rng);
    assert.equal(batches.length, stepsPerEpoch);
    for (const b of batches) {
      assert.ok(b.length >= 2 && b.length <= 3);
      assert.equal(new Set(b.map((i) => groups[i])).size, 1, `batch ${b} mixes sources`);
    }
    const seen = new Set(batches.flat());
    // group 2 has a single row: never in a batch (a pair needs two); the others are all there but for a last single piece
    assert.ok(!seen.has(8));
    assert.ok(seen.size >= groups.length - 1 - 3);
  }
  const plain = batchPlanner(10, 4);
  assert.equal(plain.stepsPerEpoch, 2);
  assert.throws(() => batchPlanner(3, 2, Int32Array.from([0, 1, 2])), /no source has 2 cells/);
});

test('grouped τ is the mean of the τ within each source, not the τ of the pooled values', () => {
  const set = { cells: {} as EncodedCells, targets: Float32Array.from([1, 2, 3, 101, 102, 103]), groups: Int32Array.from([0, 0, 0, 1, 1, 1]) };
  // within each source the order is right, but source 1's scores are all below source 0's
  const scores = Float32Array.from([11, 12, 13, 1, 2, 3]);
  assert.equal(groupedTau(set, scores), 1);
  assert.ok(groupedTau({ ...set, groups: undefined }, scores) < 0.5);
});

test('DARTS sources: low-fidelity runs joined to cells by arch_id, one source per setting; repeated published genotypes averaged', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nas-lens-darts-sources-'));
  try {
    const space = getSpace('darts');
    const rng = createRng(11);
    const cells = Array.from({ length: 4 }, () => space.sample(rng) as DartsCell);
    const g = (c: DartsCell) => `${formatGenotypeString(c.normal)},${formatGenotypeString(c.reduce)}`;
    writeFileSync(
      join(dir, DARTS_FILES.nb301.file),
      [
        'normal,reduce,val_acc_nb301_surrogate,val_acc_nb301_surrogate_other_query,flops_m,params_m',
        ...cells.map((c, i) => `${g(c)},${93 + i / 10},,100,1`),
      ].join('\n'),
    );
    writeFileSync(
      join(dir, DARTS_FILES.rethinking.file),
      [
        'arch_id,subset,normal,reduce,c10_test_acc,params_m,flags,origin,source',
        `rand001,random100,${g(cells[0])},97.1,,,,x`,
        `rand002,random100,${g(cells[1])},96.5,,,,x`,
        `ea1,searched_EA,${g(cells[2])},97.4,,,,x`,
      ].join('\n'),
    );
    writeFileSync(
      join(dir, DARTS_FILES.lowFidelity.file),
      [
        'arch_id,setting,epochs,batch_size,lr,layers,fp_bits,init_channels,cutout,image_size,mean_gpu_hours,acc',
        'rand001,test1,10,128,0.03,6,16,8,0,16,0.1,66.5',
        'rand002,test1,10,128,0.03,6,16,8,0,16,0.1,67.5',
        'rand001,test2,100,128,0.03,6,16,8,0,16,0.8,80.0',
        'rand002,test2,100,128,0.03,6,16,8,0,16,0.8,79.0',
        'unknown9,test2,1,1,1,1,1,1,1,1,1,50',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, DARTS_FILES.published.file),
      [
        'name,method,normal,reduce,c10_test_acc,c10_test_err',
        `A,m,${g(cells[3])},97.0,3.0`,
        `A2,m,${g(cells[3])},97.4,2.6`,
        `B,m,${g(cells[0])},96.0,4.0`,
      ].join('\n'),
    );

    const data = await readDartsSources(dir);
    assert.deepEqual(
      data.sources.map((s) => s.kind),
      ['nb301-surrogate', 'full-training', 'low-fidelity', 'low-fidelity', 'published'],
    );
    assert.deepEqual(data.rethinking.random, ['rand001', 'rand002']);
    const [test1, test2] = data.sources.filter((s) => s.kind === 'low-fidelity');
    assert.deepEqual(test1.names, ['rand001', 'rand002']);
    assert.deepEqual([...test2.targets], [80, 79]);
    assert.equal(test2.skipped, 1, 'the row of an unknown arch_id is skipped');
    assert.equal(space.hash(test2.cells[1] as DartsCell), space.hash(cells[1]));
    const published = data.sources.find((s) => s.kind === 'published')!;
    assert.equal(published.cells.length, 2);
    assert.ok(Math.abs(published.targets[0] - 97.2) < 1e-4);
    assert.equal(dartsWeights('nb301-only', test1), 0);
    assert.equal(dartsWeights('mixed', test1), DARTS_WEIGHTS.mixed['low-fidelity']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
