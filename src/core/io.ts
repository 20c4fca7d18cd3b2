// The IoHost: the only way core code talks to a person. Core emits typed messages; the host decides
// where they go (stderr for humans, the JSON document's `warnings` for machines, nowhere in tests).

export type IoLevel = "debug" | "info" | "warn" | "error";

export interface IoMessage {
  level: IoLevel;
  message: string;
  /** A stable code for warnings callers may want to match on. */
  code?: string;
}

export interface Progress {
  update(message: string): void;
  done(message?: string): void;
  fail(message?: string): void;
}

export interface PromptOptions {
  default?: string;
  /** Returns an error text when the answer is not acceptable; the host asks again. */
  validate?: (answer: string) => string | undefined;
}

export interface IoHost {
  /** True only when a person can answer prompts (a TTY on both ends, not CI, not --json). */
  readonly interactive: boolean;
  notify(message: IoMessage): void;
  progress(message: string): Progress;
  prompt(question: string, options?: PromptOptions): Promise<string>;
}

/** Convenience wrappers so call sites read as sentences. */
export function info(io: IoHost, message: string): void {
  io.notify({ level: "info", message });
}

export function warn(io: IoHost, message: string, code?: string): void {
  io.notify(code === undefined ? { level: "warn", message } : { level: "warn", message, code });
}

export function debug(io: IoHost, message: string): void {
  io.notify({ level: "debug", message });
}

/** An IoHost that records everything; used by tests and by callers that want the messages as data. */
export class MemoryIoHost implements IoHost {
  readonly messages: IoMessage[] = [];
  readonly prompts: string[] = [];
  private readonly answers: string[];

  constructor(options: { interactive?: boolean; answers?: string[] } = {}) {
    this.interactive = options.interactive ?? false;
    this.answers = [...(options.answers ?? [])];
  }

  readonly interactive: boolean;

  notify(message: IoMessage): void {
    this.messages.push(message);
  }

  progress(message: string): Progress {
    this.messages.push({ level: "info", message });
    return {
      update: (text) => this.messages.push({ level: "info", message: text }),
      done: (text) => text !== undefined && this.messages.push({ level: "info", message: text }),
      fail: (text) => text !== undefined && this.messages.push({ level: "error", message: text }),
    };
  }

  /** Answers from the scripted list, asking again (as a terminal would) while `validate` objects. */
  async prompt(question: string, options: PromptOptions = {}): Promise<string> {
    for (;;) {
      this.prompts.push(question);
      const scripted = this.answers.shift();
      const answer = scripted === undefined || scripted === "" ? (options.default ?? "") : scripted;
      const problem = options.validate?.(answer);
      if (problem === undefined || scripted === undefined) return answer;
      this.messages.push({ level: "warn", message: problem });
    }
  }

  warnings(): string[] {
    return this.messages.filter((m) => m.level === "warn").map((m) => m.message);
  }
}
