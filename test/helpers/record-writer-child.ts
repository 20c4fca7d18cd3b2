// A process that writes one kind of record in a loop and prints each update's number once the write
// has returned, so whoever kills it knows which updates were acknowledged.
// Usage: record-writer-child <writer> <project dir> <first update number>
import { RECORD_WRITERS } from "./record-writers.js";

const [name = "", dir = "", first = "0"] = process.argv.slice(2);
const writer = RECORD_WRITERS[name];
if (writer === undefined) throw new Error(`no record writer named ${name}`);
for (let n = Number(first); ; n += 1) {
  await writer.write(dir, n);
  process.stdout.write(`${n}\n`);
}
