import type { Cell } from '../spaces/types';
import { cellSlotsFor, type CellSlots } from './cell-slots';
import { DomainStrategy } from './domain-strategy';
import { InitialCells } from './initial-cells';
import { SlotDistribution, topTier } from './tier-statistics';
import type { ScoredCell, StrategyOptions, StrategyState } from './types';

export interface NarOptions<C extends Cell> extends StrategyOptions<C> {
  /** Cells evaluated before steering starts (random, or around the start cell); default 10. */
  readonly numInit?: number;
  /** Quantile tiers the evaluated cells are split into; the top one steers. Default 5. */
  readonly tiers?: number;
  /** Weight of the uniform distribution mixed into every slot's distribution; default 0.1. */
  readonly noise?: number;
  /** Mutations tried per proposal when cells cannot be assembled slot by slot (NB-101); default 30. */
  readonly steerSteps?: number;
  /** How cells are read as slots; default per space (see cellSlotsFor). */
  readonly slots?: CellSlots<C>;
}

/** Climbs tried per proposal before falling back to a plain random cell. */
const STEER_ATTEMPTS = 10;

interface Evaluated<C extends Cell> {
  readonly result: ScoredCell<C>;
  readonly slots: number[];
}

/**
 * Tier-guided sampling: the evaluated cells are split into quantile tiers of their score, and
 * the slot statistics of the top tier (each edge's op for NB-201, each edge's op and input for
 * DARTS; vertex labels and edge bits for NB-101), mixed with uniform noise, drive sampling.
 * Where a cell cannot be assembled from per-slot choices (NB-101), a random cell is mutated
 * towards those statistics by a short Metropolis walk.
 */
export class NarSearch<C extends Cell> extends DomainStrategy<C> {
  readonly name = 'nar';
  private readonly slots: CellSlots<C>;
  private readonly numInit: number;
  private readonly tiers: number;
  private readonly noise: number;
  private readonly steerSteps: number;
  private readonly initial: InitialCells<C>;
  private readonly evaluated: Evaluated<C>[] = [];
  private topTierFloor = NaN;
  private steering = false;

  constructor(options: NarOptions<C>) {
    super(options);
    this.slots = options.slots ?? cellSlotsFor(this.domain.space);
    this.numInit = options.numInit ?? 10;
    this.tiers = options.tiers ?? 5;
    this.noise = options.noise ?? 0.1;
    this.steerSteps = options.steerSteps ?? 30;
    this.initial = new InitialCells(this.domain, this.rng, options.start);
  }

  ask(n: number): C[] {
    const out = this.initial.take(n, this.numInit);
    if (!this.initial.done(this.numInit) || (!this.steering && (this.ledger.pending > 0 || out.length > 0))) {
      return this.ledger.noteAsked(out);
    }
    this.steering = true;
    const top = topTier(this.evaluated, (e) => e.result.score, this.tiers);
    this.topTierFloor = top.length ? top[top.length - 1].result.score : NaN;
    const dist = new SlotDistribution(
      this.slots.sizes,
      top.map((e) => e.slots),
      this.noise,
    );
    return this.ledger.noteAsked(this.fill(out, n, () => this.steered(dist) ?? this.domain.sampleNew(this.rng)));
  }

  protected override told(result: ScoredCell<C>): void {
    this.evaluated.push({ result, slots: this.slots.read(result.cell) });
  }

  state(): StrategyState<C> {
    return this.ledger.state(this.name, this.steering ? 'steer' : 'init', this.domain.rejected, {
      evaluated: this.evaluated.length,
      ...(Number.isFinite(this.topTierFloor) ? { topTierFloor: this.topTierFloor } : {}),
    });
  }

  private steered(dist: SlotDistribution): C | undefined {
    const assemble = this.slots.assemble;
    if (assemble) return this.domain.drawNew(() => assemble((slot, exclude) => dist.draw(slot, this.rng, exclude)));
    for (let attempt = 0; attempt < STEER_ATTEMPTS; attempt++) {
      const cell = this.climbTowards(dist);
      if (cell && this.domain.claim(cell)) return cell;
    }
    return undefined;
  }

  /**
   * A fresh admissible random cell walked `steerSteps` mutations towards the top-tier statistics:
   * a Metropolis chain over fresh admissible cells whose stationary law (for symmetric mutations)
   * is the statistics' product distribution, the law the assembling spaces sample directly.
   */
  private climbTowards(dist: SlotDistribution): C | undefined {
    let cell = this.space.sample(this.rng);
    for (let i = 0; this.domain.freshKey(cell) === undefined; i++) {
      if (i >= this.domain.maxTries) return undefined;
      cell = this.space.sample(this.rng);
    }
    let ll = dist.logLikelihood(this.slots.read(cell));
    for (let step = 0; step < this.steerSteps; step++) {
      const next = this.space.mutate(cell, this.rng);
      if (this.domain.freshKey(next) === undefined) continue;
      const nextLl = dist.logLikelihood(this.slots.read(next));
      if (nextLl >= ll || this.rng.next() < Math.exp(nextLl - ll)) {
        cell = next;
        ll = nextLl;
      }
    }
    return cell;
  }

  private get space() {
    return this.domain.space;
  }
}
