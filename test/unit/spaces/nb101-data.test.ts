import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nb101 } from '../../../src/core/spaces/nb101';
import { relabelNb101, topologicalOrders } from '../../../src/core/spaces/nb101/canonical';
import { parseCompact } from '../../../src/core/spaces/nb101/compact';
import { costNb101 } from '../../../src/core/spaces/nb101/cost';
import { countEdges } from '../../../src/core/spaces/nb101/prune';
import type { Nb101Cell } from '../../../src/core/spaces/types';
import { readNb101Space } from '../../../src/node/nb101-space-file';
import { dataFile, needsData, readCsv } from '../../helpers/data';

const SUBSET = 'nb101_subset.csv';
const SPACE = 'nb101_space.csv.gz';

type Row = Record<string, string> & { cell: Nb101Cell };
function subsetRows(): Row[] {
  return readCsv(dataFile(SUBSET) as string).map((r) => {
    const parsed = parseCompact(Number(r.n_vertices), r.matrix, r.ops);
    if (!parsed.ok) throw new Error(`${r.hash}: ${parsed.message}`);
    return Object.assign(r, { cell: parsed.cell });
  });
}

test('every cell of nb101_subset.csv is valid and hashes to its NB-101 fingerprint', needsData(SUBSET), (t) => {
  const rows = subsetRows();
  assert.equal(rows.length, 24_214);
  let matches = 0;
  for (const row of rows) {
    assert.deepEqual(nb101.validate(row.cell), [], row.hash);
    assert.equal(countEdges(row.cell.matrix), Number(row.n_edges), row.hash);
    if (nb101.hash(row.cell) === row.hash) matches++;
  }
  t.diagnostic(`hash matches: ${matches}/${rows.length}`);
  assert.equal(matches, rows.length);
});

test("cost reproduces every NB-101 parameter count; NASLib's differ only by vertex numbering", needsData(SUBSET), (t) => {
  let exact = 0;
  let worst = 0;
  const renumbered: string[] = [];
  const rows = subsetRows();
  for (const row of rows) {
    const reported = Number(row.params);
    const params = nb101.cost(row.cell).params;
    if (params === reported) {
      exact++;
      continue;
    }
    worst = Math.max(worst, Math.abs(params / reported - 1));
    // Only NASLib's numbers (rows from no NB-101 file) may differ, and then they must be the
    // parameter count of the same cell under another numbering of its vertices.
    assert.equal(row.source, 'naslib-zc', `${row.hash}: NB-101 reports ${reported}, cost gives ${params}`);
    const alternatives = topologicalOrders(row.cell).map((order) => costNb101(relabelNb101(row.cell, order)).params);
    assert.ok(alternatives.includes(reported), `${row.hash}: ${reported} is no numbering's count (${alternatives.join(', ')})`);
    renumbered.push(row.hash);
  }
  t.diagnostic(
    `params exact: ${exact}/${rows.length}; ${renumbered.length} NASLib-only rows counted under another numbering; worst relative error ${(worst * 100).toFixed(3)}%`,
  );
  assert.equal(exact + renumbered.length, rows.length);
});

test('streaming nb101_space.csv.gz yields all 423,624 distinct cells; every 100th re-hashes to its key', needsData(SPACE, SUBSET), async (t) => {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const hashes = new Set<string>();
  const byVertices = new Map<number, number>();
  let checked = 0;
  let index = 0;
  for await (const { hash, cell } of readNb101Space(dataFile(SPACE) as string)) {
    hashes.add(hash);
    byVertices.set(cell.ops.length, (byVertices.get(cell.ops.length) ?? 0) + 1);
    if (index++ % 100 === 0) {
      assert.deepEqual(nb101.validate(cell), [], hash);
      assert.equal(nb101.hash(cell), hash);
      checked++;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  t.diagnostic(`streamed ${index} rows in ${seconds.toFixed(1)} s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s), re-hashed ${checked}`);
  assert.equal(index, 423_624);
  assert.equal(hashes.size, 423_624);
  assert.equal(checked, 4237);
  assert.deepEqual(Object.fromEntries([...byVertices].sort()), { 2: 1, 3: 6, 4: 84, 5: 2441, 6: 62_010, 7: 359_082 });
  const missing = subsetRows().filter((r) => !hashes.has(r.hash));
  assert.deepEqual(
    missing.map((r) => r.hash),
    [],
  );
});
