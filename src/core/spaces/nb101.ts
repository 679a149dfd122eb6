import { hasErrors, type Cost, type Nb101Cell, type SearchSpace } from './types';
import { canonicalNb101 } from './nb101/canonical';
import { formatCompact, NB101_OPS } from './nb101/compact';
import { costNb101 } from './nb101/cost';
import { encodeNb101, NB101_ENCODING } from './nb101/encode';
import { fingerprintOf, mutateNb101, neighboursNb101, sampleNb101 } from './nb101/neighbourhood';
import { pruneNb101 } from './nb101/prune';
import { validateNb101 } from './nb101/validate';

export { canonicalNb101 } from './nb101/canonical';
export { pruneNb101 } from './nb101/prune';
export { parseNb101SpaceLine, type Nb101SpaceRow } from './nb101/space-line';
export { validateNb101 };

const CIFAR10_MACRO = { id: 'cifar10', label: 'NB-101 CIFAR-10 network (C=128, 3 stacks × 3 cells)' } as const;

/** The pruned cell, or an error listing every problem. */
function validPruned(cell: Nb101Cell, action: string): Nb101Cell {
  const issues = validateNb101(cell);
  if (hasErrors(issues)) {
    const messages = issues.filter((i) => i.severity === 'error').map((i) => i.message);
    throw new Error(`cannot ${action} an invalid NB-101 cell: ${messages.join('; ')}`);
  }
  return pruneNb101(cell);
}

export const nb101: SearchSpace<Nb101Cell> = {
  id: 'nb101',
  label: 'NAS-Bench-101',
  ops: NB101_OPS,
  size: 423_624,

  validate: validateNb101,
  // Mutants and neighbours come with their fingerprint (remembered by object).
  hash: (cell) => fingerprintOf(validPruned(cell, 'hash')),
  neighbours: (cell) => neighboursNb101(validPruned(cell, 'find neighbours of')),
  mutate: (cell, rng) => mutateNb101(validPruned(cell, 'mutate'), rng),
  sample: sampleNb101,

  encoding: NB101_ENCODING,
  encode: (cell) => encodeNb101(validPruned(cell, 'encode')),

  macros: [CIFAR10_MACRO],
  cost(cell, macro = CIFAR10_MACRO.id): Cost {
    if (macro !== CIFAR10_MACRO.id) throw new Error(`unknown NB-101 macro '${macro}'; available: ${CIFAR10_MACRO.id}`);
    return costNb101(canonicalNb101(validPruned(cell, 'cost')));
  },

  toText: (cell) => formatCompact(pruneNb101(cell)),
};
