import type { Rng } from '../rng';
import { hasErrors, type Cell, type SearchSpace } from '../spaces/types';
import { spaceShortcuts, type SpaceShortcuts } from './space-shortcuts';
import type { CellKeyCache, StrategyOptions } from './types';

const DEFAULT_MAX_TRIES = 200;
/** Failed mutations of one parent after which mutateNew checks whether any neighbour is still new. */
const TRIES_BEFORE_NEIGHBOUR_CHECK = 24;
/** A key cache past this many entries is emptied (one run rarely comes near it). */
const KEY_CACHE_LIMIT = 500_000;

/**
 * The cells a strategy may propose: valid, within the constraints, inside the universe, and
 * not proposed before in this run (canonical hash). Strategies draw every new cell through here.
 */
export class SearchDomain<C extends Cell> {
  /** The space, or for NB-201 and NB-101 a faster stand-in with the same results (see space-shortcuts.ts). */
  readonly space: SearchSpace<C>;
  readonly maxTries: number;
  /** Candidates refused (invalid, over a limit, outside the universe). */
  rejected = 0;
  private readonly seen = new Set<string>();
  private readonly admission = new Map<string, boolean>();
  private readonly keyCache: CellKeyCache;
  private readonly keyOfObject = new WeakMap<object, string | null>();
  /** Keys of parents whose every neighbour was proposed (they stay so: `seen` only grows). */
  private readonly spentParents = new Set<string>();
  /** NB-201 and DARTS texts are the raw cell; NB-101's is the pruned cell, so validity is checked every time. */
  private readonly textIsLossless: boolean;
  private readonly shortcuts: SpaceShortcuts<C> | undefined;
  private readonly byText = (text: string, hash: () => string): string => this.keyCache.get(text) ?? this.remember(text, hash());

  constructor(private readonly options: StrategyOptions<C>) {
    this.shortcuts = spaceShortcuts(options.space);
    this.space = this.shortcuts?.space ?? options.space;
    this.maxTries = options.maxTries ?? DEFAULT_MAX_TRIES;
    this.keyCache = options.keyCache ?? new Map<string, string>();
    this.textIsLossless = this.space.id === 'nb201' || this.space.id === 'darts';
    if (options.start && this.key(options.start) === undefined) {
      const problems = this.space
        .validate(options.start)
        .filter((i) => i.severity === 'error')
        .map((i) => i.message);
      throw new RangeError(`the start cell is not a valid ${this.space.label} cell: ${problems.join('; ')}`);
    }
  }

  /** Canonical key of a valid cell; undefined for an invalid one. */
  key(cell: C): string | undefined {
    // A cell object is asked about several times (claim, tell, neighbourhoods): remember it. Cells are immutable.
    const known = this.keyOfObject.get(cell);
    if (known !== undefined) return known === null ? undefined : known;
    const key = this.computeKey(cell);
    this.keyOfObject.set(cell, key ?? null);
    return key;
  }

  private computeKey(cell: C): string | undefined {
    const known = this.shortcuts?.knownKey(cell, this.byText);
    if (known !== undefined) return known;
    if (this.textIsLossless) {
      // The text form holds the whole cell: a cached text was validated when it was cached.
      let text: string;
      try {
        text = this.space.toText(cell);
      } catch {
        return undefined;
      }
      const cached = this.keyCache.get(text);
      if (cached !== undefined) return cached;
      if (hasErrors(this.space.validate(cell))) return undefined;
      return this.remember(text, this.space.hash(cell));
    }
    if (hasErrors(this.space.validate(cell))) return undefined;
    const text = this.space.toText(cell);
    return this.keyCache.get(text) ?? this.remember(text, this.space.hash(cell));
  }

  private remember(text: string, key: string): string {
    if (this.keyCache.size >= KEY_CACHE_LIMIT) this.keyCache.clear();
    this.keyCache.set(text, key);
    return key;
  }

  /** Valid, within the constraints and inside the universe. */
  admits(cell: C): boolean {
    const key = this.key(cell);
    return key !== undefined && this.admitsKey(cell, key);
  }

  /** True when the cell was proposed (or told) before. */
  wasSeen(cell: C): boolean {
    const key = this.key(cell);
    return key !== undefined && this.seen.has(key);
  }

