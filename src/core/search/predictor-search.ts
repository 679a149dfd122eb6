import type { Cell } from '../spaces/types';
import { DomainStrategy } from './domain-strategy';
import { InitialCells } from './initial-cells';
import { bestK, compareDescending, topByScore } from './tier-statistics';
import type { StrategyOptions, StrategyState } from './types';

/**
 * Fits a predictor on the evaluated cells and scores the candidates, higher = more promising,
 * in candidate order. The surrogate's rank model plugs in here (a fresh fit or a fine-tune per call).
 */
export type FitAndScore<C extends Cell> = (cells: readonly C[], scores: readonly number[], candidates: readonly C[]) => Promise<readonly number[]>;

export interface PredictorOptions<C extends Cell> extends StrategyOptions<C> {
  readonly fitAndScore: FitAndScore<C>;
  /** Random (or around-start) cells evaluated before the first fit (NASLib BANANAS `num_init`: 10). */
  readonly numInit?: number;
  /** Cells proposed per fit (NASLib `k`: 10). */
  readonly proposalsPerFit?: number;
  /** Candidates scored per fit (NASLib `num_candidates`: 200). */
  readonly numCandidates?: number;
  /** Best evaluated cells whose mutants form the candidates (NASLib `num_arches_to_mutate`: 5). */
  readonly parentsToMutate?: number;
  /**
   * A universe small enough to score whole (NB-201's 15,625 cells): every fresh admissible cell of it
   * (one per canonical class) joins the candidates of every fit.
   */
  readonly pool?: readonly C[];
  /**
   * Awaited every `pauseEvery` candidates while they are drawn (a chance to yield to the event
   * loop); resolving to true cuts the drawing short (e.g. the search was cancelled).
   */
  readonly pause?: () => Promise<boolean | void>;
  readonly pauseEvery?: number;
  /**
   * Of the proposals of each fit, this many are unseen neighbours of the best cell so far (of the
   * next best when its neighbourhood is used up): a trust region that keeps the search probing the
   * incumbent's surroundings where the predictor has no evidence. Default 0.
   */
  readonly localProposals?: number;
  /** How those neighbours are picked: the predictor's best ('predicted', default) or at random. */
  readonly localOrder?: 'predicted' | 'random';
}

/**
 * Predictor-guided search in the manner of NASLib's BANANAS with mutation as acquisition
 * optimiser: after an initial sample, repeatedly fit the predictor on every evaluated cell,
 * score fresh mutants of the best cells, and propose the top-scored ones.
 */
export class PredictorSearch<C extends Cell> extends DomainStrategy<C> {
  readonly name = 'predictor';
  private readonly initial: InitialCells<C>;
  private readonly fitAndScore: FitAndScore<C>;
  private readonly numInit: number;
  private readonly proposalsPerFit: number;
  private readonly numCandidates: number;
  private readonly parentsToMutate: number;
  /** Proposals of the last fit, best last. */
  private proposals: C[] = [];
  private fits = 0;
  private readonly pool: readonly C[] | undefined;
  private poolKeys: (string | undefined)[] | undefined;
  private readonly pause: (() => Promise<boolean | void>) | undefined;
  private readonly pauseEvery: number;
  private readonly localProposals: number;
  private readonly localOrder: 'predicted' | 'random';

  constructor(options: PredictorOptions<C>) {
    super(options);
    this.initial = new InitialCells(this.domain, this.rng, options.start);
    this.fitAndScore = options.fitAndScore;
    this.numInit = options.numInit ?? 10;
    this.proposalsPerFit = options.proposalsPerFit ?? 10;
    this.numCandidates = options.numCandidates ?? 200;
    this.parentsToMutate = options.parentsToMutate ?? 5;
    this.pool = options.pool;
    this.pause = options.pause;
    this.pauseEvery = Math.max(1, options.pauseEvery ?? 64);
    this.localProposals = Math.max(0, Math.min(this.proposalsPerFit, Math.floor(options.localProposals ?? 0)));
    this.localOrder = options.localOrder ?? 'predicted';
  }

