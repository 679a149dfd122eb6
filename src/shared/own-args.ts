// Command arguments (keybindings, other commands, tests) are untrusted input: a key counts only as an
// own property of the object, and a number only when it is whole and within its limits.

/** `v[key]` when `key` is an own property of `v`, else undefined. */
export function ownValue(v: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(v, key) ? v[key] : undefined;
}

/** `v[key]` when it is an own property holding a whole number from `min` to `max`, else undefined. */
export function ownWholeNumber(v: Record<string, unknown>, key: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const x = ownValue(v, key);
  return typeof x === 'number' && Number.isInteger(x) && x >= min && x <= max ? x : undefined;
}
