// Quick fixes on a cell: "Apply best single change (+N percentile points)" for a ranked cell, and
// "Repair cell" for an invalid one when a valid cell is near. Both run the applyCellEdit command,
// which edits only if the document is still at the version the fix was computed for.
import * as vscode from 'vscode';
import { spaceOf } from '../../core/spaces';
import type { Cell } from '../../core/spaces/types';
import { cellAt, toRange, type CellInfo, type ParsedAnalysis, type RankedCellInfo } from '../analysis/analyzer';
import { bestSingleChange } from '../cells/best-change';
import { describeChanges } from '../cells/describe-change';
import { repairCell } from '../cells/repair';
import { COMMANDS } from '../command-ids';
import type { Ctx } from '../ctx';
import { formatTop } from '../../shared/format';
import { topOfRank } from '../../shared/ranking-terms';
import { cellArgs, type CellArgs } from './cell-args';
import { DIAGNOSTIC_SOURCE } from './diagnostics';

export interface CellEditArgs {
  readonly target: CellArgs;
  readonly cell: Cell;
  readonly label: string;
}

export class CellCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly ctx: Ctx) {}

  async provideCodeActions(
    doc: vscode.TextDocument,
    range: vscode.Range,
    context: vscode.CodeActionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.CodeAction[]> {
    const parsed = this.ctx.analyzer.parse(doc);
    const at = cellAt(parsed.cells, parsed.lines.offsetAt(range.start));
    if (!at) return [];
    if (!at.parsed.valid) return this.repair(doc, parsed, at, context);
    const a = await this.ctx.analyzer.forRequest(doc, token);
    if (!a) return [];
    const c = a.cells[at.index];
    return c ? this.improve(doc, a.version, c, token) : [];
  }

  private repair(doc: vscode.TextDocument, parsed: ParsedAnalysis, c: CellInfo, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (!c.parsed.cell) return [];
    const fixed = repairCell(c.parsed.cell);
    if (!fixed) return [];
    const changes = describeChanges(c.parsed.cell, fixed);
    const title = `Repair cell: ${changes.slice(0, 3).join('; ')}${changes.length > 3 ? ` (+${changes.length - 3} more)` : ''}`;
    const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
    const cellRange = toRange(parsed.lines, c.parsed.range);
    const ours = [...context.diagnostics, ...vscode.languages.getDiagnostics(doc.uri)].filter(
      (d) => d.source === DIAGNOSTIC_SOURCE && d.range.intersection(cellRange),
    );
    action.diagnostics = [...new Set(ours)];
    action.isPreferred = true;
    action.command = editCommand(title, { target: cellArgs(doc, parsed.version, c), cell: fixed, label: 'Repair cell' });
    return [action];
  }

  private async improve(doc: vscode.TextDocument, version: number, c: RankedCellInfo, token: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    const r = c.ranking;
    if (!r || !c.hash || !c.parsed.cell) return [];
    let best;
    try {
      best = await bestSingleChange(this.ctx.ranker, r.model, c.parsed.cell, c.hash);
    } catch (err) {
      this.ctx.log.error(`best single change of '${c.parsed.name}'`, err);
      return [];
    }
    if (token.isCancellationRequested || !best || best.gain <= 0) return [];
    const change = describeChanges(c.parsed.cell, best.cell).join('; ');
    const title = `Apply best single change (+${best.gain.toFixed(1)} percentile points): ${change}`;
    const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
    action.command = editCommand(title, { target: cellArgs(doc, version, c), cell: best.cell, label: 'Apply best single change' });
    const after = formatTop(topOfRank(best.rank, r.spaceSize));
    action.command.tooltip = `Best of ${best.neighbours} one-step neighbours: Top ${formatTop(r.top)} → Top ${after}`;
    return [action];
  }
}

function editCommand(title: string, args: CellEditArgs): vscode.Command {
  return { title, command: COMMANDS.applyCellEdit, arguments: [args] };
}

/** Checks applyCellEdit's argument: a cell target and a cell object of a known space. */
export function parseCellEditArgs(value: unknown, parseTarget: (v: unknown) => CellArgs | undefined): CellEditArgs | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const target = parseTarget(v.target);
  const cell = v.cell as Cell | undefined;
  if (!target || typeof cell !== 'object' || cell === null || !['nb101', 'nb201', 'darts'].includes((cell as { space?: unknown }).space as string))
    return undefined;
  try {
    if (
      spaceOf(cell)
        .validate(cell)
        .some((i) => i.severity === 'error')
    )
      return undefined;
  } catch {
    return undefined;
  }
  return { target, cell, label: typeof v.label === 'string' ? v.label.slice(0, 100) : 'Edit cell' };
}
