// The architect's pattern catalogue, in the order ties are broken.
import { ecsAlb } from "./ecs-alb.data.js";
import { lambdaApi } from "./lambda-api.data.js";
import { s3Uploads } from "./s3-uploads.data.js";
import { sqsWorker } from "./sqs-worker.data.js";
import { staticSite } from "./static-site.data.js";
import type { Pattern } from "./types.js";

export type { Cue, ParameterValue, Pattern, PatternParameter, PatternResource } from "./types.js";

export const PATTERNS: readonly Pattern[] = [s3Uploads, lambdaApi, ecsAlb, sqsWorker, staticSite];

export const PATTERN_IDS: readonly string[] = PATTERNS.map((pattern) => pattern.id);

export function findPattern(id: string): Pattern | undefined {
  return PATTERNS.find((pattern) => pattern.id === id);
}
