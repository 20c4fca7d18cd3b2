// The issue log's file format and the error vocabulary it stores, which the debugger shares: the
// categories an error falls into and the shape of a fix (built-in catalogue and learned log alike).
import * as z from "zod";

export const ERROR_CATEGORIES = ["permission", "config", "resource", "state", "network", "quota", "unknown"] as const;
export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];

export const SOLUTION_CATEGORIES = [
  "permission_grant",
  "config_fix",
  "resource_recreation",
  "state_fix",
  "retry",
  "quota_increase",
  "manual",
] as const;
export type SolutionCategory = (typeof SOLUTION_CATEGORIES)[number];

/** A fix: from the built-in catalogue or learned (issue log). */
export interface SolutionTemplate {
  description: string;
  category: SolutionCategory;
  steps: string[];
  /** Automated solutions are ones this tool can apply itself (e.g. a permission grant, a force-unlock). */
  automation: { automated: boolean; operation?: string };
  /** The exact next command, with {placeholders} filled by the debugger ({environment}, {lock_id}, {action}, …). */
  command?: string;
}

const Instant = z.iso.datetime({ offset: true });
const Count = z.number().int().nonnegative();
const Parameter = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const SuccessRate = z.object({
  attempts: Count,
  successes: Count,
  failures: Count,
  /** 0–100, one decimal; 0 when there were no attempts. */
  percentage: z.number().min(0).max(100),
});
export type SuccessRate = z.infer<typeof SuccessRate>;

export const LoggedSolution = z.object({
  solution_id: z.string().min(1),
  description: z.string().min(1),
  category: z.enum(SOLUTION_CATEGORIES),
  steps: z.array(z.string()),
  automation: z.object({
    automated: z.boolean(),
    operation: z.string().optional(),
    parameters: z.record(z.string(), Parameter).optional(),
  }),
  command: z.string().optional(),
  source: z.enum(["catalogue", "learned"]),
  catalogue_id: z.string().optional(),
  success_rate: SuccessRate,
  first_used: Instant,
  last_used: Instant,
  /** Mean over successful attempts that reported a time; null when there are none. */
  avg_resolution_time_seconds: z.number().nonnegative().nullable(),
  /** How many successes reported a time: the weight of the mean above. */
  resolution_time_samples: Count.default(0),
});
export type LoggedSolution = z.infer<typeof LoggedSolution>;

export const IssueEntry = z.object({
  issue_id: z.string().min(1),
  first_seen: Instant,
  last_seen: Instant,
  occurrence_count: z.number().int().positive(),
  error: z.object({
    category: z.enum(ERROR_CATEGORIES),
    message: z.string(),
    normalized_message: z.string(),
    code: z.string().nullable(),
    http_status: z.number().int().nullable(),
    action: z.string().nullable(),
    /** The latest occurrence's context. */
    context: z.object({
      /** Null when the error was not tied to an environment (text pasted without --env). */
      environment: z.string().nullable(),
      operation: z.string(),
      resource_type: z.string().nullable(),
      resource_name: z.string().nullable(),
      terraform_module: z.string().nullable(),
    }),
  }),
  solutions: z.array(LoggedSolution),
  tags: z.array(z.string()),
  related_issues: z.array(z.string()),
  notes: z.array(z.object({ timestamp: Instant, author: z.string(), note: z.string() })),
});
export type IssueEntry = z.infer<typeof IssueEntry>;

export const IssueStatistics = z.object({
  total_issues: Count,
  /** Successful solution attempts. */
  total_resolutions: Count,
  /** Mean over successes that reported a time; null when there are none. */
  avg_resolution_time_seconds: z.number().nonnegative().nullable(),
  /** Issues per category, the most common first. */
  most_common_categories: z.record(z.string(), Count),
  /** Percentage (0–100) of successful resolutions made by automated solutions; 0 when there are none. */
  automation_rate: z.number().min(0).max(100),
});
export type IssueStatistics = z.infer<typeof IssueStatistics>;

export const IssueLog = z.object({
  schema_version: z.literal(1),
  version: z.literal("1.0"),
  created: Instant,
  last_updated: Instant,
  issues: z.array(IssueEntry),
  statistics: IssueStatistics,
});
export type IssueLog = z.infer<typeof IssueLog>;
