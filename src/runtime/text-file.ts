// A text file written as it is made, piece by piece: the whole-list exports of a long list are tens of megabytes
// each, and held as one string until Eleventy wrote them they were a large share of the build's peak memory
// (docs/performance.md).
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

/**
 * Writes `pieces` to `file` (UTF-8), making each piece only when the file is ready for more, so that only the
 * pieces in flight are held; creates the folder. Rejects with the first error of making or writing a piece.
 */
export async function writeTextFile(file: string, pieces: Iterable<string>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await pipeline(Readable.from(batched(pieces), { objectMode: true }), createWriteStream(file));
}

/** Pieces joined into strings of about `size` characters: a stream's cost is per chunk, and entries are small. */
function* batched(pieces: Iterable<string>, size = 1 << 16): Generator<string> {
  let batch: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    batch.push(piece);
    length += piece.length;
    if (length >= size) {
      yield batch.join("");
      batch = [];
      length = 0;
    }
  }
  if (batch.length) yield batch.join("");
}
