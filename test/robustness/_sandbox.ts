/**
 * A worker thread that runs one task at a time with a wall-clock bound. A synchronous infinite loop
 * (or catastrophic backtracking) cannot be interrupted from inside the thread that runs it; from
 * here, `terminate()` stops it, the input is reported as a hang and a fresh worker takes over.
 */
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import type { Outcome, Task } from './_worker';

/**
 * Per-input bound. Typical inputs take 5–100 ms; 3 s leaves room for CPU contention (two test files
 * run at once on two cores) while a catastrophic case still overshoots it by orders of magnitude.
 */
export const INPUT_BOUND_MS = Number(process.env.READINESS_ROBUSTNESS_BOUND_MS ?? 3_000);

type Result = Outcome | { id: number; hang: true; ms: number };

export class Sandbox {
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;
  private nextId = 1;
  restarts = 0;

  private start(): Promise<void> {
    // tsx is registered in the thread (execArgv does not carry --import hooks into an eval'd worker).
    const source = `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(join(__dirname, '_worker.ts'))});`;
    const worker = new Worker(source, { eval: true, execArgv: [], resourceLimits: { maxOldGenerationSizeMb: 1024 } });
    this.worker = worker;
    this.ready = new Promise((resolve, reject) => {
      const onMessage = (m: { ready?: boolean }) => {
        if (!m.ready) return;
        worker.off('message', onMessage);
        resolve();
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
    return this.ready;
  }

  /** Runs a task; a result with `hang` means it exceeded `boundMs` and the worker was replaced. */
  async run(task: Omit<Task, 'id'>, boundMs = INPUT_BOUND_MS): Promise<Result> {
    if (!this.worker) await this.start();
    await this.ready;
    const worker = this.worker!;
    const id = this.nextId++;
    const started = performance.now();
    return new Promise<Result>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        this.restarts++;
        this.worker = undefined;
        void worker.terminate();
        resolve({ id, hang: true, ms: performance.now() - started });
      }, boundMs);
      const onMessage = (m: Outcome) => {
        if (m.id !== id) return;
        cleanup();
        resolve(m);
      };
      const onError = (e: Error) => {
        cleanup();
        this.worker = undefined;
        reject(e);
      };
      const cleanup = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
      };
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.postMessage({ ...task, id });
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }
}

export function isHang(r: Result): r is { id: number; hang: true; ms: number } {
  return 'hang' in r;
}
