// The shared memory between a file writer (src/runtime/file-writer.ts) and its thread (file-writer-thread.ts).

/** The shared memory of a writer and its thread. */
export interface FileWriterMemory {
  /** Int32 counters: see CONTROL. */
  control: SharedArrayBuffer;
  /** Per slot, two Int32s: the path's bytes, and the content's (-1: sent by message, too long for a slot). */
  headers: SharedArrayBuffer;
  /** The slots' bytes, SLOT_BYTES each: a slot's path, then its content. */
  data: SharedArrayBuffer;
}

/** The counters in `control`: files queued and files written (both only grow), closed, failed (0 or 1). */
export const CONTROL = { queued: 0, written: 1, closed: 2, failed: 3 } as const;

/** Slots at once. A page of the site is 10–60 KB; the pages in the slots are all the writer holds. */
export const SLOTS = 64;
export const SLOT_BYTES = 128 * 1024;

/** The slot of the `n`th file queued (from 0). */
export function slotOf(n: number): number {
  return n % SLOTS;
}

/** The shared memory for a writer, made once. */
export function fileWriterMemory(): FileWriterMemory {
  return {
    control: new SharedArrayBuffer(4 * Int32Array.BYTES_PER_ELEMENT),
    headers: new SharedArrayBuffer(2 * SLOTS * Int32Array.BYTES_PER_ELEMENT),
    data: new SharedArrayBuffer(SLOTS * SLOT_BYTES),
  };
}
