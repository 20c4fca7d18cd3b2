// A read-only infra command without --stack on a project with several stacks: the command runs on each
// stack in dependency order and the results are folded into one, a section per stack, whose status and
// verdict are the worst of the sections (so the exit code is the worst too).
import type { Context } from "../../core/context.js";
import { selectStacks } from "../../core/config/stacks.js";
import type { CommandResult, NextStep } from "../../core/result.js";
import { openProject } from "../project.js";

export interface StackSection<T> {
  stack: string;
  status: string;
  verdict?: "pass" | "fail";
  data: T;
}

export interface EachStackData<T> {
  environment: string;
  stacks: StackSection<T>[];
}

/** True for the folded result of several stacks, false for one stack's own result. */
export function isEachStack<T>(data: T | EachStackData<T>): data is EachStackData<T> {
  return typeof data === "object" && data !== null && "stacks" in data && Array.isArray(data.stacks);
}

/**
 * Runs `one` on the stack --stack names, on the only stack, or on every stack in dependency order.
 * `ranking` lists the command's statuses worst first; a status it does not list counts as the best.
 */
export async function eachStack<T>(
  ctx: Context,
  input: { env: string; stack?: string },
  ranking: readonly string[],
  one: (stack: string | undefined) => Promise<CommandResult<T>>,
): Promise<CommandResult<T | EachStackData<T>>> {
  const project = await openProject(ctx);
  const stacks = selectStacks(project.config, input.stack);
  if (stacks.length === 1) return one(stacks[0]);
  const sections: StackSection<T>[] = [];
  const next: NextStep[] = [];
  let environment = input.env;
  for (const stack of stacks) {
    const result = await one(stack);
    environment = result.environment ?? environment;
    sections.push({
      stack: stack ?? "",
      status: result.status,
      ...(result.verdict === undefined ? {} : { verdict: result.verdict }),
      data: result.data,
    });
    for (const step of result.next ?? []) if (!next.some((known) => known.command === step.command)) next.push(step);
  }
  return { ...foldStacks(sections, ranking), environment, data: { environment, stacks: sections }, next };
}

/** The combined status (the worst section's, by `ranking`, worst first) and verdict (fail if any fails). */
export function foldStacks(
  sections: readonly Pick<StackSection<unknown>, "status" | "verdict">[],
  ranking: readonly string[],
): Pick<CommandResult, "status" | "verdict"> {
  const rank = (status: string) => {
    const at = ranking.indexOf(status);
    return at === -1 ? ranking.length : at;
  };
  const worst = sections.reduce((a, b) => (rank(b.status) < rank(a.status) ? b : a));
  const verdicts = sections.flatMap((section) => (section.verdict === undefined ? [] : [section.verdict]));
  return {
    status: worst.status,
    ...(verdicts.length === 0 ? {} : { verdict: verdicts.includes("fail") ? "fail" : "pass" }),
  };
}
