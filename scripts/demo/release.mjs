// The demo's bad release: a new container image (or app version) in the generated Terraform's test
// variables, found by reading the generated variables.tf, as a developer would change it.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** `variable "name" { … default = "value" … }` blocks → [{ name, default }] (string defaults only). */
export function declaredVariables(hcl) {
  const found = [];
  for (const match of hcl.matchAll(/variable\s+"([^"]+)"\s*\{/g)) {
    // The block's body: up to the brace that closes the one after the name (nested blocks allowed).
    let depth = 1;
    let end = match.index + match[0].length;
    while (end < hcl.length && depth > 0) {
      if (hcl[end] === "{") depth += 1;
      else if (hcl[end] === "}") depth -= 1;
      end += 1;
    }
    const body = hcl.slice(match.index + match[0].length, end - 1);
    found.push({ name: match[1], default: /\bdefault\s*=\s*"([^"]*)"/.exec(body)?.[1] });
  }
  return found;
}

const RELEASE_VARIABLES = [/image/i, /app_version|release|version/i, /tag/i];

/** The variable a release changes: the container image first, else an app version or tag. */
export function releaseVariable(variables) {
  for (const pattern of RELEASE_VARIABLES) {
    const variable = variables.find((v) => pattern.test(v.name) && !/engine|runtime|terraform/i.test(v.name));
    if (variable !== undefined) return variable;
  }
  return undefined;
}

/** The value of `name = "…"` in a tfvars file, if set there. */
export function tfvarsValue(tfvars, name) {
  return new RegExp(`^\\s*${name}\\s*=\\s*"([^"]*)"`, "m").exec(tfvars)?.[1];
}

/** `repo/image:tag` → `repo/image:<tag>`; a plain version string → `<tag>`. */
export function withTag(value, tag) {
  const slash = value.lastIndexOf("/");
  const colon = value.lastIndexOf(":");
  if (value.includes("/") || value.includes(":")) return `${colon > slash ? value.slice(0, colon) : value}:${tag}`;
  return tag;
}

export function setTfvar(tfvars, name, value) {
  const line = `${name} = ${JSON.stringify(value)}`;
  const pattern = new RegExp(`^\\s*${name}\\s*=.*$`, "m");
  if (pattern.test(tfvars)) return tfvars.replace(pattern, line);
  return `${tfvars.replace(/\n*$/, "\n")}${line}\n`;
}

/** Edits `<dir>/<env>.tfvars` to release `tag`; returns what changed. */
export async function shipRelease(terraformDir, env, tag) {
  const variables = declaredVariables(await readFile(join(terraformDir, "variables.tf"), "utf8"));
  const variable = releaseVariable(variables);
  if (variable === undefined) {
    throw new Error(
      `the generated variables.tf declares no image, version or tag variable (found: ${variables.map((v) => v.name).join(", ")})`,
    );
  }
  const file = join(terraformDir, `${env}.tfvars`);
  const tfvars = await readFile(file, "utf8").catch(() => "");
  const from = tfvarsValue(tfvars, variable.name) ?? variable.default ?? "";
  const to = withTag(from, tag);
  await writeFile(file, setTfvar(tfvars, variable.name, to));
  return { file, variable: variable.name, from, to };
}

/**
 * A certificate from the emulator's ACM for the load balancer's HTTPS listener, as a team would request
 * one for its domain; moto reads the service and region from the request's credential scope.
 */
export async function requestCertificate(endpoint, region, domain) {
  const response = await fetch(`${endpoint}/`, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": "CertificateManager.RequestCertificate",
      authorization: `AWS4-HMAC-SHA256 Credential=test/20260101/${region}/acm/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify({ DomainName: domain, ValidationMethod: "DNS" }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok || typeof body.CertificateArn !== "string")
    throw new Error(`ACM RequestCertificate answered ${response.status}: ${JSON.stringify(body).slice(0, 200)}`);
  return body.CertificateArn;
}

/** Sets `name` in `<dir>/<env>.tfvars` (the engineer writes one per environment). */
export async function setEnvironmentVariable(terraformDir, env, name, value) {
  const file = join(terraformDir, `${env}.tfvars`);
  await writeFile(file, setTfvar(await readFile(file, "utf8").catch(() => ""), name, value));
}
