// The human approval in the demo: a command that stops with needs_confirmation (exit 3) says what a
// person must sign and the command that applies the plan afterwards. The demo cannot sign for anyone
// (that takes the person's own key and passphrase), so it shows the gate holding.

/** "devops infra deploy --env prod --plan P" → the argv after "devops" (no shell involved). */
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
 * `first` is the result that asked for confirmation. Prints the gate and what a person does to approve
 * (sign the plan's statement in their own terminal, with a key that needs their passphrase or touch),
 * then shows that the command it was handed, run without that signature, stops at the gate again.
 */
export async function showGate(s, first, { what }) {
  if (first.exitCode !== 3 || first.status !== "needs_confirmation") {
    s.fail(
      "NO_GATE",
      `${what} was expected to stop for a person's approval (exit 3, needs_confirmation); it ended with exit ${first.exitCode}, status "${first.status}"`,
    );
  }
  const approval = first.data.approval;
  if (approval?.command === undefined || approval.sign === undefined) {
    s.fail("NO_APPROVAL_STEPS", `${what} asked for confirmation but did not say how a person approves it`);
  }
  s.found(`exit 3 needs_confirmation: nothing has been changed`);
  if (first.data.summary !== undefined) s.found(`plan ${first.data.planId}: ${planCounts(first.data.summary)}`);
  s.found(`a person approves in their own terminal: ${approval.sign}`);
  s.found(`then: ${approval.command} (before ${approval.expiresAt})`);
  s.say("Run without the person's signature, the command it was handed stops at the gate again:");
  const again = await s.devops(commandWords(approval.command), { expect: [3] });
  if (again.exitCode !== 3) s.fail("GATE_PASSED", `${what} was applied without a person's signature`);
  s.found(`exit ${again.exitCode} ${again.status}: still nothing changed`);
  return again;
}
