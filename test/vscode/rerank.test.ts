// After an edit the editor re-ranks a 200-cell file by scoring only the cell that changed (the scores of
// the others are cached by canonical hash), in the real extension host through the analyzer the
// providers use. How long that takes is reported here, not asserted (a test must not depend on the
// machine's speed or load): bench/editor-rerank.ts measures it, with the wasm/cpu comparison.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, suiteSetup, test } from './mocha-api';
import { openFile } from './util';
import { api, countScoredCells, useFixtureModels, writeWorkspaceFile } from './nas';

const OPS = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'];

function file(cells: number): string {
  const lines: string[] = [];
  for (let i = 0; i < cells; i++) {
    const op = (k: number) => OPS[(i * 7 + k * 3 + (i >> 2)) % OPS.length];
    if (i % 5 === 4) {
      lines.push(
        `    { "name": "n${i}", "space": "nb101", "matrix": [[0,1,1,0,0],[0,0,0,1,0],[0,0,0,1,0],[0,0,0,0,1],[0,0,0,0,0]], "ops": ["input", "${i % 2 ? 'conv3x3-bn-relu' : 'conv1x1-bn-relu'}", "${i % 3 ? 'maxpool3x3' : 'conv3x3-bn-relu'}", "conv3x3-bn-relu", "output"] }`,
      );
    } else {
      lines.push(`    { "name": "c${i}", "arch": "|${op(0)}~0|+|${op(1)}~0|${op(2)}~1|+|${op(3)}~0|${op(4)}~1|${op(5)}~2|" }`);
    }
  }
  return `{\n  "space": "nb201",\n  "cells": [\n${lines.join(',\n')}\n  ]\n}\n`;
}

suite('re-rank latency', () => {
  suiteSetup(async function () {
    this.timeout(30_000);
    await useFixtureModels();
  });

  test('after an edit of a 200-cell file only the changed cell is scored again, and every cell stays ranked (15 edits)', async function () {
    this.timeout(60_000);
    const a = await api();
    const uri = await writeWorkspaceFile('rerank-200.nas.json', file(200));
    const editor = await openFile(uri);
    const first = await a.ctx.analyzer.analyze(editor.document);
    assert.equal(first.cells.length, 200);
    assert.equal(first.cells.filter((c) => c.ranking).length, 200);
    const scored = countScoredCells(a);
    const times: number[] = [];
    const perEdit: number[] = [];
    const newPerEdit: number[] = [];
    // Every hash scored so far (the scores are cached by canonical hash; an edit can make a cell equal to one seen before).
    const seen = new Set(first.cells.map((c) => c.hash));
    try {
      for (let k = 0; k < 15; k++) {
        const at = editor.document.getText().indexOf(`"c${k * 5}"`);
        const opAt = editor.document.getText().indexOf('~0|', at) - 1;
        const doc = editor.document;
        const range = doc.getWordRangeAtPosition(doc.positionAt(opAt), /[a-z_0-9]+/)!;
        const next = OPS[(OPS.indexOf(doc.getText(range)) + 1) % OPS.length];
        await editor.edit((b) => b.replace(range, next));
        scored.count = 0;
        const t = performance.now();
        const r = await a.ctx.analyzer.analyze(editor.document);
        times.push(performance.now() - t);
        perEdit.push(scored.count);
        const fresh = new Set(r.cells.map((c) => c.hash).filter((h) => !seen.has(h)));
        newPerEdit.push(fresh.size);
        for (const h of fresh) seen.add(h);
        assert.equal(r.version, editor.document.version);
        assert.equal(r.cells.filter((c) => c.ranking).length, 200, `edit ${k + 1}: every cell ranked`);
      }
    } finally {
      scored.restore();
    }
    times.sort((x, y) => x - y);
    const median = times[Math.floor(times.length / 2)];
    console.log(
      `      re-rank after an edit: median ${median.toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms (200 cells, extension host); cells scored per edit: ${perEdit.join(' ')}`,
    );
    // Exactly the cells never scored before: the edited one, or none when it now equals a cell already scored.
    assert.deepEqual(perEdit, newPerEdit, `cells scored per edit ${perEdit.join(' ')}; cells never seen before ${newPerEdit.join(' ')}`);
    assert.ok(perEdit.every((n) => n <= 1) && perEdit.some((n) => n === 1), `cells scored per edit: ${perEdit.join(', ')}`);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
