// The cell helpers of the editor and the panel, without VS Code: drawings (cell-graph), changes in
// words (describe-change) and the "Repair" quick fix's nearest valid cell (repair).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { darts, nb101, nb201 } from '../../../src/core/spaces';
import type { DartsCell, Nb101Cell, Nb201Cell } from '../../../src/core/spaces/types';
import { hasErrors } from '../../../src/core/spaces/types';
import { cellGraphs, shortOp } from '../../../src/extension/cells/cell-graph';
import { describeChanges } from '../../../src/extension/cells/describe-change';
import { repairCell } from '../../../src/extension/cells/repair';
import { DARTS_V2, withEdge } from '../spaces/darts-cells';
import { nb101Cell } from './fixtures';

const a: Nb201Cell = { space: 'nb201', ops: ['nor_conv_3x3', 'none', 'skip_connect', 'avg_pool_3x3', 'none', 'nor_conv_1x1'] };
const b: Nb201Cell = { space: 'nb201', ops: ['nor_conv_3x3', 'nor_conv_3x3', 'skip_connect', 'avg_pool_3x3', 'none', 'none'] };
const spec = nb101Cell('0110 0001 0001 0000', ['input', 'conv3x3-bn-relu', 'maxpool3x3', 'output']);
const geno = DARTS_V2;

test('NB-201 drawing: 4 nodes, an edge per op that is not none, the changed ones marked', () => {
  const [g] = cellGraphs(b, a);
  assert.equal(g.nodes.length, 4);
  assert.deepEqual(
    g.edges.map((e) => [e.from, e.to, e.label, e.changed ?? false]),
    [
      [0, 1, 'conv3x3', false],
      [0, 2, 'conv3x3', true],
      [1, 2, 'skip', false],
      [0, 3, 'avgpool3x3', false],
    ],
  );
  assert.ok(
    cellGraphs(b)[0].edges.every((e) => !e.changed),
    'no start cell, nothing marked',
  );
});

test('NB-101 drawing: ops on the vertices; DARTS: a normal and a reduction graph with 8 op edges and 4 into the output each', () => {
  const [g] = cellGraphs(spec);
  assert.deepEqual(
    g.nodes.map((n) => n.label),
    ['in', 'conv3x3', 'maxpool', 'out'],
  );
  assert.equal(g.edges.length, 4);
  const graphs = cellGraphs(geno);
  assert.deepEqual(
    graphs.map((x) => [x.title, x.nodes.length, x.edges.length]),
    [
      ['normal', 7, 12],
      ['reduce', 7, 12],
    ],
  );
  assert.equal(shortOp('dil_conv_5x5'), 'dil5x5');
  assert.equal(shortOp('sep_conv_3x3'), 'sep3x3');
});

test('changes in words, per space', () => {
  assert.deepEqual(describeChanges(a, b), ['edge 0→2: none → nor_conv_3x3', 'edge 2→3: nor_conv_1x1 → none']);
  assert.deepEqual(describeChanges(a, a), []);
  const other = nb101Cell('0101 0001 0001 0000', ['input', 'conv1x1-bn-relu', 'maxpool3x3', 'output']);
  assert.deepEqual(describeChanges(spec, other), ['vertex 1: conv3x3-bn-relu → conv1x1-bn-relu', '+ edge 0→3', '− edge 0→2']);
  const moved = withEdge(geno, 'normal', 1, ['skip_connect', 0]);
  assert.deepEqual(describeChanges(geno, moved), ['normal node 2, 2nd edge: sep_conv_3x3 from 1 → skip_connect from 0']);
  assert.deepEqual(describeChanges(a, spec), ['nb201 → nb101']);
});

test('repair: the nearest valid cell, or none', () => {
  const typo: Nb201Cell = { space: 'nb201', ops: ['nor_conv_3x4', 'none', 'skip_conect', 'avg_pool_3x3', 'none', 'nor_conv_1x1'] };
  assert.deepEqual(repairCell(typo), a);
  const backwards = nb101Cell('0110 0001 0001 0100', ['output', 'conv3x3-bn-relu', 'maxpool3x3', 'input']);
  const fixed = repairCell(backwards) as Nb101Cell;
  assert.ok(fixed && !hasErrors(nb101.validate(fixed)));
  assert.deepEqual([fixed.ops[0], fixed.ops[3]], ['input', 'output']);
  const sameInputs = withEdge(geno, 'normal', 0, ['sep_conv_3x3', 1]);
  const dartsFixed = repairCell(sameInputs) as DartsCell;
  assert.ok(dartsFixed && !hasErrors(darts.validate(dartsFixed)));
  assert.notEqual(dartsFixed.normal[0][1], dartsFixed.normal[1][1]);
  assert.equal(repairCell({ space: 'nb201', ops: ['qqqqqqqqqqqq', 'none', 'none', 'none', 'none', 'none'] }), undefined, 'too far from any op');
  assert.equal(repairCell({ space: 'nb201', ops: ['none'] }), undefined, 'wrong shape');
  assert.ok(!hasErrors(nb201.validate(a)));
});
