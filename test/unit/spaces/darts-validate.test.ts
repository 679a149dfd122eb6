import assert from 'node:assert/strict';
import { test } from 'node:test';
import { darts } from '../../../src/core/spaces/darts';
import type { DartsCell } from '../../../src/core/spaces/types';
import { DARTS_V2, withEdge } from './darts-cells';

const only = (cell: DartsCell) => {
  const issues = darts.validate(cell);
  assert.equal(issues.length, 1, JSON.stringify(issues));
  assert.equal(issues[0].severity, 'error');
  return issues[0];
};

test('DARTS_V2 is valid', () => {
  assert.deepEqual(darts.validate(DARTS_V2), []);
});

test('bad-shape: a cell with 7 edges', () => {
  const issue = only({ ...DARTS_V2, normal: DARTS_V2.normal.slice(0, 7) });
  assert.equal(issue.code, 'bad-shape');
  assert.deepEqual(issue.path, ['normal']);
  assert.match(issue.message, /^the normal cell has 7 edges; a DARTS cell has exactly 8 edges \[op, input\], two into each intermediate node 2–5$/);
});

test('bad-shape: 9 edges in the reduction cell, a missing cell, an edge that is not a pair', () => {
  const nine = only({ ...DARTS_V2, reduce: [...DARTS_V2.reduce, ['skip_connect', 0]] });
  assert.equal(nine.code, 'bad-shape');
  assert.deepEqual(nine.path, ['reduce']);
  assert.match(nine.message, /the reduction cell has 9 edges/);

  const missing = only({ space: 'darts', normal: DARTS_V2.normal } as unknown as DartsCell);
  assert.deepEqual([missing.code, missing.path], ['bad-shape', ['reduce']]);

  const notPair = only(withEdge(DARTS_V2, 'normal', 3, ['sep_conv_3x3']));
  assert.deepEqual([notPair.code, notPair.path], ['bad-shape', ['normal', 3]]);
  assert.match(notPair.message, /edge 3 of the normal cell must be a pair \[op, input\], found a list of 1/);
});

test('unknown-op: names the edge and suggests the closest op', () => {
  const issue = only(withEdge(DARTS_V2, 'normal', 2, ['sep_conv3x3', 0]));
  assert.equal(issue.code, 'unknown-op');
  assert.deepEqual(issue.path, ['normal', 2, 'op']);
  assert.match(
    issue.message,
    /^unknown op 'sep_conv3x3' on the first edge into node 3 of the normal cell; did you mean 'sep_conv_3x3'\? Valid ops: max_pool_3x3, avg_pool_3x3, /,
  );
});

test("unknown-op: 'none' is refused with the reason", () => {
  const issue = only(withEdge(DARTS_V2, 'reduce', 7, ['none', 1]));
  assert.equal(issue.code, 'unknown-op');
  assert.deepEqual(issue.path, ['reduce', 7, 'op']);
  assert.match(issue.message, /^op 'none' on the second edge into node 5 of the reduction cell is not allowed: a discrete DARTS cell has no zero op/);
  assert.match(issue.message, /Valid ops: max_pool_3x3, .*dil_conv_5x5\.$/);
});

test('unknown-op: an op that is not a string', () => {
  const issue = only(withEdge(DARTS_V2, 'normal', 0, [3, 0]));
  assert.deepEqual([issue.code, issue.path], ['unknown-op', ['normal', 0, 'op']]);
  assert.match(issue.message, /must be a name .* found 3$/);
});

test('bad-input: out of range for the node, listing the allowed inputs', () => {
  const late = only(withEdge(DARTS_V2, 'normal', 5, ['skip_connect', 4]));
  assert.equal(late.code, 'bad-input');
  assert.deepEqual(late.path, ['normal', 5, 'input']);
  assert.equal(
    late.message,
    'the second edge into node 4 of the normal cell has input 4; node 4 can take inputs 0 (c_{k-2}), 1 (c_{k-1}), 2, 3 (earlier intermediate nodes)',
  );

  const first = only(withEdge(DARTS_V2, 'reduce', 0, ['max_pool_3x3', 2]));
  assert.deepEqual([first.code, first.path], ['bad-input', ['reduce', 0, 'input']]);
  assert.match(first.message, /node 2 of the reduction cell has input 2; node 2 can take inputs 0 \(c_\{k-2\}\), 1 \(c_\{k-1\}\) only$/);

  const node3 = only(withEdge(DARTS_V2, 'normal', 3, ['sep_conv_3x3', 5]));
  assert.match(node3.message, /node 3 can take inputs 0 \(c_\{k-2\}\), 1 \(c_\{k-1\}\), 2 \(earlier intermediate node\)$/);
});

test('bad-input: negative, fractional and non-numeric inputs', () => {
  for (const input of [-1, 1.5, '1', null]) {
    const issue = only(withEdge(DARTS_V2, 'normal', 6, ['skip_connect', input]));
    assert.deepEqual([issue.code, issue.path], ['bad-input', ['normal', 6, 'input']], String(input));
  }
});

test('duplicate-input: both edges of a node from the same input', () => {
  const issue = only(withEdge(DARTS_V2, 'normal', 2, ['sep_conv_3x3', 1]));
  assert.equal(issue.code, 'duplicate-input');
  assert.deepEqual(issue.path, ['normal', 3, 'input']);
  assert.equal(issue.message, 'node 3 of the normal cell takes input 1 twice; its two edges must come from different nodes');

  const reduce = only(withEdge(DARTS_V2, 'reduce', 1, ['max_pool_3x3', 0]));
  assert.equal(reduce.message, 'node 2 of the reduction cell takes input 0 twice; its two edges must come from different nodes');
  assert.deepEqual(reduce.path, ['reduce', 1, 'input']);
});

test('reports every problem at once, in both cells', () => {
  let cell = withEdge(DARTS_V2, 'normal', 0, ['conv', 0]);
  cell = withEdge(cell, 'reduce', 4, ['max_pool_3x3', 9]);
  cell = withEdge(cell, 'reduce', 7, ['skip_connect', 2]);
  assert.deepEqual(
    darts.validate(cell).map((i) => [i.code, i.path]),
    [
      ['unknown-op', ['normal', 0, 'op']],
      ['bad-input', ['reduce', 4, 'input']],
      ['duplicate-input', ['reduce', 7, 'input']],
    ],
  );
});

test('never throws on values that are not cells', () => {
  const sparse = { ...DARTS_V2, normal: new Array(8) };
  for (const value of [null, undefined, 3, 'x', [], {}, sparse, { normal: 'x', reduce: [null] }, { normal: [[1, 2, 3]], reduce: [[]] }]) {
    const issues = darts.validate(value as unknown as DartsCell);
    assert.ok(issues.length > 0 && issues.every((i) => i.severity === 'error'), JSON.stringify(value));
  }
});

test('hash, neighbours, mutate and cost refuse an invalid cell', () => {
  const bad = withEdge(DARTS_V2, 'normal', 2, ['sep_conv_3x3', 1]);
  assert.throws(() => darts.hash(bad), /cannot hash an invalid DARTS cell: node 3 of the normal cell takes input 1 twice/);
  assert.throws(() => darts.neighbours(bad), /invalid DARTS cell/);
  assert.throws(() => darts.cost(bad), /cannot count an invalid DARTS cell/);
});
