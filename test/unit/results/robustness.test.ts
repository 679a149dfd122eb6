import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { joinResults, LineCellReader, readResultLine, readResultsJsonl } from '../../../src/core/results';
import { readResultLineFully } from '../../../src/core/results/read-line';
import { createRng } from '../../../src/core/rng';
import { getSpace } from '../../../src/core/spaces';
import type { SpaceId } from '../../../src/core/spaces/types';
import { cellJson, LINE_NOTATIONS, resultLine } from './helpers';

/** Valid lines in every notation of every space. */
function validLines(seed: number, count: number): string[] {
  const rng = createRng(seed);
  const spaces: SpaceId[] = ['nb201', 'nb101', 'darts'];
  return Array.from({ length: count }, (_, i) => {
    const space = spaces[i % 3];
    const notation = LINE_NOTATIONS[space][rng.int(LINE_NOTATIONS[space].length)];
    return resultLine(cellJson(getSpace(space).sample(rng), notation), { test_acc: 50 + 40 * rng.next() }, { seed: i });
  });
}

const noise = fc.constantFrom(
  '{',
  '}',
  '[',
  ']',
  '"',
  ':',
  ',',
  '\\',
  'NaN',
  '-Infinity',
  'null',
  '__proto__',
  'constructor',
  '|',
  '~',
  '+',
  '0',
  '1e999',
  '\u2028',
  '\ud800',
  'é',
  ' ',
  '\t',
  '\r',
  'Genotype(',
  'ModelSpec(',
  '"cell"',
  '"metrics"',
  '"space"',
  '"nb101"',
);

/** Ways to spoil one line: cut it, splice noise into it, replace it, or repeat keys. */
const corruption = fc.oneof(
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), text: fc.array(noise, { minLength: 1, maxLength: 8 }).map((a) => a.join('')) }),
  fc.record({
    kind: fc.constant('replace' as const),
    text: fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.array(noise, { maxLength: 40 }).map((a) => a.join('')),
    ),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 30 }) }),
);

function corrupt(line: string, c: typeof corruption extends fc.Arbitrary<infer T> ? T : never): string {
  switch (c.kind) {
    case 'cut':
      return line.slice(0, c.at % line.length);
    case 'splice': {
      const at = c.at % (line.length + 1);
      return line.slice(0, at) + c.text + line.slice(at);
    }
    case 'replace':
      return c.text.replace(/[\r\n]/g, ' ');
    case 'delete': {
      const at = c.at % line.length;
      return line.slice(0, at) + line.slice(at + c.length);
    }
  }
}

test('property: a corrupt line never throws, never drops another line, and its problems lie on that line within it', () => {
  const lines = validLines(1, 12);
  const clean = readResultsJsonl(lines.join('\n'), 'r');
  assert.equal(clean.runs.length, 12);
  assert.deepEqual(clean.problems, []);
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 11 }), corruption, (k, c) => {
      const spoiled = corrupt(lines[k], c).replace(/\n/g, ' ');
      const text = lines.map((l, i) => (i === k ? spoiled : l)).join('\n');
      const read = readResultsJsonl(text, 'r');
      const others = read.runs.filter((r) => r.line !== k + 1);
      assert.deepEqual(
        others.map((r) => r.line),
        clean.runs.filter((r) => r.line !== k + 1).map((r) => r.line),
      );
      assert.deepEqual(
        others.map((r) => r.hash),
        clean.runs.filter((r) => r.line !== k + 1).map((r) => r.hash),
      );
      const lineLength = text.split('\n')[k].replace(/\r$/, '').length;
      for (const p of read.problems) {
        assert.equal(p.line, k + 1, `${p.code} ${p.message}`);
        assert.ok(p.column >= 1 && p.column <= p.endColumn && p.endColumn <= lineLength + 1, `${p.code} ${p.column}-${p.endColumn} of ${lineLength}`);
        assert.notEqual(p.code, 'internal-error');
      }
      const spoiledRun = read.runs.find((r) => r.line === k + 1);
      if (spoiledRun) for (const v of Object.values(spoiledRun.metrics)) assert.ok(Number.isFinite(v));
      joinResults(read.runs);
    }),
    { numRuns: 400 },
  );
});

const randomFile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc
    .array(fc.oneof(noise, fc.constantFrom('\n', '{"cell": "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|", "metrics": {"a": 1}}')), { maxLength: 80 })
    .map((a) => a.join('')),
);

test('property: random text as a results file never throws, and every run read has a valid cell and finite metrics', () => {
  fc.assert(
    fc.property(randomFile, (text) => {
      const read = readResultsJsonl(text, 'r');
      for (const run of read.runs) {
        assert.deepEqual(
          getSpace(run.space)
            .validate(run.cell as never)
            .filter((i) => i.severity === 'error'),
          [],
        );
        for (const v of Object.values(run.metrics)) assert.ok(Number.isFinite(v));
      }
      joinResults(read.runs);
    }),
    { numRuns: 300 },
  );
});

test('property: the fast path of a line gives exactly what the full reader gives, with its cache warm or cold', () => {
  const valid = validLines(2, 24);
  const a = valid[0].slice(0, -1);
  const lines = [
    ...valid,
    `${a}, "seed": 2}`, // seed given twice
    `{"cell": "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|", ${a.slice(1)}}`, // cell given twice
    `${a}, "sede": 1, "run": {"id": 1}}`,
    a.replace('"metrics": {', '"metrics": {"loss": NaN, '),
    a.replace('"metrics": {', '"metrics": {"test_acc": 1, '),
    `${a}, "space": "nb101"}`,
  ];
  const spoiledLines = fc.array(fc.tuple(fc.integer({ min: 0, max: lines.length - 1 }), fc.option(corruption, { nil: undefined })), {
    minLength: 1,
    maxLength: 25,
  });
  fc.assert(
    fc.property(spoiledLines, (picks) => {
      const fast = new LineCellReader();
      const full = new LineCellReader();
      picks.forEach(([k, c], i) => {
        const line = c ? corrupt(lines[k], c).replace(/\n/g, ' ') : lines[k];
        const at = { file: 'r', line: i + 1 };
        assert.deepEqual(readResultLine(line, fast, {}, at), readResultLineFully(line, full, {}, at), line);
      });
    }),
    { numRuns: 300 },
  );
});
