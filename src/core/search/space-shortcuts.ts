import type { Rng } from '../rng';
import { darts, nb101, nb201 } from '../spaces';
import { knownDartsHash } from '../spaces/darts/hash';
import { formatCompact } from '../spaces/nb101/compact';
import { encodeNb101 } from '../spaces/nb101/encode';
import { fingerprintOf, mutateNb101, neighboursNb101, sampleNb101 } from '../spaces/nb101/neighbourhood';
import { NB201_OPS } from '../spaces/nb201/encode';
import { nb201CellOfCode, nb201CodeOf, nb201KeyOfCode, NB201_EDGE_WEIGHTS, nb201OpId } from '../spaces/nb201/codes';
import type { Cell, DartsCell, Nb101Cell, Nb201Cell, SearchSpace } from '../spaces/types';

/**
 * Stand-ins for the bundled NB-201 and NB-101 spaces inside a search: the same cells (equal by
 * value), the same random draws in the same order and the same hashes as the space's own methods,
 * without the work a search repeats on every proposal:
 *   NB-201: cells are the 15,625 shared objects of their generation code, so that sampling,
 *     mutating and listing neighbours are integer arithmetic and the canonical hash a table lookup;
 *   NB-101: cells the stand-in made (sampled, mutated, neighbours; always pruned and valid) are not
 *     validated and pruned again, and mutants and neighbours keep the fingerprint computed while
 *     making them;
 *   DARTS: the space itself; a cell whose hash is known (mutation and neighbours hash every cell
 *     they make) is not validated and hashed again.
 * Other spaces (and test spaces) are used as they are.
 */
export interface SpaceShortcuts<C extends Cell> {
  readonly space: SearchSpace<C>;
  /**
   * The canonical key when it is known without validating: a string for a valid cell, undefined
   * when this cannot tell (the caller validates and hashes as usual). `byText` looks a text form up
   * in (or adds it to) the caller's key cache.
   */
  knownKey(cell: C, byText: (text: string, hash: () => string) => string): string | undefined;
  /**
   * Takes the random draws of `count` calls of space.mutate(cell, rng) without making the cells; only
   * where every mutant is one of space.neighbours(cell), so that a parent whose neighbours were all
   * proposed can be passed over (its mutants would all be refused) with the same random stream.
   */
  skipMutations?(cell: C, rng: Rng, count: number): void;
}

export function spaceShortcuts<C extends Cell>(space: SearchSpace<C>): SpaceShortcuts<C> | undefined {
  if ((space as SearchSpace<Cell>) === (nb201 as SearchSpace<Cell>)) return nb201Shortcuts as unknown as SpaceShortcuts<C>;
  if ((space as SearchSpace<Cell>) === (nb101 as SearchSpace<Cell>)) return nb101Shortcuts as unknown as SpaceShortcuts<C>;
  if ((space as SearchSpace<Cell>) === (darts as SearchSpace<Cell>)) return dartsShortcuts as unknown as SpaceShortcuts<C>;
  return undefined;
}

/** The bundled NB-201 space or its stand-in (cells by generation code, ops in NB201_OPS order). */
export function isBundledNb201(space: SearchSpace<Cell>): boolean {
  return space === (nb201 as SearchSpace<Cell>) || space === (nb201Shortcuts.space as SearchSpace<Cell>);
}

// ---- NB-201 -------------------------------------------------------------------------------------

// Module-level copies: imported bindings can cost a getter call per use (CommonJS output).
const OPS: readonly string[] = NB201_OPS;
const OP_COUNT = OPS.length;
const WEIGHTS = NB201_EDGE_WEIGHTS;
const EDGES = WEIGHTS.length;
/** OTHER_OPS[k]: NB201_OPS without op k, in order (what nb201Mutate picks from). */
const OTHER_OPS: readonly (readonly string[])[] = OPS.map((op) => OPS.filter((o) => o !== op));

function opIdAt(code: number, edge: number): number {
  return Math.floor(code / WEIGHTS[edge]) % OP_COUNT;
}

