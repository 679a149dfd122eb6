import { hasErrors, type Nb201Cell, type SearchSpace } from './types';
import { formatArchString } from './nb201/arch-string';
import { NB201_MACROS, nb201Cost } from './nb201/cost';
import { encodeNb201, NB201_ENCODING, NB201_OPS } from './nb201/encode';
import { NB201_SIZE } from './nb201/index-order';
import { nb201Mutate, nb201Neighbours, nb201Sample } from './nb201/moves';
import { nb201UniqueString } from './nb201/unique-string';
import { validateNb201 } from './nb201/validate';

export { enumerateNb201, nb201Index } from './nb201/index-order';
export { NB201_MACROS } from './nb201/cost';

/** The operations that need a well-formed cell; the message names every fault. */
function assertValid(cell: Nb201Cell, action: string): void {
  const issues = validateNb201(cell);
  if (hasErrors(issues)) {
    const faults = issues.filter((i) => i.severity === 'error').map((i) => i.message);
    throw new Error(`cannot ${action} an invalid NB-201 cell: ${faults.join('; ')}`);
  }
}

export const nb201: SearchSpace<Nb201Cell> = {
  id: 'nb201',
  label: 'NAS-Bench-201',
  ops: NB201_OPS,
  size: NB201_SIZE,

  validate: validateNb201,
  hash(cell) {
    assertValid(cell, 'hash');
    return nb201UniqueString(cell);
  },
  neighbours(cell) {
    assertValid(cell, 'list the neighbours of');
    return nb201Neighbours(cell);
  },
  mutate(cell, rng) {
    assertValid(cell, 'mutate');
    return nb201Mutate(cell, rng);
  },
  sample: nb201Sample,

  encoding: NB201_ENCODING,
  encode: encodeNb201,

  macros: NB201_MACROS,
  cost(cell, macro) {
    assertValid(cell, 'count the cost of');
    return nb201Cost(cell, macro);
  },

  toText: formatArchString,
};
