// The values a catalogue fix names that are only known when the fix is shown (filled in by fillCommand).
import { placeholder } from "../../../core/commands/command-line.js";

/** The environment the failure happened in. */
export const ENVIRONMENT = placeholder("{environment}");
