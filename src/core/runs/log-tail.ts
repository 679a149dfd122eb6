/** The last `lines` lines of a log, at most `maxChars` characters, for a failed run's report. */
export function logTail(text: string, lines = 20, maxChars = 4000): string {
  const trimmed = text.replace(/\s+$/, '');
  if (!trimmed) return '';
  const all = trimmed.split('\n');
  let tail = all.slice(-lines).join('\n');
  if (tail.length > maxChars) tail = `…${tail.slice(tail.length - maxChars + 1)}`;
  return tail;
}
