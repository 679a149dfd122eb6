// How much text the editor features read. parseDocument reads ~10 MB of JSON in ~0.8–2.6 s; the
// editor keeps each parse well under 100 ms, so files past these sizes get one diagnostic instead.

/** Characters of a *.nas.json / *.nas.ts file that are parsed (2 M ≈ 4,000 cells). */
export const MAX_DSL_CHARS = 2_000_000;
/** Characters of any other file (Python, Markdown, …) scanned for native notations. */
export const MAX_NATIVE_CHARS = 1_000_000;
/** Cells per document that are ranked (the rest still get diagnostics). */
export const MAX_RANKED_CELLS = 5_000;
