// A search as the host keeps it (SearchSession) and the searches it holds and keeps for a window
// reload (SearchStore), without VS Code.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nb201 } from '../../../src/core/spaces';
import type { Nb201Cell } from '../../../src/core/spaces/types';
import { SearchSession, textHash, type SearchOrigin, type SessionSnapshot } from '../../../src/extension/search/session';
import { SESSIONS_STATE_KEY, SearchStore, type StateStore } from '../../../src/extension/search/store';
import type { RankedCell, SearchRequest } from '../../../src/protocol/worker';
import { searchOrigin } from './fixtures';

const request: SearchRequest = {
  space: 'nb201',
  strategy: 'evolution',
  mode: 'surrogate',
  dataset: 'cifar10',
  modelDir: '/m',
  budget: 100,
  timeMs: 1000,
  seed: 1,
  topK: 10,
};
const start: Nb201Cell = { space: 'nb201', ops: ['nor_conv_3x3', 'none', 'none', 'skip_connect', 'none', 'none'] };
const origin: SearchOrigin = searchOrigin(start, 'cifar10', { textHash: textHash('{ "space": "nb201" }') });

function ranked(k: number, rank: number): RankedCell {
  const ops = ['nor_conv_3x3', 'nor_conv_1x1', 'skip_connect', 'avg_pool_3x3'];
  const cell: Nb201Cell = { space: 'nb201', ops: [ops[k % 4], 'nor_conv_3x3', 'nor_conv_3x3', ops[Math.floor(k / 4) % 4], 'nor_conv_3x3', 'nor_conv_3x3'] };
  return { cell, hash: nb201.hash(cell), score: 10 - k, rank, top: (100 * rank) / 15625, params: 1000 * k };
}

test('progress and the end fold into the session; the chart is the best top % read off the rank', () => {
  const s = new SearchSession('s1', request, 15625, origin);
  assert.equal(s.status, 'starting');
  assert.ok(s.running);
  s.progress({ evaluations: 10, evaluationsPerSecond: 100, elapsedMs: 100, top: [ranked(1, 50)] });
  assert.equal(s.status, 'running');
  s.progress({ evaluations: 10, evaluationsPerSecond: 100, elapsedMs: 120, top: [ranked(0, 20)] });
  assert.equal(s.chart.length, 1, 'one point per evaluation count');
  s.done({ reason: 'budget', evaluations: 100, elapsedMs: 1000, top: [ranked(0, 20), ranked(1, 50)] });
  assert.deepEqual([s.status, s.reason, s.evaluationsPerSecond, s.running], ['done', 'budget', 100, false]);
  assert.deepEqual(
    s.chart.map((p) => [p.evaluations, p.top]),
    [
      [10, 0.128],
      [100, 0.128],
    ],
  );
  const cancelled = new SearchSession('s2', request, 15625);
  cancelled.done({ reason: 'cancelled', evaluations: 0, elapsedMs: 0, top: [] });
  assert.equal(cancelled.status, 'cancelled');
  const failed = new SearchSession('s3', request, 15625);
  failed.fail('the worker failed');
  assert.deepEqual([failed.status, failed.notice], ['error', { kind: 'error', text: 'the worker failed' }]);
});

test('the chart keeps its first and last points and thins the middle past 400', () => {
  const s = new SearchSession('s1', request, 15625);
  for (let i = 1; i <= 1000; i++) s.progress({ evaluations: i, evaluationsPerSecond: 1, elapsedMs: i, top: [ranked(0, 1000 - i + 1)] });
  assert.ok(s.chart.length <= 400 && s.chart.length > 100, `${s.chart.length} points`);
  assert.equal(s.chart[0].evaluations, 1);
  assert.equal(s.chart[s.chart.length - 1].evaluations, 1000);
});

