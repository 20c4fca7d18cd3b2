// A process that writes one kind of record in a loop and prints each update's number once the write
// has returned, so whoever kills it knows which updates were acknowledged.
// Usage: record-writer-child <writer> <project dir> <first update number>
//    or: record-writer-child counter <record path>  (increments a shared counter record under its lock)
import { updateRecord } from "../../src/core/store.js";
import { COUNTER, RECORD_WRITERS } from "./record-writers.js";

const [name = "", target = "", first = "0"] = process.argv.slice(2);
if (name === "counter") {
  for (let n = 0; ; n += 1) {
    await updateRecord(target, COUNTER, { schemaVersion: 1 }, (current) => ({
      schema_version: 1 as const,
      count: (current?.count ?? 0) + 1,
    }));
    process.stdout.write(`${n}\n`);
  }
}
const writer = RECORD_WRITERS[name];
if (writer === undefined) throw new Error(`no record writer named ${name}`);
for (let n = Number(first); ; n += 1) {
  await writer.write(target, n);
  process.stdout.write(`${n}\n`);
}
