// Loaded before every unit test file (scripts/run-tests.mjs). In CI the property tests run with one
// fixed seed, so that a red build is reproducible and never a roll of the dice; locally every run
// draws a fresh seed (printed with any failure) to keep exploring. FC_SEED=N pins one anywhere.
import fc from 'fast-check';

const pinned = process.env.FC_SEED ?? (process.env.CI ? '20261123' : undefined);
if (pinned !== undefined) fc.configureGlobal({ seed: Number(pinned) });
