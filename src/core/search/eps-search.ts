import type { Cell } from '../spaces/types';
import { DomainStrategy, pushAging } from './domain-strategy';
import { InitialCells } from './initial-cells';
import { bestOf } from './ledger';
import { topByScore } from './tier-statistics';
import type { ScoredCell, StrategyOptions, StrategyState } from './types';

export interface EpsOptions<C extends Cell> extends StrategyOptions<C> {
  /** Size of the aging population that forms the proxy space; default 30. */
  readonly populationSize?: number;
  /** Best members mutated each round, one child each; default 5. */
  readonly parents?: number;
}

/**
 * Proxy-space evolution: an aging population stands for the promising region of the space; each
 * round mutates its best `parents` members once each, and every child displaces the oldest member.
 * Unlike regularized evolution, selection is truncation to the top members, not a tournament.
 */
export class EpsSearch<C extends Cell> extends DomainStrategy<C> {
  readonly name = 'eps';
  private readonly populationSize: number;
  private readonly parents: number;
  private readonly initial: InitialCells<C>;
  /** Oldest first. */
  private readonly population: ScoredCell<C>[] = [];
  private round: ScoredCell<C>[] = [];
  private rounds = 0;

  constructor(options: EpsOptions<C>) {
    super(options);
    this.populationSize = options.populationSize ?? 30;
    this.parents = Math.max(1, Math.min(options.parents ?? 5, this.populationSize));
    this.initial = new InitialCells(this.domain, this.rng, options.start);
  }

  ask(n: number): C[] {
    const out = this.initial.take(n, this.populationSize);
    if (!this.initial.done(this.populationSize) || (this.rounds === 0 && (this.ledger.pending > 0 || out.length > 0))) {
      return this.ledger.noteAsked(out);
    }
    let failures = 0;
    while (out.length < n && failures < this.parents + 1) {
      if (!this.round.length) this.startRound();
      const parent = this.round.shift();
      const child = parent ? this.domain.mutateNew(parent.cell, this.rng) : this.domain.sampleNew(this.rng);
      if (child) {
        out.push(child);
        failures = 0;
      } else failures++;
    }
    if (out.length < n && failures > 0) {
      const cell = this.domain.sampleNew(this.rng);
      if (cell) out.push(cell);
    }
    return this.ledger.noteAsked(out);
  }

  protected override told(result: ScoredCell<C>): void {
    pushAging(this.population, result, this.populationSize);
  }

  state(): StrategyState<C> {
    const populationBest = bestOf(this.population);
    return this.ledger.state(this.name, this.rounds ? 'evolve' : 'init', this.domain.rejected, {
      population: this.population.length,
      rounds: this.rounds,
      ...(populationBest ? { populationBest: populationBest.score } : {}),
    });
  }

  private startRound(): void {
    this.round = topByScore(this.population, this.parents);
    this.rounds++;
  }
}
