/**
 * How a piece of the user's input (an op, a name, a key, a line) is shown inside a message: control
 * characters, terminal escape sequences and invisible direction marks written as \x1b, \n, \u202e …
 * (never passed through raw to a terminal or an editor), and at most `max` characters, the rest said
 * by its length (a 5 MB op name is not echoed whole).
 */
export function shown(value: string, max = 80): string {
  const cut = value.length > max ? `${value.slice(0, Math.max(1, max - 30))}… (${value.length.toLocaleString('en-US')} characters)` : value;
  return cut.replace(UNSAFE, escapeChar);
}

/** C0 and C1 controls, DEL, line and paragraph separators, bidirectional marks and overrides, lone surrogates. */
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  if (code === 10) return '\\n';
  if (code === 13) return '\\r';
  if (code === 9) return '\\t';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
