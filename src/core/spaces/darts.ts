import type { DartsCell, SearchSpace } from './types';
import { dartsCost, DARTS_MACROS } from './darts/cost';
import { DARTS_ENCODING, DARTS_OPS, encodeDarts } from './darts/encode';
import { formatDartsText } from './darts/genotype-string';
import { hashDarts } from './darts/hash';
import { dartsNeighbours, mutateDarts, sampleDarts } from './darts/moves';
import { DARTS_CELLS_PER_KIND } from './darts/size';
import { validateDarts } from './darts/validate';

export const darts: SearchSpace<DartsCell> = {
  id: 'darts',
  label: 'DARTS',
  ops: DARTS_OPS,
  /** ≈1.08e18, beyond 2^53, so a rounded double. */
  size: DARTS_CELLS_PER_KIND * DARTS_CELLS_PER_KIND,
  validate: validateDarts,
  hash: hashDarts,
  neighbours: dartsNeighbours,
  mutate: mutateDarts,
  sample: sampleDarts,
  encoding: DARTS_ENCODING,
  encode: encodeDarts,
  macros: DARTS_MACROS,
  cost: dartsCost,
  toText: formatDartsText,
};
