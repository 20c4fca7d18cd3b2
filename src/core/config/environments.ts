// Environment names and the words people use for them. An unknown environment is always an error
// listing the known ones — never a silent fallback to the test profile.
import { UserError } from "../errors.js";
import { closest } from "../suggest.js";
import type { DevopsConfig } from "./schema.js";

/** Built-in words (the documented vocabulary), used only when the target environment is configured. */
export const BUILTIN_ENVIRONMENT_WORDS: Readonly<Record<string, string>> = {
  test: "test",
  testing: "test",
  dev: "test",
  development: "test",
  prod: "prod",
  production: "prod",
  live: "prod",
};

const PROD_WORDS = new Set(["prod", "production", "prd", "live"]);

/** A name like "prod", "production", "prod-eu" or "live" is production-like. */
export function isProdLike(name: string): boolean {
  return name
    .toLowerCase()
    .split(/[-_.]/)
    .some((part) => PROD_WORDS.has(part));
}

export function environmentNames(config: DevopsConfig): string[] {
  return Object.keys(config.environments);
}

/** Maps a word ("Production", "live", "stage") to a configured environment name, or throws ENV_UNKNOWN. */
export function resolveEnvironmentName(config: DevopsConfig, word: string): string {
  const known = environmentNames(config);
  const normalised = word.trim().toLowerCase();
  const exact = known.find((name) => name === normalised);
  if (exact !== undefined) return exact;
  const aliased = Object.entries(config.environment_aliases).find(([alias]) => alias.toLowerCase() === normalised)?.[1];
  if (aliased !== undefined && known.includes(aliased)) return aliased;
  const builtin = BUILTIN_ENVIRONMENT_WORDS[normalised];
  if (builtin !== undefined && known.includes(builtin)) return builtin;

  const guess = closest(normalised, [...known, ...Object.keys(config.environment_aliases)]);
  throw new UserError(
    "ENV_UNKNOWN",
    `unknown environment "${word}"; configured environments: ${known.join(", ") || "(none)"}`,
    {
      suggestion:
        guess !== undefined
          ? `did you mean "${guess}"? Otherwise add "${normalised}" under "environments" in .devops/devops.json`
          : `use one of ${known.join(", ")}, or add "${normalised}" under "environments" in .devops/devops.json`,
      details: { environment: word, known },
    },
  );
}
