// The editor never stutters: the first rank of a file (model load, parse + hash of every cell, scoring
// and costing them) must not block the extension host's event loop. Measured in the real extension
// host with perf_hooks.monitorEventLoopDelay plus a 5 ms heartbeat: the longest stall while a fresh
// 200-cell file opens and is ranked, with the models loaded anew (ModelRegistry.reset()).
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { suite, suiteTeardown, test } from './mocha-api';
import { extension, openFile, sleep } from './util';
import { api, hoverText, inlayHints, lensTitles, positionOf, setSetting, useFixtureModels, waitForLenses, writeWorkspaceFile } from './nas';

/** The limit for one stall of the extension host's event loop (ms). */
export const MAX_STALL_MS = 50;

const OPS = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'];
const NB101_OPS = ['conv3x3-bn-relu', 'conv1x1-bn-relu', 'maxpool3x3'];

/** 200 cells never seen before in this extension host (NB-201 arch strings, every 5th an NB-101 matrix). */
function freshFile(seed: number): string {
  let x = seed >>> 0 || 1;
  const next = (n: number) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
  const lines: string[] = [];
  for (let i = 0; i < 200; i++) {
    if (i % 5 === 4) {
      const ops = [0, 1, 2].map(() => `"${NB101_OPS[next(3)]}"`).join(', ');
      lines.push(
        `    { "name": "n${i}", "space": "nb101", "matrix": [[0,1,1,0,0],[0,0,${next(2)},1,0],[0,0,0,1,${next(2)}],[0,0,0,0,1],[0,0,0,0,0]], "ops": ["input", ${ops}, "output"] }`,
      );
    } else {
      const op = () => OPS[next(OPS.length)];
      lines.push(`    { "name": "c${i}", "arch": "|${op()}~0|+|${op()}~0|${op()}~1|+|${op()}~0|${op()}~1|${op()}~2|" }`);
    }
  }
  return `{\n  "space": "nb201",\n  "cells": [\n${lines.join(',\n')}\n  ]\n}\n`;
}

/** On-CPU time of the extension host's main thread in ms (Linux: /proc schedstat, ns precision); undefined elsewhere. */
function mainThreadCpuMs(): number | undefined {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return undefined;
  }
}

interface Stalls {
  /** Longest wall-clock gap of a 5 ms heartbeat, beyond its 5 ms. */
  readonly wallMs: number;
  /** Of the longest gaps, the most time the main thread spent on the CPU in one: blocked by work, not waiting for a core. */
  readonly busyMs: number;
  /** monitorEventLoopDelay's maximum and 99th percentile (wall clock). */
  readonly histogramMaxMs: number;
  readonly p99Ms: number;
}

/**
 * The event loop's longest stall while `body` runs. Wall clock alone also counts the time the thread
 * waits for a core (2 shared cores, busy with training runs, chromium, the worker): the main thread's
 * own CPU time during each gap tells the extension's blocking apart from the machine's load.
 */
async function stalls<T>(body: () => Promise<T>): Promise<Stalls & { result: T }> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  let wall = 0;
  let busy = 0;
  let last = performance.now();
  let lastCpu = mainThreadCpuMs();
  const beat = setInterval(() => {
    const now = performance.now();
    const cpu = mainThreadCpuMs();
    const gap = now - last - 5;
    wall = Math.max(wall, gap);
    busy = Math.max(busy, cpu !== undefined && lastCpu !== undefined ? Math.min(gap, cpu - lastCpu) : gap);
    last = now;
    lastCpu = cpu;
  }, 5);
  h.enable();
  try {
    const result = await body();
    await sleep(100);
    return { result, wallMs: wall, busyMs: busy, histogramMaxMs: h.max / 1e6 - 5, p99Ms: h.percentile(99) / 1e6 - 5 };
  } finally {
    clearInterval(beat);
    h.disable();
  }
}

suite('extension host responsiveness', () => {
  suiteTeardown(async () => {
    await useFixtureModels();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test(`the first rank of a 200-cell file (models loaded anew) never stalls the extension host for more than ${MAX_STALL_MS} ms`, async function () {
    this.timeout(120_000);
    const a = await api();
    // The models the VSIX ships when they are there (as a user has them), else the fixture models.
    const bundled = existsSync(join(extension().extensionPath, 'media', 'models', 'nb201-cifar10', 'model.json'));
    if (bundled) {
      a.ctx.models.setBundledRootForTests(undefined);
      await setSetting('modelFolder', undefined);
    } else {
      await useFixtureModels();
    }
    await setSetting('dataset', 'cifar10');
    // Baseline: the same heartbeat while nothing of NAS Lens runs (the shared machine's own noise).
    const idle = await stalls(() => sleep(1500));
    const figures: string[] = [];
    let worst = 0;
    const ms = (x: number) => `${Math.max(0, x).toFixed(0)} ms`;
    for (let round = 0; round < 2; round++) {
      a.ctx.models.reset();
      const uri = await writeWorkspaceFile(`lag-${round}.nas.json`, freshFile(Date.now() + round));
      // NAS Lens's part: the document opens (diagnostics parse it), is ranked, and every provider answers.
      // No editor shows it, so VS Code's own JSON features (symbols, colours, folding) do not run here.
      const ours = await stalls(async () => {
        const doc = await vscode.workspace.openTextDocument(uri);
        const r = await a.ctx.analyzer.analyze(doc);
        assert.equal(r.cells.filter((c) => c.ranking).length, 200, 'every cell ranked');
        const lenses = await lensTitles(uri);
        assert.ok(lenses.filter((t) => t.startsWith('Top ')).length >= 150, `lenses: ${lenses.slice(0, 3).join(' / ')}`);
        await inlayHints(uri);
        await hoverText(uri, await positionOf(uri, '"n4"', 2));
        return r;
      });
      worst = Math.max(worst, ours.busyMs);
      // The same file in an editor: everything the extension host does for it, VS Code's JSON features included (reported, not asserted).
      const shown = await stalls(async () => {
        await openFile(uri);
        await waitForLenses(uri, 'the lenses in the editor', (t) => t.filter((x) => x.startsWith('Top ')).length >= 150, 60_000);
        await sleep(500);
      });
      figures.push(
        `round ${round + 1}: NAS Lens busy ${ms(ours.busyMs)} (wall ${ms(ours.wallMs)}, histogram max ${ms(ours.histogramMaxMs)}, p99 ${ms(ours.p99Ms)}); in an editor busy ${ms(shown.busyMs)} (wall ${ms(shown.wallMs)})`,
      );
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
    const models = a.ctx.models
      .loaded()
      .map((m) => `${m.space}-${m.dataset} (${m.source})`)
      .join(', ');
    console.log(
      `      longest event-loop stall, first rank of 200 fresh cells with ${models}: ${figures.join('; ')}; idle baseline busy ${ms(idle.busyMs)} (wall ${ms(idle.wallMs)})`,
    );
    assert.ok(worst <= MAX_STALL_MS, `the extension host's thread was busy for ${worst.toFixed(0)} ms without yielding (limit ${MAX_STALL_MS} ms)`);
  });
});
