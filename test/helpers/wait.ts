/** Polls `done` until true; rejects after `limitMs`. The limit is a hang guard, never a timing assumption. */
export async function waitFor(done: () => boolean | Promise<boolean>, limitMs: number, why: () => string): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(why());
    await new Promise((r) => setTimeout(r, 100));
  }
}
