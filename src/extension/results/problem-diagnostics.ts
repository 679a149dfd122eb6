// A results file's problems as editor diagnostics (plain values: the controller makes vscode.Diagnostics
// of them): each at its line and columns (1-based, end exclusive → 0-based), and one note when the
// file has more problems than are shown. vscode-free.
import type { ResultProblem } from '../../core/results/runs';
import type { ResultsFileSummary } from '../../protocol/worker';
import { formatCount } from '../../shared/format';

export interface ProblemDiagnostic {
  readonly line: number;
  readonly character: number;
  readonly endLine: number;
  readonly endCharacter: number;
  readonly message: string;
  readonly severity: 'error' | 'warning' | 'information';
  readonly code: string;
}

export function problemDiagnostic(p: ResultProblem): ProblemDiagnostic {
  const line = Math.max(0, p.line - 1);
  const character = Math.max(0, p.column - 1);
  const endLine = Math.max(line, p.endLine - 1);
  const endCharacter = endLine === line ? Math.max(character, p.endColumn - 1) : Math.max(0, p.endColumn - 1);
  return { line, character, endLine, endCharacter, message: p.message, severity: p.severity, code: p.code };
}

/** The diagnostics of one file's summary (its problems must be present), with a note when some are not shown. */
export function fileDiagnostics(summary: ResultsFileSummary & { readonly problems: readonly ResultProblem[] }): ProblemDiagnostic[] {
  const shown = summary.problems.map(problemDiagnostic);
  const total = summary.errors + summary.warnings;
  if (total > shown.length) {
    shown.push({
      line: 0,
      character: 0,
      endLine: 0,
      endCharacter: 0,
      severity: 'information',
      code: 'more-problems',
      message: `${formatCount(total)} problems in this file (${formatCount(summary.errors)} errors, ${formatCount(summary.warnings)} warnings); the first ${formatCount(shown.length)} are shown: \`nas-lens results ${summary.file} --json\` lists them all`,
    });
  }
  return shown;
}
