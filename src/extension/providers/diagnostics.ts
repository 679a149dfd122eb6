// Problems of the NAS documents: the core's messages at the core's ranges. Recomputed 250 ms after
// the last edit (parsing only: no model is needed), at once when a document opens.
import * as vscode from 'vscode';
import type { ParsedAnalysis } from '../analysis/analyzer';
import { toRange } from '../analysis/analyzer';
import { isNasDocument } from '../analysis/selector';
import type { Ctx } from '../ctx';

export const DIAGNOSTIC_SOURCE = 'NAS Lens';
export const DEBOUNCE_MS = 250;

export class DiagnosticsController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('nas-lens');
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly ctx: Ctx) {
    ctx.push(vscode.workspace.onDidOpenTextDocument((d) => this.refresh(d)));
    ctx.push(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)));
    ctx.push(
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.cancel(d.uri.toString());
        this.collection.delete(d.uri);
      }),
    );
    ctx.push(ctx.onDidChangeSettings(() => vscode.workspace.textDocuments.forEach((d) => this.refresh(d))));
    for (const d of vscode.workspace.textDocuments) this.refresh(d);
  }

  schedule(doc: vscode.TextDocument): void {
    if (!isNasDocument(doc)) return;
    const key = doc.uri.toString();
    this.cancel(key);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.refresh(doc);
      }, DEBOUNCE_MS),
    );
  }

  refresh(doc: vscode.TextDocument): void {
    if (!isNasDocument(doc) || doc.isClosed) return;
    try {
      this.collection.set(doc.uri, toDiagnostics(this.ctx.analyzer.parse(doc), this.ctx.settings.codeCallHints));
    } catch (err) {
      this.ctx.log.error(`diagnostics for ${doc.uri.toString()}`, err);
    }
  }

  private cancel(key: string): void {
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.collection.dispose();
  }
}

/** The core's problems at their ranges; with `notes`, also its notes (e.g. a Genotype built from code) as hints. */
export function toDiagnostics(a: ParsedAnalysis, notes = false): vscode.Diagnostic[] {
  if (a.tooLarge) {
    const d = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), a.tooLarge, vscode.DiagnosticSeverity.Warning);
    d.source = DIAGNOSTIC_SOURCE;
    d.code = 'file-too-large';
    return [d];
  }
  const all = [...a.parsed.diagnostics, ...a.cells.flatMap((c) => c.parsed.diagnostics)];
  const hints = notes ? (a.parsed.notes ?? []).map((n) => ({ ...n, severity: 'hint' as const })) : [];
  return [...all, ...hints].map((x) => {
    const severity =
      x.severity === 'error' ? vscode.DiagnosticSeverity.Error : x.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Hint;
    const d = new vscode.Diagnostic(toRange(a.lines, x.range), x.message, severity);
    d.source = DIAGNOSTIC_SOURCE;
    d.code = x.code;
    return d;
  });
}
