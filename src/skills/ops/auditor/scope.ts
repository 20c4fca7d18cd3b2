// What an audit looks at: the registry's resources (from the Terraform state) and the resources found
// by their tags that the registry does not hold, in one shape the pure checks share.
import type { RegistryResource } from "../../../records/registry.js";
import type { DiscoveredResource } from "../discovery.js";

export interface AuditResource {
  source: "registry" | "discovered";
  /** The Terraform address, or the ARN of a discovered resource. */
  label: string;
  /** The Terraform type; `aws:<service>:<kind>` for a discovered kind with no known type. */
  type: string;
  name: string;
  id?: string;
  arn?: string;
  tags: Record<string, string>;
  metadata: Record<string, unknown>;
}

export function fromRegistry(resource: RegistryResource): AuditResource {
  return {
    source: "registry",
    label: resource.terraform_address,
    type: resource.type,
    name: resource.name,
    ...(resource.aws_id === undefined ? {} : { id: resource.aws_id }),
    ...(resource.arn === undefined ? {} : { arn: resource.arn }),
    tags: resource.tags,
    metadata: resource.metadata,
  };
}

export function fromDiscovered(resource: DiscoveredResource): AuditResource {
  return {
    source: "discovered",
    label: resource.arn,
    type: resource.type ?? `aws:${resource.kind}`,
    name: resource.name,
    id: resource.id,
    arn: resource.arn,
    tags: resource.tags,
    metadata: {},
  };
}

export const ofType = (resources: readonly AuditResource[], ...types: string[]) =>
  resources.filter((r) => types.includes(r.type));

export function numberOf(value: unknown): number | undefined {
  const n =
    typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

export function textOf(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
