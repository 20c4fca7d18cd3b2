// Every error code the CLI reports, each with what it means. The error classes (errors.ts) take only
// these, so a mistyped code does not compile, and the plugin's markdown may name only these
// (test/unit/docs/markdown-names.test.ts).

export const ERROR_CODES = {
  // The command line
  COMMAND_UNKNOWN: "no such command or subcommand",
  COMMAND_INVALID: "the command line could not be parsed",
  COMMAND_MISSING: "a command group was given without one of its subcommands",
  FLAG_UNKNOWN: "no such flag for this command",
  FLAG_INVALID: "a flag's value was rejected by its schema",
  FLAG_REQUIRED: "a required flag is missing",
  FLAG_VALUE_MISSING: "a flag that takes a value was given none",
  FLAG_CONFLICT: "two flags that exclude each other were given",
  FLAG_NOT_ALLOWED: "a flag does not apply to the other flags given",
  FLAG_WITHOUT_RECORD_OUTCOME: "an outcome flag of infra debug was given without --record-outcome",
  ARGUMENT_MISSING: "a required argument is missing",
  ARGUMENT_UNEXPECTED: "more arguments than the command takes",
  ROUTE_EMPTY: "devops route was given an empty request",

  // Configuration and project records
  CONFIG_NOT_FOUND: "no .devops/devops.json was found",
  PROJECT_DIR_NOT_FOUND: "--project-dir names no existing directory",
  CONFIG_EXISTS: "init would overwrite an existing configuration",
  ADOPT_ENVIRONMENT_UNKNOWN: "init --adopt names an environment the written configuration does not have",
  ADOPT_NOTHING: "init --adopt was given no Terraform directory with code in it",
  CONFIG_INVALID_JSON: "devops.json is not valid JSON",
  CONFIG_INVALID: "devops.json breaks the schema or a configuration rule",
  ENV_UNKNOWN: "the environment name or word matches no configured environment",
  HANDLER_UNKNOWN: "no provider handler has this id",
  IAC_UNSUPPORTED: "the command does not support the active IaC engine",
  REGION_INVALID: "not an AWS region name",
  ENDPOINT_INVALID: "the emulator endpoint is not an http(s) URL",
  DISCOVER_PROFILE_MISSING: "the command needs the discover profile and none is configured",
  PATTERN_MISSING_VALUE: "a naming pattern uses a placeholder no value is configured for",
  PATTERN_UNKNOWN_PLACEHOLDER: "a naming pattern uses a placeholder that does not exist",
  PATTERN_EMPTY_RESULT: "a naming pattern produces an empty name",
  RECORD_CORRUPT: "a record on disk is not what its schema allows; it is left untouched",
  RECORD_NEWER_VERSION: "a record was written by a newer devops",
  RECORD_LOCKED: "another run holds the record's lock",
  RECORD_UNREADABLE: "a record on disk cannot be read",
  RECORD_NOT_WRITABLE: "a record's file or folder may not be written (permissions or a read-only file system)",
  DISK_FULL: "a record could not be written because the disk or quota is full",
  RECORDS_NOT_WRITABLE: "a record a change must write is not writable; nothing was changed",
  RECORDS_NOT_WRITTEN: "the change was applied, but its records could not be written",
  HOOK_BEFORE_APPROVAL: "a hook that may change things would run before a protected environment's plan is approved",
  HOOK_FAILED: "a critical lifecycle hook from the configuration failed",

  // AWS
  ACCOUNT_MISMATCH: "the credentials belong to another AWS account than the environment's",
  AWS_ACCESS_DENIED: "AWS denied the request to these credentials",
  AWS_CREDENTIALS: "the credentials are missing, expired or invalid",
  AWS_THROTTLED: "AWS is throttling the requests",
  AWS_NOT_FOUND: "AWS reports that the resource does not exist",
  AWS_UNAVAILABLE: "the AWS service answered with a server error",
  AWS_REQUEST_FAILED: "an AWS request failed for another reason",
  AWS_BAD_RESPONSE: "an AWS response could not be read",
  AWS_IDENTITY_UNKNOWN: "STS did not say whose credentials these are",

  // The Terraform engine
  ENGINE_NOT_FOUND: "the terraform (or tofu) binary cannot be run",
  ENGINE_TIMEOUT:
    "the engine did not finish in time (--timeout or handlers.iac.terraform.run_timeout) and was interrupted",
  ENGINE_INTERRUPTED: "the engine was interrupted by SIGINT or SIGTERM (Ctrl-C) and stopped",
  ENGINE_OUTPUT_INVALID: "the engine's machine-readable output could not be read",
  IAC_DIRECTORY_MISSING: "the Terraform directory of the configuration does not exist",
  VAR_FILE_MISSING: "a var file the configuration names (var_files, an environment's var_file) does not exist",
  BACKEND_MISMATCH: "the module declares another backend than devops.json",
  BACKEND_SETTINGS_DIFFER:
    "the code's backend settings (bucket, key, path, …) and devops.json's disagree, and backend_source does not say which wins",
  STATE_ELSEWHERE:
    "the plan creates every resource while an existing state is known elsewhere; deploy needs --allow-empty-state",
  CLI_CONFIG_CONFLICT:
    "devops.json names a provider mirror and the Terraform CLI config has its own provider_installation",
  STATE_LOCKED: "another run holds the Terraform state lock",
  STATE_ADDRESS_UNKNOWN: "the address is not in the environment's state",
  STATE_ADDRESS_TAKEN: "the address already holds a resource in the environment's state",
  IMPORT_IN_PROGRESS: "another run's import file is in the module directory",
  STATE_CHANGED: "the state changed since the state change was planned",
  PLAN_STALE: "the saved plan no longer matches the state",
  TERRAFORM_INIT_FAILED: "terraform init failed",
  TERRAFORM_VALIDATE_FAILED: "terraform validate failed",
  TERRAFORM_PLAN_FAILED: "terraform plan failed",
  TERRAFORM_PLAN_DESTROY_FAILED: "terraform plan -destroy failed",
  TERRAFORM_APPLY_FAILED: "terraform apply failed",
  TERRAFORM_SHOW_FAILED: "terraform show failed",
  TERRAFORM_OUTPUT_FAILED: "terraform output failed",
  TERRAFORM_STATE_PULL_FAILED: "terraform state pull failed",
  TERRAFORM_FORCE_UNLOCK_FAILED: "terraform force-unlock failed",
  TERRAFORM_STATE_LIST_FAILED: "terraform state list failed",
  TERRAFORM_STATE_RM_FAILED: "terraform state rm failed",
  TERRAFORM_STATE_MV_FAILED: "terraform state mv failed",
  TERRAFORM_WORKSPACE_LIST_FAILED: "terraform workspace list failed",
  TERRAFORM_WORKSPACE_NEW_FAILED: "terraform workspace new failed",

  // Plans and approvals
  PLAN_NOT_FOUND: "no saved plan has this id",
  PLAN_EXPIRED: "the saved plan is too old to apply",
  PLAN_ALREADY_USED: "the saved plan was applied already",
  PLAN_CHANGED: "the saved plan file differs from the plan that was previewed",
  PLAN_KIND_CHANGED: "the saved plan's file now holds another kind of plan",
  CONFIRMATION_MISMATCH: "the approval was asked for another plan, environment, account or state",
  CONFIRMATION_EXPIRED: "the approval was not signed before its signed expiry time",
  CONFIRMATION_USED: "the approval signature or its plan was used already",
  APPROVAL_SIGNATURE_INVALID: "the approval signature does not verify against the plan's statement and the approvers",
  APPROVERS_MISSING: "no approver is set up on this machine, so nothing protected can be approved",
  APPROVAL_KEY_MISSING: "no signing key is set up for this person's approvals",
  APPROVAL_KEY_UNPROTECTED: "the signing key needs no passphrase or touch, so any process could sign with it",
  APPROVAL_SIGNING_FAILED: "the person's signature could not be made (wrong passphrase, no touch, no terminal)",
  APPROVAL_TOOL_MISSING: "ssh-keygen (OpenSSH) is not installed",
  APPROVAL_NEEDS_TERMINAL: "the command asks the person for their passphrase or touch and needs their terminal",
  TARGET_PROTECTED:
    "the account and state location were recorded as protected, but this run's environment does not require confirmation",
  POST_DEPLOYMENT_TESTS_FAILED: "the post-deployment tests failed after an apply",
  CHECKOV_FAILED: "checkov ran but its report could not be used",

  // Design and generation
  FEATURE_EMPTY: "infra architect was given no feature text",
  PATTERN_UNKNOWN: "no architecture pattern has this id",
  PATTERN_UNDETERMINED: "no architecture pattern fits the feature text",
  DESIGN_NOT_FOUND: "no design document by that name or path",
  DESIGN_INVALID: "the design document's resource block cannot be read",
  DESIGN_NAME_INVALID: "the design name is not a lowercase slug",

  // Debugger and issue log
  DEBUG_INPUT: "infra debug needs exactly one of --error, --file and --last",
  DEBUG_FILE_UNREADABLE: "the --file given to infra debug cannot be read",
  DEBUG_NO_ERROR_FOUND: "the text holds no error to diagnose",
  DEBUG_NO_LAST_FAILURE: "no failed run is recorded for --last",
  ISSUE_UNKNOWN: "no issue in the issue log has this id",
  SOLUTION_UNKNOWN: "the issue has no solution with this id",
  SOLUTION_MISSING: "an outcome needs --solution or --description",
  SOLUTION_DESCRIPTION_EMPTY: "the --description of a fix is empty",

  // Permission grants
  RUNTIME_PERMISSION: "the denied identity is a service role: the fix belongs in Terraform",
  DENIED_BY_POLICY: "an explicit deny, SCP or permissions boundary denies it: no grant can fix that",
  GRANT_ACTION_INVALID: "not one IAM action (service:Action, no wildcards)",
  GRANT_UNSUPPORTED_SERVICE: "no ARN formats are known for the action's service, so the grant cannot be scoped",
  GRANT_RESOURCE_REQUIRED: "the action cannot be scoped without a resource ARN",
  GRANT_RESOURCE_UNSUPPORTED: "the resource ARN is not a format a grant can scope",
  GRANT_STAR_REFUSED: "a wildcard resource was given; a grant names the environment's resources itself",
  GRANT_SCOPE_UNSAFE: "the naming pattern has no {environment}, so no grant can be limited to one environment",
  GRANT_OUT_OF_SCOPE: "the grant would reach outside the environment or its account",
  GRANT_TO_DISCOVER: "grants to the discover identity are refused",
  GRANT_PRINCIPAL_MISMATCH: "the denied principal is not this environment's deploy identity",
  GRANT_POLICY_NOT_FOUND: "the deploy identity's managed policy was not found",
  GRANT_POLICY_AMBIGUOUS: "several customer-managed policies have the deploy policy's name",
  GRANT_POLICY_AWS_MANAGED: "the deploy policy is AWS-managed and cannot be edited",
  GRANT_STATEMENT_CONFLICT: "the grant's statement in the deploy policy was edited by hand",
  GRANT_STALE: "the deploy policy changed since the grant was computed",
  POLICY_TOO_LARGE: "the policy would pass IAM's size or version limits",
  POLICY_UNREADABLE: "the deploy policy's document cannot be read",

  // Operations
  SERVICE_UNKNOWN: "no deployed resource matches --service",
  SERVICE_AMBIGUOUS: "several deployed resources match --service",
  RESOURCE_NOT_FOUND: "the recorded resource no longer exists in AWS",
  LOG_GROUP_UNKNOWN: "no log group is known for the resource",
  METRIC_UNKNOWN: "the metric is not in the catalogue of the resource's type",
  TIMEFRAME_INVALID: "not a timeframe such as 30m, 2h, 7d or an ISO range",
  REMEDIATION_FORBIDDEN: "the configuration forbids this remediation (remediation.never)",
  REMEDIATION_UNSUPPORTED: "this action is not possible for this kind of resource",
  REMEDIATION_STALE: "the resource changed since the remediation plan was made",
  REMEDIATION_BUSY: "the resource is being updated; retry when it finishes",
  REMEDIATION_NOT_ACTIVE: "the service is not active",
  REMEDIATION_NO_ALIAS: "the Lambda function has no alias to roll back",
  REMEDIATION_NO_PREVIOUS: "there is no earlier version or revision to roll back to",
  LAMBDA_ENVIRONMENT_UNREADABLE: "the function's environment variables cannot be read, so a restart cannot keep them",

  INTERNAL: "a bug in devops",
} as const satisfies Record<string, string>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERROR_CODES, value);
}
