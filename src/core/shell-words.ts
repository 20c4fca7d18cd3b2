// Reads a shell command line the way bash splits it — quotes, escapes, operators, redirections,
// heredocs — into simple commands and words, so callers can see which programs a Bash call runs.
// What only the running shell knows ($X, $(…), `…`, globs, ~) is kept as written and marked
// dynamic. Pure and total: malformed input gives `incomplete`, never an exception.

export interface ShellWord {
  /** The word after quote removal; expansions are kept as written ("$HOME/x", "$(pwd)"). */
  text: string;
  /** Part of the word is only known when the shell runs it: a parameter, a substitution, a glob, a tilde. */
  dynamic: boolean;
}

export interface Redirection {
  /** ">", ">>", ">|", "&>", "&>>", ">&", "<", "<&", "<>", "<<", "<<-", "<<<". */
  operator: string;
  target: ShellWord | undefined;
}

export interface SimpleCommand {
  words: ShellWord[];
  redirections: Redirection[];
  /** Heredoc bodies fed to this command's standard input. */
  heredocs: string[];
  /** The operator after the command: "&&", "||", ";", ";;", "|", "|&", "&", "\n", "(", ")" or "" at the end. */
  next: string;
}

export interface ShellScript {
  commands: SimpleCommand[];
  /** Bodies of $(…), `…`, <(…) and >(…) at this level (inside words, double quotes and heredocs too). */
  substitutions: string[];
  /** The bodies among `substitutions` of >(…): their standard input is what the outer command writes there. */
  fed: string[];
  /** An unterminated quote, substitution or heredoc, or a stray ")": the shell would not read it as we do. */
  incomplete: boolean;
}

