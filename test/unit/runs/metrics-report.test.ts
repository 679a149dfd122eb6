import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { findMetricsLine, parseMetricsReport } from '../../../src/core/runs/metrics-report';
import { logTail } from '../../../src/core/runs/log-tail';

describe('metrics reports', () => {
  test('a JSON object of numbers is the metrics; non-numbers are set aside, named', () => {
    assert.deepEqual(parseMetricsReport('{"test_acc": 97.1, "val_acc": 96, "note": "ok", "epochs": 200}', 'metrics.json'), {
      ok: true,
      metrics: { test_acc: 97.1, val_acc: 96, epochs: 200 },
      ignored: ['note'],
    });
  });

  test("Python's bare NaN / Infinity / -Infinity and null fail the run naming the metric", () => {
    for (const [text, word] of [
      ['{"a": 1, "test_acc": NaN}', 'NaN'],
      ['{"test_acc": Infinity}', 'Infinity'],
      ['{"test_acc": -Infinity }', '-Infinity'],
    ]) {
      assert.deepEqual(parseMetricsReport(text, 'metrics.json'), { ok: false, reason: 'bad-metric', message: `metrics.json: metric 'test_acc' is ${word}` });
    }
    assert.deepEqual(parseMetricsReport('{"test_acc": null}', 'x'), { ok: false, reason: 'bad-metric', message: "x: metric 'test_acc' is null" });
    // the words inside strings are only text
    assert.deepEqual(parseMetricsReport('{"NaN": 1, "s": "Infinity \\" NaN"}', 'x'), { ok: true, metrics: { NaN: 1 }, ignored: ['s'] });
    const proto = parseMetricsReport('{"__proto__": 5, "constructor": 1}', 'x');
    assert.ok(
      proto.ok &&
        Object.hasOwn(proto.metrics, '__proto__') &&
        proto.metrics['constructor' as string] === 1 &&
        Object.getPrototypeOf(proto.metrics) === Object.prototype,
    );
  });

  test('not JSON, not an object, or no number: no metrics, with the reason', () => {
    assert.match((parseMetricsReport('{"test_acc": 97.1', 'metrics.json') as { message: string }).message, /^metrics.json is not JSON/);
    assert.equal((parseMetricsReport('[1, 2]', 'x') as { reason: string }).reason, 'no-metrics');
    assert.equal((parseMetricsReport('{}', 'x') as { message: string }).message, 'x holds no numeric metric');
    assert.equal((parseMetricsReport('{"a": "1"}', 'x') as { message: string }).message, 'x holds no numeric metric (not numbers: a)');
  });

  test('the last NAS_LENS_METRICS line of stdout counts', () => {
    const out = 'epoch 1\nNAS_LENS_METRICS {"test_acc": 50}\nepoch 2\n  NAS_LENS_METRICS {"test_acc": 60}\nNAS_LENS_METRICSX {}\n';
    assert.deepEqual(findMetricsLine(out), { text: '{"test_acc": 60}', line: 4 });
    assert.equal(findMetricsLine('nothing here\n'), undefined);
  });

  test('property: any object of finite numbers round-trips', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.double({ noNaN: true, noDefaultInfinity: true }), { minKeys: 1 }), (metrics) => {
        const report = parseMetricsReport(JSON.stringify(metrics), 'm');
        assert.ok(report.ok);
        assert.deepEqual(report.metrics, Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, Object.is(v, -0) ? 0 : v])));
      }),
    );
  });

  test('log tails keep the last lines, capped in characters', () => {
    assert.equal(logTail('a\nb\nc\n\n', 2), 'b\nc');
    assert.equal(logTail(''), '');
    assert.equal(logTail('x'.repeat(100), 5, 10), `…${'x'.repeat(9)}`);
  });
});
