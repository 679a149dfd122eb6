import type { CallArg, CallExpr, DictEntry, Expr, ListExpr } from './expr';
import { MAX_LIST_ITEMS } from './expr';
import type { Token } from './tokens';

const MAX_DEPTH = 64;
const STOPS = new Set([',', ')', ']', '}', ':', '=']);
const CLOSERS = new Set([')', ']', '}']);

/**
 * Reads literal expressions from tokens (see Expr). Anything else becomes an `other` expression
 * spanning what was skipped, up to the next `,` or closing bracket, so reading never fails and
 * always moves forward.
 */
export class LiteralReader {
  pos = 0;
  private lastListHadComma = false;

  constructor(private readonly tokens: readonly Token[]) {}

  get done(): boolean {
    return this.pos >= this.tokens.length;
  }

  peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  isPunct(punct: string, offset = 0): boolean {
    const t = this.tokens[this.pos + offset];
    return t !== undefined && t.kind === 'punct' && t.punct === punct;
  }

  readExpr(depth = 0): Expr {
    const start = this.peek();
    if (!start) {
      const end = this.tokens.length ? this.tokens[this.tokens.length - 1].end : 0;
      return { kind: 'other', what: 'nothing', start: end, end };
    }
    if (depth > MAX_DEPTH) {
      const end = this.skipToStop();
      return { kind: 'other', what: 'too deeply nested an expression', start: start.start, end };
    }
    const primary = this.readPrimary(depth);
    const next = this.peek();
    if (!next || (next.kind === 'punct' && STOPS.has(next.punct))) return primary;
    const end = this.skipToStop();
    return { kind: 'other', what: 'an expression', start: primary.start, end: Math.max(end, primary.end) };
  }

  /** Reads `name(args)` with the reader at the callee's first name token. */
  readCall(depth = 0): Expr {
    return this.readPrimary(depth);
  }

  private readPrimary(depth: number): Expr {
    const t = this.tokens[this.pos];
    switch (t.kind) {
      case 'string':
        return this.readStrings();
      case 'number':
        this.pos++;
        return { kind: 'number', value: t.value, start: t.start, end: t.end };
      case 'name':
        return this.readNameOrCall(depth);
      case 'punct': {
        const sign = t.punct === '-' || t.punct === '+';
        const after = this.peek(1);
        if (sign && after?.kind === 'number') {
          this.pos += 2;
          return { kind: 'number', value: t.punct === '-' ? -after.value : after.value, start: t.start, end: after.end };
        }
        if (t.punct === '[') return this.readList('[', ']', depth);
        if (t.punct === '(') return this.readTupleOrGroup(depth);
        if (t.punct === '{') return this.readDict(depth);
        if (CLOSERS.has(t.punct) || t.punct === ',') {
          return { kind: 'other', what: 'nothing', start: t.start, end: t.start };
        }
        this.pos++;
        return { kind: 'other', what: 'an expression', start: t.start, end: t.end };
      }
    }
  }

  private readStrings(): Expr {
    const first = this.tokens[this.pos];
    if (first.kind !== 'string') throw new Error('unreachable');
    this.pos++;
    let value = first.value;
    let last = first;
    let interpolated = first.interpolated;
    let next = this.peek();
    while (next?.kind === 'string') {
      value += next.value;
      interpolated ||= next.interpolated;
      last = next;
      this.pos++;
      next = this.peek();
    }
    if (interpolated) return { kind: 'other', what: 'a string with substitutions', start: first.start, end: last.end };
    if (first.prefix.includes('b')) return { kind: 'other', what: 'a bytes literal', start: first.start, end: last.end };
    return {
      kind: 'string',
      value,
      start: first.start,
      end: last.end,
      contentStart: first.contentStart,
      contentEnd: last === first ? first.contentEnd : last.contentEnd,
      exact: last === first && first.exact && first.terminated,
    };
  }

  private readNameOrCall(depth: number): Expr {
    const first = this.tokens[this.pos];
    if (first.kind !== 'name') throw new Error('unreachable');
    let name = first.name;
    let end = first.end;
    this.pos++;
    while (this.isPunct('.') && this.peek(1)?.kind === 'name') {
      const part = this.peek(1) as Token & { kind: 'name' };
      name += '.' + part.name;
      end = part.end;
      this.pos += 2;
    }
    if (!this.isPunct('(')) return { kind: 'name', name, start: first.start, end };
    return this.readArgs(name, first.start, depth);
  }

