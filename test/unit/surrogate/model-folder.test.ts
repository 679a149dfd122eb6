// Hostile or mismatched model folders (issue 10 §2): sizes checked before anything is built, the
// card's sha256 against weights.bin, and scores that are not finite refused.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseSurrogate, serializeSurrogate, SurrogateFormatError } from '../../../src/core/surrogate';
import { enumerateNb201 } from '../../../src/core/spaces/nb201';
import { loadSurrogateDir, sha256 } from '../../../src/node/surrogate-files';
import { initTfBackend } from '../../../src/node/tf-backend';
import { makeTinyModel } from '../worker/tiny-model';
import { trainToyModel } from './helpers';

let dir: string;
let good: string;
before(async () => {
  await initTfBackend();
  dir = mkdtempSync(join(tmpdir(), 'nas-lens-model-folder-'));
  good = await makeTinyModel(join(dir, 'good'), 'nb201');
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the good model folder with some files replaced. */
function variant(name: string, files: Record<string, string | Uint8Array | undefined>): string {
  const out = join(dir, name);
  mkdirSync(out, { recursive: true });
  for (const f of ['model.json', 'weights.bin', 'card.json', 'calibration.json']) {
    const content = Object.hasOwn(files, f) ? files[f] : readFileSync(join(good, f));
    if (content !== undefined) writeFileSync(join(out, f), content);
  }
  return out;
}

test('declared sizes are checked against weights.bin before any layout is built (1e8 layers, 1e8 hidden)', async () => {
  const { trained } = await trainToyModel(32, 1);
  const files = serializeSurrogate(trained.config, trained.weights);
  const json = JSON.parse(files.modelJson);
  for (const architecture of [
    { ...json.architecture, layers: 100_000_000 },
    { ...json.architecture, hidden: 100_000_000, layers: 1_000_000 },
    { ...json.architecture, headHidden: 1e8 },
  ]) {
    const before = process.memoryUsage().rss;
    assert.throws(
      () => parseSurrogate({ ...json, architecture }, files.weightsBin),
      (e: Error) => e instanceof SurrogateFormatError && /model\.json declares \d+ weight bytes but its architecture needs \d+/.test(e.message),
    );
    const { weightsByteLength: _, ...undeclared } = json;
    assert.throws(() => parseSurrogate({ ...undeclared, architecture }, files.weightsBin), /weights\.bin is truncated: \d+ bytes, the model needs \d+/);
    // 1e8 layers laid out would take gigabytes; refusing them takes nothing.
    assert.ok(process.memoryUsage().rss - before < 200 * 2 ** 20, 'no big allocation before the refusal');
  }
});

test('card.json: missing, unreadable or naming other weights is refused with the path and what would be valid', async () => {
  const make = variant;
  const noCard = make('no-card', { 'card.json': undefined });
  await assert.rejects(loadSurrogateDir(noCard), /no-card.card\.json is missing: a model folder needs the card nas-lens train writes/);
  const badCard = make('bad-card', { 'card.json': '{ "weights": ' });
  await assert.rejects(loadSurrogateDir(badCard), /bad-card.card\.json is not valid JSON/);
  const noSha = make('no-sha', { 'card.json': '{ "weights": {} }' });
  await assert.rejects(loadSurrogateDir(noSha), /weights\.sha256 must be the 64 hex digits/);

  // weights of another model of the same layout: the sizes fit, the card does not
  const other = await makeTinyModel(join(dir, 'other'), 'nb201', { cells: 40 });
  const copied = make('copied', { 'weights.bin': readFileSync(join(other, 'weights.bin')) });
  await assert.rejects(loadSurrogateDir(copied), /copied.weights\.bin does not match .*card\.json: its sha256 is [0-9a-f]{64}, the card names [0-9a-f]{64}/);
  // the good folder still loads
  (await loadSurrogateDir(good)).dispose();
});

test('finite garbage weights (all 3e38) with a card that matches them: scores that are not finite are refused, never a "100 %"', async () => {
  const size = readFileSync(join(good, 'weights.bin')).length;
  const garbage = new Uint8Array(size);
  const view = new DataView(garbage.buffer);
  for (let i = 0; i < size; i += 4) view.setFloat32(i, 3e38, true);
  const folder = variant('garbage', { 'weights.bin': garbage, 'card.json': JSON.stringify({ weights: { sha256: sha256(garbage) } }) });
  const model = await loadSurrogateDir(folder);
  try {
    assert.throws(
      () => model.predict(enumerateNb201().slice(0, 5)),
      /the model gives a non-finite score \((-?Infinity|NaN)\) for cell 1 of 5: its weights are corrupt/,
    );
  } finally {
    model.dispose();
  }
});
