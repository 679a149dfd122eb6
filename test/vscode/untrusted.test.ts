// Restricted mode: this suite runs in its own window whose folder is NOT trusted (code-server with
// workspace trust on and no start-up prompt: test/e2e/exthost.mjs --untrusted). The workspace's
// .vscode/settings.json sets nasLens.modelFolder to the fixture models; package.json declares
// capabilities.untrustedWorkspaces "limited" with that setting restricted, so NAS Lens must ignore it,
// rank with the bundled models, and tell the user once why.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import * as vscode from 'vscode';
import { suite, test } from './mocha-api';
import { extension, inWorkspace, openFile, waitFor } from './util';
import { api, example, waitForLenses } from './nas';

suite('untrusted workspace (restricted mode)', () => {
  test('the folder is not trusted, and NAS Lens is active in restricted mode', async function () {
    this.timeout(30_000);
    assert.equal(vscode.workspace.isTrusted, false, 'the harness opened the folder untrusted');
    const ext = extension();
    assert.equal(ext.packageJSON.capabilities?.untrustedWorkspaces?.supported, 'limited');
    const restricted = ext.packageJSON.capabilities?.untrustedWorkspaces?.restrictedConfigurations as string[];
    assert.equal(restricted[0], 'nasLens.modelFolder');
    for (const key of ['runs.command', 'runs.backend', 'runs.preamble', 'runs.slurm.partition', 'runs.slurm.sbatch'])
      assert.ok(restricted.includes(`nasLens.${key}`), key);
    await openFile(inWorkspace('a.nas.json'));
    await waitFor('the extension to activate', () => ext.isActive, 20_000);
  });

  test("the workspace's nasLens.modelFolder is ignored: the bundled models rank, and the user is told once why", async function () {
    this.timeout(60_000);
    const a = await api();
    // VS Code hides the restricted setting's workspace value in restricted mode (inspect() too); the file sets it.
    const inspected = vscode.workspace.getConfiguration('nasLens').inspect<string>('modelFolder');
    assert.equal(inspected?.workspaceValue, undefined, 'restricted mode hides the workspace value');
    const written = JSON.parse(readFileSync(inWorkspace('.vscode', 'settings.json').fsPath, 'utf8')) as Record<string, unknown>;
    assert.equal(written['nasLens.modelFolder'], 'models', 'the workspace sets a custom model folder');
    assert.ok(existsSync(join(inWorkspace('models', 'nb201-cifar10').fsPath, 'model.json')), 'the custom folder holds a usable model');
    const s = a.ctx.settings;
    assert.equal(s.modelFolder, undefined);
    assert.equal(s.modelFolderIgnored, 'models');
    assert.equal(a.ctx.models.customRoot(), undefined);

    const uri = inWorkspace('a.nas.json');
    await openFile(uri);
    const titles = await waitForLenses(uri, 'a ranking lens', (t) => t.some((x) => x.startsWith('Top ')), 30_000);
    const bundledRoot = join(extension().extensionPath, 'media', 'models') + sep;
    const loaded = a.ctx.models.loaded();
    assert.ok(loaded.length > 0, 'a model is loaded');
    for (const m of loaded) {
      assert.equal(m.source, 'bundled', `${m.space}-${m.dataset} comes from ${m.dir}`);
      assert.ok(m.dir.startsWith(bundledRoot), `${m.dir} is under ${bundledRoot}`);
    }
    const notice = a.ctx.models.untrustedNotice;
    assert.ok(notice, 'the user was told');
    assert.equal(a.ctx.models.untrustedNotices, 1);
    assert.match(notice, /not trusted/);
    assert.match(notice, /nasLens\.modelFolder: "models"/);
    assert.match(notice, /bundled models/);

    // Once: more files, another dataset's model, and a reload of every model tell nobody again.
    const other = example('cells.nas.json');
    await openFile(other);
    await waitForLenses(other, 'the examples ranked', (t) => t.some((x) => x.startsWith('Top ')), 30_000);
    a.ctx.models.reset();
    await waitForLenses(uri, 'ranked again after a reset', (t) => t.some((x) => x.startsWith('Top ')), 30_000);
    assert.equal(a.ctx.models.untrustedNotice, notice);
    assert.equal(a.ctx.models.untrustedNotices, 1, 'told once');
    console.log(`      ${titles.find((t) => t.startsWith('Top '))} (bundled ${loaded.map((m) => `${m.space}-${m.dataset}`).join(', ')}); told: ${notice}`);
  });
});
