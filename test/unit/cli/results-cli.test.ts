import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { getSpace } from '../../../src/core/spaces';
import { enumerateNb201 } from '../../../src/core/spaces/nb201';
import { parseArchString } from '../../../src/core/spaces/nb201/arch-string';
import { runCli as cli } from '../../helpers/cli';
import { ARCH_A, resultLine } from '../results/helpers';

const model = join(process.cwd(), 'media', 'models', 'nb201-cifar10');
const needsModel = { skip: existsSync(join(model, 'calibration.json')) ? false : 'bundled model nb201-cifar10 missing' };

interface Interval {
  estimate: number;
  low: number;
  high: number;
}
interface Json {
  results: { files: string[]; runs: number; measuredCells: number };
  metrics: { space: string; metric?: string; rule: string; available: string[] }[];
  cells: {
    name: string;
    space: string;
    file: string;
    line: number;
    column: number;
    hash: string | null;
    measured: { metric: string; runs: number; mean: number; std: number } | null;
    predicted: { score: number; topPercent: number; rank: number; of: number; model: string } | null;
  }[];
  agreement: {
    space: string;
    metric: string;
    model: string;
    agreement: { kind: string; n: number; kendallTau?: Interval; spearmanRho?: Interval; reason?: string; message?: string };
  }[];
  problems: { file: string; line: number; column: number; severity: string; code: string; message: string }[];
}

