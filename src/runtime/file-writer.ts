// Files written by one thread of their own, one after another, with plain synchronous calls. Through Node's
// promises each file costs four trips to libuv's threads (mkdir, open, write, close), each with its promise on
// this thread, and libuv's four threads creating files in one folder at once wait on the folder's lock in the
// kernel: measured at 10,000 pages, a third more CPU for the whole process and four times as much on this
// thread as one thread writing them in turn (docs/performance.md, "Pages written by a thread of their own").
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { startResident, type ResidentWorker } from "./worker.ts";

/** Files handed to the writing thread at once: fewer messages, and a batch is small next to a page's rendering. */
const BATCH = 16;

/**
 * What the writing thread receives: files and their contents, written in this order. The contents are bytes,
 * each with a buffer of its own that the message hands over rather than copies: strings sent to a thread are
 * copied into its heap, where they stayed as garbage until its next full collection (a third more memory at the
 * peak of a 10,000-paper build), while buffers handed over count as external memory, which V8 collects promptly.
 */
export type FileBatch = [file: string, content: Uint8Array][];

const encoder = new TextEncoder();

export class FileWriter {
  private worker: ResidentWorker<FileBatch, void> | undefined;
  /** The files of the next batch, as text: should the thread fail, this one writes them (the bytes were handed over). */
  private batch: [file: string, content: string][] = [];
  private waiting: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private scheduled = false;
  /** Batches this thread wrote itself, as the writing thread failed (tests check that it did not). */
  fallbacks = 0;

  constructor(private readonly name: string) {}

  /** Writes `content` to `file` (its folders made as needed); resolves once it is on disk. */
  write(file: string, content: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.batch.push([file, content]);
      this.waiting.push({ resolve, reject });
      if (this.batch.length >= BATCH) this.flush();
      else if (!this.scheduled) {
        // A batch not yet full goes once this thread has nothing else to do: the last pages of a build, say.
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Stops the writing thread: for a writer no build will use again (the configuration read again). */
  async close(): Promise<void> {
    await this.worker?.close();
    this.worker = undefined;
  }

  private flush(): void {
    this.scheduled = false;
    if (this.batch.length === 0) return;
    const [batch, waiting] = [this.batch, this.waiting];
    this.batch = [];
    this.waiting = [];
    this.send(batch).then(
      () => waiting.forEach((w) => w.resolve()),
      (error: unknown) => waiting.forEach((w) => w.reject(error)),
    );
  }

  private async send(batch: [file: string, content: string][]): Promise<void> {
    if (!this.worker || this.worker.stopped) this.worker = startResident<FileBatch, void>(WORKER, this.name);
    const bytes: FileBatch = batch.map(([file, content]) => [file, encoder.encode(content)]);
    try {
      await this.worker.run(bytes, bytes.map(([, content]) => content.buffer as ArrayBuffer));
    } catch {
      // The thread could not start (another TypeScript loader than tsx, say) or died: this thread writes the
      // batch. A file the thread could not write fails here too, with this thread's error.
      this.fallbacks++;
      for (const [file, content] of batch) {
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, content);
      }
    }
  }
}

const WORKER = new URL("./file-writer-worker.ts", import.meta.url);
