// One search as the host keeps it: the request, where it started (for Accept / Insert), the
// worker's progress folded into the numbers the panel shows, and the results by host-assigned id.
// A finished search is kept in the workspace state as a snapshot, so that the search panel VS Code
// restores after a window reload still acts on its results (SearchManager).
import { createHash } from 'node:crypto';
import type { Notation } from '../../core/dsl';
import type { Cell, Cost } from '../../core/spaces/types';
import type { ChartPoint, Notice, SearchProgressState, SearchStatus } from '../../protocol/webview';
import type { RankedCell, SearchRequest, StopReason } from '../../protocol/worker';
import type { CellRanking } from '../analysis/ranker';
import type { CellTarget } from '../edits/cell-edits';
import { topOfRank } from '../../shared/ranking-terms';

/** The start cell's ranking as the panel shows it (the model itself is not kept). */
export type OriginRanking = Omit<CellRanking, 'model'>;

/** The start cell of a "search around", and where it is written. */
export interface SearchOrigin {
  readonly target: CellTarget;
  /** Workspace-relative path, for titles and messages. */
  readonly file: string;
  readonly notation: Notation;
  readonly cell: Cell;
  readonly hash: string;
  readonly ranking: OriginRanking;
  readonly cost?: Cost;
  /** sha256 of the document's text at target.version: after a reload (versions start again) the document is unchanged iff its text still has this hash. */
  readonly textHash?: string;
}

/** What the workspace state keeps of a finished search (plain JSON). */
export interface SessionSnapshot extends SearchProgressState {
  readonly v: 1;
  readonly id: string;
  readonly request: SearchRequest;
  readonly spaceSize: number;
  readonly origin?: SearchOrigin;
  readonly top: readonly RankedCell[];
  /** [canonical hash, result id] of the results in `top`. */
  readonly ids: readonly (readonly [string, string])[];
  readonly savedAt: number;
}

const MAX_CHART_POINTS = 400;

