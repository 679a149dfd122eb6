// Models: a corrupt model gives a clear message (no crash), a model that appears or is repaired while
// the editor runs is picked up, and a custom model folder that is not usable falls back to the bundled ones.
import * as assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { suite, suiteSetup, suiteTeardown, test } from './mocha-api';
import { openFile } from './util';
import { api, setSetting, useFixtureModels, waitForLenses, writeWorkspaceFile } from './nas';

const CELL = '{ "space": "nb201", "cells": [ { "name": "m", "arch": "|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|skip_connect~2|" } ] }\n';

suite('models: corrupt, appearing, custom folder', () => {
  let root: string;

  suiteSetup(async function () {
    this.timeout(30_000);
    await useFixtureModels();
    root = vscode.workspace.workspaceFolders![0].uri.fsPath;
  });

  suiteTeardown(async () => {
    await setSetting('modelFolder', 'models');
  });

  test('a corrupt weights.bin: the lens says the model is broken, nothing throws; repairing the file brings the ranking back', async function () {
    this.timeout(60_000);
    const dir = join(root, 'models-corrupt', 'nb201-cifar10');
    mkdirSync(dir, { recursive: true });
    const good = join(root, 'models', 'nb201-cifar10');
    for (const f of ['model.json', 'calibration.json', 'card.json']) cpSync(join(good, f), join(dir, f));
    writeFileSync(join(dir, 'weights.bin'), readFileSync(join(good, 'weights.bin')).subarray(0, 100));
    await setSetting('modelFolder', 'models-corrupt');
    const uri = await writeWorkspaceFile('corrupt-model.nas.json', CELL);
    await openFile(uri);
    await waitForLenses(uri, 'the broken-model lens', (t) =>
      t.some((x) => x.startsWith('NB-201 · the NB-201 model for CIFAR-10 is broken (see Output › NAS Lens)')),
    );
    cpSync(join(good, 'weights.bin'), join(dir, 'weights.bin'));
    await waitForLenses(uri, 'the ranking after the repair', (t) => t.some((x) => x.startsWith('Top ')), 30_000);
  });

  test('a model that appears while the editor runs is picked up', async function () {
    this.timeout(60_000);
    const folder = join(root, 'models-later');
    mkdirSync(folder, { recursive: true });
    // A folder with some model (NB-101) is a valid custom folder; NB-201 CIFAR-10 is missing at first.
    cpSync(join(root, 'models', 'nb101-cifar10'), join(folder, 'nb101-cifar10'), { recursive: true });
    await setSetting('modelFolder', 'models-later');
    const uri = await writeWorkspaceFile('later-model.nas.json', CELL);
    await openFile(uri);
    await waitForLenses(uri, 'no model yet', (t) => t.some((x) => x.startsWith('NB-201 · no NB-201 model for CIFAR-10 yet')));
    cpSync(join(root, 'models', 'nb201-cifar10'), join(folder, 'nb201-cifar10'), { recursive: true });
    await waitForLenses(uri, 'the ranking once the model is there', (t) => t.some((x) => x.startsWith('Top ')), 30_000);
  });

  test('a custom folder that does not exist is not used: the bundled models rank (here: none)', async function () {
    this.timeout(30_000);
    const a = await api();
    await setSetting('modelFolder', 'no/such/folder');
    assert.equal(a.ctx.models.customRoot(), undefined);
    const uri = await writeWorkspaceFile('no-folder.nas.json', CELL);
    await openFile(uri);
    await waitForLenses(uri, 'no model', (t) => t.some((x) => x.startsWith('NB-201 · no NB-201 model for CIFAR-10 yet')));
    await setSetting('modelFolder', 'models');
    await waitForLenses(uri, 'ranked again with the fixture folder', (t) => t.some((x) => x.startsWith('Top ')));
  });
});
