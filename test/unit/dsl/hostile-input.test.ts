// Bad input reaching the DSL (issue 10 §2): a byte order mark, a huge NB-101 matrix, keys named like
// Object.prototype's members, nesting thousands of levels deep, a file cut off, a 5 MB op name, terminal
// escape sequences, and a DSL file whose name does not say so. Each case once failed or misbehaved.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { documentKindOf, type ParsedDocument } from '../../../src/core/dsl';
import { closestName } from '../../../src/core/spaces/suggest';
import { shown } from '../../../src/core/spaces/user-text';
import { runCli } from '../../helpers/cli';
import { ARCH_A, cellNamed, codesAt, parse } from './helpers';

const all = (doc: ParsedDocument) => [...doc.diagnostics, ...doc.cells.flatMap((c) => c.diagnostics)];
const cell = (name: string, arch = ARCH_A) => `{ "name": "${name}", "arch": "${arch}" }`;
const DARTS =
  '"space": "darts", "normal": [["sep_conv_3x3", 0], ["sep_conv_3x3", 1], ["sep_conv_3x3", 0], ["sep_conv_3x3", 1], ["sep_conv_3x3", 1], ["skip_connect", 0], ["skip_connect", 0], ["dil_conv_3x3", 2]], "reduce": [["max_pool_3x3", 0], ["max_pool_3x3", 1], ["skip_connect", 2], ["max_pool_3x3", 1], ["max_pool_3x3", 0], ["skip_connect", 2], ["skip_connect", 2], ["max_pool_3x3", 1]]';

test('a UTF-8 byte order mark is no syntax error, in a well-formed file and in one with an error further on', () => {
  const good = parse(`\uFEFF{ "space": "nb201", "cells": [ ${cell('a')} ] }`, 'x.nas.json');
  assert.deepEqual(all(good), []);
  assert.equal(good.cells[0].valid, true);
  const broken = parse(`\uFEFF{ "space": "nb201", "cells": [ ${cell('a')}, { "name": "b", "arch": } ] }`, 'x.nas.json');
  assert.deepEqual(
    broken.diagnostics.map((d) => d.range.start > 1),
    [true],
    JSON.stringify(broken.diagnostics),
  );
  assert.equal(cellNamed(broken, 'a').valid, true);
  const ts = parse(`\uFEFFimport { nb201 } from 'nas-lens/dsl';\nexport const a = nb201('${ARCH_A}');\n`, 'x.nas.ts');
  assert.equal(ts.cells[0]?.valid, true);
});

