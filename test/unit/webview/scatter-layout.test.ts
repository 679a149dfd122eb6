import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { axisRange, niceTicks, scatterLayout, SCATTER_SIZE, tickLabel } from '../../../webview/scatter-layout';

test('ticks are round values 1, 2 or 5 × 10^k apart inside the range', () => {
  assert.deepEqual(niceTicks(0, 1), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(68.3, 73.9), [69, 70, 71, 72, 73]);
  assert.deepEqual(niceTicks(-0.13, 0.41), [-0.1, 0, 0.1, 0.2, 0.3, 0.4]);
  assert.deepEqual(niceTicks(5, 5), [5]);
  assert.deepEqual(niceTicks(NaN, 1), []);
});

test('a higher measured value sits higher, a higher score further right; a spread bar spans ±std', () => {
  const l = scatterLayout([
    { id: 'a', x: 0.1, y: 70, std: 0 },
    { id: 'b', x: 0.9, y: 72, std: 0.5 },
  ]);
  const [a, b] = l.points;
  assert.ok(b.cx > a.cx, 'higher score → further right');
  assert.ok(b.cy < a.cy, 'higher measured value → higher (smaller y)');
  assert.equal(a.top, a.cy);
  assert.equal(a.bottom, a.cy);
  assert.ok(b.top < b.cy && b.bottom > b.cy);
  assert.ok(Math.abs(b.cy - b.top - (b.bottom - b.cy)) < 0.02, 'the bar is symmetric');
});

test('one point, equal values or non-finite inputs never give NaN positions; non-finite points are left out', () => {
  const one = scatterLayout([{ id: 'a', x: 0.5, y: 71.2, std: 0 }]);
  assert.equal(one.points.length, 1);
  const mid = (SCATTER_SIZE.left + SCATTER_SIZE.width - SCATTER_SIZE.right) / 2;
  assert.ok(Math.abs(one.points[0].cx - mid) < 0.01);
  const odd = scatterLayout([
    { id: 'a', x: NaN, y: 1, std: 0 },
    { id: 'b', x: 1, y: Infinity, std: 0 },
    { id: 'c', x: 1, y: 1, std: NaN },
  ]);
  assert.deepEqual(
    odd.points.map((p) => p.id),
    ['c'],
  );
  assert.ok(odd.points.every((p) => [p.cx, p.cy, p.top, p.bottom].every(Number.isFinite)));
  assert.deepEqual(scatterLayout([]).points, []);
});

test('property: every point and every tick lies inside the plot area', () => {
  const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true });
  fc.assert(
    fc.property(fc.array(fc.record({ x: finite, y: finite, std: fc.double({ min: 0, max: 1e3, noNaN: true }) }), { minLength: 1, maxLength: 40 }), (raw) => {
      const l = scatterLayout(raw.map((p, i) => ({ id: `c${i}`, ...p })));
      const { plot } = l;
      const inside = (x: number, y: number) => x >= plot.left - 1e-6 && x <= plot.right + 1e-6 && y >= plot.top - 1e-6 && y <= plot.bottom + 1e-6;
      for (const p of l.points) assert.ok(inside(p.cx, p.top) && inside(p.cx, p.bottom) && inside(p.cx, p.cy), JSON.stringify(p));
      for (const t of l.xTicks) assert.ok(t.at >= plot.left - 1e-6 && t.at <= plot.right + 1e-6);
      for (const t of l.yTicks) assert.ok(t.at >= plot.top - 1e-6 && t.at <= plot.bottom + 1e-6);
    }),
  );
});

test('axis ranges pad the data; labels carry the decimals the step needs', () => {
  assert.deepEqual(axisRange([1, 3]), { min: 0.9, max: 3.1 });
  assert.deepEqual(axisRange([]), { min: 0, max: 1 });
  const ticks = [0.2, 0.4].map((value) => ({ value, at: 0 }));
  assert.equal(tickLabel(0.4, ticks), '0.4');
  assert.equal(
    tickLabel(
      70,
      [70, 71].map((value) => ({ value, at: 0 })),
    ),
    '70',
  );
  assert.equal(
    tickLabel(
      0.05,
      [0, 0.05].map((value) => ({ value, at: 0 })),
    ),
    '0.05',
  );
});

test('spans too small for double precision: one tick, finite positions', () => {
  assert.equal(niceTicks(0, 5e-324).length, 1);
  assert.equal(niceTicks(1e6, 1e6 + 1e-9).length <= 21, true);
  const l = scatterLayout([
    { id: 'a', x: 1e6, y: 0, std: 0 },
    { id: 'b', x: 1e6 + 1e-7, y: 5e-324, std: 0 },
  ]);
  assert.ok(l.points.every((p) => [p.cx, p.cy].every(Number.isFinite)));
});