describe('nas-lens results', needsModel, () => {
  let dir: string;
  let cells: string;
  let runs: string;
  let few: string;
  /** Ten NB-201 cells of distinct canonical hashes, in arch-string form. */
  const archs: string[] = [];

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'nas-lens-results-cli-'));
    const nb201 = getSpace('nb201');
    const a = parseArchString(ARCH_A);
    assert.ok(a.ok);
    const seen = new Set<string>([nb201.hash(a.cell)]);
    for (const cell of enumerateNb201()) {
      if (archs.length === 10) break;
      const hash = nb201.hash(cell);
      if (!seen.has(hash) && cell.ops.includes('nor_conv_3x3')) {
        seen.add(hash);
        archs.push(nb201.toText(cell));
      }
    }
    cells = join(dir, 'cells.nas.json');
    writeFileSync(
      cells,
      JSON.stringify(
        {
          space: 'nb201',
          cells: [
            {
              name: 'mine',
              edges: {
                '0->1': 'nor_conv_3x3',
                '0->2': 'nor_conv_3x3',
                '1->2': 'nor_conv_3x3',
                '0->3': 'skip_connect',
                '1->3': 'nor_conv_3x3',
                '2->3': 'nor_conv_3x3',
              },
            },
            { name: 'unmeasured', arch: '|none~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|' },
          ],
        },
        null,
        2,
      ),
    );
    runs = join(dir, 'runs.nas-results.jsonl');
    writeFileSync(
      runs,
      [
        resultLine(ARCH_A, { test_acc: 71.2, val_acc: 70.8 }, { seed: 1 }),
        resultLine(ARCH_A, { test_acc: 71.5, val_acc: 70.9 }, { seed: 2 }),
        resultLine(ARCH_A, { test_acc: 71.2, val_acc: 70.7 }, { seed: 3 }),
        ...archs.map((a, i) => resultLine(a, { test_acc: 60 + i, val_acc: 59 + i }, { seed: 1 })),
        '{"cell": "|conv~0|+|none~0|none~1|+|none~0|none~1|none~2|", "metrics": {"test_acc": 1}}',
        `{"cell": "${archs[0]}", "metrics": {"test_acc": NaN}}`,
        '',
      ].join('\n'),
    );
    few = join(dir, 'few.nas-results.jsonl');
    writeFileSync(
      few,
      `${archs
        .slice(0, 3)
        .map((a, i) => resultLine(a, { test_acc: 50 + i }))
        .join('\n')}\n`,
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('joins a cell written as edges with its runs recorded as arch strings, next to the prediction; problems on stderr; exit 1 on a bad line', async () => {
    const r = await cli('results', cells, '--results', runs);
    assert.equal(r.status, 1, r.stderr);
    const [header, , mine, unmeasured] = r.stdout.split('\n');
    assert.match(header, /^name\s+space\s+runs\s+mean\s+std\s+predicted score\s+top %\s+rank$/);
    assert.match(mine, /^mine\s+nb201\s+3\s+71\.30\s+0\.17\s+-?\d+\.\d{4}\s+\d+\.\d{2}%\s+[\d,]+ of 15,625$/);
    assert.match(unmeasured, /^unmeasured\s+nb201\s+-\s+-\s+-\s+-?\d+\.\d{4}/);
    assert.match(r.stdout, /13 runs in 1 results file, 11 measured cells/);
    assert.match(r.stdout, /NAS-Bench-201: test_acc \(default: the first test metric; also val_acc\)/);
    assert.match(
      r.stdout,
      /agreement with nb201-cifar10 on 11 measured cells: Kendall τ -?\d\.\d{3} \[-?\d\.\d{3}, -?\d\.\d{3}\], Spearman ρ -?\d\.\d{3} \[-?\d\.\d{3}, -?\d\.\d{3}\] \(90 % bootstrap interval, 1,000 resamples, seed 0\)/,
    );
    const file = runs;
    const lines = r.stderr.trim().split('\n');
    assert.match(lines[0], new RegExp(`^${escape(file)}:14:12: error: unknown op 'conv' on edge 0->1`));
    assert.match(lines[1], new RegExp(`^${escape(file)}:15:\\d+: error: "metrics" holds no finite number`));
    assert.match(lines[2], new RegExp(`^${escape(file)}:15:\\d+: warning: metric "test_acc" is NaN`));
    assert.equal(lines.at(-1), '2 errors, 1 warning');
  });

  test('--json: measured and predicted kept apart, agreement with its interval, every problem; the same seed gives the same figures', async () => {
    const r = await cli('results', cells, '--results', runs, '--json');
    assert.equal(r.status, 1);
    const json = JSON.parse(r.stdout) as Json;
    assert.deepEqual(json.results, { files: [runs], runs: 13, measuredCells: 11 });
    assert.deepEqual(json.metrics, [{ space: 'nb201', metric: 'test_acc', rule: 'first-test', available: ['test_acc', 'val_acc'] }]);
    assert.deepEqual(
      json.cells.map((c) => [c.name, c.measured?.runs ?? null]),
      [
        ['mine', 3],
        ['unmeasured', null],
      ],
    );
    const mine = json.cells[0];
    assert.deepEqual(Object.keys(mine), ['name', 'space', 'file', 'line', 'column', 'hash', 'measured', 'predicted']);
    assert.equal(mine.measured!.metric, 'test_acc');
    assert.ok(Math.abs(mine.measured!.mean - 71.3) < 1e-9 && Math.abs(mine.measured!.std - Math.sqrt(0.03)) < 1e-9);
    assert.equal(mine.predicted!.model, 'nb201-cifar10');
    assert.equal(mine.predicted!.of, 15625);
    assert.ok(mine.predicted!.topPercent >= 0 && mine.predicted!.topPercent <= 100);
    const [a] = json.agreement;
    assert.equal(a.agreement.kind, 'figures');
    assert.equal(a.agreement.n, 11);
    for (const iv of [a.agreement.kendallTau!, a.agreement.spearmanRho!]) assert.ok(iv.low <= iv.estimate && iv.estimate <= iv.high);
    assert.deepEqual(
      json.problems.map((p) => [p.line, p.severity, p.code]),
      [
        [14, 'error', 'unknown-op'],
        [15, 'error', 'no-metric'],
        [15, 'warning', 'bad-metric'],
      ],
    );
    const again = JSON.parse((await cli('results', cells, '--results', runs, '--json')).stdout) as Json;
    assert.deepEqual(again.agreement, json.agreement);
    const other = JSON.parse((await cli('results', cells, '--results', runs, '--json', '--seed', '7')).stdout) as Json;
    assert.equal(other.agreement[0].agreement.kendallTau!.estimate, a.agreement.kendallTau!.estimate);
    assert.notDeepEqual(other.agreement[0].agreement.kendallTau, a.agreement.kendallTau);
  });

  test('a results file as FILES lists its measured cells alone; --metric chooses; fewer than 8 cells are "not yet meaningful"; a clean run exits 0', async () => {
    const r = await cli('results', few, '--metric', 'test_acc', '--json');
    assert.equal(r.status, 0, r.stderr);
    const json = JSON.parse(r.stdout) as Json;
    assert.deepEqual(
      json.cells.map((c) => [c.name, c.line, c.measured?.mean]),
      [
        ['few.nas-results.jsonl:1', 1, 50],
        ['few.nas-results.jsonl:2', 2, 51],
        ['few.nas-results.jsonl:3', 3, 52],
      ],
    );
    assert.deepEqual(json.metrics[0].rule, 'explicit');
    assert.deepEqual(json.agreement[0].agreement, {
      kind: 'not-yet-meaningful',
      n: 3,
      reason: 'too-few-cells',
      message: '3 measured cells; the agreement needs at least 8',
    });
    assert.equal(r.stderr, '');
    const text = await cli('results', few);
    assert.match(text.stdout, /agreement with nb201-cifar10: not yet meaningful \(3 measured cells; the agreement needs at least 8\)/);
    assert.doesNotMatch(text.stdout, /Kendall/);
  });

  test('usage errors exit 2: an unknown metric (the available ones named), no results file, a bad dataset', async () => {
    const metric = await cli('results', cells, '--results', runs, '--metric', 'top1');
    assert.equal(metric.status, 2);
    assert.match(metric.stderr, /no run has the metric 'top1'; the results have 'test_acc', 'val_acc'/);
    const none = await cli('results', cells, '--results', join(dir, 'nothing', '*.jsonl'));
    assert.equal(none.status, 2);
    assert.match(none.stderr, /--results '.*nothing\/\*\.jsonl' matches no file/);
    assert.match(none.stderr, /no results file: pass --results FILE\|GLOB or a \*\.nas-results\.jsonl file/);
    const dataset = await cli('results', few, '--dataset', 'mnist');
    assert.equal(dataset.status, 2);
    assert.match(dataset.stderr, /unknown dataset 'mnist'/);
  });

  test('--model predicts with a model folder, as rank does', async () => {
    const r = await cli('results', few, '--model', model, '--json');
    assert.equal(r.status, 0, r.stderr);
    const json = JSON.parse(r.stdout) as Json;
    assert.ok(json.cells.every((c) => c.predicted !== null && c.predicted.model.endsWith('nb201-cifar10')));
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
