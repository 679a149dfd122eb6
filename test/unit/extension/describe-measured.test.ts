import assert from 'node:assert/strict';
import { test } from 'node:test';
import { measureAgreement } from '../../../src/core/results';
import { agreementLong, agreementShort, measuredDetail, measuredOrigin, measuredPhrase, measuredValue } from '../../../src/extension/results/describe-measured';

test('a measured value: mean, sample std and runs; one run shows no spread; a fraction keeps three digits', () => {
  assert.equal(measuredPhrase({ mean: 71.2, std: 0.15, runs: 3 }), 'measured 71.20 ±0.15 (3 runs)');
  assert.equal(measuredValue({ mean: 71.2, std: 0, runs: 1 }), '71.20 (1 run)');
  assert.equal(measuredValue({ mean: 0.7123, std: 0.0042, runs: 2 }), '0.712 ±0.00420 (2 runs)');
  assert.equal(measuredValue({ mean: 93.1, std: 0.2, runs: 1200 }), '93.10 ±0.20 (1,200 runs)');
  assert.equal(measuredDetail({ metric: 'test_acc', mean: 71.2, std: 0.15, runs: 3 }), 'test_acc: mean 71.20 of 3 runs, sample std 0.15');
  assert.equal(measuredDetail({ metric: 'test_acc', mean: 71.2, std: 0, runs: 1 }), 'test_acc: 71.20, one run');
});

test('where the runs come from: sources, then files with the first run’s line', () => {
  const rel = (f: string) => f.replace('/w/', '');
  assert.equal(
    measuredOrigin({ sources: ['my-recipe'], files: ['/w/a.jsonl', '/w/b.csv'], file: '/w/a.jsonl', line: 3 }, rel),
    'source my-recipe · files a.jsonl:3, b.csv',
  );
  assert.equal(measuredOrigin({ sources: [], files: ['/w/a.jsonl'], file: '/w/a.jsonl', line: 1 }, rel), 'file a.jsonl:1');
});

test('the agreement: τ and ρ with their interval and n, or "not yet meaningful" and why', () => {
  const x = Array.from({ length: 12 }, (_, i) => i);
  const y = x.map((v) => (v * 7) % 12);
  const figures = measureAgreement(x, y, { seed: 1 });
  assert.equal(figures.kind, 'figures');
  assert.match(agreementShort(figures), /^τ -?\d\.\d{3} \[-?\d\.\d{3}, -?\d\.\d{3}\] · ρ -?\d\.\d{3} \[-?\d\.\d{3}, -?\d\.\d{3}\] · 90 % interval · n = 12$/);
  assert.match(agreementLong(figures), /^Kendall τ .* Spearman ρ .* \(90 % bootstrap interval, [\d,]+ resamples\) on 12 measured cells$/);
  assert.equal(agreementShort(measureAgreement([1, 2, 3], [3, 2, 1])), 'not yet meaningful (n = 3 < 8)');
  assert.equal(
    agreementLong(
      measureAgreement(
        x,
        x.map(() => 5),
      ),
    ),
    'not yet meaningful (every measured value is the same, so there is no order to agree with)',
  );
});
