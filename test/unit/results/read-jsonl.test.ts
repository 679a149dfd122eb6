import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readResultsJsonl, MAX_RESULT_LINE_CHARS, type ResultProblem } from '../../../src/core/results';
import { ARCH_A, ARCH_B, resultLine } from './helpers';

const read = (lines: string[], options = {}) => readResultsJsonl(lines.join('\n'), 'runs.nas-results.jsonl', options);
const at = (p: ResultProblem) => `${p.line}:${p.column}-${p.endColumn} ${p.severity} ${p.code}`;
/** 1-based column where `needle` starts in `line`. */
const col = (line: string, needle: string) => line.indexOf(needle) + 1;

test('a well-formed line becomes a run with every field, its metrics in a null-prototype record', () => {
  const line = resultLine(
    ARCH_A,
    { test_acc: 71.2, val_acc: 70.8 },
    {
      space: 'nb201',
      seed: 1,
      epochs: 200,
      source: 'my-recipe',
      name: 'a',
      time: '2026-12-01T10:00:00Z',
      run: { id: 'r1', backend: 'slurm', task: 3, job: '12_3', wallSeconds: 50, log: 'x.log' },
    },
  );
  const { runs, problems } = read([line]);
  assert.deepEqual(problems, []);
  assert.equal(runs.length, 1);
  const run = runs[0];
  assert.equal(Object.getPrototypeOf(run.metrics), null);
  assert.deepEqual({ ...run.metrics }, { test_acc: 71.2, val_acc: 70.8 });
  assert.deepEqual(
    { file: run.file, line: run.line, space: run.space, seed: run.seed, epochs: run.epochs, source: run.source, name: run.name, time: run.time, run: run.run },
    {
      file: 'runs.nas-results.jsonl',
      line: 1,
      space: 'nb201',
      seed: 1,
      epochs: 200,
      source: 'my-recipe',
      name: 'a',
      time: '2026-12-01T10:00:00Z',
      run: { id: 'r1', backend: 'slurm', task: 3, job: '12_3', wallSeconds: 50, log: 'x.log' },
    },
  );
  assert.equal(run.hash, '(((0)@nor_conv_3x3)@nor_conv_3x3+(0)@nor_conv_3x3)@nor_conv_3x3+((0)@nor_conv_3x3)@nor_conv_3x3+0');
});

test('each kind of bad line is one problem at its line and column, and the other lines still count', () => {
  const lines = [
    resultLine(ARCH_A, { test_acc: 71 }),
    '{"cell": "|nor_conv_3x3~0|+", "metrics": {"test_acc": 1}}',
    '{"cell": "|nor_conv_3x3~0|+|conv3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|", "metrics": {"test_acc": 1}}',
    resultLine(ARCH_A, { test_acc: 1 }, { space: 'nb101' }),
    resultLine(ARCH_A, { test_acc: 1 }, { space: 'nb999' }),
    `{"cell": "${ARCH_A}", "metrics": {"test_acc": 1, "test_acc": 2}}`,
    `{"cell": "${ARCH_A}", "cell": "${ARCH_B}", "metrics": {"test_acc": 1}}`,
    `{"cell": "${ARCH_A}", "metrics": {"test_acc": 1}`,
    `{"metrics": {"test_acc": 1}}`,
    `{"cell": "${ARCH_A}"}`,
    `{"cell": "${ARCH_A}", "metrics": {}}`,
    `{"cell": "${ARCH_A}", "metrics": [71.2]}`,
    '[1, 2]',
    `{"cell": 42, "metrics": {"test_acc": 1}}`,
    `{"cell": "conv-net", "metrics": {"test_acc": 1}}`,
    resultLine(ARCH_B, { test_acc: 65 }),
  ];
  const { runs, problems } = read(lines);
  assert.deepEqual(
    runs.map((r) => r.line),
    [1, 16],
  );
  assert.deepEqual(problems.map(at), [
    `2:${col(lines[1], '|nor')}-${col(lines[1], '+"') + 1} error bad-arch-string`,
    `3:${col(lines[2], 'conv3x3~0')}-${col(lines[2], 'conv3x3~0') + 7} error unknown-op`,
    `4:${col(lines[3], '"nb101"')}-${col(lines[3], '"nb101"') + 7} error space-mismatch`,
    `5:${col(lines[4], '"nb999"')}-${col(lines[4], '"nb999"') + 7} error bad-space`,
    `6:${lines[5].lastIndexOf('"test_acc"') + 1}-${lines[5].lastIndexOf('"test_acc"') + 11} error duplicate-key`,
    `7:${lines[6].lastIndexOf('"cell"') + 1}-${lines[6].lastIndexOf('"cell"') + 7} error duplicate-key`,
    `8:${lines[7].length}-${lines[7].length + 1} error syntax`,
    '9:1-2 error missing-key',
    '10:1-2 error missing-key',
    `11:${col(lines[10], '{}')}-${col(lines[10], '{}') + 2} error no-metric`,
    `12:${col(lines[11], '[71.2]')}-${col(lines[11], '[71.2]') + 6} error wrong-type`,
    '13:1-7 error wrong-type',
    `14:${col(lines[13], '42')}-${col(lines[13], '42') + 2} error wrong-type`,
    `15:${col(lines[14], 'conv-net')}-${col(lines[14], 'conv-net') + 8} error unknown-cell`,
  ]);
  const message = (line: number) => problems.find((p) => p.line === line)!.message;
  assert.match(message(3), /unknown op 'conv3x3' on edge 0->2; did you mean 'nor_conv_3x3'\? Valid ops: none, skip_connect/);
  assert.match(message(4), /"space" is "nb101" but "cell" is a NAS-Bench-201 cell; give "space": "nb201"/);
  assert.match(message(5), /"space" must be nb201, nb101 or darts; found "nb999"/);
  assert.match(message(6), /"test_acc" is given twice in "metrics"/);
  assert.match(message(8), /JSON syntax: '}' was expected; a results line is one JSON object/);
  assert.match(message(9), /no "cell"/);
  assert.match(message(10), /no "metrics"; give at least one measured value, e.g. "metrics": \{"test_acc": 71.2\}/);
  assert.match(
    message(15),
    /'conv-net' is not a cell NAS Lens reads; write an NB-201 arch string .* \{"matrix", "ops"\} \(NB-101\), \{"normal", "reduce"\} \(DARTS\)/,
  );
});

