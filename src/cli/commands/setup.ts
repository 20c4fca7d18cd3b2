// `devops init` and `devops config validate|show|schema` bound to the setup manager.
import { bind, type Bindings } from "../bind.js";
import { renderInit, renderJsonData, renderShow, renderValidate } from "../render/setup.js";

const setup = () => import("../../managers/setup-manager.js");

export const SETUP_BINDINGS = {
  init: bind(async (ctx, input) => (await setup()).initProject(ctx, input), renderInit),
  "config validate": bind(async (ctx) => (await setup()).validateConfig(ctx), renderValidate),
  "config show": bind(async (ctx, input) => (await setup()).showConfig(ctx, input), renderShow),
  "config schema": bind(async (ctx) => (await setup()).configSchema(ctx), renderJsonData),
} satisfies Partial<Bindings>;
