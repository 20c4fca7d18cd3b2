// `devops approval setup|status|sign`: the person's approval key. Approving a protected change is
// their signature, made in their own terminal: plugin markdown names sign and setup for the person to
// run, and no skill pre-approves them (the gate asks before an agent runs either).
import * as z from "zod";
import { declare } from "./define.js";
import { ENV, PlanId } from "./values.js";

export const APPROVAL_COMMANDS = [
  declare({
    path: "approval setup",
    description:
      "set up the key that signs your approvals of protected changes (a passphrase-protected or security SSH key; in your terminal)",
    flags: {
      key: {
        schema: z.string().trim().min(1).optional(),
        value: "path",
        help: "an existing SSH private key with a passphrase, or a security key (sk-…); default: create one",
      },
      name: {
        schema: z
          .string()
          .trim()
          .regex(/^[\w.@+-]{1,64}$/, "must be a name or email without spaces")
          .optional(),
        value: "name",
        help: "the name you approve under (default: your user name)",
      },
    },
    // Changes who may approve: the Claude Code gate asks the person before an agent runs it.
    mutates: true,
    markdown: true,
  }),
  declare({
    path: "approval status",
    description: "who may approve protected changes on this machine, and how well that list is protected",
    flags: {},
    mutates: false,
    markdown: true,
  }),
  declare({
    path: "approval sign",
    description: "read a saved plan's approval statement and sign it with your key (in your terminal)",
    flags: {
      env: ENV,
      plan: { schema: PlanId, value: "id", help: "the plan whose approval was asked for" },
    },
    // An approval: the Claude Code gate asks the person before an agent runs it.
    mutates: true,
    markdown: true,
  }),
] as const;