  /** Fits and scores a new batch of candidates once the previous proposals are all evaluated. */
  async prepare(): Promise<void> {
    if (!this.initial.done(this.numInit) || this.proposals.length || this.ledger.pending) return;
    const { candidates, local } = await this.candidates();
    if (!candidates.length) return;
    const results = this.ledger.results.filter((r) => Number.isFinite(r.score));
    const predicted = await this.fitAndScore(
      results.map((r) => r.cell),
      results.map((r) => r.score),
      candidates,
    );
    if (predicted.length !== candidates.length) {
      throw new Error(`fitAndScore returned ${predicted.length} scores for ${candidates.length} candidates`);
    }
    const byPrediction = (a: number, b: number) => compareDescending(predicted[a], predicted[b]);
    const localPicks = (this.localOrder === 'random' ? this.rng.shuffle(local) : local.slice().sort(byPrediction)).slice(0, this.localProposals);
    const picked = new Set(localPicks);
    const unpicked = candidates.map((_, i) => i).filter((i) => !picked.has(i));
    const rest = bestK(unpicked, this.proposalsPerFit - localPicks.length, (i) => predicted[i]); // sorted by byPrediction, stable
    this.proposals = [...rest, ...localPicks]
      .sort(byPrediction)
      .reverse()
      .map((i) => candidates[i]);
    this.fits++;
  }

  ask(n: number): C[] {
    const out = this.initial.take(n, this.numInit);
    while (out.length < n && this.proposals.length) {
      const cell = this.proposals.pop()!;
      if (this.domain.claim(cell)) out.push(cell);
    }
    return this.ledger.noteAsked(out);
  }

  state(): StrategyState<C> {
    return this.ledger.state(this.name, this.fits ? 'predict' : 'init', this.domain.rejected, { fits: this.fits, proposalsLeft: this.proposals.length });
  }

  /** Fresh, distinct mutants of the best evaluated cells; random cells when mutation runs dry. */
  private async candidates(): Promise<{ candidates: C[]; local: number[] }> {
    const parents = topByScore(this.ledger.results, this.parentsToMutate);
    const perParent = Math.ceil(this.numCandidates / Math.max(1, parents.length));
    const out: C[] = [];
    const keys = new Map<string, number>();
    const offer = (cell: C) => {
      const key = this.domain.freshKey(cell);
      if (key === undefined || keys.has(key)) return false;
      keys.set(key, out.length);
      out.push(cell);
      return true;
    };
    let drawn = 0;
    const pause = async (): Promise<boolean> => (this.pause && ++drawn % this.pauseEvery === 0 ? (await this.pause()) === true : false);
    const local: number[] = [];
    const finish = () => ({ candidates: out, local });
    // The trust region: unseen neighbours of the best cells, best first, until there are enough.
    if (this.localProposals > 0) {
      for (const centre of topByScore(this.ledger.results, 5)) {
        if (local.length >= this.localProposals * 3) break;
        for (const n of this.domain.freshNeighbours(centre.cell)) {
          const key = this.domain.key(n)!;
          if (!keys.has(key)) {
            keys.set(key, out.length);
            out.push(n);
          }
          const index = keys.get(key)!;
          if (!local.includes(index)) local.push(index);
        }
      }
    }
    for (const parent of parents) {
      let made = 0;
      for (let tries = 0; made < perParent && tries < perParent * 5 && out.length < this.numCandidates; tries++) {
        if (offer(this.domain.space.mutate(parent.cell, this.rng))) made++;
        if (await pause()) return finish();
      }
    }
    for (let tries = 0; out.length < this.numCandidates && tries < this.numCandidates * 5; tries++) {
      offer(this.domain.space.sample(this.rng));
      if (await pause()) return finish();
    }
    if (this.pool) {
      this.poolKeys ??= this.pool.map((cell) => this.domain.key(cell));
      this.pool.forEach((cell, i) => {
        const key = this.poolKeys![i];
        if (key === undefined || keys.has(key) || !this.domain.isFresh(cell, key)) return;
        keys.set(key, out.length);
        out.push(cell);
      });
    }
    return finish();
  }
}
