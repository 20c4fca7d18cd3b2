// Every declared command's binding. Typed by command id: a command declared in src/core/commands/
// without a binding here is a compile error.
import type { Bindings } from "../bind.js";
import { APPROVAL_BINDINGS } from "./approval.js";
import { HOOK_BINDINGS } from "./hook.js";
import { DEBUG_BINDINGS } from "./infra-debug.js";
import { DESIGN_BINDINGS } from "./infra-design.js";
import { INFRA_BINDINGS } from "./infra.js";
import { OPS_BINDINGS } from "./ops.js";
import { ROUTE_BINDINGS } from "./route.js";
import { SETUP_BINDINGS } from "./setup.js";

export const BINDINGS: Bindings = {
  ...SETUP_BINDINGS,
  ...INFRA_BINDINGS,
  ...DESIGN_BINDINGS,
  ...DEBUG_BINDINGS,
  ...OPS_BINDINGS,
  ...APPROVAL_BINDINGS,
  ...ROUTE_BINDINGS,
  ...HOOK_BINDINGS,
};