const OPERATORS = ["&&", "||", ";;&", ";;", ";&", "|&", "|", ";", "&", "(", ")"] as const;
const REDIRECTION = /^(\d*)(<<<|<<-|<<|<>|<&|>>|>&|>\||&>>|&>|<|>)/;
const WORD_END = new Set([" ", "\t", "\n", ";", "&", "|", "(", ")", "<", ">"]);
const SPECIAL_PARAMETER = /^[@*#?$!0-9-]/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

interface PendingHeredoc {
  delimiter: string;
  stripTabs: boolean;
  expands: boolean;
  command: SimpleCommand;
}

class Reader {
  pos = 0;
  readonly commands: SimpleCommand[] = [];
  readonly substitutions: string[] = [];
  readonly fed: string[] = [];
  incomplete = false;
  private current = emptyCommand();
  private parenDepth = 0;
  private pending: PendingHeredoc[] = [];

  constructor(
    private readonly src: string,
    start = 0,
  ) {
    this.pos = start;
  }

  /** Reads commands up to the end, or up to the ")" that closes a substitution when `nested`. */
  readList(nested: boolean): void {
    const { src } = this;
    while (this.pos < src.length) {
      const c = src[this.pos]!;
      if (c === " " || c === "\t") this.pos += 1;
      else if (c === "\\" && src[this.pos + 1] === "\n") this.pos += 2;
      else if (c === "#") this.skipComment();
      else if (c === "\n") {
        this.pos += 1;
        this.finish("\n");
        this.readHeredocs();
      } else if ((c === "<" || c === ">") && src[this.pos + 1] === "(")
        this.current.words.push(this.processSubstitution());
      else if (this.readRedirection()) continue;
      else if (c === ")" && nested && this.parenDepth === 0) {
        this.pos += 1;
        this.finish("");
        this.checkHeredocsRead();
        return;
      } else if (this.readOperator()) continue;
      else this.current.words.push(this.readWordWithQuoting().word);
    }
    this.finish("");
    this.checkHeredocsRead();
    if (nested || this.parenDepth !== 0) this.incomplete = true;
  }

  private finish(next: string): void {
    const { words, redirections, heredocs } = this.current;
    if (words.length + redirections.length + heredocs.length > 0) {
      this.current.next = next;
      this.commands.push(this.current);
    }
    this.current = emptyCommand();
  }

  private skipComment(): void {
    const end = this.src.indexOf("\n", this.pos);
    this.pos = end === -1 ? this.src.length : end;
  }

  private readOperator(): boolean {
    const operator = OPERATORS.find((op) => this.src.startsWith(op, this.pos));
    if (operator === undefined) return false;
    this.pos += operator.length;
    if (operator === "(") this.parenDepth += 1;
    if (operator === ")") {
      if (this.parenDepth === 0) this.incomplete = true;
      else this.parenDepth -= 1;
    }
    this.finish(operator);
    return true;
  }

  private readRedirection(): boolean {
    const match = REDIRECTION.exec(this.src.slice(this.pos, this.pos + 12));
    if (match === null) return false;
    const operator = match[2]!;
    this.pos += match[0].length;
    while (this.src[this.pos] === " " || this.src[this.pos] === "\t") this.pos += 1;
    const atTarget = this.pos < this.src.length && !WORD_END.has(this.src[this.pos]!);
    const { word: target, quoted } = atTarget ? this.readWordWithQuoting() : { word: undefined, quoted: false };
    this.current.redirections.push({ operator, target });
    if (operator === "<<" || operator === "<<-") {
      if (target === undefined) this.incomplete = true;
      else
        this.pending.push({
          delimiter: target.text,
          stripTabs: operator === "<<-",
          expands: !quoted,
          command: this.current,
        });
    }
    return true;
  }

  private readHeredocs(): void {
    for (const heredoc of this.pending.splice(0)) {
      let body = "";
      let closed = false;
      while (this.pos < this.src.length) {
        const end = this.src.indexOf("\n", this.pos);
        const line = this.src.slice(this.pos, end === -1 ? this.src.length : end);
        this.pos = end === -1 ? this.src.length : end + 1;
        const compared = heredoc.stripTabs ? line.replace(/^\t+/, "") : line;
        if (compared === heredoc.delimiter) {
          closed = true;
          break;
        }
        body += `${line}\n`;
      }
      if (!closed) this.incomplete = true;
      heredoc.command.heredocs.push(body);
      if (heredoc.expands) this.collectSubstitutions(body);
    }
  }

  private checkHeredocsRead(): void {
    if (this.pending.length > 0) this.incomplete = true;
    for (const heredoc of this.pending.splice(0)) heredoc.command.heredocs.push("");
  }

  /** Substitutions in text that expands like a double-quoted string (an unquoted heredoc body). */
  private collectSubstitutions(text: string): void {
    const inner = new Reader(text);
    while (inner.pos < text.length) {
      const c = text[inner.pos]!;
      if (c === "\\") inner.pos += 2;
      else if (c === "$") inner.readDollar(true);
      else if (c === "`") inner.readBacktick();
      else inner.pos += 1;
    }
    this.substitutions.push(...inner.substitutions);
    if (inner.incomplete) this.incomplete = true;
  }

  private readWordWithQuoting(): { word: ShellWord; quoted: boolean } {
    const { src } = this;
    let text = "";
    let dynamic = false;
    let quoted = false;
    let openBracket = false;
    let openBrace = false;
    while (this.pos < src.length && !WORD_END.has(src[this.pos]!)) {
      const c = src[this.pos]!;
      if (c === "\\") {
        const next = src[this.pos + 1];
        quoted = true;
        if (next !== "\n") text += next ?? "\\";
        this.pos += 2;
      } else if (c === "'") {
        quoted = true;
        const end = src.indexOf("'", this.pos + 1);
        if (end === -1) this.incomplete = true;
        text += src.slice(this.pos + 1, end === -1 ? src.length : end);
        this.pos = end === -1 ? src.length : end + 1;
      } else if (c === '"') {
        quoted = true;
        const part = this.readDouble();
        text += part.text;
        dynamic ||= part.dynamic;
      } else if (c === "$" || c === "`") {
        const part = c === "$" ? this.readDollar(false) : this.readBacktick();
        text += part.text;
        dynamic ||= part.dynamic;
      } else {
        if (c === "*" || c === "?" || (c === "~" && !quoted)) dynamic = true;
        if (c === "[") openBracket = true;
        if (c === "]" && openBracket) dynamic = true;
        if (c === "{") openBrace = true;
        if (c === "}" && openBrace) dynamic = true;
        text += c;
        this.pos += 1;
      }
    }
    return { word: { text, dynamic }, quoted };
  }

  private readDouble(): ShellWord {
    const { src } = this;
    let text = "";
    let dynamic = false;
    this.pos += 1;
    while (this.pos < src.length && src[this.pos] !== '"') {
      const c = src[this.pos]!;
      if (c === "\\" && '$`"\\\n'.includes(src[this.pos + 1] ?? "x")) {
        if (src[this.pos + 1] !== "\n") text += src[this.pos + 1];
        this.pos += 2;
      } else if (c === "$" || c === "`") {
        const part = c === "$" ? this.readDollar(true) : this.readBacktick();
        text += part.text;
        dynamic ||= part.dynamic;
      } else {
        text += c;
        this.pos += 1;
      }
    }
    if (this.pos >= src.length) this.incomplete = true;
    this.pos += 1;
    return { text, dynamic };
  }

  /** `$…` at pos: a parameter, ${…}, $(…), $((…)), $'…' or $"…"; a lone "$" is literal. */
  readDollar(inDouble: boolean): ShellWord {
    const { src } = this;
    const start = this.pos;
    const next = src[this.pos + 1] ?? "";
    if (next === "(") {
      this.substitution(this.pos + 2);
    } else if (next === "{") {
      this.pos += 2;
      this.skipBraced();
    } else if (next === "'" && !inDouble) {
      let end = this.pos + 2;
      while (end < src.length && src[end] !== "'") end += src[end] === "\\" ? 2 : 1;
      if (end >= src.length) this.incomplete = true;
      this.pos = Math.min(end + 1, src.length);
      // ANSI-C quoting is fixed text, so it is decoded rather than treated as unknowable.
      return { text: decodeAnsiC(src.slice(start + 2, Math.min(end, src.length))), dynamic: false };
    } else if (next === '"' && !inDouble) {
      this.pos += 1;
      return this.readDouble();
    } else if (NAME.test(src.slice(this.pos + 1, this.pos + 2)) || SPECIAL_PARAMETER.test(next)) {
      this.pos += 1 + (NAME.exec(src.slice(this.pos + 1))?.[0].length ?? 1);
    } else {
      this.pos += 1;
      return { text: "$", dynamic: false };
    }
    return { text: src.slice(start, this.pos), dynamic: true };
  }

  /** ${…}: skips to the matching brace, collecting any substitution inside. */
  private skipBraced(): void {
    const { src } = this;
    let depth = 1;
    while (this.pos < src.length && depth > 0) {
      const c = src[this.pos]!;
      if (c === "\\") this.pos += 2;
      else if (c === "'") {
        const end = src.indexOf("'", this.pos + 1);
        this.pos = end === -1 ? src.length : end + 1;
      } else if (c === "$") this.readDollar(true);
      else if (c === "`") this.readBacktick();
      else {
        if (c === "{") depth += 1;
        if (c === "}") depth -= 1;
        this.pos += 1;
      }
    }
    if (depth > 0) this.incomplete = true;
  }

  /** A $( … ) whose body starts at `bodyStart`: a nested reader finds its end. */
  private substitution(bodyStart: number): void {
    const inner = new Reader(this.src, bodyStart);
    inner.readList(true);
    if (inner.incomplete) this.incomplete = true;
    const bodyEnd = inner.incomplete && inner.pos >= this.src.length ? this.src.length : inner.pos - 1;
    this.substitutions.push(this.src.slice(bodyStart, Math.max(bodyStart, bodyEnd)));
    this.pos = inner.pos;
  }

  private processSubstitution(): ShellWord {
    const start = this.pos;
    this.substitution(this.pos + 2);
    if (this.src[start] === ">") this.fed.push(this.substitutions.at(-1)!);
    return { text: this.src.slice(start, this.pos), dynamic: true };
  }

  readBacktick(): ShellWord {
    const { src } = this;
    const start = this.pos;
    let body = "";
    this.pos += 1;
    while (this.pos < src.length && src[this.pos] !== "`") {
      if (src[this.pos] === "\\" && "`$\\".includes(src[this.pos + 1] ?? "x")) {
        body += src[this.pos + 1];
        this.pos += 2;
      } else {
        body += src[this.pos];
        this.pos += 1;
      }
    }
    if (this.pos >= src.length) this.incomplete = true;
    this.pos = Math.min(this.pos + 1, src.length);
    this.substitutions.push(body);
    return { text: src.slice(start, this.pos), dynamic: true };
  }
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: "\x07",
  b: "\b",
  e: "\x1b",
  E: "\x1b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
  "'": "'",
  '"': '"',
  "?": "?",
};
const NUMERIC_ESCAPE = /^(?:x([0-9A-Fa-f]{1,2})|u([0-9A-Fa-f]{1,4})|U([0-9A-Fa-f]{1,8})|([0-7]{1,3})|c(.))/;

/** The text bash makes of the body of $'…'. */
export function decodeAnsiC(body: string): string {
  let text = "";
  for (let i = 0; i < body.length; i += 1) {
    const c = body[i]!;
    if (c !== "\\" || i + 1 >= body.length) {
      text += c;
      continue;
    }
    const rest = body.slice(i + 1);
    const simple = SIMPLE_ESCAPES[rest[0]!];
    const numeric = NUMERIC_ESCAPE.exec(rest);
    if (simple !== undefined) {
      text += simple;
      i += 1;
    } else if (numeric !== null) {
      const [whole, hex, u16, u32, octal, control] = numeric;
      const code =
        control !== undefined
          ? control.toUpperCase().charCodeAt(0) ^ 0x40
          : Number.parseInt(hex ?? u16 ?? u32 ?? octal!, octal !== undefined ? 8 : 16);
      text += code <= 0x10ffff ? String.fromCodePoint(code) : "";
      i += whole.length;
    } else text += c;
  }
  return text;
}

function emptyCommand(): SimpleCommand {
  return { words: [], redirections: [], heredocs: [], next: "" };
}

export function parseShell(text: string): ShellScript {
  const reader = new Reader(text);
  reader.readList(false);
  return {
    commands: reader.commands,
    substitutions: reader.substitutions,
    fed: reader.fed,
    incomplete: reader.incomplete,
  };
}
