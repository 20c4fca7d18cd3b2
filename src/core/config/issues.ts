// Turns zod issues into messages a person can act on: the JSON path, the bad value, and the fix
// (including "did you mean" for a mistyped field name).
import type { z } from "zod";
import { closest } from "../suggest.js";

export interface ConfigIssue {
  path: string;
  message: string;
  suggestion?: string;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === "number") return `${text}[${key}]`;
    const name = String(key);
    const part = /^[A-Za-z_$][\w$-]*$/.test(name) ? name : JSON.stringify(name);
    return text === "" ? part : `${text}.${part}`;
  }, "");
}

interface SchemaNode {
  _zod: { def: { type: string; innerType?: SchemaNode; valueType?: SchemaNode; shape?: Record<string, SchemaNode> } };
}

function unwrap(node: SchemaNode): SchemaNode {
  let current = node;
  while (current._zod.def.innerType !== undefined) current = current._zod.def.innerType;
  return current;
}

/** The field names the schema allows at `path`, for "did you mean" hints. */
function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let node: SchemaNode | undefined = unwrap(schema as unknown as SchemaNode);
  for (const key of path) {
    if (node === undefined) return [];
    const def: SchemaNode["_zod"]["def"] = node._zod.def;
    if (def.type === "object") node = def.shape?.[String(key)];
    else if (def.type === "record") node = def.valueType;
    else return [];
    node = node === undefined ? undefined : unwrap(node);
  }
  return node?._zod.def.type === "object" ? Object.keys(node._zod.def.shape ?? {}) : [];
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function describeIssues(
  schema: z.ZodType,
  issues: readonly z.core.$ZodIssue[],
  prefix: readonly PropertyKey[] = [],
): ConfigIssue[] {
  return issues.flatMap((issue): ConfigIssue[] => {
    const at = [...prefix, ...issue.path];
    const path = formatPath(at) || "(top level)";
    const input = (issue as { input?: unknown }).input;
    if (issue.code === "unrecognized_keys") {
      const known = knownKeysAt(schema, issue.path);
      return issue.keys.map((key) => {
        const guess = closest(key, known);
        return {
          path: formatPath([...at, key]),
          message: `${path} has an unknown field "${key}"`,
          suggestion: guess !== undefined ? `did you mean "${guess}"?` : `allowed fields: ${known.join(", ")}`,
        };
      });
    }
    if (issue.code === "invalid_type" && input === undefined) {
      return [{ path, message: `${path} is required (expected ${issue.expected})` }];
    }
    if (issue.code === "invalid_type") {
      return [{ path, message: `${path} must be a ${issue.expected} (got ${show(input)})` }];
    }
    const message = issue.message.startsWith("Invalid") ? issue.message.toLowerCase() : issue.message;
    return [{ path, message: `${path} ${message}${input === undefined ? "" : ` (got ${show(input)})`}` }];
  });
}
