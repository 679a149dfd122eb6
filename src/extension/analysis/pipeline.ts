// The analysis of one document version, without VS Code: parse (bounded in size; a valid cell's hash
// is computed when first read) and rank (hash every cell, group by space, score through the Ranker's
// per-model cache, cost per cell). Ranking works in slices of a few milliseconds and yields to the
// event loop between them, so a large file never blocks the extension host (test/vscode/lag.test.ts).
// The Analyzer caches it per version; bench/editor-rerank.ts times it.
import { documentKind, LineIndex, parseDocument, type ParsedCell, type ParsedDocument, type TypeScriptModule } from '../../core/dsl';
import { spaceOf } from '../../core/spaces';
import type { Cell, Cost, SpaceId } from '../../core/spaces/types';
import { datasetFor, type DatasetId } from '../../core/catalog';
import { MAX_DSL_CHARS, MAX_NATIVE_CHARS, MAX_RANKED_CELLS } from './limits';
import type { CellRanking, Ranker, RankOutcome } from './ranker';
import { mayHoldNativeCells } from './selector';
import { errorMessage } from '../../shared/errors';

export interface CellInfo {
  /** Position among the document's cells. */
  readonly index: number;
  readonly parsed: ParsedCell;
  /** Canonical hash, for valid cells (computed on first read, then kept). */
  readonly hash?: string;
}

/** Longest stretch of synchronous ranking work between two yields to the event loop. */
export const SLICE_MS = 8;

/** `await tick()` yields to the event loop once `sliceMs` of work has passed since the last yield. */
export function timeSlicer(sliceMs = SLICE_MS): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < sliceMs) return;
    await new Promise<void>((r) => setImmediate(r));
    since = performance.now();
  };
}

/** A parsed cell whose canonical hash is computed when first read (NB-101 hashing costs up to ~1 ms a cell). */
function cellInfo(index: number, parsed: ParsedCell): CellInfo {
  let memo: string | null | undefined;
  const info = { index, parsed } as CellInfo;
  Object.defineProperty(info, 'hash', {
    enumerable: true,
    get(): string | undefined {
      if (memo === undefined) memo = (parsed.valid && parsed.cell ? hashOf(parsed.cell) : undefined) ?? null;
      return memo ?? undefined;
    },
  });
  return info;
}

export interface ParsedAnalysis {
  readonly uri: string;
  readonly version: number;
  readonly fileName: string;
  readonly text: string;
  readonly lines: LineIndex;
  readonly parsed: ParsedDocument;
  readonly cells: readonly CellInfo[];
  /** Set when the file is past the size the editor reads. */
  readonly tooLarge?: string;
  readonly parseMs: number;
}

export interface RankedCellInfo extends CellInfo {
  /** The dataset the cell's space is ranked on. */
  readonly dataset: DatasetId;
  readonly ranking?: CellRanking;
  /** Why there is no ranking: an invalid cell, no model, a model that failed to load. */
  readonly unranked?: string;
  readonly cost?: Cost;
}

export interface DocumentAnalysis extends Omit<ParsedAnalysis, 'cells'> {
  readonly cells: readonly RankedCellInfo[];
  readonly chosenDataset: DatasetId;
  readonly rankMs: number;
}

export interface TextSource {
  readonly uri: { toString(): string };
  readonly version: number;
  readonly fileName: string;
  getText(): string;
}