  /** Records a cell as proposed, whether or not it is admissible (e.g. results told from outside). */
  markSeen(cell: C): void {
    const key = this.key(cell);
    if (key !== undefined) this.seen.add(key);
  }

  /** Claims a cell for proposal: true (and marks it seen) when it is admissible and new. */
  claim(cell: C): boolean {
    const key = this.key(cell);
    if (key === undefined) {
      this.rejected++;
      return false;
    }
    if (this.seen.has(key)) return false;
    if (!this.admitsKey(cell, key)) {
      this.rejected++;
      return false;
    }
    this.seen.add(key);
    return true;
  }

  /** A new admissible cell from the space's sampler, or undefined after maxTries attempts. */
  sampleNew(rng: Rng): C | undefined {
    return this.drawNew(() => this.space.sample(rng));
  }

  /** A new admissible mutation of `parent`, or undefined after maxTries attempts. */
  mutateNew(parent: C, rng: Rng): C | undefined {
    const skip = this.shortcuts?.skipMutations;
    if (!skip) return this.drawNew(() => this.space.mutate(parent, rng));
    // Where mutants are neighbours, a parent whose neighbours were all proposed has no new mutant:
    // its remaining attempts would all be refused without side effects, so only their draws are taken.
    for (let i = 0; i < this.maxTries; i++) {
      if (i % TRIES_BEFORE_NEIGHBOUR_CHECK === 0 && this.isSpent(parent, i > 0)) {
        skip(parent, rng, this.maxTries - i);
        return undefined;
      }
      const cell = this.space.mutate(parent, rng);
      if (this.claim(cell)) return cell;
    }
    return undefined;
  }

  /** True when every neighbour of `parent` was proposed; looks at the neighbours only when `check`. */
  private isSpent(parent: C, check: boolean): boolean {
    const key = this.key(parent);
    if (key === undefined) return false;
    if (this.spentParents.has(key)) return true;
    if (!check) return false;
    for (const n of this.space.neighbours(parent)) {
      const k = this.key(n);
      if (k === undefined || !this.seen.has(k)) return false;
    }
    this.spentParents.add(key);
    return true;
  }

  /** New admissible neighbours of a cell, each canonical class once, in the space's order; not claimed. */
  freshNeighbours(cell: C): C[] {
    const out: C[] = [];
    const keys = new Set<string>();
    for (const n of this.space.neighbours(cell)) {
      const key = this.key(n);
      if (key === undefined || this.seen.has(key) || keys.has(key)) continue;
      if (!this.admitsKey(n, key)) {
        this.rejected++;
        continue;
      }
      keys.add(key);
      out.push(n);
    }
    return out;
  }

  /** The key of an admissible cell not proposed before, without claiming it; undefined otherwise. */
  freshKey(cell: C): string | undefined {
    const key = this.key(cell);
    if (key === undefined || this.seen.has(key)) return undefined;
    return this.admitsKey(cell, key) ? key : undefined;
  }

  /** Like freshKey for a cell whose key is already known (skips validation and hashing). */
  isFresh(cell: C, key: string): boolean {
    return !this.seen.has(key) && this.admitsKey(cell, key);
  }

  /** Repeats `draw` until it yields a claimable cell. */
  drawNew(draw: () => C): C | undefined {
    for (let i = 0; i < this.maxTries; i++) {
      const cell = draw();
      if (this.claim(cell)) return cell;
    }
    return undefined;
  }

  private admitsKey(cell: C, key: string): boolean {
    let ok = this.admission.get(key);
    if (ok === undefined) {
      ok = this.withinConstraints(cell) && (this.options.allow?.(cell, key) ?? true);
      this.admission.set(key, ok);
    }
    return ok;
  }

  private withinConstraints(cell: C): boolean {
    const c = this.options.constraints;
    if (!c || (c.maxParams === undefined && c.maxFlops === undefined)) return true;
    const cost = this.space.cost(cell, c.macro);
    if (c.maxParams !== undefined && !(cost.params <= c.maxParams)) return false;
    if (c.maxFlops !== undefined) {
      if (cost.flops === undefined) {
        throw new Error(`${this.space.label} reports no FLOPs for macro '${c.macro ?? this.space.macros[0]?.id}', so maxFlops cannot be honoured`);
      }
      if (!(cost.flops <= c.maxFlops)) return false;
    }
    return true;
  }
}
