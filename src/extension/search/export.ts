// Results as CSV or JSON: one row per cell with its rank, top %, score, cost, text and hash.
import { spaceOf } from '../../core/spaces';
import type { Cell } from '../../core/spaces/types';
import { topOfRank } from '../../shared/ranking-terms';

export type ExportFormat = 'csv' | 'json';

export interface ExportInput {
  readonly name: string;
  readonly cell: Cell;
  readonly hash: string;
  readonly score?: number;
  readonly rank?: number;
  readonly spaceSize?: number;
  readonly params?: number;
  readonly flops?: number;
  readonly dataset: string;
  readonly changes: readonly string[];
}

export interface ExportRow {
  readonly name: string;
  readonly space: string;
  readonly dataset: string;
  readonly rank: number | null;
  readonly topPercent: number | null;
  readonly score: number | null;
  readonly params: number | null;
  readonly flops: number | null;
  readonly cell: string;
  readonly hash: string;
  readonly changes: string;
}

export function exportRows(inputs: readonly ExportInput[]): ExportRow[] {
  return inputs.map((x) => ({
    name: x.name,
    space: x.cell.space,
    dataset: x.dataset,
    rank: x.rank ?? null,
    topPercent: x.rank !== undefined && x.spaceSize ? Number(topOfRank(x.rank, x.spaceSize).toPrecision(6)) : null,
    score: x.score !== undefined ? Number(x.score.toFixed(6)) : null,
    params: x.params ?? null,
    flops: x.flops ?? null,
    cell: spaceOf(x.cell).toText(x.cell),
    hash: x.hash,
    changes: x.changes.join('; '),
  }));
}

const COLUMNS: readonly (keyof ExportRow)[] = ['name', 'space', 'dataset', 'rank', 'topPercent', 'score', 'params', 'flops', 'cell', 'hash', 'changes'];

export function toCsv(rows: readonly ExportRow[]): string {
  const field = (v: unknown): string => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => field(r[c])).join(','))].join('\n') + '\n';
}

export function toJson(rows: readonly ExportRow[], meta: { dataset: string; source: 'search' | 'file' }): string {
  return JSON.stringify({ exported: new Date().toISOString(), ...meta, rows }, null, 2) + '\n';
}
