import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { nb201 } from '../../../src/core/spaces/nb201';
import { parseArchString } from '../../../src/core/spaces/nb201/arch-string';
import { hasErrors, type Nb201Cell } from '../../../src/core/spaces/types';

const cell = (...ops: string[]): Nb201Cell => ({ space: 'nb201', ops });
const resnet = cell('nor_conv_3x3', 'none', 'nor_conv_3x3', 'skip_connect', 'none', 'skip_connect');

test('a well-formed cell has no issues', () => {
  assert.deepEqual(nb201.validate(resnet), []);
});

test('space metadata', () => {
  assert.equal(nb201.id, 'nb201');
  assert.equal(nb201.label, 'NAS-Bench-201');
  assert.deepEqual(nb201.ops, ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3']);
  assert.equal(nb201.size, 15625);
  assert.deepEqual(
    nb201.macros.map((m) => m.id),
    ['cifar10', 'cifar100', 'imagenet16-120'],
  );
});

test('a wrong number of ops is a bad-shape error on the ops list', () => {
  for (const ops of [[], ['none'], Array(7).fill('none')]) {
    const issues = nb201.validate({ space: 'nb201', ops });
    assert.equal(issues.length, 1);
    assert.equal(issues[0].code, 'bad-shape');
    assert.equal(issues[0].severity, 'error');
    assert.deepEqual(issues[0].path, ['ops']);
    assert.match(issues[0].message, new RegExp(`6 ops.*found ${ops.length}`));
  }
});

test('an unknown op names its edge and suggests the closest op', () => {
  const issues = nb201.validate(cell('nor_conv_3x3', 'none', 'conv3x3', 'skip_connect', 'none', 'avgpool'));
  assert.deepEqual(
    issues.map((i) => [i.code, i.severity, i.path]),
    [
      ['unknown-op', 'error', ['ops', 2]],
      ['unknown-op', 'error', ['ops', 5]],
    ],
  );
  assert.match(issues[0].message, /'conv3x3'.*edge 1->2.*did you mean 'nor_conv_3x3'/);
  assert.match(issues[1].message, /'avgpool'.*edge 2->3.*did you mean 'avg_pool_3x3'/);
});

test('a non-string op is a bad-value error on its edge', () => {
  const issues = nb201.validate({ space: 'nb201', ops: ['none', 3, 'none', 'none', 'none', 'none'] as unknown as string[] });
  assert.equal(issues[0].code, 'bad-value');
  assert.deepEqual(issues[0].path, ['ops', 1]);
  assert.match(issues[0].message, /edge 0->2.*number 3/);
});

test('a cell whose output is cut off by none edges is valid with a degenerate warning', () => {
  // 0->1 and 0->2 are 'none', and 0->3 too: nothing reaches node 3 from the input.
  const issues = nb201.validate(cell('none', 'none', 'nor_conv_3x3', 'none', 'skip_connect', 'nor_conv_1x1'));
  assert.equal(hasErrors(issues), false);
  assert.equal(issues.length, 1);
  assert.equal(issues[0].code, 'degenerate');
  assert.equal(issues[0].severity, 'warning');
  assert.deepEqual(issues[0].path, []);
  assert.match(issues[0].message, /output node 3 is not reachable from the input.*'none'.*zeros/);
});

test('one live path is enough to avoid the degenerate warning', () => {
  assert.deepEqual(nb201.validate(cell('none', 'avg_pool_3x3', 'none', 'none', 'none', 'skip_connect')), []);
  assert.deepEqual(nb201.validate(cell('none', 'none', 'none', 'nor_conv_1x1', 'none', 'none')), []);
});

test('operations that need a valid cell throw with the validation message', () => {
  const bad = cell('nor_conv_3x3', 'none', 'conv3x3', 'skip_connect', 'none', 'none');
  assert.throws(() => nb201.hash(bad), /cannot hash an invalid NB-201 cell: unknown op 'conv3x3' on edge 1->2/);
  assert.throws(() => nb201.cost(bad), /invalid NB-201 cell/);
  assert.throws(() => nb201.neighbours(cell('none')), /invalid NB-201 cell.*6 ops/);
});

test('validate never throws, whatever it is given', () => {
  fc.assert(
    fc.property(fc.anything(), (value) => {
      const issues = nb201.validate(value as Nb201Cell);
      assert.ok(Array.isArray(issues));
      assert.ok(hasErrors(issues));
    }),
    { numRuns: 500 },
  );
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.constantFrom(...nb201.ops), fc.string(), fc.anything()), { maxLength: 8 }), (ops) => {
      const issues = nb201.validate({ space: 'nb201', ops: ops as string[] });
      const wellFormed = ops.length === 6 && ops.every((op) => (nb201.ops as unknown[]).includes(op));
      assert.equal(hasErrors(issues), !wellFormed);
    }),
    { numRuns: 1000 },
  );
});

test('random text never makes parseArchString or validate throw', () => {
  const check = (text: string): boolean => {
    const parsed = parseArchString(text);
    if (parsed.ok) {
      assert.ok(Array.isArray(nb201.validate(parsed.cell)));
      return true;
    }
    assert.ok(parsed.start >= 0 && parsed.end <= text.length && parsed.start <= parsed.end);
    return false;
  };
  fc.assert(
    fc.property(fc.string(), (text) => {
      check(text);
    }),
    { numRuns: 300 },
  );
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), (text) => {
      check(text);
    }),
    { numRuns: 300 },
  );

  const piece = fc.constantFrom('|', '+', '~', '~0', '~1', '~2', 'none', 'skip_connect', 'nor_conv_3x3', 'x', '', ' ');
  const archLike = fc.array(piece, { maxLength: 30 }).map((parts) => parts.join(''));
  fc.assert(
    fc.property(archLike, (text) => {
      check(text);
    }),
    { numRuns: 300 },
  );

  // Well-formed strings whose op names are random text, typos or real ops: these reach validate.
  const opName = fc.oneof(fc.constantFrom(...nb201.ops, 'conv3x3', 'skip', 'nor_conv_5x5', ''), fc.string({ maxLength: 12 }));
  let parsedCount = 0;
  fc.assert(
    fc.property(fc.array(opName, { minLength: 6, maxLength: 6 }), (o) => {
      if (check(`|${o[0]}~0|+|${o[1]}~0|${o[2]}~1|+|${o[3]}~0|${o[4]}~1|${o[5]}~2|`)) parsedCount++;
    }),
    { numRuns: 300 },
  );
  assert.ok(parsedCount > 150, `only ${parsedCount} of 300 generated arch strings parsed`);
});
