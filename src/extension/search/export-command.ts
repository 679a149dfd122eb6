// "NAS Lens: Export results (CSV / JSON)": the results of a search, else the active file's ranking.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isNasDocument } from '../analysis/selector';
import { describeChanges } from '../cells/describe-change';
import type { Ctx } from '../ctx';
import { exportRows, toCsv, toJson, type ExportFormat } from './export';
import type { SearchSession } from './session';

export async function exportResults(
  ctx: Ctx,
  s: SearchSession | undefined,
  options: { format?: ExportFormat; uri?: vscode.Uri | string } = {},
): Promise<vscode.Uri | undefined> {
  const fromSearch = s && s.top.length > 0;
  let rows: ReturnType<typeof exportRows>;
  let base: string;
  if (fromSearch) {
    rows = exportRows(
      s.top.map((r) => ({
        name: `#${r.rank}`,
        cell: r.cell,
        hash: r.hash,
        score: r.score,
        rank: r.rank,
        spaceSize: s.spaceSize,
        params: r.params,
        flops: r.flops,
        dataset: s.request.dataset,
        changes: s.origin ? describeChanges(s.origin.cell, r.cell) : [],
      })),
    );
    base = `nas-lens-search-${s.request.space}`;
  } else {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || !isNasDocument(doc)) {
      void vscode.window.showInformationMessage('NAS Lens: nothing to export yet: run a search, or open a file with cells to export its ranking.');
      return undefined;
    }
    const a = await ctx.analyzer.analyze(doc);
    rows = exportRows(
      a.cells
        .filter((c) => c.hash && c.parsed.cell)
        .map((c) => ({
          name: c.parsed.name,
          cell: c.parsed.cell!,
          hash: c.hash!,
          score: c.ranking?.score,
          rank: c.ranking?.rank,
          spaceSize: c.ranking?.spaceSize,
          params: c.cost?.params,
          flops: c.cost?.flops,
          dataset: c.dataset,
          changes: [],
        })),
    );
    base = `${path
      .basename(doc.fileName)
      .replace(/\.[^.]+$/, '')
      .replace(/\.nas$/, '')}-ranking`;
  }
  let format = options.format;
  if (!format) {
    const pick = await vscode.window.showQuickPick(
      [
        { label: 'CSV', id: 'csv' as const },
        { label: 'JSON', id: 'json' as const },
      ],
      { title: `NAS Lens: export ${rows.length} ${fromSearch ? 'search results' : 'ranked cells'} as` },
    );
    format = pick?.id;
  }
  if (!format) return undefined;
  let uri = typeof options.uri === 'string' ? vscode.Uri.parse(options.uri, true) : options.uri;
  if (!uri) {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    uri = await vscode.window.showSaveDialog({
      title: 'NAS Lens: export results',
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `${base}.${format}`) } : {}),
      filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
    });
  }
  if (!uri) return undefined;
  const text =
    format === 'csv' ? toCsv(rows) : toJson(rows, { dataset: fromSearch ? s!.request.dataset : ctx.settings.dataset, source: fromSearch ? 'search' : 'file' });
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  ctx.log.info(`exported ${rows.length} rows to ${uri.toString()}`);
  if (!options.uri) void vscode.window.showInformationMessage(`NAS Lens: exported ${rows.length} rows to ${vscode.workspace.asRelativePath(uri)}.`);
  return uri;
}
