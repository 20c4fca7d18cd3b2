// Small helpers shared by the posture service's parts: lazily made SDK clients, answers that mean
// "not configured" rather than failure, bounded concurrency, and IAM's URL-encoded policy documents.
import { isDevopsError } from "../../../../core/errors.js";

export { lazyClient, mapLimit } from "./shared.js";

/** The AWS error code carried by a mapped failure (see errors.ts), if any. */
export function awsCodeOf(error: unknown): string | undefined {
  if (!isDevopsError(error)) return undefined;
  const code = error.details?.awsCode;
  return typeof code === "string" ? code : undefined;
}

/** Runs `work`; an error whose AWS code is one of `absent` means "there is none" and gives undefined. */
export async function unlessAbsent<T>(absent: readonly string[], work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    const code = awsCodeOf(error);
    if (code !== undefined && absent.includes(code)) return undefined;
    throw error;
  }
}

/** IAM returns policy documents URL-encoded (RFC 3986); some emulators return them as plain JSON. */
export function parsePolicyDocument(text: string | undefined): unknown {
  if (text === undefined || text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    try {
      return JSON.parse(decodeURIComponent(text)) as unknown;
    } catch {
      return undefined;
    }
  }
}
