// Every CLI command, declared once. The CLI wires commander from this list and binds each command to
// its manager; the router, the production gate, the markdown checks and the next-step suggestions
// (command-line.ts) all read it, so a command cannot exist in one of them and not in another.
import type * as z from "zod";
import { APPROVAL_COMMANDS } from "./approval.js";
import type { Manager } from "./define.js";
import { DEBUG_COMMANDS } from "./infra-debug.js";
import { INFRA_COMMANDS } from "./infra.js";
import { OPS_COMMANDS } from "./ops.js";
import { PLUGIN_COMMANDS } from "./plugin.js";
import { SETUP_COMMANDS } from "./setup.js";

export type { CommandSpec, FlagSpec, Manager } from "./define.js";
export { defaultOf, flagName, isRequired } from "./define.js";

/** In the order `devops --help` and each group's help list them. */
export const COMMAND_LIST = [
  ...SETUP_COMMANDS,
  ...INFRA_COMMANDS,
  ...DEBUG_COMMANDS,
  ...OPS_COMMANDS,
  ...APPROVAL_COMMANDS,
  ...PLUGIN_COMMANDS,
] as const;

export type Declaration = (typeof COMMAND_LIST)[number];
export type CommandId = Declaration["path"];
export type DeclarationOf<I extends CommandId> = Extract<Declaration, { path: I }>;
/** The parsed input a command's manager receives. */
export type InputOf<I extends CommandId> = z.output<DeclarationOf<I>["schema"]>;

/** Words that only group commands (`devops infra …`), with their help text. */
export const GROUPS: Readonly<Record<string, string>> = {
  config: "check and inspect .devops/devops.json",
  infra:
    "infrastructure lifecycle: design, generate, test, validate, preview, deploy, debug, permissions, resources, status, teardown",
  "infra permissions": "the deploy identity's IAM permissions: list, audit, grant (scoped, audited)",
  "infra state": "the environment's Terraform state: list, show, rm, mv (changes approved like a deploy)",
  ops: "runtime operations: health, logs, investigations, performance, remediation, audits",
  approval: "your approval key: set it up, check who may approve, sign a plan's approval",
  hook: "entry points for the Claude Code hooks in hooks/hooks.json",
};

export const COMMANDS: ReadonlyMap<CommandId, Declaration> = new Map(
  COMMAND_LIST.map((declaration) => [declaration.path, declaration]),
);

export function declarationOf<I extends CommandId>(id: I): DeclarationOf<I> {
  return COMMANDS.get(id) as DeclarationOf<I>;
}

export function isCommandId(path: string): path is CommandId {
  return COMMANDS.has(path as CommandId);
}

type MutatingDeclaration = Extract<Declaration, { mutates: true }>;
export type MutatingCommand = MutatingDeclaration["path"];
/** Commands that change an environment: the PreToolUse gate asks before these where confirmation is required. */
export const MUTATING_COMMANDS: readonly MutatingCommand[] = COMMAND_LIST.filter(
  (declaration): declaration is MutatingDeclaration => declaration.mutates,
).map((declaration) => declaration.path);

type RoutedDeclaration = Extract<Declaration, { route: object }>;
export type RouteCommand = RoutedDeclaration["route"]["name"];
export interface RouteTarget {
  manager: Manager;
  id: CommandId;
  /** Flags the router's command line adds when a request cannot state them. */
  defaults: Readonly<Record<string, string | boolean>>;
}

/** The router's name for each routed command, with the manager that serves it and the command it runs. */
export const ROUTES: Readonly<Record<RouteCommand, RouteTarget>> = Object.fromEntries(
  COMMAND_LIST.filter((declaration): declaration is RoutedDeclaration => "route" in declaration).map(
    ({ path, route }): [RouteCommand, RouteTarget] => [
      route.name,
      { manager: route.manager, id: path, defaults: "defaults" in route ? route.defaults : {} },
    ],
  ),
) as Record<RouteCommand, RouteTarget>;

/** Commands plugin markdown may name. */
export const MARKDOWN_COMMANDS: readonly CommandId[] = COMMAND_LIST.filter((declaration) => declaration.markdown).map(
  (declaration) => declaration.path,
);

/** The declared flag keys of a command (camelCase, as its input has them). */
export function flagsOf(id: CommandId): readonly string[] {
  return Object.keys(declarationOf(id).flags);
}
