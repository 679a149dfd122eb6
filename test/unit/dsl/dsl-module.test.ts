import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import * as ts from 'typescript';
import { ARCH_A } from './helpers';

const DSL_DIR = resolve('dsl');

function typeErrors(files: string[], extra: ts.CompilerOptions = {}): readonly ts.Diagnostic[] {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ES2022,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    lib: ['lib.es2022.d.ts'],
    types: [],
    paths: { 'nas-lens/dsl': [DSL_DIR] },
    ...extra,
  };
  const program = ts.createProgram(files, options);
  return ts.getPreEmitDiagnostics(program);
}

test('examples/*.nas.ts type-check against the nas-lens/dsl types (examples/tsconfig.json)', () => {
  const config = ts.getParsedCommandLineOfConfigFile(
    resolve('examples/tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(String(d.messageText)) },
  );
  assert.ok(config && config.fileNames.length > 0);
  const program = ts.createProgram(config.fileNames, config.options);
  const errors = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  assert.deepEqual(errors, []);
});

test('the nas-lens/dsl types reject unknown ops, malformed arch strings, non-literals and bad shapes, line by line', () => {
  const dir = mkdtempSync(join(os.tmpdir(), 'nas-lens-dsl-'));
  try {
    const source = readFileSync('test/fixtures/dsl/type-errors.nas.ts.txt', 'utf8');
    const file = join(dir, 'type-errors.nas.ts');
    writeFileSync(file, source);
    const lines = source.split('\n');
    const expected = lines.flatMap((line, i) => (line.includes('// type error') ? [i] : []));
    const found = [...new Set(typeErrors([file]).map((d) => (d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1)))].sort(
      (a, b) => a - b,
    );
    assert.ok(expected.length >= 9);
    assert.deepEqual(found, expected);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the runtime functions return their arguments tagged with the space', () => {
  const dsl = createRequire(import.meta.url)(join(DSL_DIR, 'index.js'));
  assert.deepEqual(dsl.nb201(ARCH_A), { space: 'nb201', arch: ARCH_A });
  const nb101 = {
    matrix: [
      [0, 1],
      [0, 0],
    ],
    ops: ['input', 'output'],
  };
  assert.deepEqual(dsl.nb101(nb101), { space: 'nb101', ...nb101 });
  const darts = { normal: [['sep_conv_3x3', 0]], reduce: [['max_pool_3x3', 1]] };
  assert.deepEqual(dsl.darts(darts), { space: 'darts', ...darts });
  assert.ok(Object.isFrozen(dsl.nb201(ARCH_A)));
});
