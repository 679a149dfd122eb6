/**
 * Where a call left open (while someone types `X = Genotype(normal=[…`) ends at the latest: before a
 * line that starts a new statement at the call's indentation or less. In valid Python such a line
 * cannot be inside the call's brackets, so a call that closes is never cut; one that does not close
 * no longer swallows the cells after it.
 */
export function statementBoundary(text: string, callLineStart: number): (lineStart: number) => boolean {
  const indent = indentation(text, callLineStart);
  return (lineStart) => {
    const width = indentation(text, lineStart);
    const at = lineStart + width;
    if (FENCE.test(text.slice(at, at + 3))) return true;
    if (width > indent) return false;
    STATEMENT.lastIndex = at;
    const m = STATEMENT.exec(text);
    return m !== null && !(m.groups?.name && ARGUMENT_NAMES.has(m.groups.name));
  };
}

/** A Markdown code fence ends any code block the call is in. */
const FENCE = /^(?:```|~~~)$/;

/**
 * A statement's first words: a keyword, a decorator, an assignment (`NAME =`, `NAME: T =`, not `==`),
 * or another cell call (`'key': Genotype(`, `Genotype(`).
 */
const STATEMENT =
  /(?:(?:def|class|import|from|if|elif|else|for|while|with|try|except|finally|return|raise|assert|async|print)\b|@|(?<name>[A-Za-z_][\w.]*)[ \t]*(?::[^=\n]{1,60})?=(?!=)|(?:(['"])[^'"\n]{1,80}\2[ \t]*:[ \t]*)?(?:[A-Za-z_]\w*[ \t]*\.[ \t]*)*(?:Genotype|ModelSpec)[ \t]*\()/y;

/** Keyword arguments of the cell calls: `normal=` at the start of a line is an argument, not an assignment. */
const ARGUMENT_NAMES = new Set(['normal', 'normal_concat', 'reduce', 'reduce_concat', 'connectN', 'connects', 'matrix', 'ops', 'data_format']);

function indentation(text: string, lineStart: number): number {
  let i = lineStart;
  while (text[i] === ' ' || text[i] === '\t') i++;
  return i - lineStart;
}