test("Python's NaN and Infinity, null, empty and quoted metrics are reported; the line's other metrics still count", () => {
  const line = `{"cell": "${ARCH_A}", "metrics": {"test_acc": NaN, "loss": -Infinity, "top5": Infinity, "a": null, "b": "", "c": "71.2", "d": 1e999, "val_acc": 70.5}}`;
  const { runs, problems } = read([line]);
  assert.deepEqual({ ...runs[0].metrics }, { val_acc: 70.5 });
  assert.deepEqual(
    problems.map((p) => [p.column, p.code]),
    ['NaN', '-Infinity', 'Infinity', 'null', '""', '"71.2"', '1e999'].map((t) => [col(line, `: ${t}`) + 2, 'bad-metric']),
  );
  assert.deepEqual(
    problems.map((p) => /metric "\w+" (.*?):/.exec(p.message)?.[1]),
    [
      'is NaN',
      'is -Infinity',
      'is Infinity',
      'is empty (null)',
      'is empty ("")',
      'is a string ("71.2"); write the number without quotes',
      'overflows (Infinity)',
    ],
  );
  const none = read([`{"cell": "${ARCH_A}", "metrics": {"test_acc": NaN}}`]);
  assert.equal(none.runs.length, 0);
  assert.deepEqual(
    none.problems.map((p) => p.code),
    ['bad-metric', 'no-metric'],
  );
  const inString = read([`{"cell": "${ARCH_A}", "metrics": {"test_acc": 1}, "source": "NaN run, -Infinity"}`]);
  assert.equal(inString.runs[0].source, 'NaN run, -Infinity');
});

test('keys are looked up as own properties: __proto__ and constructor are plain names of metrics and unknown keys', () => {
  const line = `{"cell": "${ARCH_A}", "metrics": {"__proto__": 1, "constructor": 2, "toString": 3}, "__proto__": {"x": 1}, "hasOwnProperty": 4}`;
  const { runs, problems } = read([line]);
  assert.equal(runs.length, 1);
  assert.deepEqual(Object.keys(runs[0].metrics), ['__proto__', 'constructor', 'toString']);
  assert.equal(runs[0].metrics.__proto__ as unknown, 1);
  assert.deepEqual(
    problems.map((p) => p.code),
    ['unknown-key', 'unknown-key'],
  );
  const cell = read([`{"cell": {"constructor": 1, "__proto__": 2, "arch": "${ARCH_A}"}, "metrics": {"test_acc": 1}}`]);
  assert.equal(cell.runs.length, 1);
  assert.deepEqual(
    cell.problems.map((p) => p.code),
    ['unknown-key', 'unknown-key'],
  );
});

