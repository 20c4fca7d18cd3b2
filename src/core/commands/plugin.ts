// `devops route` (the director's deterministic half) and `devops hook pre-tool-use` (the production gate).
import * as z from "zod";
import { declare } from "./define.js";

export const PLUGIN_COMMANDS = [
  declare({
    path: "route",
    description:
      "turn a plain-language request into the devops command that serves it (or the readings to choose from)",
    flags: {},
    positional: {
      key: "text",
      spec: "<request...>",
      help: 'the request, e.g. "deploy my infrastructure to test"',
      schema: z.string().max(4000, "must be at most 4000 characters"),
    },
    mutates: false,
    markdown: true,
  }),
  declare({
    path: "hook pre-tool-use",
    description:
      "Claude Code PreToolUse gate: asks the human before a Bash call mutates an environment that requires confirmation",
    flags: {},
    mutates: false,
    markdown: true,
  }),
] as const;
