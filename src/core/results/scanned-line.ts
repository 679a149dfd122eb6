import { readJsoncValueAt } from '../dsl/json/fast-jsonc';
import { isSpaceId } from '../spaces';
import type { SpaceId } from '../spaces/types';
import { scanEnvelope, type Span } from './envelope';
import type { LineCellReader } from './line-cell';
import { newRun, readRunInfo, type Fields, type LineLocation, type LineOptions, type LineRead } from './line-fields';

const enum Key {
  Cell = 1,
  Metrics = 2,
  Space = 4,
  Seed = 8,
  Epochs = 16,
  Source = 32,
  Name = 64,
  Time = 128,
  Hash = 256,
  Run = 512,
}
const KEY_BITS: Readonly<Record<string, Key>> = {
  cell: Key.Cell,
  metrics: Key.Metrics,
  space: Key.Space,
  seed: Key.Seed,
  epochs: Key.Epochs,
  source: Key.Source,
  name: Key.Name,
  time: Key.Time,
  hash: Key.Hash,
  run: Key.Run,
};

/**
 * The fast path, for a line without any problem: known keys once each, plain values, a cell (read by
 * text, cached) without a diagnostic. Anything else gives undefined and the full reader reports it.
 */
export function readScanned(
  line: string,
  envelope: { start: number; spans: Span[] },
  cells: LineCellReader,
  options: LineOptions,
  at: LineLocation,
): LineRead | undefined {
  let seen = 0;
  let cellSpan: Span | undefined;
  let metricsSpan: Span | undefined;
  let space: SpaceId | undefined;
  const fields: Fields = {};
  for (const span of envelope.spans) {
    const bit = Object.hasOwn(KEY_BITS, span.name) ? KEY_BITS[span.name] : 0;
    if (!bit || seen & bit) return undefined;
    seen |= bit;
    switch (bit) {
      case Key.Cell:
        cellSpan = span;
        break;
      case Key.Metrics:
        metricsSpan = span;
        break;
      case Key.Space: {
        const value = plainString(line, span);
        if (value === undefined || !isSpaceId(value)) return undefined;
        space = value;
        break;
      }
      case Key.Seed: {
        const value = plainNumber(line, span);
        if (value === undefined || !Number.isSafeInteger(value)) return undefined;
        fields.seed = value;
        break;
      }
      case Key.Epochs: {
        const value = plainNumber(line, span);
        if (value === undefined || value < 0) return undefined;
        fields.epochs = value;
        break;
      }
      case Key.Run: {
        const value = readJsoncValueAt(line, span.valueStart);
        const info = value && value.end === span.valueEnd ? readRunInfo(value) : undefined;
        if (!info) return undefined;
        fields.run = info;
        break;
      }
      default: {
        const value = plainString(line, span);
        if (value === undefined) return undefined;
        if (bit === Key.Source) fields.source = value;
        else if (bit === Key.Name) fields.name = value;
        else if (bit === Key.Time) fields.time = value;
      }
    }
  }
  if (!cellSpan || !metricsSpan) return undefined;
  const metrics = plainMetrics(line, metricsSpan);
  if (!metrics) return undefined;
  const cell = cells.readText(line, cellSpan.valueStart, cellSpan.valueEnd);
  if (!cell?.cell || !cell.hash || cell.diagnostics.length) return undefined;
  if ((space !== undefined && space !== cell.cell.space) || (options.space && cell.cell.space !== options.space)) return undefined;
  return { run: newRun(at, cell.cell.space, cell.hash, cell.cell, metrics, fields), diagnostics: [] };
}

/** A string value without escapes (the envelope scan has rejected control characters). */
function plainString(line: string, span: Span): string | undefined {
  if (line.charCodeAt(span.valueStart) !== 34) return undefined;
  const value = line.slice(span.valueStart + 1, span.valueEnd - 1);
  return value.includes('\\') ? undefined : value;
}

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** A finite JSON number value. */
function plainNumber(line: string, span: Span): number | undefined {
  const text = line.slice(span.valueStart, span.valueEnd);
  if (!JSON_NUMBER.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** A metrics object of finite numbers only, each name once, at least one. */
function plainMetrics(line: string, span: Span): Record<string, number> | undefined {
  const scanned = scanEnvelope(line, span.valueStart, span.valueEnd);
  if (!scanned?.spans.length) return undefined;
  const metrics: Record<string, number> = Object.create(null);
  for (const m of scanned.spans) {
    const value = plainNumber(line, m);
    if (value === undefined || Object.hasOwn(metrics, m.name)) return undefined;
    metrics[m.name] = value;
  }
  return metrics;
}
