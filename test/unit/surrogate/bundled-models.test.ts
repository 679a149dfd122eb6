import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { getSpace } from '../../../src/core/spaces';
import { createRng } from '../../../src/core/rng';
import type { Cell, SpaceId } from '../../../src/core/spaces/types';
import { loadSurrogateDir } from '../../../src/node/surrogate-files';
import { initTfBackend } from '../../../src/node/tf-backend';
import type { ModelCard } from '../../../src/node/train-surrogate';

const root = join(__dirname, '..', '..', '..');
const modelsDir = join(root, 'media', 'models');
const EXPECTED = ['darts-cifar10', 'nb101-cifar10', 'nb201-cifar10', 'nb201-cifar100', 'nb201-imagenet16'];

describe('bundled models (media/models)', () => {
  test("the five models ship, each with weights ≤ 1 MB whose sha256 is the card's, a card and a calibration table over the whole space", () => {
    assert.deepEqual(readdirSync(modelsDir).sort(), EXPECTED);
    for (const name of EXPECTED) {
      const dir = join(modelsDir, name);
      for (const f of ['model.json', 'weights.bin', 'card.json', 'calibration.json']) assert.ok(existsSync(join(dir, f)), `${name}/${f}`);
      const card = JSON.parse(readFileSync(join(dir, 'card.json'), 'utf8')) as ModelCard;
      const weights = readFileSync(join(dir, 'weights.bin'));
      assert.ok(weights.length <= 1024 * 1024, `${name}: ${weights.length} bytes`);
      assert.equal(card.weights.sha256, createHash('sha256').update(weights).digest('hex'), `${name}: sha256`);
      assert.equal(card.name, name);
      assert.ok(card.evaluation.validation ?? card.evaluation.crossValidation, `${name}: the card has evaluation figures`);
      const calibration = JSON.parse(readFileSync(join(dir, 'calibration.json'), 'utf8')) as { count: number; space: string };
      const minimum: Record<string, number> = { nb201: 15_625, nb101: 423_624, darts: 100_000 };
      assert.ok(calibration.count >= minimum[card.space], `${name}: calibration over ${calibration.count} cells`);
    }
  });

  test("the README's model-card table is the one the cards give", () => {
    execFileSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'model-cards.ts'), '--check'], { cwd: root, stdio: 'pipe' });
  });

  test('darts-cifar10 ranks a cell and its canonical twin the same, and a published cell above a pooling-only one', async () => {
    await initTfBackend();
    const model = await loadSurrogateDir(join(modelsDir, 'darts-cifar10'));
    try {
      const space = getSpace('darts' as SpaceId);
      const rng = createRng(3);
      const cell = space.sample(rng) as Cell & { space: 'darts' };
      // the same cell with each node's two inputs listed the other way round
      const swapped = { ...cell, normal: cell.normal.map((_, i, e) => e[i ^ 1]), reduce: cell.reduce.map((_, i, e) => e[i ^ 1]) };
      assert.equal(space.hash(swapped as never), space.hash(cell as never));
      const [a, b] = model.predict([cell, swapped]);
      assert.ok(Math.abs(a - b) < 1e-4, `${a} vs ${b}`);
      const pools = {
        space: 'darts' as const,
        normal: cell.normal.map(([, input]) => ['max_pool_3x3', input] as const),
        reduce: cell.reduce.map(([, input]) => ['max_pool_3x3', input] as const),
      };
      const pdarts = {
        space: 'darts' as const,
        normal: [
          'sep_conv_3x3~0',
          'dil_conv_3x3~1',
          'skip_connect~0',
          'sep_conv_3x3~1',
          'sep_conv_3x3~1',
          'sep_conv_3x3~3',
          'sep_conv_3x3~0',
          'dil_conv_5x5~4',
        ],
        reduce: [
          'avg_pool_3x3~0',
          'sep_conv_5x5~1',
          'sep_conv_3x3~0',
          'dil_conv_5x5~2',
          'max_pool_3x3~0',
          'dil_conv_3x3~1',
          'dil_conv_3x3~1',
          'sep_conv_5x5~3',
        ],
      };
      const toEdges = (list: string[]) => list.map((t) => [t.split('~')[0], Number(t.split('~')[1])] as const);
      const published = { space: 'darts' as const, normal: toEdges(pdarts.normal), reduce: toEdges(pdarts.reduce) };
      assert.equal(space.validate(published as never).length, 0);
      const [good, bad] = model.predict([published, pools] as never);
      assert.ok(good > bad, `P-DARTS ${good} vs all max-pool ${bad}`);
      assert.ok(model.percentile([good])[0] > 90, 'P-DARTS is in the predicted top 10 %');
    } finally {
      model.dispose();
    }
  });
});
