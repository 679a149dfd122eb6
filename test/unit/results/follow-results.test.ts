import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { readResultsJsonl } from '../../../src/core/results';
import { ResultsFileFollower } from '../../../src/node/results/follow-results';
import { readResultsFile } from '../../../src/node/results/read-results';
import { ARCH_A, ARCH_B, resultLine } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'nas-follow-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const fresh = (name = 'r.nas-results.jsonl') => join(dir, `${files++}-${name}`);

const A1 = resultLine(ARCH_A, { test_acc: 71.2 }, { seed: 1 });
const A2 = resultLine(ARCH_A, { test_acc: 71.4 }, { seed: 2 });
const B1 = resultLine(ARCH_B, { test_acc: 60.1, val_acc: 59 }, { seed: 1 });
const BAD = '{"cell": "|nor_conv_3x3~0|+|", "metrics": {"test_acc": 1}}';

/** What a reader of the whole file gives (problems by line then column). */
async function whole(file: string) {
  return readResultsFile(file);
}

test('the first update reads the file; appended lines are read alone, numbered on from where the file was', async () => {
  const file = fresh();
  writeFileSync(file, `${A1}\n${BAD}\n`);
  const f = new ResultsFileFollower(file);
  assert.equal(await f.update(), 'full');
  assert.deepEqual(
    f.runs.map((r) => r.line),
    [1],
  );
  assert.deepEqual(
    f.problems.map((p) => [p.line, p.severity]),
    [[2, 'error']],
  );
  assert.equal(await f.update(), 'unchanged');
  appendFileSync(file, `${A2}\n${B1}\n`);
  assert.equal(await f.update(), 'appended');
  assert.deepEqual(
    f.runs.map((r) => [r.line, r.metrics.test_acc]),
    [
      [1, 71.2],
      [3, 71.4],
      [4, 60.1],
    ],
  );
  assert.deepEqual({ runs: f.runs, problems: f.problems }, await whole(file));
  assert.equal(f.lines, 4);
});

test('an unfinished last line waits for its end; a whole run without a newline counts, and what follows it is read on', async () => {
  const file = fresh();
  writeFileSync(file, `${A1}\n${B1.slice(0, 20)}`);
  const f = new ResultsFileFollower(file);
  await f.update();
  assert.equal(f.runs.length, 1);
  assert.deepEqual(f.problems, [], 'a line being written is no problem');
  appendFileSync(file, B1.slice(20));
  assert.equal(await f.update(), 'appended');
  assert.deepEqual(
    f.runs.map((r) => r.line),
    [1, 2],
    'the finished run counts before its newline',
  );
  appendFileSync(file, `\n${A2}\n`);
  await f.update();
  assert.deepEqual(
    f.runs.map((r) => r.line),
    [1, 2, 3],
  );
  assert.deepEqual({ runs: f.runs, problems: f.problems }, await whole(file));
});

test('a truncated, replaced or rewritten file is read again from the start', async () => {
  const file = fresh();
  writeFileSync(file, `${A1}\n${A2}\n${B1}\n`);
  const f = new ResultsFileFollower(file);
  await f.update();
  truncateSync(file, A1.length + 1);
  assert.equal(await f.update(), 'full');
  assert.equal(f.runs.length, 1);

  // Replaced (a new file renamed over it): another inode.
  const other = `${file}.tmp`;
  writeFileSync(other, `${B1}\n${A1}\n${A2}\n`);
  renameSync(other, file);
  assert.equal(await f.update(), 'full');
  assert.deepEqual(
    f.runs.map((r) => r.metrics.test_acc),
    [60.1, 71.2, 71.4],
  );

  // Rewritten in place, longer, with other first bytes: not taken for an append.
  writeFileSync(file, `${A2}\n${A1}\n${B1}\n${A1}\n`);
  assert.equal(await f.update(), 'full');
  assert.deepEqual(
    f.runs.map((r) => r.metrics.test_acc),
    [71.4, 71.2, 60.1, 71.2],
  );
  // Asked to: read whole even though it only grew.
  appendFileSync(file, `${A2}\n`);
  assert.equal(await f.update({ reread: true }), 'full');
  assert.equal(f.runs.length, 5);
});

