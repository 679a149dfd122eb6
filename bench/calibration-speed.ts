/**
 * Times the calibration pass of a saved model over its reference set (NB-101: all 423,624 cells of
 * nb101_space.csv.gz, streamed, encoded and ranked), wall and CPU.
 *   npx tsx bench/calibration-speed.ts [--model media/models/nb101-cifar10] [--data DIR]
 */
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { calibrate } from '../src/node/calibration-reference';
import { loadSurrogateDir } from '../src/node/surrogate-files';
import { initTfBackend } from '../src/node/tf-backend';
import { clocks } from './step-timing';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const dir = resolve(option('model') ?? join(__dirname, '..', 'media', 'models', 'nb101-cifar10'));
  const dataDir = resolve(option('data') ?? process.env.NAS_LENS_DATA ?? join(__dirname, '..', '..', 'shared', 'data'));
  await initTfBackend();
  const model = await loadSurrogateDir(dir);
  try {
    const load = loadavg()[0];
    const t = clocks();
    const table = await calibrate(model, { nb101SpaceFile: join(dataDir, 'nb101_space.csv.gz') });
    const u = clocks();
    console.log(
      JSON.stringify({
        model: dir.replace(/.*\/(media\/)/, '$1'),
        reference: table.reference,
        cells: table.count,
        wallSeconds: (u.wall - t.wall) / 1000,
        cpuSeconds: (u.cpu - t.cpu) / 1000,
        loadAverageBefore: load,
      }),
    );
  } finally {
    model.dispose();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
