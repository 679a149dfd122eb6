import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { parse as parseJsonc } from 'jsonc-parser';
import { formatCell, type Notation } from '../../../src/core/dsl';
import { createRng } from '../../../src/core/rng';
import { getSpace } from '../../../src/core/spaces';
import { validate } from './json-schema-subset';
import { ARCH_A, parse } from './helpers';

const schema = JSON.parse(readFileSync('media/schema/nas.schema.json', 'utf8'));

test('every example *.nas.json validates against the schema and parses without problems', () => {
  const files = readdirSync('examples').filter((f) => f.endsWith('.nas.json'));
  assert.ok(files.length > 0);
  for (const file of files) {
    const text = readFileSync(`examples/${file}`, 'utf8');
    assert.deepEqual(validate(schema, parseJsonc(text)), [], file);
    const doc = parse(text, file);
    assert.deepEqual([...doc.diagnostics, ...doc.cells.flatMap((c) => c.diagnostics)], [], file);
  }
});

test("the schema's op lists are the spaces' op lists", () => {
  const defs = schema.definitions;
  assert.deepEqual(defs.nb201Op.enum, [...getSpace('nb201').ops]);
  assert.deepEqual(defs.dartsOp.enum, [...getSpace('darts').ops]);
  assert.deepEqual(defs.nb101Label.enum, ['input', 'output', ...getSpace('nb101').ops]);
  assert.deepEqual(defs.space.enum, ['nb201', 'nb101', 'darts']);
});

test('the schema accepts cells of every JSON notation written by formatCell', () => {
  const notations: Notation[] = ['json-arch', 'json-edges', 'json-nb101', 'json-darts'];
  const spaceOf = { 'json-arch': 'nb201', 'json-edges': 'nb201', 'json-nb101': 'nb101', 'json-darts': 'darts' } as const;
  fc.assert(
    fc.property(fc.integer(), (seed) => {
      const rng = createRng(seed);
      const cells = notations.map((n, i) => JSON.parse(formatCell(getSpace(spaceOf[n as keyof typeof spaceOf]).sample(rng), n, `c${i}`)));
      assert.deepEqual(validate(schema, { space: 'nb201', cells }), []);
    }),
    { numRuns: 50 },
  );
});

test('the schema rejects what the parser rejects', () => {
  const doc = (cell: object) => ({ space: 'nb201', cells: [cell] });
  const darts7 = Array(7).fill(['sep_conv_3x3', 0]);
  const bad: [string, object][] = [
    ['unknown op in an arch string', doc({ name: 'a', arch: ARCH_A.replace('avg_pool_3x3', 'avg_pool') })],
    ['malformed arch string', doc({ name: 'a', arch: '|none~0|+|none~0|' })],
    ['unknown key', doc({ name: 'a', arch: ARCH_A, colour: 'red' })],
    ['missing edge', doc({ name: 'a', edges: { '0->1': 'none', '0->2': 'none', '1->2': 'none', '0->3': 'none', '1->3': 'none' } })],
    [
      'unknown edge',
      doc({ name: 'a', edges: { '0->1': 'none', '0->2': 'none', '1->2': 'none', '0->3': 'none', '1->3': 'none', '2->3': 'none', '3->4': 'none' } }),
    ],
    ['seven DARTS edges', doc({ name: 'a', space: 'darts', normal: darts7, reduce: darts7 })],
    [
      'unknown NB-101 label',
      doc({
        name: 'a',
        space: 'nb101',
        matrix: [
          [0, 1],
          [0, 0],
        ],
        ops: ['input', 'conv5x5'],
      }),
    ],
    [
      'matrix entry 2',
      doc({
        name: 'a',
        space: 'nb101',
        matrix: [
          [0, 2],
          [0, 0],
        ],
        ops: ['input', 'output'],
      }),
    ],
    ['no values', doc({ name: 'a' })],
    ['unknown space', { space: 'nb301', cells: [] }],
    ['no cells', { space: 'nb201' }],
  ];
  for (const [what, value] of bad) assert.notDeepEqual(validate(schema, value), [], what);
});
