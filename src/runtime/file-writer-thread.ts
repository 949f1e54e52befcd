// The thread of src/runtime/file-writer.ts: takes each file from its slot in the shared memory, in the order
// they were queued, makes its folder and writes it with synchronous calls, and frees the slot. It sleeps on the
// count of files queued while there is none. Only Node's own modules: it starts in a few milliseconds.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { receiveMessageOnPort, workerData, type MessagePort } from "node:worker_threads";
import { CONTROL, SLOT_BYTES, slotOf, type FileWriterMemory } from "./file-writer-slots.ts";

const { control, headers, data, port } = workerData as FileWriterMemory & { port: MessagePort };
const ctl = new Int32Array(control);
const head = new Int32Array(headers);
const bytes = Buffer.from(data);
let taken = 0;
let failed = false;

for (;;) {
  const queued = Atomics.load(ctl, CONTROL.queued);
  if (taken === queued) {
    if (Atomics.load(ctl, CONTROL.closed)) break;
    Atomics.wait(ctl, CONTROL.queued, queued);
    continue;
  }
  const slot = slotOf(taken);
  const pathBytes = head[slot * 2]!;
  const contentBytes = head[slot * 2 + 1]!;
  const start = slot * SLOT_BYTES;
  const file = bytes.toString("utf8", start, start + pathBytes);
  // A file too long for a slot came as a message, posted before the slot was published.
  const content = contentBytes >= 0 ? bytes.subarray(start + pathBytes, start + pathBytes + contentBytes) : (receiveMessageOnPort(port)!.message as Uint8Array);
  // After a failure the rest are let go unwritten: the build fails with the first failure's file and cause.
  if (!failed) {
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
    } catch (error) {
      failed = true;
      const { message, code } = error as NodeJS.ErrnoException;
      port.postMessage({ file, message, code });
      Atomics.store(ctl, CONTROL.failed, 1);
    }
  }
  taken++;
  Atomics.store(ctl, CONTROL.written, taken);
  Atomics.notify(ctl, CONTROL.written);
}
port.close();
