/**
 * Messages between the extension host and the NAS Lens panel (webview/). The panel knows only this
 * file. Host → webview messages are trusted; every webview → host message is checked with
 * parseWebviewMessage() before the host acts on it (a webview is a browser page: treat what it
 * sends as untrusted input).
 */
import type { Prediction } from '../shared/ranking-terms';

/** A cell drawn as a small DAG: nodes in topological order, edges labelled with ops where the space puts them. */
export interface CellGraph {
  /** "normal" / "reduce" for DARTS, empty for one-graph spaces. */
  readonly title: string;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

export interface GraphNode {
  readonly id: number;
  readonly label: string;
  readonly kind: 'input' | 'output' | 'op' | 'state';
  /** Drawn highlighted: this node's op differs from the start cell. */
  readonly changed?: boolean;
}

export interface GraphEdge {
  readonly from: number;
  readonly to: number;
  /** The edge's op (NB-201, DARTS); absent where ops sit on nodes (NB-101). */
  readonly label?: string;
  /** Drawn highlighted: this edge or its op differs from the start cell. */
  readonly changed?: boolean;
}

/** One result row: the prediction as the editor shows it (`top` read off the rank), the cell and how it differs from the start. */
export interface ResultRow extends Prediction {
  /** Host-assigned id, stable for the cell through the search (one per canonical hash): what messages refer to. */
  readonly id: string;
  readonly params?: number;
  readonly flops?: number;
  /** An ensemble's spread of the score (its members'), shown as ± beside the prediction; absent for one network. */
  readonly spread?: number;
  /** Single-line text form of the cell (arch string, compact NB-101 form, DARTS "normal || reduce"). */
  readonly text: string;
  /** What differs from the start cell, e.g. "edge 1→2: none → nor_conv_3x3"; empty for a whole-space search. */
  readonly changes: readonly string[];
  readonly graphs: readonly CellGraph[];
}

export interface StartCellView {
  readonly name: string;
  readonly file: string;
  readonly text: string;
  readonly top?: number;
  readonly rank?: number;
  readonly params?: number;
  readonly graphs: readonly CellGraph[];
}

export type SearchStatus = 'starting' | 'running' | 'done' | 'cancelled' | 'error';

export interface ChartPoint {
  readonly evaluations: number;
  readonly elapsedMs: number;
  /** Best-so-far, as "top %" (lower is better). */
  readonly top: number;
}

export type NoticeKind = 'info' | 'warning' | 'error' | 'stale';

export interface Notice {
  readonly kind: NoticeKind;
  readonly text: string;
}

/** How far a search has got: what the panel shows of it, and what a search kept for a reload remembers. */
export interface SearchProgressState {
  readonly status: SearchStatus;
  /** Why the search stopped (budget, time, cancelled, exhausted) or the error. */
  readonly reason?: string;
  readonly evaluations: number;
  readonly evaluationsPerSecond: number;
  readonly elapsedMs: number;
  readonly chart: readonly ChartPoint[];
}

export interface SearchView extends SearchProgressState {
  readonly kind: 'search';
  readonly searchId: string;
  readonly title: string;
  readonly spaceLabel: string;
  readonly spaceSize: number;
  readonly datasetLabel: string;
  readonly strategy: string;
  readonly budget: number;
  readonly timeMs: number;
  readonly start?: StartCellView;
  readonly results: readonly ResultRow[];
  /** Accept / Insert act on the start cell's document; false for a whole-space search or a restored panel. */
  readonly canEdit: boolean;
  /** The host still holds this search (false after a window reload: Re-run only). */
  readonly live: boolean;
  readonly notice?: Notice;
}

export interface CompareCellView {
  readonly name: string;
  readonly spaceLabel: string;
  readonly text: string;
  readonly valid: boolean;
  readonly top?: number;
  readonly rank?: number;
  readonly spaceSize?: number;
  readonly params?: number;
  readonly flops?: number;
  /** Percentile per dataset of the space, e.g. [["CIFAR-10", 2.1], ["CIFAR-100", undefined]]. */
  readonly datasets: readonly { readonly label: string; readonly top?: number; readonly rank?: number }[];
  readonly graphs: readonly CellGraph[];
  readonly problems: readonly string[];
}

export interface CompareView {
  readonly kind: 'compare';
  readonly title: string;
  readonly datasetLabel: string;
  readonly cells: readonly CompareCellView[];
}

// ---- the Results view: the user's measurements against the model's predictions ------------------------

/** One measured cell: a point of the scatter and, among the best, a row of the table. */
export interface MeasuredCellView {
  /** Host-assigned id ('open-cell' names it). */
  readonly id: string;
  /** The cell's name in the results, else where its first run is ("runs.nas-results.jsonl:3"). */
  readonly name: string;
  /** Where the first run is: "runs.nas-results.jsonl:3". */
  readonly where: string;
  readonly mean: number;
  /** Sample std; shown only with more than one run. */
  readonly std: number;
  readonly runs: number;
  /** The measurement as the editor words it: "71.20 ±0.15 (3 runs)". */
  readonly measured: string;
  /** The model's prediction (`top` read off the rank, as in the editor); absent without a model. */
  readonly score?: number;
  readonly rank?: number;
  readonly top?: number;
}

/** The model's agreement with the measured cells, or why there is no figure. */
export type AgreementView =
  | {
      readonly kind: 'figures';
      readonly n: number;
      readonly kendallTau: { readonly estimate: number; readonly low: number; readonly high: number };
      readonly spearmanRho: { readonly estimate: number; readonly low: number; readonly high: number };
      readonly level: number;
      readonly resamples: number;
      readonly text: string;
    }
  | { readonly kind: 'none'; readonly text: string };

export interface ResultsSpaceView {
  readonly space: string;
  readonly spaceLabel: string;
  /** The metric the cells are ranked by, and how it was chosen ("default: the first test metric"). */
  readonly metric?: string;
  readonly metricRule: string;
  readonly otherMetrics: readonly string[];
  /** The model the predictions come from ("nb201-cifar10 on CIFAR-10"), or why there is none. */
  readonly model: string;
  readonly measuredCells: number;
  readonly agreement: AgreementView;
  /** Best first (higher mean first); the table lists the first `rows`, the scatter all of them. */
  readonly cells: readonly MeasuredCellView[];
  readonly rows: number;
  /** Set when the scatter shows the best cells and an even sample of the others. */
  readonly sampled?: { readonly shown: number; readonly total: number };
}

/** The buttons of the Results view's toolbar (Fit, Suggest and Train join them later). */
/** The Results view's toolbar: its own actions, then the loop's steps (fit, suggest, run loop: the commands of the same names). */
export type ResultsActionId = 'choose-metric' | 'show-problems' | 'refresh' | 'fit' | 'suggest' | 'run-loop';
export const RESULTS_ACTIONS: readonly ResultsActionId[] = ['choose-metric', 'show-problems', 'refresh', 'fit', 'suggest', 'run-loop'];

export interface ResultsActionView {
  readonly action: ResultsActionId;
  readonly label: string;
  readonly title: string;
}

export interface ResultsView {
  readonly kind: 'results';
  readonly title: string;
  readonly files: number;
  readonly runs: number;
  readonly measuredCells: number;
  readonly problems: { readonly errors: number; readonly warnings: number };
  readonly datasetLabel: string;
  readonly spaces: readonly ResultsSpaceView[];
  readonly actions: readonly ResultsActionView[];
  readonly notice?: Notice;
}

export type PanelView = SearchView | CompareView | ResultsView;

export type HostToWebview = { readonly type: 'view'; readonly view: PanelView } | { readonly type: 'notice'; readonly notice: Notice | null };

/** `train`: the result as a run of Train these cells (nasLens.trainCells). */
export type ResultAction = 'accept' | 'insert' | 'copy' | 'train';

export type WebviewToHost =
  | { readonly type: 'ready' }
  | { readonly type: 'cancel'; readonly searchId: string }
  | { readonly type: 'rerun'; readonly searchId: string }
  | { readonly type: 'result'; readonly action: ResultAction; readonly searchId: string; readonly resultId: string }
  | { readonly type: 'export'; readonly searchId: string; readonly format: 'csv' | 'json' }
  | { readonly type: 'open-cell'; readonly cellId: string }
  | { readonly type: 'results-action'; readonly action: ResultsActionId };

/** The webview state kept with getState/setState and handed to the serializer after a reload. */
export interface PanelState {
  readonly version: 1;
  readonly view: PanelView;
}

const ID = /^[A-Za-z0-9_.:-]{1,128}$/;

function isId(value: unknown): value is string {
  return typeof value === 'string' && ID.test(value);
}

/**
 * Checks a message from the webview: the exact shape, known types and actions, ids of a safe form,
 * no extra keys. Returns undefined for anything else (the host logs it and does nothing).
 */
export function parseWebviewMessage(value: unknown): WebviewToHost | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const m = value as Record<string, unknown>;
  const keys = Object.keys(m).sort().join(',');
  switch (m.type) {
    case 'ready':
      return keys === 'type' ? { type: 'ready' } : undefined;
    case 'cancel':
    case 'rerun':
      return keys === 'searchId,type' && isId(m.searchId) ? { type: m.type, searchId: m.searchId } : undefined;
    case 'result':
      return keys === 'action,resultId,searchId,type' &&
        isId(m.searchId) &&
        isId(m.resultId) &&
        (m.action === 'accept' || m.action === 'insert' || m.action === 'copy' || m.action === 'train')
        ? { type: 'result', action: m.action, searchId: m.searchId, resultId: m.resultId }
        : undefined;
    case 'export':
      return keys === 'format,searchId,type' && isId(m.searchId) && (m.format === 'csv' || m.format === 'json')
        ? { type: 'export', searchId: m.searchId, format: m.format }
        : undefined;
    case 'open-cell':
      return keys === 'cellId,type' && isId(m.cellId) ? { type: 'open-cell', cellId: m.cellId } : undefined;
    case 'results-action':
      return keys === 'action,type' && (RESULTS_ACTIONS as readonly unknown[]).includes(m.action)
        ? { type: 'results-action', action: m.action as ResultsActionId }
        : undefined;
    default:
      return undefined;
  }
}

/** Checks a restored state (it comes from the webview's storage): the version and the view's kind. */
export function parsePanelState(value: unknown): PanelState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const s = value as Partial<PanelState>;
  if (s.version !== 1 || typeof s.view !== 'object' || s.view === null) return undefined;
  if (s.view.kind !== 'search' && s.view.kind !== 'compare' && s.view.kind !== 'results') return undefined;
  return s as PanelState;
}
