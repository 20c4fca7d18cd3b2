// An environment without confirmation whose state settings name another, protected one: a config
// whose only environment "staging" uses workspace "prod" and "prod.tfvars" passes every other rule,
// yet a deploy to it changes production. The engine says which settings name a state (its check).
import { isProdLike } from "./environments.js";
import type { ResolvedEnvironment } from "./handler-config.js";
import type { ConfigIssue } from "./issues.js";

/** One resolved setting that says where an environment's state or inputs are, e.g. workspace "prod". */
export interface StateSetting {
  /** How the message names it: "workspace", "var file", "backend key". */
  label: string;
  value: string;
}

const needsConfirmation = (env: ResolvedEnvironment): boolean => env.requireConfirmation || env.protected;

const words = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== "");

/** `name` as whole words of `text` (between separators), case-insensitively: "prod-eu" in "envs/prod-eu.tfvars". */
function names(text: string, name: string): boolean {
  return ` ${words(text).join(" ")} `.includes(` ${words(name).join(" ")} `);
}

/**
 * `value` without the project's own words (its name, subsystem, organization), which every
 * environment's settings share and which say nothing about the environment ("live-chat/…").
 */
function ownPart(value: string, projectWords: readonly string[]): string {
  let text = value.toLowerCase();
  for (const word of projectWords) if (word !== "") text = text.split(word.toLowerCase()).join(" ");
  return text;
}

interface Borrowed {
  /** The protected environment named, or the production word when none of that name is configured. */
  owner: { environment: string } | { word: string };
  settings: StateSetting[];
}

function borrowedBy(
  env: ResolvedEnvironment,
  settings: readonly StateSetting[],
  confirmed: readonly string[],
  projectWords: readonly string[],
): Borrowed[] {
  const found = new Map<string, Borrowed>();
  const add = (key: string, owner: Borrowed["owner"], setting: StateSetting) => {
    const entry = found.get(key) ?? { owner, settings: [] };
    entry.settings.push(setting);
    found.set(key, entry);
  };
  for (const setting of settings) {
    const text = ownPart(setting.value, projectWords);
    const owner = confirmed.find((name) => names(text, name));
    if (owner !== undefined) {
      add(`env:${owner}`, { environment: owner }, setting);
      continue;
    }
    // A production-like environment without confirmation has its own warning already.
    const word = env.prodLike ? undefined : words(text).find(isProdLike);
    if (word !== undefined) add(`word:${word}`, { word }, setting);
  }
  return [...found.values()];
}

function message(env: ResolvedEnvironment, borrowed: Borrowed): string {
  const uses = borrowed.settings.map((setting) => `${setting.label} "${setting.value}"`).join(" / ");
  if ("environment" in borrowed.owner) {
    const owner = borrowed.owner.environment;
    return `"${env.name}" uses ${uses}, which belongs to "${owner}" (requires confirmation); it would change ${owner}'s state without an approval`;
  }
  return `"${env.name}" uses ${uses}, named for production ("${borrowed.owner.word}"); it would change a production state without an approval`;
}

/**
 * Warnings for each environment without confirmation whose state settings contain the name of a
 * configured environment that requires confirmation, or a production word.
 */
export function borrowedStateWarnings(
  environments: readonly ResolvedEnvironment[],
  settingsOf: (env: ResolvedEnvironment) => readonly StateSetting[],
  projectWords: readonly string[] = [],
): ConfigIssue[] {
  const confirmed = environments.filter(needsConfirmation).map((env) => env.name);
  return environments
    .filter((env) => !needsConfirmation(env))
    .flatMap((env) =>
      borrowedBy(
        env,
        settingsOf(env),
        confirmed.filter((name) => name !== env.name),
        projectWords,
      ).map((borrowed) => ({
        path: `environments.${env.name}`,
        message: message(env, borrowed),
        suggestion: `give "${env.name}" a workspace, var file and backend key of its own, or make it require confirmation (environments.${env.name}.require_confirmation: true)`,
      })),
    );
}
