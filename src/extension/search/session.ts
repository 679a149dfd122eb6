// One search as the host keeps it: the request, where it started (for Accept / Insert), the
// worker's progress folded into the numbers the panel shows, and the results by host-assigned id.
import type { Notation } from '../../core/dsl';
import type { Cell, Cost } from '../../core/spaces/types';
import type { ChartPoint, Notice, SearchStatus } from '../../protocol/webview';
import type { RankedCell, SearchRequest, StopReason } from '../../protocol/worker';
import type { CellRanking } from '../analysis/ranker';
import type { CellTarget } from '../edits/cell-edits';
import { topOf } from '../format';

/** The start cell of a "search around", and where it is written. */
export interface SearchOrigin {
  readonly target: CellTarget;
  /** Workspace-relative path, for titles and messages. */
  readonly file: string;
  readonly notation: Notation;
  readonly cell: Cell;
  readonly hash: string;
  readonly ranking: CellRanking;
  readonly cost?: Cost;
}

const MAX_CHART_POINTS = 400;

export class SearchSession {
  status: SearchStatus = 'starting';
  reason?: StopReason | string;
  evaluations = 0;
  evaluationsPerSecond = 0;
  elapsedMs = 0;
  readonly chart: ChartPoint[] = [];
  top: readonly RankedCell[] = [];
  notice?: Notice;
  private readonly ids = new Map<string, string>();
  private readonly byId = new Map<string, RankedCell>();

  constructor(
    /** The worker's id of the search. */
    readonly id: string,
    readonly request: SearchRequest,
    readonly spaceSize: number,
    readonly origin?: SearchOrigin,
  ) {}

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
    if (best) this.addPoint({ evaluations: p.evaluations, elapsedMs: p.elapsedMs, top: topOf(best.rank, this.spaceSize) });
  }

  done(d: { reason: StopReason; evaluations: number; elapsedMs: number; top: readonly RankedCell[] }): void {
    this.status = d.reason === 'cancelled' ? 'cancelled' : 'done';
    this.reason = d.reason;
    this.evaluations = d.evaluations;
    this.elapsedMs = d.elapsedMs;
    if (d.elapsedMs > 0) this.evaluationsPerSecond = (1000 * d.evaluations) / d.elapsedMs;
    if (d.top.length) this.top = d.top;
    const best = d.top[0];
    if (best) this.addPoint({ evaluations: d.evaluations, elapsedMs: d.elapsedMs, top: topOf(best.rank, this.spaceSize) });
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
