/**
 * The cost targets of issue 11, measured in one run on the bundled models (npm run bench:costs):
 * one NB-201 cell p50 ≤ 2 ms; NB-201 batch ≥ 50,000 cells/s (predict over all 15,625 cells);
 * DARTS ≥ 10,000 cells/s (predict over 20,000 sampled cells); NB-101 all 423,624 cells ≤ 60 s (the
 * calibration pass: read, encode, score); weights ≤ 1 MB per model; the VSIX ≤ 15 MB (when built).
 * Speeds are wall clock and per CPU second of this process, with the load average (the machine is shared).
 * Writes bench/results/costs.{json,md}.
 *   npx tsx bench/costs.ts [--models DIR] [--vsix nas-lens.vsix] [--data DIR]
 */
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../src/core/rng';
import { getSpace } from '../src/core/spaces';
import { calibrate } from '../src/node/calibration-reference';
import { loadSurrogateDir } from '../src/node/surrogate-files';
import { initTfBackend } from '../src/node/tf-backend';
import { measureSpeed } from './surrogate-speed';
import { clocks, medianTime } from './step-timing';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const TARGETS = {
  nb201SingleP50Ms: 2,
  nb201BatchCellsPerSecond: 50_000,
  dartsCellsPerSecond: 10_000,
  nb101AllSeconds: 60,
  weightBytes: 1024 * 1024,
  vsixBytes: 15 * 1024 * 1024,
};

async function main(): Promise<void> {
  const modelsDir = resolve(option('models') ?? join(__dirname, '..', 'media', 'models'));
  const dataDir = resolve(option('data') ?? process.env.NAS_LENS_DATA ?? join(__dirname, '..', '..', 'shared', 'data'));
  const backend = await initTfBackend();
  tf.enableProdMode();
  const loadBefore = loadavg();
  const models: Record<string, unknown> = {};
  for (const name of readdirSync(modelsDir).sort()) {
    const dir = join(modelsDir, name);
    if (!existsSync(join(dir, 'model.json'))) continue;
    const weightBytes = statSync(join(dir, 'weights.bin')).size;
    const config = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { space: string; members: number; architecture: unknown };
    const entry: Record<string, unknown> = { space: config.space, members: config.members, architecture: config.architecture, weightBytes, load: loadavg()[0] };
    if (config.space === 'nb201') {
      Object.assign(
        entry,
        measureSpeed({ modelJson: readFileSync(join(dir, 'model.json'), 'utf8'), weightsBin: new Uint8Array(readFileSync(join(dir, 'weights.bin'))) }),
      );
    } else if (config.space === 'darts') {
      const model = await loadSurrogateDir(dir);
      const rng = createRng(5);
      const space = getSpace('darts');
      const cells = Array.from({ length: 20_000 }, () => space.sample(rng));
      model.predict(cells.slice(0, 200));
      const time = medianTime(3, () => model.predict(cells));
      model.dispose();
      Object.assign(entry, { cells: cells.length, cellsPerSecond: cells.length / (time.wallMs / 1000), cellsPerCpuSecond: cells.length / (time.cpuMs / 1000) });
    } else if (config.space === 'nb101') {
      const model = await loadSurrogateDir(dir);
      const t = clocks();
      const table = await calibrate(model, { nb101SpaceFile: join(dataDir, 'nb101_space.csv.gz') });
      const u = clocks();
      model.dispose();
      Object.assign(entry, { cells: table.count, allCellsSeconds: (u.wall - t.wall) / 1000, allCellsCpuSeconds: (u.cpu - t.cpu) / 1000 });
    }
    models[name] = entry;
    console.log(name, JSON.stringify(entry));
  }
  const vsixPath = option('vsix');
  const vsixBytes = vsixPath && existsSync(vsixPath) ? statSync(vsixPath).size : undefined;
  const report = {
    generated: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, tfjs: tf.version_core, backend },
    loadAverageBefore: loadBefore,
    loadAverageAfter: loadavg(),
    targets: TARGETS,
    models,
    ...(vsixBytes !== undefined ? { vsixBytes } : {}),
  };
  writeFileSync(join(__dirname, 'results', 'costs.json'), JSON.stringify(report, null, 2) + '\n');
  const fmt = (v: unknown, digits = 0) => (typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: digits }) : '—');
  const lines = [
    `# Costs of the bundled models (${report.generated}, load average ${loadBefore[0].toFixed(1)} → ${report.loadAverageAfter[0].toFixed(1)} on ${report.machine.cpus} cores)`,
    '',
    '| model | members | weights | NB-201 one cell p50 / p95 | NB-201 batch (wall; per CPU s) | DARTS batch (wall; per CPU s) | NB-101 all 423,624 cells (wall; CPU) |',
    '| --- | ---: | ---: | --- | --- | --- | --- |',
    ...Object.entries(models).map(([name, e]) => {
      const m = e as Record<string, number>;
      return (
        `| ${name} | ${m.members} | ${fmt(m.weightBytes / 1024, 1)} KiB | ${m.singleCellP50Ms !== undefined ? `${m.singleCellP50Ms.toFixed(2)} / ${m.singleCellP95Ms.toFixed(2)} ms` : '—'} | ` +
        `${m.batchCellsPerSecond !== undefined ? `${fmt(m.batchCellsPerSecond)}; ${fmt(m.batchCellsPerSecondCpu)} cells/s` : '—'} | ` +
        `${m.cellsPerSecond !== undefined ? `${fmt(m.cellsPerSecond)}; ${fmt(m.cellsPerCpuSecond)} cells/s` : '—'} | ` +
        `${m.allCellsSeconds !== undefined ? `${m.allCellsSeconds.toFixed(1)} s; ${m.allCellsCpuSeconds.toFixed(1)} s` : '—'} |`
      );
    }),
    '',
    ...(vsixBytes !== undefined ? [`VSIX: ${fmt(vsixBytes / 1024 / 1024, 2)} MB.`] : []),
  ];
  writeFileSync(join(__dirname, 'results', 'costs.md'), lines.join('\n') + '\n');
  console.log(lines.join('\n'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
