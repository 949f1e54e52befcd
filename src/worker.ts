import { Worker } from "node:worker_threads";

/**
 * Runs a TypeScript module on a worker thread and resolves with the one message it posts. The worker has its
 * own event loop: work there is neither starved by Eleventy's rendering (which keeps the main thread busy with
 * promise callbacks for seconds at a time) nor slows it down. A worker thread does not inherit `--import tsx`:
 * its first lines register tsx, then load the entry. Rejects when the worker fails or ends without answering.
 */
export function runOnWorker<T>(entry: URL, workerData: unknown, name: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const tsx = import.meta.resolve("tsx/esm/api");
    const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
    const worker = new Worker(boot, { eval: true, workerData });
    worker.once("message", (message: T) => resolve(message));
    worker.once("error", reject);
    // After a message this does nothing (a promise settles once); without one, the worker failed.
    worker.once("exit", (code) => reject(new Error(`[shelfmark:${name}] the worker stopped (exit code ${code}) without an answer`)));
  });
}
