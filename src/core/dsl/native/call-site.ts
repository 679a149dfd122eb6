import type { SourceRange } from '../source-range';

/** Where a call in native notation stands: the document's text, the name it is assigned to, its line. */
export interface CallSite {
  readonly text: string;
  readonly name?: string;
  readonly nameRange?: SourceRange;
  /** 1-based. */
  readonly line: number;
}

/** A call that builds a cell when the program runs (its arguments are code): not a cell, only a note. */
export interface NotACell {
  readonly notACell: string;
  readonly range: SourceRange;
}

export function isNotACell(read: object): read is NotACell {
  return 'notACell' in read;
}
