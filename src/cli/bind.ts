// A declared command bound to the code that serves it: a manager function (imported lazily) and the
// human renderer of its result, or, for the hook, an action that writes its own output. The map in
// commands/index.ts is typed by command id, so a declared command without a binding does not compile.
import type { Context } from "../core/context.js";
import type { CommandId, InputOf } from "../core/commands/index.js";
import type { CommandResult } from "../core/result.js";
import type { CliIoHost } from "./host.js";
import type { Renderer, Runtime } from "./run.js";

export interface ManagerBinding<I extends CommandId> {
  kind: "manager";
  work: (ctx: Context, input: InputOf<I>, host: CliIoHost) => Promise<CommandResult>;
  render: Renderer<unknown>;
}

/** A command that is not a request/result pair (the PreToolUse hook answers Claude Code directly). */
export interface ActionBinding {
  kind: "action";
  action: (runtime: Runtime) => Promise<void>;
}

export type Binding<I extends CommandId> = ManagerBinding<I> | ActionBinding;
export type Bindings = { [I in CommandId]: Binding<I> };

/** Ties a manager call to the renderer of the data it returns. */
export function bind<I extends CommandId, T>(
  work: (ctx: Context, input: InputOf<I>, host: CliIoHost) => Promise<CommandResult<T>>,
  render: Renderer<T>,
): ManagerBinding<I> {
  return { kind: "manager", work, render: render as Renderer<unknown> };
}
