import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { readResultsJsonl } from '../../../src/core/results';
import { createRng } from '../../../src/core/rng';
import { getSpace } from '../../../src/core/spaces';
import type { SpaceId } from '../../../src/core/spaces/types';
import { validate } from '../dsl/json-schema-subset';
import { ARCH_A, cellJson, LINE_NOTATIONS, resultLine } from './helpers';

const schema = JSON.parse(readFileSync('media/schema/nas-results.schema.json', 'utf8'));

test('property: a line in any notation that the reader takes without a problem is valid under the shipped JSON Schema', () => {
  fc.assert(
    fc.property(fc.constantFrom<SpaceId>('nb201', 'nb101', 'darts'), fc.integer(), fc.boolean(), (space, seed, full) => {
      const rng = createRng(seed);
      const notations = LINE_NOTATIONS[space];
      const cell = cellJson(getSpace(space).sample(rng), notations[rng.int(notations.length)]);
      const extra = full
        ? {
            space,
            seed: rng.int(10),
            epochs: 200,
            source: 'r',
            name: 'n',
            hash: 'h',
            time: '2026-12-06T21:00:00Z',
            run: { id: 'r1', backend: 'local', task: 0, job: '123', wallSeconds: 10, log: 'l' },
          }
        : {};
      const line = resultLine(cell, { test_acc: 100 * rng.next() }, extra);
      assert.deepEqual(readResultsJsonl(line, 'r').problems, []);
      assert.deepEqual(validate(schema, JSON.parse(line)), []);
    }),
    { numRuns: 100 },
  );
});

test('lines the schema rejects are problems for the reader too', () => {
  const bad = [
    `{"cell": "${ARCH_A}"}`,
    `{"cell": "${ARCH_A}", "metrics": {}}`,
    `{"cell": "${ARCH_A}", "metrics": {"test_acc": "71"}}`,
    `{"cell": "${ARCH_A}", "metrics": {"test_acc": 1}, "space": "nb999"}`,
    `{"cell": 42, "metrics": {"test_acc": 1}}`,
    `{"cell": "", "metrics": {"test_acc": 1}}`,
    `{"cell": {"ops": ["input", "output"]}, "metrics": {"test_acc": 1}}`,
    `{"cell": "${ARCH_A}", "metrics": {"test_acc": 1}, "seed": 1.5}`,
    `{"cell": "${ARCH_A}", "metrics": {"test_acc": 1}, "epochs": -1}`,
    `{"cell": "${ARCH_A}", "metrics": {"test_acc": 1}, "run": {"id": "r"}}`,
    `{"cell": "${ARCH_A}", "metrics": {"test_acc": 1}, "source": 3}`,
  ];
  for (const line of bad) {
    assert.notDeepEqual(validate(schema, JSON.parse(line)), [], `schema accepts ${line}`);
    assert.notDeepEqual(readResultsJsonl(line, 'r').problems, [], `reader accepts ${line}`);
  }
});