test('long appends are parsed in slices with a yield between them, to the same runs and problems', async () => {
  const file = fresh();
  const lines = Array.from({ length: 300 }, (_, i) => (i % 17 === 5 ? BAD : resultLine(i % 2 ? ARCH_A : ARCH_B, { test_acc: i }, { seed: i })));
  writeFileSync(file, `${lines.join('\n')}\n`);
  let yields = 0;
  const f = new ResultsFileFollower(file, {
    sliceChars: 1000,
    between: async () => {
      yields++;
    },
  });
  await f.update();
  assert.ok(yields > 10, `${yields} yields`);
  assert.deepEqual({ runs: f.runs, problems: f.problems }, await whole(file));
});

test('a byte order mark after an append is read as a whole read reads it', async () => {
  const file = fresh();
  writeFileSync(file, `\ufeff${A1}\n`);
  const f = new ResultsFileFollower(file, { sliceChars: 1 });
  await f.update();
  assert.equal(f.runs.length, 1);
  appendFileSync(file, `\ufeff${A2}\n`);
  await f.update();
  assert.deepEqual({ runs: f.runs, problems: f.problems }, await whole(file));
  // The line parser skips a mark before a line's JSON (a writer that opens the file with utf-8-sig adds one per append).
  assert.equal(f.runs.length, 2);
});

test('a missing, unreadable or too large file is one problem at 1:1, and reading resumes when it is fixed', async () => {
  const file = fresh();
  const f = new ResultsFileFollower(file, { maxBytes: 500 });
  await f.update();
  assert.deepEqual(
    f.problems.map((p) => [p.code, p.line, p.column]),
    [['unreadable', 1, 1]],
  );
  writeFileSync(file, `${A1}\n`.repeat(10));
  await f.update();
  assert.match(f.problems[0].message, /results files are read up to/);
  assert.equal(f.runs.length, 0);
  writeFileSync(file, `${A1}\n`);
  assert.equal(await f.update(), 'full');
  assert.deepEqual(f.problems, []);
  assert.equal(f.runs.length, 1);
});

test('a CSV results table is read whole when it changes', async () => {
  const file = fresh('t.nas-results.csv');
  writeFileSync(file, `arch,test_acc\n"${ARCH_A}",71.2\n`);
  const f = new ResultsFileFollower(file);
  assert.equal(await f.update(), 'full');
  assert.equal(f.runs.length, 1);
  assert.equal(await f.update(), 'unchanged');
  appendFileSync(file, `"${ARCH_B}",60.1\n`);
  assert.equal(await f.update(), 'full');
  assert.deepEqual({ runs: f.runs, problems: f.problems }, await whole(file));
});

test('property: however a job appends (pieces of lines, malformed lines, CRLF), the runs and problems are those of reading all the text so far', async () => {
  const line = fc.oneof(
    fc.constantFrom(A1, A2, B1, BAD, '', '   ', '{"cell": 1}', 'not json', `${A1}\r`),
    fc.integer({ min: 0, max: 99 }).map((v) => resultLine(v % 2 ? ARCH_A : ARCH_B, { test_acc: v })),
  );
  await fc.assert(
    fc.asyncProperty(
      fc.array(line, { minLength: 1, maxLength: 12 }),
      fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 8 }),
      async (lines, cuts) => {
        const text = `${lines.join('\n')}${lines.length % 2 ? '\n' : ''}`;
        const file = fresh();
        writeFileSync(file, '');
        const f = new ResultsFileFollower(file, { sliceChars: 64, between: async () => undefined });
        let at = 0;
        for (const cut of [...cuts, text.length]) {
          const next = Math.min(text.length, at + cut);
          appendFileSync(file, text.slice(at, next));
          at = next;
          await f.update();
          const expected = readResultsJsonl(text.slice(0, at), file, { allowPartialLastLine: true });
          expected.problems.sort((a, b) => a.line - b.line || a.column - b.column);
          assert.deepEqual({ runs: f.runs, problems: f.problems }, { runs: expected.runs, problems: expected.problems });
          if (at === text.length) break;
        }
      },
    ),
    { numRuns: 60 },
  );
});
