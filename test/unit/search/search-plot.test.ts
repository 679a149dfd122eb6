import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderCurvesSvg } from '../../../bench/search-plot';

test('the curve plot draws one line per strategy, a legend and exact tick labels', () => {
  const svg = renderCurvesSvg(
    { random: [90, 91, 92, 93, 93.5], 'local<1>': [90, 92, 93, 94, 94.2] },
    { title: 'demo', yLabel: 'acc (%)', reference: { value: 94.37, label: 'optimum' }, fromQuery: 1 },
  );
  assert.equal((svg.match(/<polyline /g) ?? []).length, 2);
  assert.ok(svg.includes('>random</text>') && svg.includes('>local&lt;1&gt;</text>') && svg.includes('>optimum</text>'));
  assert.ok(!svg.includes('NaN'));
  const labels = [...svg.matchAll(/text-anchor="end">([\d.]+)<\/text>/g)].map((m) => m[1]);
  assert.ok(labels.length >= 4);
  for (const label of labels) assert.ok(Number.isFinite(Number(label)));
  assert.equal(new Set(labels).size, labels.length, `duplicate tick labels ${labels.join(', ')}`);
});
