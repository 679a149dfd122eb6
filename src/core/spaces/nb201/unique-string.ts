import type { Nb201Cell } from '../types';
import { NB201_EDGES } from './arch-string';

const ZERO = '#';

/**
 * NAS-Bench-201's canonical id of a cell, the string its authors use to decide which of the 15,625 cells
 * compute the same function (`Structure.to_unique_str(consider_zero=True)` in D-X-Y's NAS-Bench-201 code;
 * it defines the benchmark's 6,466 unique topologies).
 *
 * Format: node 0 is `0`. Node n (1..3) is the sorted (code-unit order), `+`-joined list of one term per
 * incoming edge a->n:
 *   `#`           the edge is 'none', or node a's string is exactly `#`
 *   node a's string, unchanged, for 'skip_connect'
 *   `(A)@op`      otherwise, A being node a's string
 * The id is node 3's string, e.g. the ResNet cell |nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|skip_connect~2|
 * gives `#+#+((0)@nor_conv_3x3)@nor_conv_3x3+0`.
 *
 * Cells with the same id compute the same function (sums commute; zeros and skips are transparent).
 * The converse does not hold, by NB-201's own definition, which this reproduces on purpose so that the
 * partition equals the benchmark's (nb201.csv iso_group): zero terms stay in a sum (`#+X` differs from
 * `X`), a node whose inputs are all zero reads `#+#` rather than `#`, and a skipped node's whole sum
 * sorts as one term. So e.g. a conv routed 0->2->3 through a skip differs from the same conv on 0->3.
 */
export function nb201UniqueString(cell: Nb201Cell): string {
  const nodes = ['0'];
  for (let node = 1; node <= 3; node++) {
    const terms: string[] = [];
    NB201_EDGES.forEach(([from, to], e) => {
      if (to === node) terms.push(term(cell.ops[e], nodes[from]));
    });
    nodes.push(terms.sort().join('+'));
  }
  return nodes[3];
}

function term(op: string, source: string): string {
  if (op === 'none' || source === ZERO) return ZERO;
  if (op === 'skip_connect') return source;
  return `(${source})@${op}`;
}
