import { getSpace } from '../spaces';
import type { Cell, SpaceId } from '../spaces/types';
import type { Preprocess } from '../surrogate/config';
import { encodeCells, type EncodedCells } from '../surrogate/encode-cells';
import type { PriorSource } from './types';

/**
 * Every cell a fit trains on, encoded once: the user's measured cells and, when they are used, the
 * prior sources' cells with their canonical hashes (to hold a fold's cells out of every source).
 */
export class FitPool {
  readonly userEncoded: EncodedCells;
  private sources: { encoded: EncodedCells; keys: string[]; targets: Float32Array; name: string }[] | undefined;

  constructor(
    readonly space: SpaceId,
    readonly preprocess: Preprocess,
    readonly userCells: readonly Cell[],
    /** Measured means, higher = better. */
    readonly userTargets: Float32Array,
    /** Canonical hash of each user cell. */
    readonly userKeys: readonly string[],
    private readonly priorSources: readonly PriorSource[],
    readonly scaleReference: EncodedCells,
  ) {
    this.userEncoded = encodeCells(space, preprocess, userCells);
  }

  get sourceCount(): number {
    return this.priorSources.length;
  }

  /** The prior sources, encoded and hashed on first use. */
  sourcesEncoded(): readonly { encoded: EncodedCells; keys: string[]; targets: Float32Array; name: string }[] {
    if (!this.sources) {
      const hash = getSpace(this.space).hash as (cell: Cell) => string;
      this.sources = this.priorSources.map((s) => ({
        name: s.name,
        encoded: encodeCells(this.space, this.preprocess, s.cells),
        keys: s.cells.map(hash),
        targets: Float32Array.from(s.targets),
      }));
    }
    return this.sources;
  }
}

/** Several encoded sets of one encoding, stacked in order. */
export function concatEncoded(parts: readonly EncodedCells[]): EncodedCells {
  if (parts.length === 1) return parts[0];
  if (parts.length === 0) throw new Error('nothing to concatenate');
  const join = (pick: (p: EncodedCells) => Float32Array) => {
    const out = new Float32Array(parts.reduce((s, p) => s + pick(p).length, 0));
    let offset = 0;
    for (const p of parts) {
      out.set(pick(p), offset);
      offset += pick(p).length;
    }
    return out;
  };
  return {
    count: parts.reduce((s, p) => s + p.count, 0),
    spec: parts[0].spec,
    features: join((p) => p.features),
    adjacency: join((p) => p.adjacency),
    mask: join((p) => p.mask),
  };
}
