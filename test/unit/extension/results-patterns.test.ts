import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isInside, resolvePatterns, splitAtGlob } from '../../../src/extension/results/patterns';

const folders = ['/w/one', '/w/two'];

test('a relative glob applies in every workspace folder', () => {
  const r = resolvePatterns(['**/*.nas-results.{jsonl,csv}', 'runs/a.jsonl'], folders, { trusted: false });
  assert.deepEqual(
    r.patterns.map((p) => [p.base, p.glob]),
    [
      ['/w/one', '**/*.nas-results.{jsonl,csv}'],
      ['/w/two', '**/*.nas-results.{jsonl,csv}'],
      ['/w/one', 'runs/a.jsonl'],
      ['/w/two', 'runs/a.jsonl'],
    ],
  );
  assert.deepEqual(r.ignored, []);
});

test('an absolute path or glob, ~/ or ../ is split at its first glob segment, and read only in a trusted workspace unless inside a folder', () => {
  const given = ['/data/runs/**/*.jsonl', '~/results/x.nas-results.jsonl', '../shared/*.csv', '/w/one/sub/*.jsonl'];
  const trusted = resolvePatterns(given, folders, { trusted: true, home: '/home/me' });
  assert.deepEqual(
    trusted.patterns.map((p) => [p.base, p.glob]),
    [
      ['/data/runs', '**/*.jsonl'],
      ['/home/me/results', 'x.nas-results.jsonl'],
      ['/w/shared', '*.csv'],
      ['/w/shared', '*.csv'],
      ['/w/one/sub', '*.jsonl'],
    ],
  );
  const untrusted = resolvePatterns(given, folders, { trusted: false, home: '/home/me' });
  assert.deepEqual(
    untrusted.patterns.map((p) => [p.base, p.glob]),
    [['/w/one/sub', '*.jsonl']],
    'inside a workspace folder it is read',
  );
  assert.deepEqual(untrusted.ignored, given.slice(0, 3));
});

test('splitAtGlob and isInside', () => {
  assert.deepEqual(splitAtGlob('/a/b/c.jsonl'), { base: '/a/b', glob: 'c.jsonl' });
  assert.deepEqual(splitAtGlob('/a/{b,c}/*.jsonl'), { base: '/a', glob: '{b,c}/*.jsonl' });
  assert.deepEqual(splitAtGlob('/*.jsonl'), { base: '/', glob: '*.jsonl' });
  assert.ok(isInside('/w/one/x', '/w/one'));
  assert.ok(isInside('/w/one', '/w/one'));
  assert.ok(!isInside('/w/one2', '/w/one'));
  assert.ok(!isInside('/w', '/w/one'));
});
