// One analysis per document version: parse (sync, cached by uri + version) and rank (async, cached by
// uri + version + "generation", which moves when the dataset or the models change). Providers pull
// from here; nothing is computed twice for the same version.
import * as vscode from 'vscode';
import type { LineIndex, TypeScriptModule } from '../../core/dsl';
import type { DatasetId } from '../../core/catalog';
import { parseText, rankParsed, type DocumentAnalysis, type ParsedAnalysis, type TextSource } from './pipeline';
import type { Ranker } from './ranker';

export { cellAt, type CellInfo, type DocumentAnalysis, type ParsedAnalysis, type RankedCellInfo, type TextSource } from './pipeline';

interface RankEntry {
  readonly generation: number;
  readonly version: number;
  readonly promise: Promise<DocumentAnalysis>;
  result?: DocumentAnalysis;
}

export class Analyzer implements vscode.Disposable {
  private readonly parsed = new Map<string, ParsedAnalysis>();
  private readonly ranked = new Map<string, RankEntry>();
  private generation = 0;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when every analysis is out of date (dataset or models changed): providers refresh. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly ranker: Ranker,
    private readonly dataset: () => DatasetId,
    private readonly typescript: () => TypeScriptModule,
  ) {}

  /** Marks every ranking stale (the dataset or the models changed). */
  invalidate(): void {
    this.generation++;
    this.ranked.clear();
    this.changed.fire();
  }

  forget(uri: vscode.Uri): void {
    this.parsed.delete(uri.toString());
    this.ranked.delete(uri.toString());
  }

  parse(doc: TextSource): ParsedAnalysis {
    const key = doc.uri.toString();
    const hit = this.parsed.get(key);
    if (hit && hit.version === doc.version) return hit;
    const result = parseText(doc, this.typescript);
    this.parsed.set(key, result);
    return result;
  }

  /** The ranking of this version if it is ready, without waiting. */
  peek(doc: TextSource): DocumentAnalysis | undefined {
    const hit = this.ranked.get(doc.uri.toString());
    return hit && hit.version === doc.version && hit.generation === this.generation ? hit.result : undefined;
  }

  analyze(doc: TextSource): Promise<DocumentAnalysis> {
    const key = doc.uri.toString();
    const hit = this.ranked.get(key);
    if (hit && hit.version === doc.version && hit.generation === this.generation) return hit.promise;
    const promise = this.rank(this.parse(doc));
    const entry: RankEntry = { generation: this.generation, version: doc.version, promise };
    promise.then(
      (r) => (entry.result = r),
      () => undefined,
    );
    this.ranked.set(key, entry);
    return promise;
  }

  /** The ranking of the document for a provider's request; undefined when the request was cancelled or the document moved on meanwhile. */
  async forRequest(doc: TextSource, token: { readonly isCancellationRequested: boolean }): Promise<DocumentAnalysis | undefined> {
    const a = await this.analyze(doc);
    return token.isCancellationRequested || a.version !== doc.version ? undefined : a;
  }

  private rank(p: ParsedAnalysis): Promise<DocumentAnalysis> {
    return rankParsed(p, this.ranker, this.dataset());
  }

  dispose(): void {
    this.parsed.clear();
    this.ranked.clear();
    this.changed.dispose();
  }
}

export function toRange(lines: LineIndex, r: { start: number; end: number }): vscode.Range {
  const a = lines.positionAt(r.start);
  const b = lines.positionAt(r.end);
  return new vscode.Range(a.line, a.character, b.line, b.character);
}
