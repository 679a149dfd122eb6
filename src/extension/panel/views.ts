// Host state → what the panel shows (protocol PanelView). The webview renders these as they are.
import { getSpace, spaceOf } from '../../core/spaces';
import type { Cell } from '../../core/spaces/types';
import type { CompareCellView, CompareView, ResultRow, SearchView } from '../../protocol/webview';
import type { RankedCellInfo } from '../analysis/analyzer';
import type { CellRanking } from '../analysis/ranker';
import { cellGraphs } from '../cells/cell-graph';
import { describeChanges } from '../cells/describe-change';
import { DATASET_LABELS, isDatasetId, SPACE_SHORT_LABELS } from '../../core/catalog';
import { topOfRank } from '../../shared/ranking-terms';
import type { SearchSession } from '../search/session';

export function searchView(s: SearchSession, live = true): SearchView {
  const space = getSpace(s.request.space);
  const origin = s.origin;
  const results: ResultRow[] = s.top.map((r) => ({
    id: s.idOf(r),
    rank: r.rank,
    top: topOfRank(r.rank, s.spaceSize),
    score: r.score,
    ...(r.params !== undefined ? { params: r.params } : {}),
    ...(r.flops !== undefined ? { flops: r.flops } : {}),
    ...(r.spread !== undefined ? { spread: r.spread } : {}),
    text: textOf(r.cell),
    changes: origin ? describeChanges(origin.cell, r.cell) : [],
    graphs: cellGraphs(r.cell, origin?.cell),
  }));
  return {
    kind: 'search',
    searchId: s.id,
    title: origin ? `Search around '${origin.target.name}' in ${origin.file}` : `Search the whole ${space.label} space`,
    spaceLabel: space.label,
    spaceSize: s.spaceSize,
    datasetLabel: isDatasetId(s.request.dataset) ? DATASET_LABELS[s.request.dataset] : s.request.dataset,
    strategy: s.request.strategy,
    budget: s.request.budget,
    timeMs: s.request.timeMs,
    ...(origin
      ? {
          start: {
            name: origin.target.name,
            file: origin.file,
            text: textOf(origin.cell),
            top: origin.ranking.top,
            rank: origin.ranking.rank,
            ...(origin.cost ? { params: origin.cost.params } : {}),
            graphs: cellGraphs(origin.cell),
          },
        }
      : {}),
    status: s.status,
    ...(s.reason !== undefined ? { reason: String(s.reason) } : {}),
    evaluations: s.evaluations,
    evaluationsPerSecond: s.evaluationsPerSecond,
    elapsedMs: s.elapsedMs,
    chart: s.chart,
    results,
    canEdit: live && origin !== undefined,
    live,
    ...(s.notice ? { notice: s.notice } : {}),
  };
}

export interface CompareInput {
  readonly cell: RankedCellInfo;
  readonly datasets: readonly { readonly label: string; readonly ranking?: CellRanking; readonly unranked?: string }[];
}

export function compareView(file: string, dataset: string, inputs: readonly CompareInput[]): CompareView {
  const cells: CompareCellView[] = inputs.map(({ cell: c, datasets }) => {
    return {
      name: c.parsed.name,
      spaceLabel: SPACE_SHORT_LABELS[c.parsed.space],
      text: c.parsed.cell && c.parsed.valid ? textOf(c.parsed.cell) : '(invalid cell)',
      valid: c.parsed.valid,
      ...(c.ranking ? { top: c.ranking.top, rank: c.ranking.rank, spaceSize: c.ranking.spaceSize } : {}),
      ...(c.cost ? { params: c.cost.params, ...(c.cost.flops !== undefined ? { flops: c.cost.flops } : {}) } : {}),
      datasets: datasets.map((d) => ({ label: d.label, ...(d.ranking ? { top: topOfRank(d.ranking.rank, d.ranking.spaceSize), rank: d.ranking.rank } : {}) })),
      graphs: c.parsed.cell && c.parsed.valid ? cellGraphs(c.parsed.cell) : [],
      problems: c.parsed.diagnostics.map((d) => d.message),
    };
  });
  return { kind: 'compare', title: `Compare ${cells.length} cells of ${file}`, datasetLabel: dataset, cells };
}

function textOf(cell: Cell): string {
  return spaceOf(cell).toText(cell);
}
