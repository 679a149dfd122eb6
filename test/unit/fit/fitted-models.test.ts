import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { activeFittedModel } from '../../../src/node/fitted-models';
import { fittedModelName, fitRequestOf } from '../../../src/worker/fit-request';
import { measuredToy } from './helpers';

const root = mkdtempSync(join(tmpdir(), 'nas-lens-fitted-models-'));
after(() => rmSync(root, { recursive: true, force: true }));

function folder(name: string, card: Record<string, unknown> | string | undefined, model = true): string {
  const dir = join(root, 'ws', '.nas-lens', 'models', name);
  mkdirSync(dir, { recursive: true });
  if (card !== undefined) writeFileSync(join(dir, 'card.json'), typeof card === 'string' ? card : JSON.stringify(card));
  if (model) writeFileSync(join(dir, 'model.json'), '{}');
  return dir;
}

const card = (over: Record<string, unknown> = {}) => ({
  kind: 'fitted',
  space: 'nb201',
  decision: { used: true, message: 'better' },
  created: '2026-12-07T01:00:00.000Z',
  ...over,
});

describe('the fitted model a workspace ranks a space with', () => {
  test('none without .nas-lens/models', () => {
    assert.equal(activeFittedModel(join(root, 'nothing'), 'nb201'), undefined);
  });

  test('only a fitted model of the space whose cross-validation chose it; the latest created wins', () => {
    folder('nb201-old', card({ created: '2026-12-06T01:00:00.000Z' }));
    const latest = folder('nb201-test_acc', card({ created: '2026-12-07T02:00:00.000Z' }));
    folder('nb201-refused', card({ decision: { used: false, message: 'prior better' }, created: '2026-12-08T00:00:00.000Z' }));
    folder('nb201-bundled-copy', card({ kind: undefined, created: '2026-12-09T00:00:00.000Z' }));
    folder('nb201-no-model', card({ created: '2026-12-10T00:00:00.000Z' }), false);
    folder('nb201-broken', '{ not json');
    folder('nb201-array', '[1, 2]');
    folder('nb101-x', card({ space: 'nb101', created: '2026-12-11T00:00:00.000Z' }));
    folder('nb201-wrong-space', card({ space: 'nb101', created: '2026-12-12T00:00:00.000Z' }));
    const got = activeFittedModel(join(root, 'ws'), 'nb201');
    assert.deepEqual(got, { dir: latest, folder: 'nb201-test_acc', created: '2026-12-07T02:00:00.000Z' });
    assert.equal(activeFittedModel(join(root, 'ws'), 'nb101')?.folder, 'nb101-x');
    assert.equal(activeFittedModel(join(root, 'ws'), 'darts'), undefined);
  });
});

describe('the fit request both faces send', () => {
  const prior = join(root, 'prior');
  mkdirSync(prior, { recursive: true });
  writeFileSync(join(prior, 'model.json'), '{}');

  test('a metric becomes a folder-safe model name', () => {
    assert.equal(fittedModelName('test_acc'), 'test_acc');
    assert.equal(fittedModelName('top-1 acc (%)'), 'top-1-acc-');
    assert.equal(fittedModelName('../x'), 'x');
    assert.equal(fittedModelName('***'), 'fitted');
  });

  test('defaults: .nas-lens/models/<space>-<metric> under the root, the prior, the files; overrides pass through', () => {
    const measured = measuredToy(8);
    const r = fitRequestOf({ space: 'nb201', measured, metric: 'test_acc', files: ['a.jsonl'], root: join(root, 'ws2'), priorDir: prior, seed: 4 });
    assert.equal(r.outDir, join(root, 'ws2', '.nas-lens', 'models', 'nb201-test_acc'));
    assert.equal(r.name, 'test_acc');
    assert.equal(r.priorDir, prior);
    assert.equal(r.seed, 4);
    assert.equal(r.recipe, undefined);
    assert.deepEqual(r.files, ['a.jsonl']);
    const o = fitRequestOf({
      space: 'nb201',
      measured,
      metric: 'test_acc',
      files: [],
      root,
      priorDir: prior,
      seed: 1,
      name: 'mine',
      epochs: 2,
      members: 3,
      folds: 3,
    });
    assert.equal(o.outDir, join(root, '.nas-lens', 'models', 'nb201-mine'));
    assert.deepEqual(o.recipe, { epochs: 2, members: 3 });
    assert.equal(o.folds, 3);
  });

  test('a missing prior or a name that is not a plain file name is refused', () => {
    const base = { space: 'nb201' as const, measured: measuredToy(8), metric: 'm', files: [], root, seed: 0 };
    assert.throws(() => fitRequestOf({ ...base, priorDir: join(root, 'none') }), /no prior model in .*model\.json missing/);
    assert.throws(() => fitRequestOf({ ...base, priorDir: prior, name: '../evil' }), /a fitted model's name must be/);
  });
});
