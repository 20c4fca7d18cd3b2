// The human approval in the demo: a command that stops with needs_confirmation (exit 3) prints its
// plan-bound code and the exact command that applies it; the demo shows that, then runs that command.

/** "devops infra deploy --env prod --plan P --confirm C" → the argv after "devops" (no shell involved). */
export function commandWords(command) {
  const words = String(command).trim().split(/\s+/);
  if (words[0] !== "devops") throw new Error(`the approval command does not start with devops: ${command}`);
  return words.slice(1);
}

/** Summary counts of a plan, as "+3 ~1 -0 -/+1". */
export function planCounts(summary) {
  const c = summary?.counts ?? summary ?? {};
  const n = (key) => c[key] ?? 0;
  return `+${n("create")} ~${n("update")} -${n("delete")} -/+${n("replace")}`;
}

/**
 * `first` is the result that asked for confirmation. Prints the gate, says that a person approves
 * here, and runs the returned command; resolves with that command's result.
 */
export async function approveAndRun(s, first, { what, expectStatus }) {
  if (first.exitCode !== 3 || first.status !== "needs_confirmation") {
    s.fail(
      "NO_GATE",
      `${what} was expected to stop for a human approval (exit 3, needs_confirmation); it ended with exit ${first.exitCode}, status "${first.status}"`,
    );
  }
  const approval = first.data.approval;
  const command = approval?.command ?? first.json.next?.[0]?.command;
  if (command === undefined)
    s.fail("NO_APPROVAL_COMMAND", `${what} asked for confirmation but returned no command to run`);
  s.found(`exit 3 needs_confirmation: nothing has been changed`);
  if (first.data.summary !== undefined) s.found(`plan ${first.data.planId}: ${planCounts(first.data.summary)}`);
  if (first.data.description !== undefined) s.found(`change: ${first.data.description}`);
  s.found(
    `code ${approval?.code ?? "(in the command)"}, bound to this plan, single use, expires ${approval?.expiresAt ?? "in 15 minutes"}`,
  );
  s.say(`A human reviews the plan and approves here; the demo plays that part and runs the returned command:`);
  const second = await s.devops(commandWords(command));
  if (expectStatus !== undefined && second.status !== expectStatus) {
    s.fail(
      "UNEXPECTED_STATUS",
      `the approved command ended with status "${second.status}", expected "${expectStatus}"`,
    );
  }
  return second;
}
