import type { Rng } from '../rng';
import type { Cell } from '../spaces/types';
import type { SearchDomain } from './search-domain';

/**
 * The first cells of a population-based strategy: uniformly random ones, or, given a start cell,
 * the start cell followed by mutants of the cells drawn so far (a random walk cloud around it).
 */
export class InitialCells<C extends Cell> {
  readonly drawn: C[] = [];
  private startTried = false;
  /** Set when the space yielded no new cell: the initial set stays smaller than asked for. */
  private dry = false;

  constructor(
    private readonly domain: SearchDomain<C>,
    private readonly rng: Rng,
    private readonly start: C | undefined,
  ) {}

  /** Draws up to `n` more, stopping at `limit` in total; fewer when the space runs dry. */
  take(n: number, limit: number): C[] {
    const out: C[] = [];
    while (out.length < n && this.drawn.length < limit) {
      const cell = this.next();
      if (!cell) {
        this.dry = true;
        break;
      }
      this.drawn.push(cell);
      out.push(cell);
    }
    return out;
  }

  /** True once `limit` cells were drawn, or the space ran dry. */
  done(limit: number): boolean {
    return this.drawn.length >= limit || this.dry;
  }

  private next(): C | undefined {
    const start = this.start;
    if (!start) return this.domain.sampleNew(this.rng);
    if (!this.startTried) {
      this.startTried = true;
      if (this.domain.claim(start)) return start;
    }
    const parent = this.drawn.length ? this.rng.pick(this.drawn) : start;
    return this.domain.mutateNew(parent, this.rng) ?? this.domain.sampleNew(this.rng);
  }
}
