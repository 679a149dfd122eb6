// Typed access to mocha's TDD globals (suite, test, ...) without a compile-time dependency on
// @types/mocha: mocha itself lives in test/e2e/node_modules and defines these globals while it
// loads each *.test.js file (see index.ts).
export interface TestContext {
  timeout(ms: number): void;
  skip(): never;
}
type Body = (this: TestContext) => void | Promise<void>;
interface MochaGlobals {
  suite(name: string, fn: () => void): void;
  test(name: string, fn: Body): void;
  suiteSetup(fn: Body): void;
  suiteTeardown(fn: Body): void;
  setup(fn: Body): void;
  teardown(fn: Body): void;
}

const g = (): MochaGlobals => {
  const globals = globalThis as unknown as Partial<MochaGlobals>;
  if (typeof globals.suite !== 'function') throw new Error('mocha TDD globals are missing: load test files through test/vscode/index.ts');
  return globals as MochaGlobals;
};

export const suite = (name: string, fn: () => void): void => g().suite(name, fn);
export const test = (name: string, fn: Body): void => g().test(name, fn);
export const suiteSetup = (fn: Body): void => g().suiteSetup(fn);
export const suiteTeardown = (fn: Body): void => g().suiteTeardown(fn);
export const setup = (fn: Body): void => g().setup(fn);
export const teardown = (fn: Body): void => g().teardown(fn);
