// The machine-readable formats Terraform and OpenTofu print, as permissive zod schemas: we name the
// fields we read and let the engines add others (OpenTofu and newer Terraform versions do).
import * as z from "zod";

const Actions = z.array(z.string());

export const Change = z.looseObject({
  actions: Actions,
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  after_unknown: z.unknown().optional(),
  before_sensitive: z.unknown().optional(),
  after_sensitive: z.unknown().optional(),
  replace_paths: z.array(z.array(z.union([z.string(), z.number()]))).optional(),
  /** Set when the change imports an existing object (an `import` block). */
  importing: z.looseObject({ id: z.string().optional() }).optional(),
});

export const PlannedResourceChange = z.looseObject({
  address: z.string(),
  module_address: z.string().optional(),
  mode: z.string().default("managed"),
  type: z.string(),
  name: z.string(),
  index: z.union([z.string(), z.number()]).optional(),
  provider_name: z.string().optional(),
  change: Change,
  action_reason: z.string().optional(),
});
export type PlannedResourceChange = z.infer<typeof PlannedResourceChange>;

export const StateResourceJson = z.looseObject({
  address: z.string(),
  mode: z.string(),
  type: z.string(),
  name: z.string(),
  index: z.union([z.string(), z.number()]).optional(),
  provider_name: z.string().default(""),
  values: z.record(z.string(), z.unknown()).default({}),
});

export interface ModuleJson {
  address?: string;
  resources: z.infer<typeof StateResourceJson>[];
  child_modules: ModuleJson[];
}

export const ModuleJson: z.ZodType<ModuleJson> = z.lazy(() =>
  z.looseObject({
    address: z.string().optional(),
    resources: z.array(StateResourceJson).default([]),
    child_modules: z.array(ModuleJson).default([]),
  }),
);

export const StateJson = z.looseObject({
  format_version: z.string().optional(),
  terraform_version: z.string().optional(),
  values: z.looseObject({ root_module: ModuleJson }).optional(),
});

export const DiagnosticJson = z.looseObject({
  severity: z.string(),
  summary: z.string(),
  detail: z.string().optional(),
  address: z.string().optional(),
  range: z
    .looseObject({
      filename: z.string(),
      start: z.looseObject({ line: z.number(), column: z.number() }),
    })
    .optional(),
});
export type DiagnosticJson = z.infer<typeof DiagnosticJson>;

export const ValidateJson = z.looseObject({
  valid: z.boolean(),
  diagnostics: z.array(DiagnosticJson).default([]),
});

/** One line of `-json` machine-readable UI output; unknown types are kept and ignored. */
export const UiMessage = z.looseObject({
  type: z.string(),
  "@message": z.string().default(""),
  "@level": z.string().optional(),
  diagnostic: DiagnosticJson.optional(),
  hook: z
    .looseObject({
      resource: z.looseObject({ addr: z.string() }).optional(),
      action: z.string().optional(),
      elapsed_seconds: z.number().optional(),
    })
    .optional(),
});
export type UiMessage = z.infer<typeof UiMessage>;

export const OutputsJson = z.record(
  z.string(),
  z.looseObject({ sensitive: z.boolean().default(false), value: z.unknown() }),
);

/** The plan's configuration: which addresses each argument of a resource refers to. */
const ConfigExpression = z.looseObject({
  references: z.array(z.string()).optional(),
  constant_value: z.unknown().optional(),
});
export interface ConfigModule {
  resources?: { address: string; expressions?: Record<string, unknown> }[];
  module_calls?: Record<string, { module?: ConfigModule }>;
}
const ConfigModuleJson: z.ZodType<ConfigModule> = z.lazy(() =>
  z.looseObject({
    resources: z
      .array(z.looseObject({ address: z.string(), expressions: z.record(z.string(), z.unknown()).optional() }))
      .optional(),
    module_calls: z.record(z.string(), z.looseObject({ module: ConfigModuleJson.optional() })).optional(),
  }),
);
export const ConfigReferences = ConfigExpression;

export const PlanJson = z.looseObject({
  format_version: z.string(),
  terraform_version: z.string().optional(),
  resource_changes: z.array(PlannedResourceChange).default([]),
  resource_drift: z.array(PlannedResourceChange).default([]),
  output_changes: z.record(z.string(), Change).default({}),
  planned_values: z.looseObject({ root_module: ModuleJson.optional() }).optional(),
  configuration: z
    .looseObject({
      root_module: ConfigModuleJson.optional(),
      provider_config: z
        .record(
          z.string(),
          z.looseObject({ name: z.string().optional(), expressions: z.record(z.string(), z.unknown()).optional() }),
        )
        .optional(),
    })
    .optional(),
  relevant_attributes: z.array(z.looseObject({ resource: z.string(), attribute: z.array(z.unknown()) })).default([]),
  errored: z.boolean().optional(),
});
export type PlanJson = z.infer<typeof PlanJson>;

/** The head of a raw state document (`terraform state pull`): which version of the state it is. */
export const RawStateHead = z.looseObject({ lineage: z.string(), serial: z.number().int() });
