import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../../src/core/rng';
import { nb201 } from '../../../src/core/spaces/nb201';
import type { Nb201Cell } from '../../../src/core/spaces/types';

const spec = nb201.encoding;
const resnet: Nb201Cell = { space: 'nb201', ops: ['nor_conv_3x3', 'none', 'nor_conv_3x3', 'skip_connect', 'none', 'skip_connect'] };

test('encoding: input, six op nodes and output, one-hot over input/output/ops', () => {
  assert.deepEqual([spec.graphs, spec.nodes, spec.features], [1, 8, 7]);
  const enc = nb201.encode(resnet);
  assert.equal(enc.features.length, 8 * 7);
  assert.deepEqual([...enc.mask], [1, 1, 1, 1, 1, 1, 1, 1]);
  const label = (node: number) => spec.featureNames[enc.features.slice(node * 7, node * 7 + 7).indexOf(1)];
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7].map(label), ['input', ...resnet.ops, 'output']);
  for (let node = 0; node < 8; node++)
    assert.equal(
      enc.features.slice(node * 7, node * 7 + 7).reduce((a, b) => a + b, 0),
      1,
    );
});

test('encoding: the adjacency is the same for every cell and follows the edges', () => {
  const rng = createRng(1);
  const first = nb201.encode(nb201.sample(rng)).adjacency;
  for (let i = 0; i < 50; i++) assert.deepEqual(nb201.encode(nb201.sample(rng)).adjacency, first);
  const edge = (from: number, to: number) => first[from * 8 + to];
  // op node 1 is edge 0->1; it feeds edges 1->2 (op node 3) and 1->3 (op node 5); 2->3 (op node 6) feeds the output.
  assert.deepEqual([edge(0, 1), edge(1, 3), edge(1, 5), edge(6, 7), edge(1, 7), edge(3, 1)], [1, 1, 1, 1, 0, 0]);
});
