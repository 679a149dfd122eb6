// One run of a task at a time: a run asked for while one is going makes exactly one more run after it
// (however many asked), and every caller's promise settles when the runs it may have missed are done.
// The task's errors go to `onError`; a run never rejects.
export class SerialRuns {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly onError: (err: unknown) => void,
    /** Checked before each further run (e.g. "not disposed"). */
    private readonly keepGoing: () => boolean = () => true,
  ) {}

  async run(): Promise<void> {
    if (this.running) {
      this.again = true;
      while (this.running) await this.running;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.task().catch(this.onError);
      } while (this.again && this.keepGoing());
    })();
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
  }
}
