import { parentPort, Worker, workerData, type TransferListItem } from "node:worker_threads";
import { WorkerJobError } from "../errors.ts";

/**
 * Runs a TypeScript module on a worker thread and resolves with its job's result (the module answers with
 * answerJob). The worker has its
 * own event loop: work there is neither starved by Eleventy's rendering (which keeps the main thread busy with
 * promise callbacks for seconds at a time) nor slows it down. A worker thread does not inherit `--import tsx`:
 * its first lines register tsx, then load the entry. Rejects with a WorkerJobError when the job fails (its
 * cause the worker's error), with the failure when the worker fails, and when it ends without answering.
 * Why worker threads at all: docs/performance.md.
 */
export function runOnWorker<T>(entry: URL, workerData: unknown, name: string): Promise<T> {
  return launch<T>(entry, name, workerData).answer;
}

/** A worker thread started before its job is ready: see startWorker. */
export interface EarlyWorker<T> {
  /** Hands the worker its job (once); resolves with its result, rejects like runOnWorker. */
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

/** A worker thread kept between jobs: see startResident. */
export interface ResidentWorker<J, T> {
  /** Hands the worker a job; resolves with its result, rejects like runOnWorker. Jobs are answered in turn. */
  run(job: J): Promise<T>;
  /** Whether the worker has stopped (failed, or closed): it answers no more jobs, and a new one is needed. */
  readonly stopped: boolean;
  close(): Promise<void>;
}

/**
 * Starts a worker thread that answers job after job (its module answers with answerJobs), for state the worker
 * keeps between them: the dev server's related papers keep each paper's terms from one save to the next
 * (src/related/index.ts). While no job is pending the worker keeps nothing alive. A job that fails rejects with
 * a WorkerJobError and the worker goes on; a worker that fails or ends rejects every pending job and is stopped.
 */
export function startResident<J, T>(entry: URL, name: string): ResidentWorker<J, T> {
  const worker = startThread(entry);
  const pending = new Map<number, { resolve: (value: T) => void; reject: (error: unknown) => void }>();
  let next = 0;
  let stopped = false;
  const stop = (error: unknown) => {
    stopped = true;
    for (const job of pending.values()) job.reject(error);
    pending.clear();
  };
  worker.on("message", (message: WorkerAnswer<T> & { id: number }) => {
    const job = pending.get(message.id);
    if (!job) return;
    pending.delete(message.id);
    if (pending.size === 0) worker.unref();
    if (message.ok) job.resolve(message.result);
    else job.reject(new WorkerJobError(name, rebuilt(message.error)));
  });
  worker.on("error", stop);
  worker.on("exit", (code) => stop(new Error(`[shelfmark:${name}] the worker stopped (exit code ${code}) with ${pending.size} job(s) unanswered`)));
  worker.unref();
  return {
    run(job: J) {
      if (stopped) return Promise.reject(new Error(`[shelfmark:${name}] the worker has stopped`));
      const id = next++;
      const answer = new Promise<T>((resolve, reject) => pending.set(id, { resolve, reject }));
      worker.ref();
      worker.postMessage({ id, job });
      return answer;
    },
    get stopped() {
      return stopped;
    },
    async close() {
      stopped = true;
      await worker.terminate();
    },
  };
}

/**
 * In a module started by startResident: answers every job it is sent, in turn, with `work`'s result or error
 * (see answerJob), for as long as the thread that started it keeps it.
 */
export function answerJobs<J, R>(work: (job: J) => R | Promise<R>): void {
  let queue = Promise.resolve();
  parentPort!.on("message", ({ id, job }: { id: number; job: J }) => {
    queue = queue.then(async () => {
      let answer: WorkerAnswer<R>;
      try {
        answer = { ok: true, result: await work(job) };
      } catch (error) {
        answer = failure(error);
      }
      parentPort!.postMessage({ id, ...answer });
    });
  });
}

/**
 * The worker, with tsx registered before its entry loads, and its one answer. Compiled to JavaScript by
 * `npm run build` (src/cli/build.js), this module's siblings are JavaScript too: the entry is then the compiled
 * one, loaded without tsx.
 */
function launch<T>(entry: URL, name: string, workerData?: unknown): { worker: Worker; answer: Promise<T> } {
  const worker = startThread(entry, workerData);
  const answer = new Promise<T>((resolve, reject) => {
    worker.once("message", (message: WorkerAnswer<T>) => (message.ok ? resolve(message.result) : reject(new WorkerJobError(name, rebuilt(message.error)))));
    worker.once("error", reject);
    // After a message this does nothing (a promise settles once); without one, the worker failed.
    worker.once("exit", (code) => reject(new Error(`[shelfmark:${name}] the worker stopped (exit code ${code}) without an answer`)));
  });
  return { worker, answer };
}

/**
 * A worker thread running `entry`: with tsx registered first, or the compiled entry (see launch). Also for a
 * module that talks with this thread its own way (src/runtime/file-writer.ts), given `workerData` and
 * `transferList`.
 */
export function startThread(entry: URL, workerData?: unknown, transferList?: TransferListItem[]): Worker {
  const compiled = import.meta.url.endsWith(".js");
  const tsx = compiled ? undefined : import.meta.resolve("tsx/esm/api");
  const target = compiled ? entry.href.replace(/\.ts$/, ".js") : entry.href;
  const boot = tsx ? `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(target)}); });` : `import(${JSON.stringify(target)});`;
  return new Worker(boot, { eval: true, workerData, transferList });
}

/** What a worker posts back, its one message: the job's result, or its error (see answerJob). */
export type WorkerAnswer<R> = { ok: true; result: R } | { ok: false; error: { name: string; message: string; stack?: string } };

/**
 * In a worker module: does its job and posts the answer, the result or the error. The job is `workerData` for
 * runOnWorker, the first message for startWorker. A failed job rejects the other thread's promise with a
 * WorkerJobError whose cause is this error; a worker that cannot start or dies rejects with that failure.
 */
export async function answerJob<J, R>(work: (job: J) => R | Promise<R>): Promise<void> {
  const working = begun(work, workerData === undefined || workerData === null ? await nextJob<J>() : (workerData as J));
  let answer: WorkerAnswer<R>;
  try {
    answer = { ok: true, result: await working };
  } catch (error) {
    answer = failure(error);
  }
  parentPort!.postMessage(answer);
}

/**
 * `work(job)` begun, its result or error as a promise. A job held by the waiting function would be kept until the
 * work ends; the work may let go of what it is done with (the search index, each part once written).
 */
function begun<J, R>(work: (job: J) => R | Promise<R>, job: J): Promise<R> {
  try {
    return Promise.resolve(work(job));
  } catch (error) {
    return Promise.reject(error);
  }
}

function failure(error: unknown): WorkerAnswer<never> {
  const e = error instanceof Error ? error : new Error(String(error));
  return { ok: false, error: { name: e.name, message: e.message, stack: e.stack } };
}

/** The worker's error as an Error of this thread, its name, message and stack kept. */
function rebuilt(error: { name: string; message: string; stack?: string }): Error {
  const e = new Error(error.message);
  e.name = error.name;
  if (error.stack) e.stack = error.stack;
  return e;
}
