export { documentKind, documentKindOf, parseDocument, parseJsonDsl, parseNativeNotations, parseTsDsl, type DocumentKind } from './document';
export { LineIndex, lineIndexOf, offsetToPosition, positionToOffset, type Position, type SourceRange } from './source-range';
export type { CellParts, Diagnostic, EnclosingString, Notation, Note, ParsedCell, ParsedDocument, ParseOptions, Severity, TypeScriptModule } from './types';
export { insertCellAfter, rewriteCell, type InsertEdit, type TextEdit } from './rewrite/rewrite';
export { formatCell, NOTATION_SPACE } from './rewrite/format';
