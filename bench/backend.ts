/**
 * cpu vs wasm for the surrogate (NB-201 model, default architecture): training step (batch 128) and
 * batched inference. Each backend runs in its own process. Writes bench/results/backend.json.
 *   npx tsx bench/backend.ts
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { DEFAULT_ARCHITECTURE } from '../src/core/surrogate/train';
import { initTfBackend, type BackendName } from '../src/node/tf-backend';
import { timeNb201Model, writeReport } from './step-timing';

const RESULT = join(__dirname, 'results', 'backend.json');

async function child(backend: BackendName): Promise<void> {
  const info = await initTfBackend({ backend });
  tf.enableProdMode();
  const timing = await timeNb201Model(DEFAULT_ARCHITECTURE, 128, backend === 'cpu' ? 3 : 5);
  process.stdout.write(JSON.stringify({ ...info, ...timing }) + '\n');
}

async function main(): Promise<void> {
  const which = process.argv.indexOf('--child');
  if (which >= 0) return child(process.argv[which + 1] as BackendName);
  const results: Record<string, unknown> = {};
  for (const backend of ['wasm', 'cpu'] as const) {
    const load = loadavg()[0];
    const out = execFileSync(process.execPath, [...process.execArgv, __filename, '--child', backend], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const line = out.trim().split('\n').pop() ?? '{}';
    results[backend] = { ...JSON.parse(line), loadAverageBefore: load };
    console.log(backend, line);
  }
  const report = {
    what: 'NB-201 surrogate, default architecture, ListMLE training step (batch 128) and batched inference over all 15,625 cells; single thread',
    architecture: DEFAULT_ARCHITECTURE,
    node: process.version,
    tfjs: tf.version_core,
    note: 'CPU ms are process user+system time; wall ms also depend on the load of the shared 2-core machine (loadAverageBefore)',
    measured: new Date().toISOString(),
    ...results,
  };
  writeReport(RESULT, report);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