  private readArgs(callee: string, start: number, depth: number): CallExpr {
    this.pos++; // (
    const args: CallArg[] = [];
    let end = this.tokens[this.pos - 1].end;
    while (!this.done) {
      if (this.isPunct(')')) {
        end = this.tokens[this.pos++].end;
        return { kind: 'call', callee, args, start, end };
      }
      const t = this.tokens[this.pos];
      if (t.kind === 'punct' && CLOSERS.has(t.punct)) break;
      const keyword = t.kind === 'name' && this.isPunct('=', 1) ? t : undefined;
      if (keyword) this.pos += 2;
      const value = this.readExpr(depth + 1);
      args.push(keyword ? { keyword: keyword.name, keywordRange: { start: keyword.start, end: keyword.end }, value } : { value });
      end = Math.max(end, value.end);
      if (this.isPunct(',')) end = this.tokens[this.pos++].end;
      else if (!this.isPunct(')')) {
        if (this.isPunct('=') || this.isPunct(':')) this.pos++;
        else break;
      }
    }
    return { kind: 'call', callee, args, start, end };
  }

  private readList(open: '[' | '(', close: string, depth: number): ListExpr {
    const start = this.tokens[this.pos++].start;
    const items: Expr[] = [];
    let count = 0;
    let end = this.tokens[this.pos - 1].end;
    let commas = 0;
    while (!this.done) {
      if (this.isPunct(close)) {
        end = this.tokens[this.pos++].end;
        break;
      }
      const t = this.tokens[this.pos];
      if (t.kind === 'punct' && (CLOSERS.has(t.punct) || t.punct === ':' || t.punct === '=')) break;
      const item = this.readExpr(depth + 1);
      if (count++ < MAX_LIST_ITEMS) items.push(item);
      end = Math.max(end, item.end);
      if (this.isPunct(',')) {
        end = this.tokens[this.pos++].end;
        commas++;
      } else if (!this.isPunct(close)) break;
    }
    this.lastListHadComma = commas > 0;
    return { kind: 'list', bracket: open, items, start, end, ...(count > items.length && { count }) };
  }

  private readTupleOrGroup(depth: number): Expr {
    const list = this.readList('(', ')', depth);
    return list.items.length === 1 && !this.lastListHadComma ? list.items[0] : list;
  }

  private readDict(depth: number): Expr {
    const start = this.tokens[this.pos++].start;
    const entries: DictEntry[] = [];
    let end = this.tokens[this.pos - 1].end;
    while (!this.done) {
      if (this.isPunct('}')) {
        end = this.tokens[this.pos++].end;
        return { kind: 'dict', entries, start, end };
      }
      const t = this.tokens[this.pos];
      if (t.kind === 'punct' && CLOSERS.has(t.punct)) break;
      const key = this.readExpr(depth + 1);
      let value: Expr = { kind: 'other', what: 'nothing', start: key.end, end: key.end };
      if (this.isPunct(':')) {
        this.pos++;
        value = this.readExpr(depth + 1);
      }
      entries.push({ key, value });
      end = Math.max(end, value.end);
      if (this.isPunct(',')) end = this.tokens[this.pos++].end;
      else if (!this.isPunct('}')) break;
    }
    return { kind: 'dict', entries, start, end };
  }

  /** Skips balanced tokens up to (not including) a `,`, `:`, `=` or closing bracket at depth 0; returns the end of the last skipped token. */
  private skipToStop(): number {
    let depth = 0;
    let end = this.tokens[this.pos]?.start ?? 0;
    while (!this.done) {
      const t = this.tokens[this.pos];
      if (t.kind === 'punct') {
        if (depth === 0 && STOPS.has(t.punct)) break;
        if (t.punct === '(' || t.punct === '[' || t.punct === '{') depth++;
        else if (CLOSERS.has(t.punct)) depth--;
      }
      end = t.end;
      this.pos++;
    }
    return end;
  }
}
