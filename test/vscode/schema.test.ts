// The JSON schema contributed through contributes.jsonValidation (media/schema/nas.schema.json) is
// applied to *.nas.json files by VS Code's own JSON language service.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { suite, suiteSetup, test } from './mocha-api';
import { describeDiagnostics, diagnosticsFor, extension, inWorkspace, openFile, waitForDiagnostics } from './util';

const SCHEMA = 'media/schema/nas.schema.json';
const BAD_OP = 'conv_9x9';
const BAD_CELL = `{
  "space": "nb201",
  "cells": [
    {
      "name": "bad",
      "arch": "|${BAD_OP}~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|"
    }
  ]
}
`;
const ARCH_LINE = BAD_CELL.split('\n').findIndex((l) => l.includes('"arch"'));

/** Diagnostics a language service for JSON produced (not ones the extension may add itself later). */
const fromJson = (d: readonly vscode.Diagnostic[]) => d.filter((x) => x.source === undefined || /json/i.test(x.source));

suite('jsonValidation schema', () => {
  const badUri = () => inWorkspace('unknown-op.nas.json');

  suiteSetup(async function () {
    const schema = join(extension().extensionPath, SCHEMA);
    if (!existsSync(schema)) {
      console.log(`    SKIP: ${SCHEMA} does not exist yet, so the jsonValidation tests are skipped`);
      this.skip();
    }
    const declared: { fileMatch: string; url: string }[] = extension().packageJSON.contributes?.jsonValidation ?? [];
    assert.ok(
      declared.some((v) => v.url.replace(/^\.\//, '') === SCHEMA),
      `package.json does not contribute ${SCHEMA} through jsonValidation`,
    );
    await vscode.workspace.fs.writeFile(badUri(), new TextEncoder().encode(BAD_CELL));
  });

  test(`an unknown op ("${BAD_OP}") in a *.nas.json gets a diagnostic from the JSON language service`, async function () {
    this.timeout(40_000);
    const d = await diagnosticsFor(badUri(), (x) => fromJson(x).length > 0, { timeoutMs: 30_000, quietMs: 30_000 });
    const json = fromJson(d);
    assert.ok(json.length > 0, `no diagnostics for ${BAD_OP}; all diagnostics: ${describeDiagnostics(d)}`);
    assert.ok(
      json.some((x) => x.range.start.line <= ARCH_LINE && x.range.end.line >= ARCH_LINE),
      `no diagnostic on line ${ARCH_LINE + 1} (the arch string); got ${describeDiagnostics(json)}`,
    );
    console.log(`    (diagnostics: ${describeDiagnostics(json)})`);
  });

  test('replacing the unknown op with a known one clears that diagnostic', async function () {
    this.timeout(40_000);
    const editor = await openFile(badUri());
    const text = editor.document.getText();
    const at = text.indexOf(BAD_OP);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(badUri(), new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + BAD_OP.length)), 'nor_conv_1x1');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const d = await waitForDiagnostics(badUri(), 'the diagnostic to go away', (x) => fromJson(x).length === 0, 30_000).catch((err) => {
      throw new Error(`${err.message}; still: ${describeDiagnostics(vscode.languages.getDiagnostics(badUri()))}`);
    });
    assert.equal(fromJson(d).length, 0);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('the NB-201 fixture a.nas.json validates without diagnostics', async function () {
    this.timeout(40_000);
    const uri = inWorkspace('a.nas.json');
    const d = await diagnosticsFor(uri, () => false, { timeoutMs: 20_000, quietMs: 3000 });
    assert.deepEqual(
      fromJson(d).map((x) => x.message),
      [],
      describeDiagnostics(d),
    );
  });
});
