// Fixtures of the vscode-free extension modules' tests: models (a calibration table over made-up scores
// and a score function that counts what it is asked, in place of the ranking worker) and the start
// cell of a search.
import { buildCalibration } from '../../../src/core/surrogate/calibration';
import type { DatasetId } from '../../../src/core/catalog';
import { nb201 } from '../../../src/core/spaces';
import type { Cell, Nb101Cell, Nb201Cell, SpaceId } from '../../../src/core/spaces/types';
import type { SearchOrigin } from '../../../src/extension/search/session';
import type { ModelSource } from '../../../src/extension/analysis/ranker';
import type { ModelLookup, RankModel } from '../../../src/extension/models/registry';

/** A model whose score is the number of 'nor_conv_3x3' ops (NB-201) or of edges (NB-101); calibrated on 0..6. */
export function fakeModel(space: SpaceId, dataset: DatasetId, spaceSize = 15625): RankModel & { asked: Cell[][] } {
  const asked: Cell[][] = [];
  const scoreOf = (c: Cell) =>
    c.space === 'nb201' ? c.ops.filter((o) => o === 'nor_conv_3x3').length : c.space === 'nb101' ? c.matrix.flat().filter(Boolean).length : 0;
  return {
    space,
    dataset,
    dir: `/models/${space}-${dataset}`,
    source: 'bundled',
    calibration: buildCalibration([0, 1, 2, 3, 4, 5, 6], { space, reference: 'seven scores', spaceSize }),
    asked,
    score: async (cells) => {
      asked.push([...cells]);
      return cells.map(scoreOf);
    },
  };
}

/** A ModelSource with these models ready, and "no model" for every other (space, dataset). */
export function fakeSource(...models: RankModel[]): ModelSource {
  const find = (space: SpaceId, dataset: DatasetId): ModelLookup<RankModel> => {
    const model = models.find((m) => m.space === space && m.dataset === dataset);
    return model ? { kind: 'ready', model } : { kind: 'missing', message: `no model for ${space} yet` };
  };
  return { load: async (space, dataset) => find(space, dataset), peek: (space, dataset) => find(space, dataset) };
}

/** The start cell of a "search around" in a.nas.json (version 1), ranked at the median of NB-201 on `dataset`. */
export function searchOrigin(cell: Nb201Cell, dataset: DatasetId = 'cifar10', extra: Partial<SearchOrigin> = {}): SearchOrigin {
  return {
    target: { uri: 'file:///w/a.nas.json', version: 1, index: 0, name: 'a' },
    file: 'a.nas.json',
    notation: 'json-arch',
    cell,
    hash: nb201.hash(cell),
    ranking: { dataset, score: 0, percentile: 50, top: 50, rank: 7813, spaceSize: 15625 },
    ...extra,
  };
}

/** An NB-101 cell from its matrix rows as digit strings ('0110 0001 0001 0000') and its ops. */
export function nb101Cell(rows: string, ops: string[]): Nb101Cell {
  return { space: 'nb101', matrix: rows.split(' ').map((row) => [...row].map(Number)), ops };
}
