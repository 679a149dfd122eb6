/** Brackets nested deeper are not handed to the TypeScript parser, which recurses per level (a DSL cell nests ~5). */
export const MAX_TS_DEPTH = 128;

export interface TsPrescan {
  /** The text with each part nested too deeply replaced by `0` and spaces (line breaks kept): the same length. */
  readonly text: string;
  /** Where those parts start (their opening bracket). */
  readonly tooDeep: readonly number[];
}

/**
 * Finds what nests more than MAX_TS_DEPTH brackets deep with one pass over the characters (strings,
 * template literals and comments skipped; no recursion), so that a file nesting 700 levels somewhere
 * still has the rest of its cells read. Most files are returned unchanged.
 */
export function prescanTs(text: string): TsPrescan {
  const regions: { start: number; end: number }[] = [];
  let depth = 0;
  let deepStart = -1;
  /** Template literals open at each `${`: the bracket depth at which their `}` resumes the template. */
  const templates: number[] = [];
  let i = 0;
  const n = text.length;
  const skipTemplate = (from: number): number => {
    // From inside a template literal: to its closing backtick, or into a `${` (then code resumes).
    let j = from;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c === 92 /* \ */) j += 2;
      else if (c === 96 /* ` */) return j + 1;
      else if (c === 36 /* $ */ && text.charCodeAt(j + 1) === 123 /* { */) {
        templates.push(depth);
        depth++;
        return j + 2;
      } else j++;
    }
    return n;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
    } else if (c === 39 /* ' */ || c === 34 /* " */) {
      let j = i + 1;
      while (j < n && text.charCodeAt(j) !== c && text.charCodeAt(j) !== 10) j += text.charCodeAt(j) === 92 ? 2 : 1;
      i = j + 1;
    } else if (c === 96 /* ` */) {
      i = skipTemplate(i + 1);
    } else if (c === 40 || c === 91 || c === 123 /* ( [ { */) {
      depth++;
      if (depth > MAX_TS_DEPTH && deepStart < 0) deepStart = i;
      i++;
    } else if (c === 41 || c === 93 || c === 125 /* ) ] } */) {
      if (c === 125 && templates.length && templates[templates.length - 1] === depth - 1) {
        templates.pop();
        depth--;
        i = skipTemplate(i + 1);
        continue;
      }
      depth = Math.max(0, depth - 1);
      if (deepStart >= 0 && depth <= MAX_TS_DEPTH) {
        regions.push({ start: deepStart, end: i + 1 });
        deepStart = -1;
      }
      i++;
    } else {
      i++;
    }
  }
  if (deepStart >= 0) regions.push({ start: deepStart, end: n });
  if (regions.length === 0) return { text, tooDeep: [] };
  const parts: string[] = [];
  let at = 0;
  for (const r of regions) {
    parts.push(text.slice(at, r.start), '0', text.slice(r.start + 1, r.end).replace(/[^\r\n]/g, ' '));
    at = r.end;
  }
  parts.push(text.slice(at));
  return { text: parts.join(''), tooDeep: regions.map((r) => r.start) };
}
