import type { Cell, CellIssue } from '../spaces/types';
import type { CellDraft } from './draft';
import { error, warning } from './draft';
import type { Diagnostic, ParsedCell } from './types';
import { shown } from '../spaces/user-text';

export type ValidateCell = (cell: Cell) => readonly CellIssue[];

/** Validates a drafted cell and maps its issues to ranges; the draft (and what it holds on to) can then go. */
export function finishCell(d: CellDraft, validate: ValidateCell): ParsedCell {
  const diagnostics = d.cell ? [...d.diagnostics, ...validationDiagnostics(d, validate)] : d.diagnostics;
  const valid = d.cell !== undefined && !diagnostics.some((x) => x.severity === 'error');
  return {
    name: d.name,
    space: d.space,
    notation: d.notation,
    cell: d.cell,
    valid,
    range: d.range,
    nameRange: d.nameRange,
    parts: d.parts,
    diagnostics,
    ...(d.inString && { inString: d.inString }),
  };
}

/**
 * Orders cells by position and makes names unique ("x", "x (2)", …); with `warnDuplicates`
 * (names the user chose) a repeated name is also reported.
 */
export function nameCells(finished: readonly ParsedCell[], warnDuplicates: boolean): ParsedCell[] {
  const cells = [...finished].sort((a, b) => a.range.start - b.range.start);
  const seen = new Map<string, number>();
  const taken = new Set(cells.map((c) => c.name));
  return cells.map((c) => {
    const count = (seen.get(c.name) ?? 0) + 1;
    seen.set(c.name, count);
    if (count === 1) return c;
    let n = count;
    while (taken.has(`${c.name} (${n})`)) n++;
    const name = `${c.name} (${n})`;
    taken.add(name);
    if (!warnDuplicates || !c.nameRange) return { ...c, name };
    const warning_ = warning('duplicate-name', `another cell is already named "${shown(c.name)}"; this one is shown as "${shown(name)}"`, c.nameRange);
    return { ...c, name, diagnostics: [...c.diagnostics, warning_] };
  });
}

function validationDiagnostics(draft: CellDraft, validate: ValidateCell): Diagnostic[] {
  let issues: readonly CellIssue[];
  try {
    issues = validate(draft.cell as Cell);
  } catch (e) {
    return [error('internal-error', `validation failed: ${e instanceof Error ? e.message : String(e)}`, draft.range)];
  }
  return issues.map((issue) => ({
    severity: issue.severity,
    code: issue.code,
    message: issue.message,
    range: locate(draft, issue.path),
  }));
}

/** The most precise known range of a path: the path itself, else its closest located ancestor, else the cell. */
function locate(draft: CellDraft, path: readonly (string | number)[]): { start: number; end: number } {
  for (let n = path.length; n > 0; n--) {
    const r = draft.locate(path.slice(0, n));
    if (r) return { start: r.start, end: r.end };
  }
  return draft.range;
}
