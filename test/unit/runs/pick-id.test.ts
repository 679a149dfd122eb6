import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pickId } from '../../../src/core/runs/pick-id';

const kind = { one: 'run', many: 'runs', where: '/ws/.nas-lens/runs' };
const ids = ['20261207-a1', '20261207-a2', '20261207-b1'];

test('an exact id wins even when it is also a prefix of another id', () => {
  assert.equal(pickId(['ab', 'abc'], 'ab', kind), 'ab');
});

test('a unique prefix and last pick one id', () => {
  assert.equal(pickId(ids, '20261207-b', kind), '20261207-b1');
  assert.equal(pickId(ids, 'last', kind), '20261207-b1');
});

test('an ambiguous prefix lists the matches; an unknown id lists the recent ids', () => {
  assert.throws(() => pickId(ids, '20261207-a', kind), /'20261207-a' matches 2 runs: 20261207-a1, 20261207-a2/);
  assert.throws(() => pickId(ids, 'zz', kind), /no run 'zz' in \/ws\/.nas-lens\/runs \(runs: 20261207-a1, 20261207-a2, 20261207-b1\)/);
  assert.throws(() => pickId([], 'last', { one: 'loop', many: 'loops', where: '/ws' }), /^Error: no loop 'last' in \/ws$/);
});