const nb201Shortcuts: SpaceShortcuts<Nb201Cell> = {
  space: {
    ...nb201,
    hash(cell) {
      const code = nb201CodeOf(cell);
      return code < 0 ? nb201.hash(cell) : nb201KeyOfCode(code);
    },
    // nb201Neighbours: edge by edge, every other op in NB201_OPS order.
    neighbours(cell) {
      const code = nb201CodeOf(cell);
      if (code < 0) return nb201.neighbours(cell);
      const out: Nb201Cell[] = [];
      for (let e = 0; e < EDGES; e++) {
        const own = opIdAt(code, e);
        for (let id = 0; id < OP_COUNT; id++) if (id !== own) out.push(nb201CellOfCode(code + (id - own) * WEIGHTS[e]));
      }
      return out;
    },
    // nb201Mutate: rng.int(edges), then rng.pick(the other ops of that edge).
    mutate(cell, rng: Rng) {
      const code = nb201CodeOf(cell);
      if (code < 0) return nb201.mutate(cell, rng);
      const edge = rng.int(EDGES);
      const own = opIdAt(code, edge);
      const id = nb201OpId(rng.pick(OTHER_OPS[own]));
      return nb201CellOfCode(code + (id - own) * WEIGHTS[edge]);
    },
    // nb201Sample: rng.pick(NB201_OPS) per edge, first edge first.
    sample(rng: Rng) {
      let code = 0;
      for (let e = 0; e < EDGES; e++) code = code * OP_COUNT + nb201OpId(rng.pick(OPS));
      return nb201CellOfCode(code);
    },
  },
  knownKey(cell) {
    const code = nb201CodeOf(cell);
    return code < 0 ? undefined : nb201KeyOfCode(code);
  },
  skipMutations(cell, rng, count) {
    const code = nb201CodeOf(cell);
    if (code < 0) throw new Error('skipMutations needs a valid NB-201 cell');
    for (let i = 0; i < count; i++) rng.pick(OTHER_OPS[opIdAt(code, rng.int(EDGES))]);
  },
};

// ---- NB-101 -------------------------------------------------------------------------------------

/** Cells the stand-in made: pruned and valid. */
const madeHere = new WeakSet<Nb101Cell>();
const made = (cell: Nb101Cell): Nb101Cell => {
  madeHere.add(cell);
  return cell;
};
/** Mutants and neighbours: their fingerprint is remembered (see fingerprintOf). */
const fingerprinted = new WeakSet<Nb101Cell>();

const nb101Shortcuts: SpaceShortcuts<Nb101Cell> = {
  space: {
    ...nb101,
    // nb101's methods validate and prune first; a cell made here is valid and pruned already.
    hash: (cell) => (madeHere.has(cell) ? fingerprintOf(cell) : nb101.hash(cell)),
    neighbours(cell) {
      const out = madeHere.has(cell) ? neighboursNb101(cell) : nb101.neighbours(cell);
      for (const n of out) fingerprinted.add(made(n));
      return out;
    },
    mutate(cell, rng: Rng) {
      const child = made(madeHere.has(cell) ? mutateNb101(cell, rng) : nb101.mutate(cell, rng));
      fingerprinted.add(child);
      return child;
    },
    sample: (rng: Rng) => made(sampleNb101(rng)),
    encode: (cell) => (madeHere.has(cell) ? encodeNb101(cell) : nb101.encode(cell)),
    toText: (cell) => (madeHere.has(cell) ? formatCompact(cell) : nb101.toText(cell)),
  },
  knownKey(cell, byText) {
    if (!madeHere.has(cell)) return undefined;
    if (fingerprinted.has(cell)) return fingerprintOf(cell);
    return byText(formatCompact(cell), () => fingerprintOf(cell));
  },
};

// ---- DARTS --------------------------------------------------------------------------------------

const dartsShortcuts: SpaceShortcuts<DartsCell> = {
  space: darts,
  knownKey: (cell) => knownDartsHash(cell),
};