test('result ids are stable per canonical hash and survive a snapshot and restore', () => {
  const s = new SearchSession('s1', request, 15625, origin);
  const [a, b] = [ranked(0, 20), ranked(1, 50)];
  s.done({ reason: 'time', evaluations: 5, elapsedMs: 1000, top: [a, b] });
  const ids = [s.idOf(a), s.idOf(b)];
  assert.deepEqual(ids, ['c1', 'c2']);
  assert.equal(s.idOf({ ...a, score: 99 }), 'c1', 'same hash, same id');
  const snap = JSON.parse(JSON.stringify(s.snapshot())) as SessionSnapshot;
  assert.equal(snap.origin?.ranking.top, 50);
  assert.ok(!('model' in (snap.origin?.ranking ?? {})));
  const back = SearchSession.restore(snap)!;
  assert.ok(back.restored);
  assert.deepEqual([back.id, back.status, back.reason, back.evaluations, back.spaceSize], ['s1', 'done', 'time', 5, 15625]);
  assert.deepEqual(
    back.top.map((r) => back.idOf(r)),
    ids,
  );
  assert.deepEqual(back.result('c2')?.cell, b.cell);
  back.rebase(9);
  assert.equal(back.origin?.target.version, 9);
  assert.ok(!back.restored);
});

test('a snapshot of a running search comes back cancelled; a malformed one not at all', () => {
  const s = new SearchSession('s1', request, 15625);
  s.progress({ evaluations: 1, evaluationsPerSecond: 1, elapsedMs: 1, top: [] });
  assert.equal(SearchSession.restore(s.snapshot())?.status, 'cancelled');
  for (const bad of [null, 'x', {}, { ...s.snapshot(), v: 2 }, { ...s.snapshot(), top: 'x' }, { ...s.snapshot(), ids: undefined }]) {
    assert.equal(SearchSession.restore(bad), undefined, JSON.stringify(bad)?.slice(0, 40));
  }
});

class MemoryState implements StateStore {
  readonly values = new Map<string, unknown>();
  get<T>(key: string, fallback: T): T {
    return this.values.has(key) ? (this.values.get(key) as T) : fallback;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.values.set(key, JSON.parse(JSON.stringify(value)));
  }
}

const quietLog = {
  warnings: [] as string[],
  warn(m: string) {
    this.warnings.push(m);
  },
};

test('the store holds the last 5 searches and keeps the last 3 finished ones for a reload', async () => {
  const state = new MemoryState();
  const store = new SearchStore(state, quietLog);
  const sessions = Array.from({ length: 7 }, (_, i) => new SearchSession(`s${i}`, request, 15625, i === 6 ? origin : undefined));
  for (const s of sessions) {
    store.remember(s);
    s.done({ reason: 'budget', evaluations: 1, elapsedMs: 1, top: [ranked(0, 1)] });
    store.persist();
  }
  await Promise.resolve();
  assert.equal(store.get('s1'), undefined);
  assert.equal(store.get('s2'), sessions[2]);
  assert.equal(store.latest, sessions[6]);
  assert.deepEqual(
    (state.get(SESSIONS_STATE_KEY, []) as SessionSnapshot[]).map((x) => x.id),
    ['s4', 's5', 's6'],
  );
  const running = new SearchSession('r', request, 15625);
  store.remember(running);
  assert.deepEqual(store.running(), [running]);

  // A reload: the host forgets, the workspace state stays.
  store.forget();
  assert.equal(store.latest, undefined);
  assert.equal(store.newestKeptId(), 's6');
  const back = store.restore('s6')!;
  assert.ok(back.restored);
  assert.match(back.notice?.text ?? '', /Accept and Insert apply while a\.nas\.json still holds the text this search started from/);
  assert.equal(store.restore('s0'), undefined, 'not kept');
  assert.equal(store.restore(undefined), undefined);
});

test('a workspace state that is not a list of searches restores nothing and is replaced on the next save', async () => {
  const state = new MemoryState();
  state.values.set(SESSIONS_STATE_KEY, { broken: true });
  const store = new SearchStore(state, quietLog);
  assert.equal(store.newestKeptId(), undefined);
  assert.equal(store.restore('s1'), undefined);
  const s = new SearchSession('s9', request, 15625);
  store.remember(s);
  s.done({ reason: 'budget', evaluations: 1, elapsedMs: 1, top: [] });
  store.persist();
  await Promise.resolve();
  assert.deepEqual(
    (state.get(SESSIONS_STATE_KEY, []) as SessionSnapshot[]).map((x) => x.id),
    ['s9'],
  );
});
