// What crosses to and from the webview without VS Code: the checks of every message the panel sends
// (src/protocol/webview.ts) and the views the host builds for it (src/extension/panel/views.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nb201 } from '../../../src/core/spaces';
import type { Nb201Cell } from '../../../src/core/spaces/types';
import type { RankedCellInfo } from '../../../src/extension/analysis/pipeline';
import type { CellRanking } from '../../../src/extension/analysis/ranker';
import { compareView, searchView } from '../../../src/extension/panel/views';
import { SearchSession } from '../../../src/extension/search/session';
import { parsePanelState, parseWebviewMessage } from '../../../src/protocol/webview';
import type { SearchRequest } from '../../../src/protocol/worker';
import { topOfRank } from '../../../src/shared/ranking-terms';
import { fakeModel, searchOrigin } from './fixtures';

test('messages from the webview: the exact shapes pass, anything else is refused', () => {
  const good = [
    { type: 'ready' },
    { type: 'cancel', searchId: 's1-2' },
    { type: 'rerun', searchId: 'lz3k9-4' },
    { type: 'result', action: 'accept', searchId: 's1', resultId: 'c1' },
    { type: 'result', action: 'copy', searchId: 's1', resultId: 'c12' },
    { type: 'export', searchId: 's1', format: 'json' },
    { type: 'open-cell', cellId: 'nb201:3' },
    { type: 'results-action', action: 'choose-metric' },
    { type: 'results-action', action: 'refresh' },
    { type: 'results-action', action: 'fit' },
    { type: 'results-action', action: 'suggest' },
    { type: 'results-action', action: 'run-loop' },
  ];
  for (const m of good) assert.deepEqual(parseWebviewMessage(m), m);
  const bad: unknown[] = [
    null,
    'accept',
    42,
    [],
    {},
    { type: 'bogus' },
    { type: 'result', action: 'delete', searchId: 's1', resultId: 'c1' },
    { type: 'result', action: 'accept', searchId: 's1' },
    { type: 'result', action: 'accept', searchId: 's1', resultId: 'c1', extra: 1 },
    { type: 'result', action: 'accept', searchId: '../../etc', resultId: 'c1' },
    { type: 'export', searchId: 's1', format: 'exe' },
    { type: 'cancel', searchId: 'x'.repeat(500) },
    { type: 'ready', x: 1 },
    { type: 'open-cell', cellId: 3 },
    { type: 'open-cell', cellId: 'nb201:3', file: '/etc/passwd' },
    { type: 'results-action', action: 'train' },
    { type: 'results-action', action: 'toString' },
    Object.assign(Object.create({ type: 'ready' }), {}),
  ];
  for (const m of bad) assert.equal(parseWebviewMessage(m), undefined, JSON.stringify(m));
});

test('a restored panel state needs version 1 and a known view kind', () => {
  const view = { kind: 'compare', title: 't', datasetLabel: 'CIFAR-10', cells: [] };
  assert.deepEqual(parsePanelState({ version: 1, view }), { version: 1, view });
  for (const bad of [undefined, null, {}, { version: 2, view }, { version: 1, view: null }, { version: 1, view: { kind: 'other' } }])
    assert.equal(parsePanelState(bad), undefined);
});

const request: SearchRequest = {
  space: 'nb201',
  strategy: 'local',
  mode: 'surrogate',
  dataset: 'cifar100',
  modelDir: '/m',
  budget: 100,
  timeMs: 2000,
  seed: 1,
  topK: 10,
};
const start: Nb201Cell = { space: 'nb201', ops: ['nor_conv_3x3', 'none', 'skip_connect', 'avg_pool_3x3', 'none', 'nor_conv_1x1'] };
const better: Nb201Cell = { space: 'nb201', ops: ['nor_conv_3x3', 'nor_conv_3x3', 'skip_connect', 'avg_pool_3x3', 'none', 'nor_conv_1x1'] };

test('the search view: rows with the top % read off the rank, changes against the start cell, edits only while live', () => {
  const origin = searchOrigin(start, 'cifar100', { cost: nb201.cost(start, 'cifar100') });
  const s = new SearchSession('s1', request, 15625, origin);
  s.done({ reason: 'budget', evaluations: 100, elapsedMs: 500, top: [{ cell: better, hash: nb201.hash(better), score: 2, rank: 100, top: 0.63, params: 5 }] });
  const v = searchView(s);
  assert.deepEqual(
    [v.title, v.spaceLabel, v.datasetLabel, v.canEdit, v.live, v.status],
    ["Search around 'a' in a.nas.json", 'NAS-Bench-201', 'CIFAR-100', true, true, 'done'],
  );
  assert.equal(v.results[0].top, topOfRank(100, 15625));
  assert.deepEqual(v.results[0].changes, ['edge 0→2: none → nor_conv_3x3']);
  assert.equal(v.results[0].id, 'c1');
  assert.equal(v.start?.params, origin.cost?.params);
  const readOnly = searchView(s, false);
  assert.deepEqual([readOnly.canEdit, readOnly.live], [false, false]);
  const whole = searchView(new SearchSession('s2', request, 15625));
  assert.deepEqual([whole.title, whole.canEdit, whole.start], ['Search the whole NAS-Bench-201 space', false, undefined]);
});

test('the compare view: every dataset of the space, ranked or not, with the top % read off each rank', () => {
  const model = fakeModel('nb201', 'cifar10');
  const ranking: CellRanking = { dataset: 'cifar10', score: 1, percentile: 80, top: 1, rank: 157, spaceSize: 15625, model };
  const info = {
    index: 0,
    parsed: { name: 'a', space: 'nb201', valid: true, cell: start, diagnostics: [] },
    hash: nb201.hash(start),
    dataset: 'cifar10',
    ranking,
    cost: nb201.cost(start, 'cifar10'),
  } as unknown as RankedCellInfo;
  const v = compareView('a.nas.json', 'CIFAR-10', [
    {
      cell: info,
      datasets: [
        { label: 'CIFAR-10', ranking },
        { label: 'CIFAR-100', unranked: 'no model' },
      ],
    },
  ]);
  assert.equal(v.title, 'Compare 1 cells of a.nas.json');
  const [c] = v.cells;
  assert.deepEqual([c.spaceLabel, c.valid, c.rank, c.top], ['NB-201', true, 157, 1]);
  assert.deepEqual(c.datasets, [{ label: 'CIFAR-10', top: topOfRank(157, 15625), rank: 157 }, { label: 'CIFAR-100' }]);
  assert.equal(c.graphs.length, 1);
});
