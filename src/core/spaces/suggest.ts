import { shown } from './user-text';

/** "Did you mean" support: the closest known name by edit distance, if it is close enough to help. */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const wanted = normalise(name);
  const limit = Math.max(2, Math.ceil(wanted.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const other = normalise(candidate);
    // The distance is at least the difference in length: a 5 MB name is not compared letter by letter.
    if (Math.abs(other.length - wanted.length) > limit) continue;
    const d = editDistance(wanted, other);
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** "unknown op 'conv3x3' on edge 1->2; did you mean 'nor_conv_3x3'? Known ops: …" */
export function unknownOpMessage(op: string, where: string, known: readonly string[]): string {
  const guess = closestName(op, known);
  const hint = guess ? `; did you mean '${guess}'?` : '.';
  return `unknown op '${shown(op)}' ${where}${hint} Valid ops: ${known.join(', ')}.`;
}

function normalise(s: string): string {
  return s.toLowerCase().replace(/[-_\s]/g, '');
}

export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}
