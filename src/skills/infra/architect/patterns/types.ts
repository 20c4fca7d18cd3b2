// The shape of a pattern in the architect's catalogue: the words that point to it, the resources it
// creates, its tunable parameters and the prose the design document is written from.

export type ParameterValue = string | number | boolean | string[];

export interface PatternParameter {
  /** The Terraform variable name (snake_case). */
  name: string;
  description: string;
  type: "string" | "number" | "bool" | "list(string)";
  default: ParameterValue;
  /** The value for production-like environments, when it should differ (more tasks, longer retention). */
  prodValue?: ParameterValue;
}

export interface PatternResource {
  /** Stable id in the design; the Terraform label is the key with "-" → "_", and {resource} in names. */
  key: string;
  /** The Terraform resource type. */
  type: string;
  purpose: string;
  /** May be removed from a design's resource list; nothing else refers to it. */
  optional?: boolean;
  /** How many the design creates (subnets per availability zone); 1 when absent. */
  count?: number;
  /** A Lambda function's log group: named /aws/lambda/<that function's name>, where Lambda writes. */
  logGroupOf?: string;
}

/**
 * Words or phrases in a feature request and how strongly they point to the pattern: each word matches
 * as a whole word (a plural "s" included; a space also matches a hyphen).
 */
export interface Cue {
  label: string;
  weight: number;
  words: readonly string[];
}

export interface Pattern {
  id: string;
  title: string;
  summary: string;
  cues: readonly Cue[];
  resources: readonly PatternResource[];
  parameters: readonly PatternParameter[];
  /** A short text diagram of the request flow. */
  diagram: string;
  requirements: readonly string[];
  security: readonly string[];
  risks: readonly string[];
  testing: readonly string[];
}
