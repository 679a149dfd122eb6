// The Results view the host builds from the worker's reports: rows best first with their predicted
// rank and top %, measured values worded as in the editor, a target per cell, the agreement or why not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { measureAgreement } from '../../../src/core/results';
import { buildCalibration } from '../../../src/core/surrogate/calibration';
import { resultsView, type SpaceInput } from '../../../src/extension/results/results-view';
import type { ReportedCell, ResultsReport, ResultsSummary } from '../../../src/protocol/worker';

const summary: ResultsSummary = {
  store: 's1',
  generation: 3,
  files: [
    { file: '/w/runs.nas-results.jsonl', runs: 5, lines: 6, bytes: 400, errors: 1, warnings: 0, read: 'full' },
    { file: '/w/old.nas-results.csv', runs: 2, lines: 3, bytes: 100, errors: 0, warnings: 2, read: 'full' },
  ],
  metrics: [{ space: 'nb201', metric: 'test_acc', rule: 'first-test', available: ['test_acc', 'val_acc'] }],
  runs: 7,
  measuredCells: 3,
};

function cell(order: number, mean: number, std: number, runs: number, score?: number): ReportedCell {
  return {
    order,
    space: 'nb201',
    hash: `h${order}`,
    metric: 'test_acc',
    mean,
    std,
    runs,
    file: '/w/runs.nas-results.jsonl',
    line: order + 1,
    sources: [],
    files: ['/w/runs.nas-results.jsonl'],
    ...(order === 0 ? { name: 'best' } : {}),
    ...(score !== undefined ? { score } : {}),
  };
}

const model = {
  name: 'nb201-cifar10',
  datasetLabel: 'CIFAR-10',
  calibration: buildCalibration([0, 1, 2, 3, 4, 5, 6], { space: 'nb201', reference: 'seven', spaceSize: 15625 }),
};
const relative = (f: string) => f.replace('/w/', '');

test('rows best first: measured worded as in the editor, predicted top % and rank from the calibration, a target per cell', () => {
  const report: ResultsReport = {
    generation: 3,
    space: 'nb201',
    choice: summary.metrics[0],
    measuredCells: 3,
    cells: [cell(0, 71.2, 0.15, 3, 5.5), cell(1, 70.1, 0, 1, 2.5), cell(2, 65, 0.4, 2, 0.5)],
    agreement: measureAgreement([5.5, 2.5, 0.5], [71.2, 70.1, 65]),
  };
  const { view, targets } = resultsView(summary, [{ report, model }], { datasetLabel: 'CIFAR-10', relative });
  assert.equal(view.kind, 'results');
  assert.deepEqual(view.problems, { errors: 1, warnings: 2 });
  assert.equal(view.files, 2);
  const s = view.spaces[0];
  assert.equal(s.metric, 'test_acc');
  assert.deepEqual(s.otherMetrics, ['val_acc']);
  assert.equal(s.model, 'nb201-cifar10 on CIFAR-10');
  assert.deepEqual(
    s.cells.map((c) => [c.name, c.measured]),
    [
      ['best', '71.20 ±0.15 (3 runs)'],
      ['runs.nas-results.jsonl:2', '70.10 (1 run)'],
      ['runs.nas-results.jsonl:3', '65.00 ±0.40 (2 runs)'],
    ],
  );
  const ranks = s.cells.map((c) => c.rank as number);
  assert.ok(ranks[0] < ranks[1] && ranks[1] < ranks[2], `a higher score ranks better: ${ranks}`);
  assert.ok(s.cells.every((c) => c.top !== undefined && c.top > 0 && c.top <= 100));
  assert.equal(s.agreement.kind, 'none', 'three cells: not yet meaningful');
  assert.match(s.agreement.text, /not yet meaningful \(n = 3 < 8\)/);
  assert.deepEqual(targets.get(s.cells[1].id), { space: 'nb201', hash: 'h1', file: '/w/runs.nas-results.jsonl', line: 2 });
  assert.equal(s.sampled, undefined);
  const named = resultsView(summary, [{ report, model }], { datasetLabel: 'CIFAR-10', relative, names: new Map([['nb201:h1', 'from-my-file']]) }).view;
  assert.deepEqual(
    named.spaces[0].cells.map((c) => c.name),
    ['best', 'from-my-file', 'runs.nas-results.jsonl:3'],
    'a run that names its cell keeps that name; else an open file names it; else where it is',
  );
});

test('eight or more cells: the agreement figures; without a model: no prediction and why; a sample says so', () => {
  const cells = Array.from({ length: 10 }, (_, i) => cell(i, 80 - i, 0, 1, 10 - i));
  const report: ResultsReport = {
    generation: 1,
    space: 'nb201',
    choice: summary.metrics[0],
    measuredCells: 40,
    cells,
    agreement: measureAgreement(
      cells.map((c) => c.score as number),
      cells.map((c) => c.mean),
      { seed: 0 },
    ),
  };
  const [withModel] = resultsView(summary, [{ report, model }], { datasetLabel: 'CIFAR-10', relative }).view.spaces;
  assert.equal(withModel.agreement.kind, 'figures');
  if (withModel.agreement.kind === 'figures') {
    assert.equal(withModel.agreement.n, 10);
    assert.equal(withModel.agreement.kendallTau.estimate, 1);
  }
  assert.deepEqual(withModel.sampled, { shown: 10, total: 40 });
  const bare: SpaceInput = { report: { ...report, cells: cells.map(({ score: _score, ...c }) => c), agreement: undefined }, model: 'no model for this space' };
  const [without] = resultsView(summary, [bare], { datasetLabel: 'CIFAR-10', relative }).view.spaces;
  assert.equal(without.model, 'no model for this space');
  assert.ok(without.cells.every((c) => c.score === undefined && c.rank === undefined && c.top === undefined));
  assert.equal(without.agreement.text, 'no agreement: no model for this space');
});
