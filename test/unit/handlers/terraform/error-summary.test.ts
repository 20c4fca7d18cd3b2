import { describe, expect, it } from "vitest";
import { blockLine, firstErrorBlock } from "../../../../src/handlers/iac/terraform/runner.js";
import { readFixture } from "../../../helpers/project.js";

describe("a failure's summary from the engine's Error: block", () => {
  it("skips init's lead-in and names what is wrong with the configuration", async () => {
    const stderr = await readFixture("errors", "terraform-init-unclosed-block.stderr.txt");

    const summary = firstErrorBlock(stderr);

    expect(summary).toBe(
      'Unclosed configuration block: on main.tf line 1, in resource "terraform_data" "broken": 1: resource "terraform_data" "broken" { There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.',
    );
  });

  it.each([
    [
      "a title that wraps",
      "Error: Something long\nthat wraps\n\nthe detail\n",
      "Something long that wraps: the detail",
    ],
    [
      "only the lead-in",
      "Error: Terraform encountered problems during initialisation\n\nwhy\n",
      "Terraform encountered problems during initialisation: why",
    ],
    ["a warning first", "Warning: deprecated\n\nold\n\nError: Real\n\nreason\n", "Real: reason"],
  ])("%s", (_name, stderr, expected) => {
    expect(firstErrorBlock(stderr)).toBe(expected);
  });

  it("keeps every line of a diagnostic's detail, not only the first", () => {
    expect(
      blockLine("Invalid reference", [
        "A reference to a resource type must be followed by",
        "at least one attribute access.",
      ]),
    ).toBe("Invalid reference: A reference to a resource type must be followed by at least one attribute access.");
  });
});
