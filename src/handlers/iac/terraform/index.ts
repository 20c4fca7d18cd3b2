// The Terraform / OpenTofu handler. Engine operations (init, plan, apply, state) arrive with the
// infrastructure lifecycle; today it owns the engine-specific configuration rules.
import { basename } from "node:path";
import type { EnvironmentChecks, IacHandler } from "../../../core/handler-contract.js";
import type { ResolvedEnvironment } from "../../../core/config/resolve.js";

const ENGINES = ["terraform", "tofu"];

function checkEnvironment(env: ResolvedEnvironment): EnvironmentChecks {
  const checks: EnvironmentChecks = { errors: [], warnings: [] };
  const binary = env.iac.binary;
  const isPath = binary.includes("/");
  if (!isPath && !ENGINES.includes(binary)) {
    checks.errors.push({
      path: "handlers.iac.terraform.binary",
      message: `handlers.iac.terraform.binary "${binary}" is neither terraform nor tofu`,
      suggestion: 'use "terraform", "tofu", or a path to one of them',
    });
  }
  if (isPath && !ENGINES.some((engine) => basename(binary).startsWith(engine))) {
    checks.warnings.push({ path: "handlers.iac.terraform.binary", message: `"${binary}" does not look like a terraform or tofu binary` });
  }
  const backend = env.iac.backend;
  if (backend?.type === "s3") {
    for (const field of ["bucket", "key"] as const) {
      if (backend[field] === undefined) {
        checks.errors.push({
          path: `handlers.iac.terraform.backend.${field}`,
          message: `the s3 backend needs handlers.iac.terraform.backend.${field}`,
          suggestion: field === "bucket" ? 'e.g. "{project}-terraform-state"' : 'e.g. "{subsystem}/terraform.tfstate"',
        });
      }
    }
  }
  if (backend !== undefined && !["s3", "local"].includes(backend.type)) {
    checks.warnings.push({
      path: "handlers.iac.terraform.backend.type",
      message: `backend type "${backend.type}" is passed to the engine as-is; only s3 and local are checked by devops`,
    });
  }
  return checks;
}

export const terraformIac = {
  kind: "iac",
  id: "terraform",
  name: "Terraform / OpenTofu",
  description: "the terraform or tofu binary, driven with machine-readable (-json) output",
  checkEnvironment,
} as const satisfies IacHandler;