/** Parses a document's text (bounded in size), hashing each valid cell. Never throws. */
export function parseText(doc: TextSource, typescript: () => TypeScriptModule): ParsedAnalysis {
  const started = performance.now();
  const text = doc.getText();
  const kind = documentKind(doc.fileName);
  const limit = kind === 'native' ? MAX_NATIVE_CHARS : MAX_DSL_CHARS;
  const base = { uri: doc.uri.toString(), version: doc.version, fileName: doc.fileName, text, lines: new LineIndex(text) };
  if (text.length > limit) {
    const mb = (n: number) => (n / 1e6).toFixed(1);
    const tooLarge = `This file has ${mb(text.length)} M characters; NAS Lens reads files of up to ${mb(limit)} M characters in the editor. Split it, or check it with \`nas-lens validate\`.`;
    return { ...base, parsed: { cells: [], diagnostics: [] }, cells: [], tooLarge, parseMs: performance.now() - started };
  }
  if (kind === 'native' && !mayHoldNativeCells(text)) {
    return { ...base, parsed: { cells: [], diagnostics: [] }, cells: [], parseMs: performance.now() - started };
  }
  const parsed = parseDocument(text, doc.fileName, { typescript });
  const cells = parsed.cells.map((c, index) => cellInfo(index, c));
  return { ...base, parsed, cells, parseMs: performance.now() - started };
}

const hashes = new Map<string, string | null>();
const HASH_CACHE_LIMIT = 20_000;

/**
 * Canonical hash, remembered by the cell's value: after an edit only the changed cell is hashed again
 * (NB-101 hashing tries vertex orders and costs ~0.1–1 ms a cell; the JSON key costs microseconds).
 */
export function hashOf(cell: Cell): string | undefined {
  const key = JSON.stringify(cell);
  let hash = hashes.get(key);
  if (hash === undefined) {
    try {
      hash = spaceOf(cell).hash(cell);
    } catch {
      hash = null;
    }
    if (hashes.size >= HASH_CACHE_LIMIT) hashes.clear();
    hashes.set(key, hash);
  }
  return hash ?? undefined;
}

/** Ranks the valid cells of a parsed document on `chosen` (per space: the space's dataset for it). */
export async function rankParsed(p: ParsedAnalysis, ranker: Ranker, chosen: DatasetId): Promise<DocumentAnalysis> {
  const started = performance.now();
  const tick = timeSlicer();
  const bySpace = new Map<SpaceId, CellInfo[]>();
  for (const c of p.cells.slice(0, MAX_RANKED_CELLS)) {
    await tick();
    if (!c.hash || !c.parsed.cell) continue;
    const list = bySpace.get(c.parsed.space) ?? [];
    list.push(c);
    bySpace.set(c.parsed.space, list);
  }
  const outcomes = new Map<number, { ranking?: CellRanking; unranked?: string }>();
  await Promise.all(
    [...bySpace].map(async ([space, cells]) => {
      let results: RankOutcome[];
      try {
        results = await ranker.rank(
          space,
          chosen,
          cells.map((c) => ({ cell: c.parsed.cell!, hash: c.hash! })),
        );
      } catch (err) {
        results = cells.map(() => ({ unranked: `the model failed on these cells: ${errorMessage(err)}` }));
      }
      results.forEach((r, i) => outcomes.set(cells[i].index, 'ranking' in r ? { ranking: r.ranking } : { unranked: r.unranked }));
    }),
  );
  const cells: RankedCellInfo[] = [];
  for (const c of p.cells) {
    await tick();
    const dataset = datasetFor(c.parsed.space, chosen);
    const hash = c.hash;
    const cost = hash && c.parsed.cell ? ranker.cost(c.parsed.cell, hash, dataset) : undefined;
    const outcome = outcomes.get(c.index) ?? { unranked: hash ? `only the first ${MAX_RANKED_CELLS} cells of a file are ranked` : 'invalid cell' };
    cells.push({ index: c.index, parsed: c.parsed, ...(hash ? { hash } : {}), dataset, ...outcome, ...(cost ? { cost } : {}) });
  }
  return { ...p, cells, chosenDataset: chosen, rankMs: performance.now() - started };
}

/** The cell whose range holds the offset (the innermost when ranges nest). */
export function cellAt<C extends CellInfo>(cells: readonly C[], offset: number): C | undefined {
  let best: C | undefined;
  for (const c of cells) {
    const r = c.parsed.range;
    if (r.start <= offset && offset <= r.end && (!best || r.end - r.start < best.parsed.range.end - best.parsed.range.start)) best = c;
  }
  return best;
}
