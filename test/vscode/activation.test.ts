// The extension loads and activates inside a real VS Code extension host (code-server 1.100.3, or a
// desktop VS Code through run-desktop.mjs) when a *.nas.json workspace is open.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, test } from './mocha-api';
import { EXTENSION_ID, extension, inWorkspace, openFile, waitFor, workspaceRoot } from './util';

suite('activation', () => {
  test('the extension under development is loaded', () => {
    const ext = extension();
    assert.equal(ext.id, EXTENSION_ID);
    assert.equal(ext.packageJSON.name, 'nas-lens');
    assert.equal(ext.packageJSON.publisher, 'nas-lens');
    console.log(
      `    (VS Code ${vscode.version}, ${vscode.env.appName}, uiKind ${vscode.UIKind[vscode.env.uiKind]}, remote ${vscode.env.remoteName ?? 'none'}, extension at ${ext.extensionUri.fsPath})`,
    );
  });

  test('the fixture workspace is open', async () => {
    const root = workspaceRoot();
    const files = await vscode.workspace.findFiles('**/*.nas.json');
    assert.ok(
      files.some((f) => f.path.endsWith('/a.nas.json')),
      `a.nas.json not found under ${root.fsPath}`,
    );
  });

  test('opening a *.nas.json file activates the extension', async function () {
    this.timeout(30_000);
    const editor = await openFile(inWorkspace('a.nas.json'));
    assert.match(editor.document.getText(), /nor_conv_3x3~0/);
    const ext = extension();
    await waitFor('the extension to activate', () => ext.isActive, 20_000);
    assert.equal(ext.isActive, true);
  });

  test('*.nas.json files get the jsonc language (contributes.languages)', async () => {
    const doc = await vscode.workspace.openTextDocument(inWorkspace('a.nas.json'));
    assert.equal(doc.languageId, 'jsonc');
  });

  test('every command in contributes.commands is registered once active', async () => {
    // A throwing activate() leaves isActive false (checked above); a command that is contributed
    // but never registered shows in the palette and fails when run.
    const ext = extension();
    const contributed: { command: string }[] = ext.packageJSON.contributes?.commands ?? [];
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.map((c) => c.command).filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `contributed commands not registered after activation: ${missing.join(', ')}`);
  });
});
