// Names of suggested cells: suggested_1, suggested_2, … skipping every name the file already has
// (an identifier in every notation: a JSON name, a TypeScript or Python variable).
export const SUGGESTED_STEM = 'suggested_';

/** `count` names `suggested_<n>` with the smallest n ≥ 1 not taken, in increasing n. */
export function suggestedNames(count: number, taken: ReadonlySet<string>): string[] {
  const names: string[] = [];
  for (let n = 1; names.length < count; n++) if (!taken.has(`${SUGGESTED_STEM}${n}`)) names.push(`${SUGGESTED_STEM}${n}`);
  return names;
}
