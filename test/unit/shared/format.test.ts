// The number formats every face shows (src/shared/format.ts) and the glossary's conversions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatCount, formatInteger, formatMs, formatRank, formatSi, formatSiPrecise, formatTop } from '../../../src/shared/format';
import { bandOf, topOfPercentile, topOfRank } from '../../../src/shared/ranking-terms';
import * as panel from '../../../webview/format';

/** `format(Number(key))` is the value, for every key. */
function expectEach(format: (n: number) => string, expected: Record<string, string>): void {
  for (const [key, text] of Object.entries(expected)) assert.equal(format(Number(key)), text, key);
}

test('formatTop: whole percents from 10 %, one decimal from 0.1 %, one significant digit below, a floor at 0.001 %', () => {
  expectEach(formatTop, { 35.4: '35%', 100: '100%', 150: '100%', 10: '10%', 9.96: '10.0%', 2.13: '2.1%', 0.1: '0.1%', 0.044: '0.04%' });
  expectEach(formatTop, { 0.0064: '0.006%', 0.001: '0.001%', 0.0009: '<0.001%', 0: '<0.001%', '-5': '<0.001%' });
  assert.equal(formatTop(NaN), '?');
  assert.equal(formatTop(undefined), '?');
  assert.equal(formatTop(undefined, '–'), '–');
});

test('formatInteger and formatCount: en-US grouping from one cached format; huge counts in engineering form', () => {
  assert.equal(formatInteger(15625), '15,625');
  assert.equal(formatInteger(1234567.6), '1,234,568');
  assert.equal(formatInteger(-1234), '-1,234');
  assert.equal(formatInteger(-0.2), '0', 'no "-0"');
  assert.equal(formatCount(999_999_999), '999,999,999');
  assert.equal(formatCount(1.06e18), '1.1e18');
  assert.equal(formatCount(1.06e18, { exponentDigits: 2 }), '1.06e18');
  assert.equal(formatCount(Infinity), '?');
  assert.equal(formatCount(undefined, { missing: '–' }), '–');
  assert.equal(formatRank(330, 15625), '#330 of 15,625');
  assert.equal(formatRank(3.2e15, 1.1e18), '#3.2e15 of 1.1e18');
});

test('formatSi (editor, panel) and formatSiPrecise (CLI tables)', () => {
  expectEach(formatSi, { 0: '0', 999.4: '999', 1000: '1.0k', 12345: '12k', 1234567: '1.2M', 12345678: '12M', 2.4e9: '2.4G', 24e9: '24G', '-1500': '-1.5k' });
  assert.equal(formatSi(undefined), '-');
  assert.equal(formatSi(NaN, '–'), '–');
  expectEach(formatSiPrecise, { 999: '999', 1000: '1.0K', 456700: '456.7K', 1234567: '1.23M', 2.41e9: '2.41G' });
  assert.equal(formatSiPrecise(undefined), '-');
});

test('formatMs', () => {
  assert.equal(formatMs(849.6), '850 ms');
  assert.equal(formatMs(2500), '2.5 s');
  assert.equal(formatMs(185_000), '3 min 5 s');
});

test('the panel writes a missing number as an en dash, else as the editor does', () => {
  assert.equal(panel.formatTop(undefined), '–');
  assert.equal(panel.formatCount(NaN), '–');
  assert.equal(panel.formatSi(undefined), '–');
  assert.equal(panel.formatTop(2.13), formatTop(2.13));
  assert.equal(panel.formatCount(15625), formatCount(15625));
  assert.equal(panel.formatSi(1_234_567), formatSi(1_234_567));
});

test('one top %, read off a rank or a percentile; bands for the hover', () => {
  assert.equal(topOfRank(1, 15625), 0.0064);
  assert.equal(topOfRank(15625, 15625), 100);
  assert.equal(topOfPercentile(97.5), 2.5);
  assert.equal(topOfPercentile(0), 100);
  expectEach(bandOf, { 0.5: 'top 1%', 1: 'top 1%', 4: 'top 5%', 9: 'top 10%', 20: 'top quarter', 40: 'top half', 60: 'bottom half', 90: 'bottom quarter' });
});
