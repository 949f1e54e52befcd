// Files written by a thread of their own (file-writer-thread.ts), handed over through shared memory: a fixed
// number of slots, each holding one file's path and bytes, which the thread writes in the order they were queued
// and frees (file-writer-slots.ts). Through Node's promises each file took four trips to libuv's threads (make
// its folder, open, write, close), each waking a thread that then took this one's CPU; pages sent to a thread by
// message were copied into its heap and stayed there as garbage (docs/performance.md). The slots are made once:
// nothing is allocated per file but the file's own text.
import { MessageChannel, receiveMessageOnPort } from "node:worker_threads";
import { CONTROL, fileWriterMemory, SLOT_BYTES, SLOTS, slotOf } from "./file-writer-slots.ts";
import { startThread } from "./worker.ts";

export interface FileWriter {
  /**
   * Queues `content` to be written to `file` (its folder made first): at once while a slot is free, else once
   * the thread has freed one. Rejects once a file could not be written, or the thread has stopped (see flush).
   */
  write(file: string, content: string): Promise<void>;
  /** Resolves once every file queued so far is written; rejects with the first that could not be, naming it. */
  flush(): Promise<void>;
  /** Whether the thread has stopped (closed, failed, or failed to start): a new writer is needed. */
  readonly stopped: boolean;
  /** Lets the thread end once it has written what was queued; resolves once it has. */
  close(): Promise<void>;
}

/** A file the writer's thread could not write: the file, and the system's message. */
export class FileWriteError extends Error {
  constructor(
    readonly file: string,
    readonly reason: { message: string; code?: string },
  ) {
    super(`could not write ${file}: ${reason.message}`);
    this.name = "FileWriteError";
  }
}

/** Starts the thread and returns its writer. The thread keeps the process alive only while files are waiting. */
export function startFileWriter(): FileWriter {
  const memory = fileWriterMemory();
  const ctl = new Int32Array(memory.control);
  const head = new Int32Array(memory.headers);
  const bytes = new Uint8Array(memory.data);
  const encoder = new TextEncoder();
  const { port1: port, port2 } = new MessageChannel();
  port.unref();
  const thread = startThread(new URL("./file-writer-thread.ts", import.meta.url), { ...memory, port: port2 }, [port2]);
  thread.unref();
  let queued = 0;
  let stoppedBy: Error | undefined;
  const exited = new Promise<void>((resolve) => {
    thread.once("exit", (code) => {
      stoppedBy ??= new Error(`the file writer's thread stopped (exit code ${code})`);
      resolve();
    });
  });
  thread.on("error", (error) => {
    stoppedBy ??= new Error(`the file writer's thread failed: ${error.message}`);
  });

  /** The first failure, if any: a file the thread could not write, or the thread itself. */
  const failure = (): Error | undefined => {
    if (!(stoppedBy instanceof FileWriteError) && Atomics.load(ctl, CONTROL.failed)) {
      // Posted before the flag was set.
      const reason = receiveMessageOnPort(port)?.message as { file: string; message: string; code?: string };
      stoppedBy = new FileWriteError(reason.file, reason);
      // The thread lets the rest go and ends: the next build starts a new writer.
      Atomics.store(ctl, CONTROL.closed, 1);
      Atomics.notify(ctl, CONTROL.queued);
    }
    return stoppedBy;
  };

  let waiters = 0;
  /** Waits until the thread has written at least `count` files, or has stopped. */
  const writtenUpTo = async (count: number) => {
    // A pending waitAsync does not keep the event loop alive; the thread, referenced meanwhile, does.
    if (waiters++ === 0) thread.ref();
    try {
      for (;;) {
        const written = Atomics.load(ctl, CONTROL.written);
        if (written >= count || failure()) return;
        const waiting = Atomics.waitAsync(ctl, CONTROL.written, written);
        if (waiting.async) await Promise.race([waiting.value, exited]);
      }
    } finally {
      if (--waiters === 0) thread.unref();
    }
  };

  return {
    async write(file, content) {
      // Two writers of pages may be waiting for a slot at once: each checks again once woken.
      while (queued - Atomics.load(ctl, CONTROL.written) >= SLOTS && !failure()) await writtenUpTo(queued - SLOTS + 1);
      const failed = failure();
      if (failed) throw failed;
      const slot = slotOf(queued);
      const start = slot * SLOT_BYTES;
      const end = start + SLOT_BYTES;
      const pathBytes = encoder.encodeInto(file, bytes.subarray(start, end)).written;
      let contentBytes = -1;
      // A character takes at least one byte: a text longer than the room left cannot fit.
      if (content.length <= SLOT_BYTES - pathBytes) {
        const { read, written } = encoder.encodeInto(content, bytes.subarray(start + pathBytes, end));
        if (read === content.length) contentBytes = written;
      }
      if (contentBytes < 0) {
        const encoded = encoder.encode(content);
        port.postMessage(encoded, [encoded.buffer]);
      }
      head[slot * 2] = pathBytes;
      head[slot * 2 + 1] = contentBytes;
      queued++;
      Atomics.store(ctl, CONTROL.queued, queued);
      Atomics.notify(ctl, CONTROL.queued);
    },
    async flush() {
      await writtenUpTo(queued);
      const failed = failure();
      if (failed) throw failed;
    },
    get stopped() {
      return stoppedBy !== undefined;
    },
    async close() {
      Atomics.store(ctl, CONTROL.closed, 1);
      Atomics.notify(ctl, CONTROL.queued);
      thread.ref();
      await exited;
    },
  };
}
