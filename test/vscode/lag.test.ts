// The editor never stutters: the first rank of a file (model load, parse + hash of every cell, scoring
// and costing them) must not block the extension host's event loop. What the test asserts does not
// depend on the machine's speed or load:
//   - scoring runs in the ranking worker: every cell is scored through it, none on this thread;
//   - no stall of the event loop is longer than a few times a control measured in the same run on the
//     same thread: the host's whole work for the file (parse, hash and cost every cell) done in one
//     piece. Both scale with the machine; a model loaded or cells scored on this thread would not fit.
// The stalls themselves are measured (perf_hooks.monitorEventLoopDelay plus a 5 ms heartbeat and the
// main thread's own CPU time, while a fresh 1,000-cell file opens and is ranked with the models loaded
// anew) and reported, not held to a figure in milliseconds: on a shared 2-core machine the longest
// one is the file's parse and VS Code taking the providers' answers (≈ 25–40 ms here), both by design.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { suite, suiteTeardown, test } from './mocha-api';
import { extension, openFile, sleep } from './util';
import { api, countScoredCells, hoverText, inlayHints, lensTitles, positionOf, setSetting, useFixtureModels, waitForLenses, writeWorkspaceFile } from './nas';

/** No stall may be longer than this many times the host's whole work for the file done in one piece. */
export const MAX_STALL_WORKS = 3;
/** Cells of the measured files: enough that their work dwarfs the pipeline's fixed steps. */
const CELLS = 1000;

const OPS = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'];
const NB101_OPS = ['conv3x3-bn-relu', 'conv1x1-bn-relu', 'maxpool3x3'];

/** `count` cells never seen before in this extension host (NB-201 arch strings, every other one an NB-101 matrix, whose hash costs most). */
function freshFile(seed: number, count = CELLS): string {
  let x = seed >>> 0 || 1;
  const next = (n: number) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 2 === 1) {
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

/** Main-thread CPU time of `work` (wall time where the thread's CPU time cannot be read). */
function cpuMsOf(work: () => void): number {
  const cpu0 = mainThreadCpuMs();
  const t0 = performance.now();
  work();
  const cpu1 = mainThreadCpuMs();
  return cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : performance.now() - t0;
}

suite('extension host responsiveness', () => {
  suiteTeardown(async () => {
    await useFixtureModels();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test(`the first rank of a ${CELLS.toLocaleString('en-US')}-cell file (models loaded anew) scores in the ranking worker and never stalls the extension host for more than ${MAX_STALL_WORKS}× the host's work for the file`, async function () {
    this.timeout(180_000);
    const a = await api();
    // The models the VSIX ships when they are there (as a user has them), else the fixture models.
    const bundled = existsSync(join(extension().extensionPath, 'media', 'models', 'nb201-cifar10', 'model.json'));
    if (bundled) {
      a.testing.useBundledModels(undefined);
      await setSetting('modelFolder', undefined);
    } else {
      await useFixtureModels();
    }
    await setSetting('dataset', 'cifar10');
    const scored = countScoredCells(a);
    const seed = Date.now();
    const ms = (x: number) => `${Math.max(0, x).toFixed(0)} ms`;
    /** NAS Lens's part for a fresh file: it opens (diagnostics parse it), is ranked with the models loaded anew, and every provider answers. */
    const firstRank = async (name: string, cells: number, fileSeed: number) => {
      a.ctx.models.reset();
      // Counted from before the file exists: anything that ranks it as soon as it is written counts too.
      scored.count = 0;
      const uri = await writeWorkspaceFile(name, freshFile(fileSeed, cells));
      // No editor shows the file here, so VS Code's own JSON features (symbols, colours, folding) do not run.
      const measured = await stalls(async () => {
        const doc = await vscode.workspace.openTextDocument(uri);
        const r = await a.ctx.analyzer.analyze(doc);
        const valid = r.cells.filter((c) => c.parsed.valid);
        assert.equal(r.cells.filter((c) => c.ranking).length, valid.length, 'every valid cell ranked');
        assert.ok(valid.length >= 0.75 * cells, `${valid.length} of ${cells} cells valid`);
        assert.ok(scored.count >= new Set(valid.map((c) => c.hash)).size, `${scored.count} cells scored in the ranking worker for ${valid.length} valid cells`);
        const lenses = await lensTitles(uri);
        assert.ok(lenses.filter((t) => t.startsWith('Top ')).length >= 0.75 * cells, `lenses: ${lenses.slice(0, 3).join(' / ')}`);
        await inlayHints(uri);
        await hoverText(uri, await positionOf(uri, '"n1"', 2));
      });
      return { uri, ...measured };
    };
    const figures: string[] = [];
    let worst = 0;
    let workMs = 0;
    try {
      // Warm-up, reported only: what a fresh extension host does once (compiling these code paths, starting the ranking worker).
      const warm = await firstRank('lag-warm-up.nas.json', 100, seed - 1);
      // Baseline: the same heartbeat while nothing of NAS Lens runs (the shared machine's own noise).
      const idle = await stalls(() => sleep(1500));
      // The control: the host's work for a file of this size done in one piece, on fresh cells (a text no editor holds).
      const controlText = freshFile(seed + 100);
      workMs = cpuMsOf(() => {
        const parsed = a.ctx.analyzer.parse({
          uri: { toString: () => `nas-lens-test:lag-control-${seed}` },
          version: 1,
          fileName: 'lag-control.nas.json',
          getText: () => controlText,
        });
        for (const c of parsed.cells) {
          const hash = c.hash;
          if (hash && c.parsed.cell) a.ctx.ranker.cost(c.parsed.cell, hash, 'cifar10');
        }
      });
      for (let round = 0; round < 2; round++) {
        const ours = await firstRank(`lag-${round}.nas.json`, CELLS, seed + round);
        worst = Math.max(worst, ours.busyMs);
        // The same file in an editor: everything the extension host does for it, VS Code's JSON features included (reported, not asserted).
        const shown = await stalls(async () => {
          await openFile(ours.uri);
          await waitForLenses(ours.uri, 'the lenses in the editor', (t) => t.filter((x) => x.startsWith('Top ')).length >= 0.75 * CELLS, 60_000);
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
        `      longest event-loop stall, first rank of ${CELLS} fresh cells with ${models}: ${figures.join('; ')}; ` +
          `control: the host's work for ${CELLS} cells in one piece ${ms(workMs)}; warm-up busy ${ms(warm.busyMs)}; idle baseline busy ${ms(idle.busyMs)} (wall ${ms(idle.wallMs)})`,
      );
    } finally {
      scored.restore();
    }
    assert.ok(
      a.ctx.models.loaded().every((m) => typeof m.score === 'function'),
      'every model scores through the ranking worker',
    );
    assert.ok(workMs > 0, 'the control measured some work');
    assert.ok(
      worst <= MAX_STALL_WORKS * workMs,
      `the extension host's thread was busy for ${worst.toFixed(0)} ms without yielding: more than ${MAX_STALL_WORKS}× the ${workMs.toFixed(0)} ms its whole work for the file takes in one piece`,
    );
  });
});
