// The shell variables a command sets as the gate follows it: fixed text it can use, what only the running
// shell knows, and whether a value surely reaches the programs it starts (exported or on the command).
import { assignment, type Unwrapped } from "../../core/shell-programs.js";
import type { ShellWord, SimpleCommand } from "../../core/shell-words.js";
import { DECLARERS, VARIABLE_WRITERS } from "./command-scan.data.js";

/** A variable's value as the gate knows it; `certain` when it surely reaches the program's environment. */
export interface Setting {
  word: ShellWord;
  certain: boolean;
}

export class Variables {
  private readonly known = new Map<string, Setting>();

  get(name: string): Setting | undefined {
    return this.known.get(name);
  }

  /** The variables a program runs with: the command's own assignments, then those set earlier. */
  for(unwrapped: Unwrapped): Map<string, Setting> {
    const settings = new Map(this.known);
    for (const word of unwrapped.assignments) {
      const pair = assignment(word);
      if (pair !== undefined) settings.set(pair[0], { word: pair[1], certain: true });
    }
    return settings;
  }

  /** Follows what `command` sets: assignments alone (`name` undefined), export/declare, unset, read and the like. */
  remember(command: SimpleCommand, unwrapped: Unwrapped, name: string | undefined): void {
    if (name === undefined) {
      for (const word of unwrapped.assignments) {
        const pair = assignment(word);
        const exported = pair !== undefined && this.known.get(pair[0])?.certain === true;
        if (pair !== undefined) this.known.set(pair[0], { word: pair[1], certain: exported });
      }
      return;
    }
    const args = unwrapped.args;
    if (DECLARERS.has(name)) {
      const exported = name === "export" || args.some((word) => /^-\w*x/.test(word.text));
      for (const word of args) {
        const pair = assignment(word);
        if (pair !== undefined) this.known.set(pair[0], { word: pair[1], certain: exported });
        else if (exported && !word.text.startsWith("-")) {
          const known = this.known.get(word.text);
          if (known !== undefined) known.certain = true;
        }
      }
    } else if (name === "unset") {
      for (const word of args) this.known.delete(word.text);
    } else if (VARIABLE_WRITERS.has(name)) {
      // Any name it may set becomes unknowable.
      for (const word of command.words.slice(1)) {
        const variable = word.text.replace(/=.*/s, "");
        if (/^[A-Za-z_]\w*$/.test(variable))
          this.known.set(variable, { word: { text: `$${variable}`, dynamic: true }, certain: false });
      }
    }
  }
}
