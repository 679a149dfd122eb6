import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nb201 } from '../../../src/core/spaces/nb201';
import type { Nb201Cell } from '../../../src/core/spaces/types';

const uniform = (op: string): Nb201Cell => ({ space: 'nb201', ops: Array(6).fill(op) });

// Published NAS-Bench-201 cost_info (params and FLOPs in millions): the smallest (all 'none') and
// largest (all nor_conv_3x3) networks of each dataset, as scanned from NAS-Bench-201-v1_1 by public
// HPOBench tooling, and NASLib's test fixture for arch index 0 on cifar10-valid.
const published: [macro: string, cell: Nb201Cell, params: number, mflops: number][] = [
  ['cifar10', uniform('none'), 0.073306, 7.78305],
  ['cifar10', uniform('nor_conv_3x3'), 1.531546, 220.11969],
  ['cifar100', uniform('none'), 0.079156, 7.7889],
  ['cifar100', uniform('nor_conv_3x3'), 1.537396, 220.12554],
  ['imagenet16-120', uniform('none'), 0.080456, 1.9534],
  ['imagenet16-120', uniform('nor_conv_3x3'), 1.538696, 55.03756],
  ['cifar10', { space: 'nb201', ops: ['avg_pool_3x3', 'nor_conv_1x1', 'skip_connect', 'nor_conv_1x1', 'skip_connect', 'skip_connect'] }, 0.129306, 15.64737],
];

test("params and FLOPs equal NB-201's published figures exactly", () => {
  for (const [macro, cell, params, mflops] of published) {
    const cost = nb201.cost(cell, macro);
    assert.equal(cost.params, Math.round(params * 1e6), `${macro} ${cell.ops.join(',')} params`);
    assert.equal(cost.flops, Math.round(mflops * 1e6), `${macro} ${cell.ops.join(',')} flops`);
  }
});

test('cifar10 is the default macro network', () => {
  const cell = uniform('nor_conv_1x1');
  assert.deepEqual(nb201.cost(cell), nb201.cost(cell, 'cifar10'));
});

test('weight-free ops cost nothing; each conv adds its weights and BN in all 15 cells', () => {
  const base = nb201.cost(uniform('none'));
  for (const op of ['skip_connect', 'avg_pool_3x3']) assert.deepEqual(nb201.cost(uniform(op)), base);
  const oneConv1x1 = nb201.cost({ space: 'nb201', ops: ['none', 'none', 'none', 'nor_conv_1x1', 'none', 'none'] });
  // 5 cells at each of C = 16, 32, 64: C·C weights + 2C BN; MACs C·C per pixel at 32², 16², 8².
  assert.equal(oneConv1x1.params - base.params, 5 * [16, 32, 64].reduce((sum, c) => sum + c * c + 2 * c, 0));
  assert.equal((oneConv1x1.flops ?? 0) - (base.flops ?? 0), 5 * (16 * 16 * 32 * 32 + 32 * 32 * 16 * 16 + 64 * 64 * 8 * 8));
});

test('an unknown macro network is an error that lists the valid ones', () => {
  assert.throws(() => nb201.cost(uniform('none'), 'cifar-10'), /unknown NB-201 macro network 'cifar-10'; valid: cifar10, cifar100, imagenet16-120/);
});
