// `devops infra architect | engineer | test-changes` bound to the design and test managers.
import { bind, type Bindings } from "../bind.js";
import { perStack } from "../render/each-stack.js";
import { renderArchitect, renderEngineer, renderTestChanges } from "../render/infra-design.js";

const design = () => import("../../managers/infra-design.js");
const testing = () => import("../../managers/infra-test.js");

export const DESIGN_BINDINGS = {
  "infra architect": bind(async (ctx, input) => (await design()).architect(ctx, input), renderArchitect),
  "infra engineer": bind(async (ctx, input) => (await design()).engineer(ctx, input), renderEngineer),
  "infra test-changes": bind(
    async (ctx, input) => (await testing()).testEachStack(ctx, input),
    perStack(renderTestChanges),
  ),
} satisfies Partial<Bindings>;
