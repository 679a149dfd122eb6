import type { Cell } from '../spaces/types';
import { DomainStrategy } from './domain-strategy';
import { bestOf, isBetter } from './ledger';
import type { ScoredCell, StrategyOptions, StrategyState } from './types';

export interface LocalSearchOptions<C extends Cell> extends StrategyOptions<C> {
  /** Random cells evaluated before the first climb (NASLib `num_init`: 10); unused with a start cell. */
  readonly numInit?: number;
  /** 'best': evaluate the whole neighbourhood, then move to its best (NASLib); 'first': move at the first improvement. */
  readonly improvement?: 'best' | 'first';
}

type Phase = 'init' | 'neighbourhood' | 'restart';

/**
 * Local search as in NASLib: start from the best of `numInit` random cells (or from the start
 * cell), evaluate its neighbourhood in random order, move to the best improving neighbour, and
 * restart from a fresh random cell at a local optimum. Neighbours seen before are skipped.
 */
export class LocalSearch<C extends Cell> extends DomainStrategy<C> {
  readonly name: string;
  private readonly improvement: 'best' | 'first';
  private phase: Phase = 'init';
  private initLeft: number;
  private readonly initResults: ScoredCell<C>[] = [];
  /** The cell whose neighbourhood is being evaluated. */
  private chosen: ScoredCell<C> | undefined;
  /** Best cell of the current climb (NASLib's `best_arch`, reset at a restart). */
  private climbBest: ScoredCell<C> | undefined;
  private queue: C[] = [];
  private restartAsked = false;
  private moves = 0;
  private restarts = 0;

  constructor(options: LocalSearchOptions<C>) {
    super(options);
    this.improvement = options.improvement ?? 'best';
    this.name = this.improvement === 'best' ? 'local' : 'local-first';
    this.initLeft = options.numInit ?? 10;
    if (options.start) {
      this.initLeft = 0;
      if (this.domain.claim(options.start)) this.queue = [options.start];
      else this.moveTo({ cell: options.start, score: -Infinity });
    }
  }

  ask(n: number): C[] {
    const out: C[] = [];
    while (out.length < n) {
      const waiting = this.ledger.pending > 0 || out.length > 0;
      if (this.phase === 'init') {
        if (this.queue.length) {
          out.push(this.queue.shift()!);
          continue;
        } // the start cell
        if (this.initLeft > 0) {
          const cell = this.domain.sampleNew(this.rng);
          if (!cell) {
            this.initLeft = 0; // a tiny space: climb from what there is
            break;
          }
          this.initLeft--;
          out.push(cell);
          continue;
        }
        if (waiting) break;
        const first = bestOf(this.initResults);
        if (first) this.moveTo(first);
        else this.phase = 'restart';
      } else if (this.phase === 'neighbourhood') {
        const next = this.queue.pop();
        if (next !== undefined) {
          if (this.domain.claim(next)) out.push(next);
          continue;
        }
        if (waiting) break;
        if (this.climbBest && this.chosen && isBetter(this.climbBest, this.chosen)) this.climbTo(this.climbBest);
        else this.phase = 'restart';
      } else {
        if (this.restartAsked || waiting) break;
        const cell = this.domain.sampleNew(this.rng);
        if (!cell) break;
        this.restartAsked = true;
        this.restarts++;
        out.push(cell);
      }
    }
    return this.ledger.noteAsked(out);
  }

  override tell(results: readonly ScoredCell<C>[]): void {
    super.tell(results);
    if (this.improvement === 'first' && this.phase === 'neighbourhood' && this.climbBest && this.chosen && isBetter(this.climbBest, this.chosen)) {
      this.climbTo(this.climbBest);
    }
  }

  protected override told(r: ScoredCell<C>): void {
    if (this.phase === 'init') this.initResults.push(r);
    else if (this.phase === 'restart' && this.restartAsked) {
      this.restartAsked = false;
      this.climbBest = undefined;
      this.moveTo(r);
    } else if (isBetter(r, this.climbBest)) this.climbBest = r;
  }

  state(): StrategyState<C> {
    return this.ledger.state(this.name, this.phase, this.domain.rejected, {
      moves: this.moves,
      restarts: this.restarts,
      neighboursLeft: this.phase === 'neighbourhood' ? this.queue.length : 0,
      ...(this.chosen && Number.isFinite(this.chosen.score) ? { centreScore: this.chosen.score } : {}),
    });
  }

  private climbTo(better: ScoredCell<C>): void {
    this.moves++;
    this.moveTo(better);
  }

  /** Centres the climb on `centre` and queues its unseen neighbours in random order. */
  private moveTo(centre: ScoredCell<C>): void {
    this.chosen = centre;
    if (!this.climbBest || isBetter(centre, this.climbBest)) this.climbBest = centre;
    this.queue = this.rng.shuffle(this.domain.freshNeighbours(centre.cell));
    this.phase = 'neighbourhood';
  }
}
