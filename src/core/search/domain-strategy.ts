import type { Rng } from '../rng';
import type { Cell } from '../spaces/types';
import { Ledger } from './ledger';
import { SearchDomain } from './search-domain';
import type { ScoredCell, Strategy, StrategyOptions, StrategyState } from './types';

/**
 * What every strategy shares: the domain it draws new cells from, the ledger of asked and told
 * cells, and its random stream. tell() marks each result seen and records it, then hands it to
 * told(), where a strategy updates its own state.
 */
export abstract class DomainStrategy<C extends Cell> implements Strategy<C> {
  abstract readonly name: string;
  protected readonly domain: SearchDomain<C>;
  protected readonly ledger = new Ledger<C>();
  protected readonly rng: Rng;

  constructor(options: StrategyOptions<C>) {
    this.domain = new SearchDomain(options);
    this.rng = options.rng;
  }

  abstract ask(n: number): C[];
  abstract state(): StrategyState<C>;

  tell(results: readonly ScoredCell<C>[]): void {
    for (const r of results) {
      this.domain.markSeen(r.cell);
      this.ledger.record(r);
      this.told(r);
    }
  }

  best(): ScoredCell<C> | undefined {
    return this.ledger.best();
  }

  /** Called for each told result once it is recorded. */
  protected told(_result: ScoredCell<C>): void {}

  /** Appends cells from `draw` until `out` holds n or `draw` comes back empty; returns `out`. */
  protected fill(out: C[], n: number, draw: () => C | undefined): C[] {
    while (out.length < n) {
      const cell = draw();
      if (!cell) break;
      out.push(cell);
    }
    return out;
  }
}

/** Adds a member to an aging population (oldest first), dropping the oldest beyond `size`. */
export function pushAging<T>(population: T[], member: T, size: number): void {
  population.push(member);
  if (population.length > size) population.shift();
}
