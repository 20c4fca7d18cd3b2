// Known gaps of the AWS emulator (moto) a sandbox environment runs on. They match only in a sandbox,
// and there they come first: the fix is to test elsewhere or use what the emulator supports, not to
// change code that is right for AWS. The texts are moto 5's own (see test/fixtures/errors/moto/).
import { commandLine } from "../../../core/commands/command-line.js";
import { ENVIRONMENT } from "./placeholders.data.js";
import type { KnownError } from "./types.js";

const NOT_YOUR_CODE = "This is the emulator, not your code";

export const EMULATOR_ERRORS: readonly KnownError[] = [
  {
    id: "emulator-aws-managed-policy",
    title: "The emulator has no AWS-managed policies",
    category: "resource",
    emulator: true,
    codes: ["NoSuchEntity"],
    patterns: [/\barn:aws:iam::aws:policy\/[\w+=,.@/-]+ (?:does not exist|was not found)/i],
    resourceTypes: [
      "aws_iam_role_policy_attachment",
      "aws_iam_user_policy_attachment",
      "aws_iam_group_policy_attachment",
      "aws_iam_policy_attachment",
    ],
    solutions: [
      {
        description: `${NOT_YOUR_CODE}: moto does not load AWS-managed policies (arn:aws:iam::aws:policy/…) by default; test the attachment against a real AWS account, or use a resource the emulator supports`,
        category: "manual",
        steps: [
          "The policy exists in AWS: do not create it or change the reference for this",
          "Test this part against a real account (an environment without an endpoint)",
          "Or start the emulator with MOTO_IAM_LOAD_MANAGED_POLICIES=true so it loads AWS's managed policies",
          "Or, for the sandbox only, attach a customer-managed policy with the statements you need",
        ],
        automation: { automated: false },
        command: commandLine("infra preview-changes", { env: ENVIRONMENT }),
      },
    ],
  },
  {
    id: "emulator-not-implemented",
    title: "The emulator does not implement this operation",
    category: "unknown",
    emulator: true,
    codes: ["NotImplemented", "NotImplementedException", "InternalFailure", "InternalError"],
    patterns: [
      /\bhas not been implemented\b/i,
      /\bnot yet implemented\b/i,
      /<title>50[01] [^<]*<\/title>/i,
      // What the AWS SDKs make of moto's HTML "500 Internal Server Error" page for an unknown action.
      /\bDeserialization error\b|\bdeserialization failed\b|\bUnable to parse response\b/i,
    ],
    solutions: [
      {
        description: `${NOT_YOUR_CODE}: moto does not implement this operation (it answers 500/501 or "not implemented"); test it against a real AWS account, or use a resource the emulator supports`,
        category: "manual",
        steps: [
          "Check the operation in moto's implementation coverage (docs.getmoto.org, the service's page)",
          "Test this resource against a real account (an environment without an endpoint)",
          "Or leave the resource out of the sandbox (a count or for_each on a variable the sandbox sets)",
        ],
        automation: { automated: false },
      },
    ],
  },
];
