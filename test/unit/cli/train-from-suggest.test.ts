// `nas-lens train-cells --from-suggest`: suggest picks a batch from the measured cells of the results
// file the runs append to (suggest's own options), and the batch trains as one run (local backend,
// a shell command standing in for training).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { getSpace } from '../../../src/core/spaces';
import { enumerateNb201 } from '../../../src/core/spaces/nb201';
import { formatArchString, parseArchString } from '../../../src/core/spaces/nb201/arch-string';
import { runCliIn } from '../../helpers/cli';
import { resultLine } from '../results/helpers';

const model = join(process.cwd(), 'media', 'models', 'nb201-cifar10');
const needsModel = { skip: existsSync(join(model, 'calibration.json')) ? false : 'bundled model nb201-cifar10 missing' };

describe('nas-lens train-cells --from-suggest', needsModel, () => {
  const dir = mkdtempSync(join(tmpdir(), 'nas-lens-from-suggest-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const nb201 = getSpace('nb201');
  const measured = enumerateNb201().slice(0, 12);
  writeFileSync(join(dir, 'runs.nas-results.jsonl'), measured.map((c, i) => resultLine(formatArchString(c), { test_acc: 50 + i })).join('\n') + '\n');
  const command = 'echo "NAS_LENS_METRICS {{\\"test_acc\\": 42}}"';

  test('trains the suggested batch: new cells, each one line in the results file', async () => {
    const r = await runCliIn(
      dir,
      'train-cells',
      '--from-suggest',
      '--space',
      'nb201',
      '--count',
      '3',
      '--model',
      model,
      '--budget',
      '200',
      '--backend',
      'local',
      '--command',
      command,
      '--json',
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /suggest: 3 cells from 12 measured \(test_acc\)/);
    const state = JSON.parse(r.stdout) as { run: string; tasks: { status: string }[] };
    assert.deepEqual(
      state.tasks.map((t) => t.status),
      ['done', 'done', 'done'],
    );
    const lines = readFileSync(join(dir, 'runs.nas-results.jsonl'), 'utf8').trim().split('\n');
    assert.equal(lines.length, 15);
    const before = new Set(measured.map((c) => nb201.hash(c)));
    const added = lines.slice(12).map((l) => JSON.parse(l) as { cell: string; metrics: { test_acc: number }; source?: string });
    for (const line of added) {
      assert.equal(line.metrics.test_acc, 42);
      const parsed = parseArchString(line.cell);
      assert.ok(parsed.ok, line.cell);
      assert.ok(!before.has(nb201.hash(parsed.cell)), `${line.cell} was not measured before`);
    }
    assert.equal(new Set(added.map((l) => l.cell)).size, 3);
  });

  test('needs --space and --count, and no cell arguments', async () => {
    const missing = await runCliIn(dir, 'train-cells', '--from-suggest', '--command', command);
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /--from-suggest needs --space and --count/);
    const both = await runCliIn(dir, 'train-cells', 'x.nas.json', '--from-suggest', '--space', 'nb201', '--count', '1', '--command', command);
    assert.match(both.stderr, /--from-suggest trains the suggested cells: leave out x\.nas\.json/);
    const none = await runCliIn(dir, 'train-cells', '--command', command);
    assert.match(none.stderr, /name the cells to train \(FILE#CELL or FILE\), or pass --from-suggest/);
  });
});
