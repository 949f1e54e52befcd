import { parentPort, Worker } from "node:worker_threads";

/**
 * Runs a TypeScript module on a worker thread and resolves with the one message it posts. The worker has its
 * own event loop: work there is neither starved by Eleventy's rendering (which keeps the main thread busy with
 * promise callbacks for seconds at a time) nor slows it down. A worker thread does not inherit `--import tsx`:
 * its first lines register tsx, then load the entry. Rejects when the worker fails or ends without answering.
 */
export function runOnWorker<T>(entry: URL, workerData: unknown, name: string): Promise<T> {
  return launch<T>(entry, name, workerData).answer;
}

/** A worker thread started before its job is ready: see startWorker. */
export interface EarlyWorker<T> {
  /** Hands the worker its job (once); resolves with its one message, rejects like runOnWorker. */
  run(job: unknown): Promise<T>;
}

/**
 * Starts a worker thread now and hands it its job later, as the first message it receives (the module reads it
 * with `nextJob()`): loading tsx and the module's imports, half a second, then happens while this thread is
 * still preparing the job. The answer and the failures are runOnWorker's.
 */
export function startWorker<T>(entry: URL, name: string): EarlyWorker<T> {
  const { worker, answer } = launch<T>(entry, name);
  // Until it has a job the worker keeps nothing alive: a build that fails before handing it one still ends.
  // (After launch's listeners: adding a message listener refs the worker again.)
  worker.unref();
  // Until run() is called nobody waits for the answer: a worker that failed to start must not count as unhandled.
  answer.catch(() => {});
  return {
    run(job: unknown) {
      worker.ref();
      worker.postMessage(job);
      return answer;
    },
  };
}

/** In a module started by startWorker: its job, the first message from the thread that started it. */
export function nextJob<T>(): Promise<T> {
  return new Promise((resolve) => parentPort!.once("message", resolve));
}

/** The worker, with tsx registered before its entry loads, and its one answer. */
function launch<T>(entry: URL, name: string, workerData?: unknown): { worker: Worker; answer: Promise<T> } {
  const tsx = import.meta.resolve("tsx/esm/api");
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
  const worker = new Worker(boot, { eval: true, workerData });
  const answer = new Promise<T>((resolve, reject) => {
    worker.once("message", (message: T) => resolve(message));
    worker.once("error", reject);
    // After a message this does nothing (a promise settles once); without one, the worker failed.
    worker.once("exit", (code) => reject(new Error(`[shelfmark:${name}] the worker stopped (exit code ${code}) without an answer`)));
  });
  return { worker, answer };
}
