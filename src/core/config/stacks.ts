// The stacks of a project: several root modules in one devops.json, applied in `depends_on` order
// and destroyed in reverse. A config without `stacks` has one implicit stack (its engine directory),
// whose records keep the shape they always had.
import { UserError } from "../errors.js";
import { closest } from "../suggest.js";
import type { ConfigIssue } from "./issues.js";
import type { DevopsConfig, StackConfig } from "./schema.js";

/** The stack by its name, when the config lists stacks. */
export function stackConfig(config: Pick<DevopsConfig, "stacks">, name: string): StackConfig | undefined {
  return config.stacks?.find((stack) => stack.name === name);
}

/** The first dependency cycle among the stacks, as the path that closes it (`a → b → a`). */
function findCycle(stacks: readonly StackConfig[]): string[] | undefined {
  const byName = new Map(stacks.map((stack) => [stack.name, stack]));
  const done = new Set<string>();
  const visit = (name: string, path: string[]): string[] | undefined => {
    const at = path.indexOf(name);
    if (at !== -1) return [...path.slice(at), name];
    if (done.has(name)) return undefined;
    for (const next of byName.get(name)?.depends_on ?? []) {
      if (!byName.has(next)) continue;
      const cycle = visit(next, [...path, name]);
      if (cycle !== undefined) return cycle;
    }
    done.add(name);
    return undefined;
  };
  for (const stack of stacks) {
    const cycle = visit(stack.name, []);
    if (cycle !== undefined) return cycle;
  }
  return undefined;
}

/** The rules over `stacks` a schema cannot express: unique names, known dependencies, no cycle. */
export function checkStacks(config: Pick<DevopsConfig, "stacks" | "environments">): ConfigIssue[] {
  const stacks = config.stacks;
  if (stacks === undefined) return [];
  const errors: ConfigIssue[] = [];
  if (stacks.length === 0) {
    errors.push({
      path: "stacks",
      message: "stacks is an empty list",
      suggestion: "list at least one stack, or remove stacks to use handlers.iac.<engine>.directory as the one stack",
    });
  }
  const names = stacks.map((stack) => stack.name);
  const seen = new Set<string>();
  const directories = new Map<string, string>();
  stacks.forEach((stack, index) => {
    if (seen.has(stack.name)) {
      errors.push({
        path: `stacks[${index}].name`,
        message: `the stack name "${stack.name}" is used more than once`,
        suggestion: "give every stack its own name",
      });
    }
    seen.add(stack.name);
    const other = directories.get(stack.directory);
    if (other !== undefined && other !== stack.name) {
      errors.push({
        path: `stacks[${index}].directory`,
        message: `stacks "${other}" and "${stack.name}" both use the directory ${stack.directory}`,
        suggestion: "give each stack its own root module",
      });
    }
    directories.set(stack.directory, stack.name);
    stack.depends_on.forEach((dependency, at) => {
      if (names.includes(dependency) && dependency !== stack.name) return;
      const guess = closest(dependency, names);
      errors.push({
        path: `stacks[${index}].depends_on[${at}]`,
        message:
          dependency === stack.name
            ? `stack "${stack.name}" depends on itself`
            : `stack "${stack.name}" depends on "${dependency}", which is not a stack; stacks: ${names.join(", ")}`,
        suggestion:
          guess !== undefined && guess !== dependency
            ? `did you mean "${guess}"?`
            : `use one of ${names.join(", ")} in stacks[${index}].depends_on`,
      });
    });
    for (const env of Object.keys(stack.var_files ?? {})) {
      if (env in config.environments) continue;
      errors.push({
        path: `stacks[${index}].var_files.${env}`,
        message: `stack "${stack.name}" names var files for "${env}", which is not an environment`,
        suggestion: `use one of ${Object.keys(config.environments).join(", ")}`,
      });
    }
  });
  const cycle = findCycle(stacks.filter((stack) => stack.depends_on.every((d) => d !== stack.name)));
  if (cycle !== undefined) {
    errors.push({
      path: "stacks",
      message: `the stacks depend on each other in a cycle: ${cycle.join(" → ")}`,
      suggestion: `remove one of these depends_on entries so the stacks can be applied in an order`,
    });
  }
  return errors;
}

/**
 * The stacks in the order they are applied: every stack after the ones it depends on, otherwise in
 * the order the config lists them. Empty for a project without stacks (its one implicit stack).
 * The config has been checked (checkStacks), so there is no cycle.
 */
export function stackOrder(config: Pick<DevopsConfig, "stacks">): string[] {
  const stacks = config.stacks ?? [];
  const order: string[] = [];
  const placed = new Set<string>();
  const place = (stack: StackConfig, depth: number): void => {
    if (placed.has(stack.name) || depth > stacks.length) return;
    for (const dependency of stack.depends_on) {
      const found = stackConfig(config, dependency);
      if (found !== undefined) place(found, depth + 1);
    }
    placed.add(stack.name);
    order.push(stack.name);
  };
  for (const stack of stacks) place(stack, 0);
  return order;
}

/**
 * The stacks one command works on, in apply order: the one `--stack` names, or all of them. An
 * unknown name is an error listing the stacks. `[undefined]` stands for the implicit stack.
 */
export function selectStacks(config: Pick<DevopsConfig, "stacks">, given: string | undefined): (string | undefined)[] {
  const order = stackOrder(config);
  if (given === undefined) return order.length === 0 ? [undefined] : order;
  if (order.includes(given)) return [given];
  const guess = closest(given, order);
  throw new UserError(
    "STACK_UNKNOWN",
    order.length === 0
      ? `--stack ${given}: this project lists no stacks (its one stack is handlers.iac.<engine>.directory)`
      : `unknown stack "${given}"; stacks: ${order.join(", ")}`,
    {
      suggestion:
        order.length === 0
          ? "leave --stack out, or list the stacks under stacks in .devops/devops.json"
          : guess !== undefined
            ? `did you mean "${guess}"? Otherwise use one of ${order.join(", ")}`
            : `use one of ${order.join(", ")}`,
      details: { stack: given, stacks: order },
    },
  );
}

/**
 * The one stack a state change works on: the one `--stack` names, the only one, or an error listing
 * them when the project has several (a state surgery never fans out).
 */
export function oneStack(
  config: Pick<DevopsConfig, "stacks">,
  given: string | undefined,
  command: string,
): string | undefined {
  const selected = selectStacks(config, given);
  if (selected.length === 1) return selected[0];
  throw new UserError(
    "STACK_REQUIRED",
    `${command} changes one stack's state, and this project has ${selected.length} stacks: ${selected.join(", ")}`,
    {
      suggestion: `name the stack with --stack (one of ${selected.join(", ")})`,
      details: { stacks: selected },
    },
  );
}