/** sha256 of a document's text: after a reload, the document is unchanged since a search iff its text still has the origin's hash. */
export function textHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export class SearchSession {
  status: SearchStatus = 'starting';
  reason?: StopReason | string;
  evaluations = 0;
  evaluationsPerSecond = 0;
  elapsedMs = 0;
  readonly chart: ChartPoint[] = [];
  top: readonly RankedCell[] = [];
  notice?: Notice;
  /** Set for a search brought back from the workspace state after a window reload (its document versions are gone). */
  restored = false;
  private readonly ids = new Map<string, string>();
  private readonly byId = new Map<string, RankedCell>();
  private start: SearchOrigin | undefined;

  constructor(
    /** The worker's id of the search. */
    readonly id: string,
    readonly request: SearchRequest,
    readonly spaceSize: number,
    origin?: SearchOrigin,
  ) {
    this.start = origin;
  }

  get origin(): SearchOrigin | undefined {
    return this.start;
  }

  /** A restored search whose document text is unchanged: its target is this version of the document now. */
  rebase(version: number): void {
    if (this.start) this.start = { ...this.start, target: { ...this.start.target, version } };
    this.restored = false;
  }

  snapshot(): SessionSnapshot {
    const o = this.start;
    const origin: SearchOrigin | undefined = o
      ? {
          target: o.target,
          file: o.file,
          notation: o.notation,
          cell: o.cell,
          hash: o.hash,
          ranking: {
            dataset: o.ranking.dataset,
            score: o.ranking.score,
            percentile: o.ranking.percentile,
            top: o.ranking.top,
            rank: o.ranking.rank,
            spaceSize: o.ranking.spaceSize,
          },
          ...(o.cost ? { cost: o.cost } : {}),
          ...(o.textHash ? { textHash: o.textHash } : {}),
        }
      : undefined;
    return {
      v: 1,
      id: this.id,
      request: this.request,
      spaceSize: this.spaceSize,
      ...(origin ? { origin } : {}),
      status: this.status,
      ...(this.reason !== undefined ? { reason: String(this.reason) } : {}),
      evaluations: this.evaluations,
      evaluationsPerSecond: this.evaluationsPerSecond,
      elapsedMs: this.elapsedMs,
      chart: this.chart,
      top: this.top,
      ids: this.top.map((r) => [r.hash, this.idOf(r)] as const),
      savedAt: Date.now(),
    };
  }

  /** A search from its snapshot (checked loosely: it comes from this extension's own workspace state). */
  static restore(x: unknown): SearchSession | undefined {
    const snap = x as Partial<SessionSnapshot> | null;
    if (!snap || snap.v !== 1 || typeof snap.id !== 'string' || typeof snap.request !== 'object' || !Array.isArray(snap.top) || !Array.isArray(snap.ids))
      return undefined;
    const s = new SearchSession(snap.id, snap.request as SearchRequest, Number(snap.spaceSize) || 1, snap.origin);
    s.restored = true;
    s.status = snap.status === 'running' || snap.status === 'starting' ? 'cancelled' : (snap.status ?? 'done');
    if (snap.reason !== undefined) s.reason = snap.reason;
    s.evaluations = snap.evaluations ?? 0;
    s.evaluationsPerSecond = snap.evaluationsPerSecond ?? 0;
    s.elapsedMs = snap.elapsedMs ?? 0;
    s.chart.push(...(snap.chart ?? []));
    for (const [hash, id] of snap.ids) s.ids.set(hash, id);
    s.top = snap.top;
    for (const r of snap.top) s.idOf(r);
    return s;
  }

  get running(): boolean {
    return this.status === 'starting' || this.status === 'running';
  }

  /** The stable id of a result cell (one per canonical hash). */
  idOf(cell: RankedCell): string {
    let id = this.ids.get(cell.hash);
    if (!id) {
      id = `c${this.ids.size + 1}`;
      this.ids.set(cell.hash, id);
    }
    this.byId.set(id, cell);
    return id;
  }

  result(id: string): RankedCell | undefined {
    return this.byId.get(id);
  }

  progress(p: { evaluations: number; evaluationsPerSecond: number; elapsedMs: number; best?: RankedCell; top: readonly RankedCell[] }): void {
    this.status = 'running';
    this.evaluations = p.evaluations;
    this.evaluationsPerSecond = p.evaluationsPerSecond;
    this.elapsedMs = p.elapsedMs;
    if (p.top.length) this.top = p.top;
    const best = p.best ?? p.top[0];
    if (best) this.addPoint({ evaluations: p.evaluations, elapsedMs: p.elapsedMs, top: topOfRank(best.rank, this.spaceSize) });
  }

  done(d: { reason: StopReason; evaluations: number; elapsedMs: number; top: readonly RankedCell[] }): void {
    this.status = d.reason === 'cancelled' ? 'cancelled' : 'done';
    this.reason = d.reason;
    this.evaluations = d.evaluations;
    this.elapsedMs = d.elapsedMs;
    if (d.elapsedMs > 0) this.evaluationsPerSecond = (1000 * d.evaluations) / d.elapsedMs;
    if (d.top.length) this.top = d.top;
    const best = d.top[0];
    if (best) this.addPoint({ evaluations: d.evaluations, elapsedMs: d.elapsedMs, top: topOfRank(best.rank, this.spaceSize) });
  }

  fail(message: string): void {
    this.status = 'error';
    this.reason = message;
    this.notice = { kind: 'error', text: message };
  }

  private addPoint(point: ChartPoint): void {
    const last = this.chart[this.chart.length - 1];
    if (last && last.evaluations === point.evaluations) this.chart[this.chart.length - 1] = point;
    else this.chart.push(point);
    if (this.chart.length > MAX_CHART_POINTS) {
      // keep the first and last points, thin the middle
      const kept = this.chart.filter((_, i) => i === 0 || i % 2 === 1 || i === this.chart.length - 1);
      this.chart.splice(0, this.chart.length, ...kept);
    }
  }
}