test('a line longer than the limit is reported at its line without being read; the lines after it count', () => {
  const huge = `{"cell": "${ARCH_A}", "metrics": {"test_acc": 1}, "source": "${'x'.repeat(5 * 1024 * 1024)}"}`;
  const { runs, problems } = read([resultLine(ARCH_A, { test_acc: 1 }), huge, resultLine(ARCH_B, { test_acc: 2 })]);
  assert.deepEqual(
    runs.map((r) => r.line),
    [1, 3],
  );
  assert.equal(problems.length, 1);
  assert.equal(at(problems[0]), '2:1-2 error line-too-long');
  assert.match(
    problems[0].message,
    new RegExp(`${huge.length.toLocaleString('en-US')} characters long; .* at most ${MAX_RESULT_LINE_CHARS.toLocaleString('en-US')}`),
  );
});

test('blank lines, CRLF, a BOM and // comment lines are read as nothing; line numbers stay those of the file', () => {
  const text = `\uFEFF${resultLine(ARCH_A, { test_acc: 1 })}\r\n\r\n   \r\n// a comment\r\n${resultLine(ARCH_B, { test_acc: 2 })}\r\n`;
  const { runs, problems } = readResultsJsonl(text, 'f');
  assert.deepEqual(problems, []);
  assert.deepEqual(
    runs.map((r) => r.line),
    [1, 5],
  );
});

test('a line of another space is a warning when one space is read; unknown keys are warnings and the run counts', () => {
  const darts = `{"cell": "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])", "metrics": {"c10_test": 97.2}, "seeed": 1}`;
  const all = read([darts, resultLine(ARCH_A, { test_acc: 1 })]);
  assert.deepEqual(
    all.runs.map((r) => r.space),
    ['darts', 'nb201'],
  );
  assert.deepEqual(
    all.problems.map((p) => [p.code, p.severity]),
    [['unknown-key', 'warning']],
  );
  assert.match(all.problems[0].message, /unknown key "seeed" in a results line; did you mean "seed"\?/);
  const nb201 = read([darts, resultLine(ARCH_A, { test_acc: 1 })], { space: 'nb201' });
  assert.deepEqual(
    nb201.runs.map((r) => r.space),
    ['nb201'],
  );
  assert.deepEqual(
    nb201.problems.map((p) => [p.line, p.code, p.severity]),
    [
      [1, 'unknown-key', 'warning'],
      [1, 'other-space', 'warning'],
    ],
  );
  assert.match(nb201.problems[1].message, /a DARTS run; NAS-Bench-201 results are read here, so it is not counted/);
});

test('fields of the wrong type are ignored with a warning; the run still counts', () => {
  const line = resultLine(ARCH_A, { test_acc: 1 }, { seed: 1.5, epochs: -3, source: 7, run: { id: 'x' } });
  const { runs, problems } = read([line]);
  assert.equal(runs.length, 1);
  assert.equal(runs[0].seed, undefined);
  assert.equal(runs[0].run, undefined);
  assert.deepEqual(
    problems.map((p) => [p.code, p.severity]),
    Array(4).fill(['bad-value', 'warning']),
  );
  assert.match(problems[0].message, /"seed" must be an integer; found a number/);
});

test('an unfinished last line (a job still writing) is pending, not a problem, only when asked', () => {
  const text = `${resultLine(ARCH_A, { test_acc: 1 })}\n{"cell": "${ARCH_B}", "metr`;
  const strict = readResultsJsonl(text, 'f');
  assert.deepEqual(
    strict.problems.map((p) => [p.line, p.code]),
    [[2, 'syntax']],
  );
  const live = readResultsJsonl(text, 'f', { allowPartialLastLine: true });
  assert.deepEqual(live.problems, []);
  assert.equal(live.pendingOffset, text.indexOf('\n') + 1);
  const rest = readResultsJsonl(`${text.slice(live.pendingOffset)}ics": {"test_acc": 2}}\n`, 'f', { firstLine: 2 });
  assert.deepEqual(
    rest.runs.map((r) => [r.line, r.metrics.test_acc]),
    [[2, 2]],
  );
});

test("a degenerate cell's design warning is not a results problem: the measurement counts as it is", () => {
  const { runs, problems } = read([resultLine('|none~0|+|none~0|none~1|+|none~0|none~1|none~2|', { test_acc: 10 })]);
  assert.equal(runs.length, 1);
  assert.deepEqual(problems, []);
});
