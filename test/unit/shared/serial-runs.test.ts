import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SerialRuns } from '../../../src/shared/serial-runs';

function gate() {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

test('runs never overlap; calls during a run make exactly one more run; every caller waits for it', async () => {
  let active = 0;
  let runs = 0;
  const gates = [gate(), gate()];
  const serial = new SerialRuns(
    async () => {
      active++;
      assert.equal(active, 1, 'no overlap');
      await gates[runs++]?.promise;
      active--;
    },
    (err) => assert.fail(String(err)),
  );
  const first = serial.run();
  const second = serial.run();
  const third = serial.run();
  gates[0].open();
  await Promise.resolve();
  gates[1].open();
  await Promise.all([first, second, third]);
  assert.equal(runs, 2, 'three calls while one ran: the running one and one more');
  await serial.run();
  assert.equal(runs, 3);
});

test('an error goes to onError and the next run still happens; keepGoing stops further runs', async () => {
  const errors: unknown[] = [];
  let runs = 0;
  let going = true;
  const g = gate();
  const serial = new SerialRuns(
    async () => {
      runs++;
      if (runs === 1) {
        await g.promise;
        throw new Error('boom');
      }
    },
    (err) => errors.push(err),
    () => going,
  );
  const a = serial.run();
  const b = serial.run();
  g.open();
  await Promise.all([a, b]);
  assert.equal(runs, 2);
  assert.equal((errors[0] as Error).message, 'boom');
  const h = gate();
  let blocked = true;
  const stopper = new SerialRuns(
    async () => {
      runs++;
      if (blocked) await h.promise;
    },
    () => undefined,
    () => going,
  );
  const c = stopper.run();
  const d = stopper.run();
  going = false;
  blocked = false;
  h.open();
  await Promise.all([c, d]);
  assert.equal(runs, 3, 'no second run once keepGoing says no');
});
