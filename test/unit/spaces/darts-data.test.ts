import assert from 'node:assert/strict';
import { test } from 'node:test';
import { darts } from '../../../src/core/spaces/darts';
import { parseGenotypeString } from '../../../src/core/spaces/darts/genotype-string';
import { dataFile, needsData, readCsv } from '../../helpers/data';

const FILES: [name: string, rows: number][] = [
  ['darts_nb301_surrogate_subset.csv', 1218],
  ['darts_rethinkingpe.csv', 128],
  ['darts_nbsuitezero_9x.csv', 199],
  ['darts_published.csv', 36],
];

for (const [name, expectedRows] of FILES) {
  test(`every genotype of ${name} parses, validates, formats back to its own text and has 120 neighbours`, needsData(name), () => {
    const rows = readCsv(dataFile(name) as string);
    assert.equal(rows.length, expectedRows);
    for (const [i, row] of rows.entries()) {
      const normal = parseGenotypeString(row.normal);
      const reduce = parseGenotypeString(row.reduce);
      assert.ok(normal.ok && reduce.ok, `row ${i + 2}: ${JSON.stringify([normal, reduce])}`);
      const cell = { space: 'darts' as const, normal: normal.edges, reduce: reduce.edges };
      assert.deepEqual(darts.validate(cell), [], `row ${i + 2}`);
      assert.equal(darts.toText(cell), `${row.normal} || ${row.reduce}`);
      assert.equal(darts.neighbours(cell).length, 120, `row ${i + 2}`);
    }
  });
}