test('validate and search --from read a .nas.json with a byte order mark', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nas-lens-bom-'));
  try {
    const file = join(dir, 'bom.nas.json');
    writeFileSync(file, `\uFEFF{ "space": "nb201", "cells": [ ${cell('start')} ] }\n`);
    const validate = await runCli('validate', file);
    assert.equal(validate.status, 0, validate.stdout + validate.stderr);
    const search = await runCli('search', '--from', `${file}#start`, '--budget', '50', '--time', '5', '--top', '3', '--json');
    assert.equal(search.status, 0, search.stderr);
    assert.equal(JSON.parse(search.stdout).top.length, 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test(
  'a 7000×7000 NB-101 matrix is refused by its size without being built (in a 1.5 GB heap), and the other cells are read',
  { timeout: 300_000 },
  async () => {
    // The old reader built every entry: 4.2 GB, then out of memory. A child process with a heap well below that (and
    // far above the ~100 MB text, whatever the garbage collector's timing) shows that nothing of that size is built.
    const child = spawn(process.execPath, ['--max-old-space-size=1536', '--import', 'tsx', 'test/unit/dsl/huge-matrix.child.ts'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const status = await new Promise((resolve) => child.on('close', resolve));
    assert.equal(status, 0, stderr.slice(-2000));
    const results = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { label: string; cells: { name: string; valid: boolean; diagnostics: { code: string; message: string }[] }[] });
    assert.deepEqual(
      results.map((r) => r.label),
      ['well-formed JSON', 'JSON with a syntax error after it', 'Python'],
    );
    for (const { label, cells } of results) {
      assert.deepEqual(
        cells.map((c) => c.valid),
        [false, true],
        label,
      );
      assert.equal(cells[1].name, 'after', label);
      const [problem] = cells[0].diagnostics;
      assert.equal(cells[0].diagnostics.length, 1, `${label}: ${JSON.stringify(cells[0].diagnostics)}`);
      if (label === 'Python') {
        assert.equal(problem.code, 'too-long');
        assert.match(problem.message, /ModelSpec\(…\) goes on for more than 100,000 tokens, so NAS Lens does not read it/);
      } else {
        assert.equal(problem.code, 'too-many-vertices', label);
        assert.match(problem.message, /^the matrix has 7,000 rows; an NB-101 cell has at most 7 vertices on input→output paths/, label);
      }
    }
  },
);

test('keys and values named like Object.prototype members (constructor, toString, valueOf, __proto__) are plain names', () => {
  const text = `{ "cells": [
    ${cell('constructor')},
    { "constructor": 1, "toString": 2, "valueOf": 3, "__proto__": 4, "name": "d", ${DARTS} },
    { "name": "toString", "space": "nb101", "matrix": [[0, 1], [0, 0]], "ops": ["input", "constructor"] }
  ] }`;
  const doc = parse(text, 'x.nas.json');
  assert.deepEqual(
    doc.cells.map((c) => [c.name, c.valid]),
    [
      ['constructor', true],
      ['d', true],
      ['toString', false],
    ],
  );
  assert.deepEqual(codesAt(text, cellNamed(doc, 'd').diagnostics), [
    'unknown-key@constructor',
    'unknown-key@toString',
    'unknown-key@valueOf',
    'unknown-key@__proto__',
  ]);
  assert.match(cellNamed(doc, 'toString').diagnostics[0].message, /must be labelled 'output', not 'constructor'/);
  const native = 'x = ModelSpec(matrix=[[0, 1], [0, 0]], ops=[INPUT, OUTPUT])\ny = ModelSpec(matrix=[[0, 1], [0, 0]], ops=[INPUT, constructor])\n';
  const nativeDoc = parse(native, 'x.py');
  assert.equal(cellNamed(nativeDoc, 'x').valid, true);
  assert.ok(!nativeDoc.cells.some((c) => c.name === 'y'), 'ops=[INPUT, constructor]: a variable, so code');
});

test('JSON nested 5,000 and 50,000 levels deep: the place is named and the other cells are read', () => {
  for (const levels of [5_000, 50_000]) {
    const deep = '['.repeat(levels) + ']'.repeat(levels);
    const text = `{ "cells": [ ${cell('a')}, { "name": "deep", "space": "nb101", "matrix": ${deep}, "ops": [] }, ${cell('b')} ] }`;
    const doc = parse(text, 'x.nas.json');
    assert.deepEqual(
      doc.cells.map((c) => c.name),
      ['a', 'deep', 'b'],
      `${levels}`,
    );
    assert.equal(cellNamed(doc, 'b').valid, true);
    const tooDeep = doc.diagnostics.filter((d) => d.code === 'too-deep');
    assert.equal(tooDeep.length, 1);
    assert.equal(tooDeep[0].range.start, text.indexOf('[['.repeat(10)) + 61, 'at the bracket 64 levels in');
    assert.match(tooDeep[0].message, /nests more than 64 levels deep here; NAS Lens skips this value .* reads the rest of the file/);
  }
});

test('TypeScript nested 700 and 5,000 levels deep: the place is named and the cells are read', () => {
  for (const levels of [700, 5_000]) {
    const text = `import { nb201 } from 'nas-lens/dsl';\nexport const a = nb201('${ARCH_A}');\nconst deep = ${'['.repeat(levels)}${']'.repeat(levels)};\nexport const b = nb201('${ARCH_A}');\n`;
    const doc = parse(text, 'x.nas.ts');
    assert.deepEqual(
      doc.cells.map((c) => [c.name, c.valid]),
      [
        ['a', true],
        ['b', true],
      ],
      `${levels}`,
    );
    assert.deepEqual(codesAt(text, doc.diagnostics), ['too-deep@[']);
    assert.equal(doc.diagnostics[0].range.start, text.indexOf('const deep = ') + 13 + 128);
  }
});

test('a JSON file cut off in the middle of a cell gets one error at its end, not one per open bracket', () => {
  const whole = `{ "space": "nb201", "cells": [ ${cell('a')}, { "name": "b", "edges": { "0->1": "none", "0->2": "none" } } ] }`;
  for (let cut = whole.indexOf('"b"'); cut < whole.length - 1; cut += 7) {
    const doc = parse(whole.slice(0, cut), 'x.nas.json');
    const syntax = doc.diagnostics.filter((d) => d.code === 'syntax');
    assert.equal(syntax.length, 1, `cut at ${cut}: ${syntax.map((d) => d.message).join(' | ')}`);
    assert.match(
      syntax[0].message,
      /^JSON syntax: the file ends in the middle of the JSON(, inside the string that starts here)?( \(.*\))?; ('[}\]]' )*'[}\]]' would close what is still open$/,
    );
    assert.equal(cellNamed(doc, 'a').valid, true);
  }
});

test('a 5 MB op name is not echoed whole, nor compared letter by letter with every known op', () => {
  const op = 'x'.repeat(5_000_000);
  const doc = parse(`{ "cells": [ ${cell('long', ARCH_A.replace('nor_conv_3x3~0|+', `${op}~0|+`))} ] }`, 'x.nas.json');
  const message = doc.cells[0].diagnostics[0].message;
  assert.match(message, /^unknown op 'x{10,}… \(5,000,000 characters\)' on edge 0->1\. Valid ops: none, skip_connect/);
  assert.ok(message.length < 300, `${message.length} characters`);
  // "Did you mean" skips names whose length alone puts them out of reach (comparing took seconds for this op).
  assert.equal(closestName(op, ['nor_conv_3x3']), undefined);
  assert.equal(closestName('nor_conv_3x3x', ['nor_conv_3x3', op]), 'nor_conv_3x3');
});

test('terminal escape sequences and other control characters in names, ops and keys are escaped in messages', () => {
  const text =
    '{ "cells": [ { "name": "\\u001b[31mred", "\\u001b]0;title\\u0007": 1, "arch": "|\\u001b[2Jboom~0|+|none~0|none~1|+|none~0|none~1|none~2|" }, { "name": "\\u001b[31mred", "arch": "|none~0|+|none~0|none~1|+|none~0|none~1|\\u202enone~2|" } ] }';
  const messages = all(parse(text, 'x.nas.json')).map((d) => d.message);
  assert.ok(messages.length >= 3);
  // eslint-disable-next-line no-control-regex -- no control character may be left in a message
  for (const m of messages) assert.doesNotMatch(m, /[\u0000-\u001f\u007f-\u009f\u202e]/, m);
  assert.ok(messages.some((m) => m.includes("unknown op '\\x1b[2Jboom'")));
  assert.ok(messages.some((m) => m.includes('unknown key "\\x1b]0;title\\x07"')));
  assert.ok(messages.some((m) => m.includes('already named "\\x1b[31mred"')));
  assert.ok(messages.some((m) => m.includes("unknown op '\\u202enone'")));
  assert.equal(shown('a\u0000b\u009bc\ud800'), 'a\\x00b\\x9bc\\ud800');
  assert.equal(shown('ok — café ✓ 🙂'), 'ok — café ✓ 🙂');
});

test('the kind of a document from its text when its name says nothing', () => {
  const json = `\uFEFF// cells\n{ "space": "nb201", "cells": [ ${cell('a')} ] }`;
  assert.equal(documentKindOf('cells.json', json), 'json');
  assert.equal(documentKindOf('/dev/stdin', json), 'json');
  assert.equal(documentKindOf('-', `import { nb201 } from "nas-lens/dsl";\nexport const a = nb201('${ARCH_A}');`), 'ts');
  assert.equal(documentKindOf('cells.ts', `const { nb101 } = require('nas-lens/dsl');`), 'ts');
  assert.equal(documentKindOf('x.nas.json', 'anything'), 'json');
  assert.equal(documentKindOf('x.nas.ts', 'anything'), 'ts');
  // Not the DSL: a notebook, a results file, Python and prose.
  assert.equal(documentKindOf('n.ipynb', '{ "cells": [ { "cell_type": "code", "source": ["x = {\\"arch\\": 1}"] } ] }'), 'native');
  assert.equal(documentKindOf('notebook.json', '{ "cells": [ { "cell_type": "code", "source": ["\\"arch\\": 1"] } ] }'), 'native');
  assert.equal(documentKindOf('results.json', '{ "rows": [ { "arch": "|none~0|+|" } ] }'), 'native');
  assert.equal(documentKindOf('g.py', `x = {"cells": [{"arch": "${ARCH_A}"}]}`), 'native');
  assert.equal(documentKindOf('README', `The cells: ${ARCH_A}`), 'native');
});
