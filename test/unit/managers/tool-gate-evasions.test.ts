import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createContext } from "../../../src/core/context.js";
import { MemoryIoHost } from "../../../src/core/io.js";
import { evaluateToolUse } from "../../../src/managers/tool-gate.js";
import { projectWith, userGuideConfig } from "../../helpers/project.js";

// The documented config: prod requires a human approval, test does not; its Terraform module sits in
// infrastructure/terraform with the prod workspace selected, as after `devops infra deploy --env prod`.
let project: string;
let relaxed: string;

beforeEach(async () => {
  project = await projectWith(await userGuideConfig());
  await mkdir(join(project, "infrastructure/terraform/.terraform"), { recursive: true });
  await writeFile(join(project, "infrastructure/terraform/.terraform/environment"), "prod");
  const relaxedConfig = await userGuideConfig();
  relaxedConfig.environments.prod.require_confirmation = false;
  relaxed = await projectWith(relaxedConfig);
});

async function decide(command: string, cwd = project, extra: Record<string, unknown> = {}) {
  const ctx = createContext({ cwd, env: {}, io: new MemoryIoHost() });
  return evaluateToolUse(ctx, {
    session_id: "s-1",
    transcript_path: "/tmp/transcript.jsonl",
    cwd,
    permission_mode: "default",
    hook_event_name: "PreToolUse",
    tool_name: "Bash",
    tool_input: { command },
    ...extra,
  });
}

const DEPLOY = "devops infra deploy --env prod";
const B64 = Buffer.from(DEPLOY).toString("base64");
const HEX = Buffer.from(DEPLOY).toString("hex");

// Each one runs (or arranges) a prod change in disguise, or runs code the gate cannot read in a project
// whose prod requires a human approval: every one must ask.
const EVASIONS: readonly (readonly [string, string])[] = [
  ["a variable holding the call", `X="${DEPLOY}"; $X`],
  ["a variable in braces", `X="${DEPLOY}"; \${X}`],
  ["an exported variable", `export X="${DEPLOY}" && $X`],
  ["read from a here-string", `read -r X <<< "${DEPLOY}"; $X`],
  ["read into several words", `read -r a b c d e <<< "${DEPLOY}"; $a $b $c $d $e`],
  ["printf -v", `printf -v X '%s' '${DEPLOY}'; $X`],
  ["IFS splitting", 'IFS=,; X="devops,infra,deploy,--env,prod"; $X'],
  ["IFS with set --", "(IFS=:; set -- devops:infra:deploy:--env:prod; $*)"],
  ["an array", 'A=(devops infra deploy --env prod); "${A[@]}"'],
  ["mapfile", "mapfile -t A <<< 'devops'; ${A[0]} infra deploy --env prod"],
  ["a parameter default", "${X:-devops} infra deploy --env prod"],
  ["a substring", "X=xdevops; ${X:1} infra deploy --env prod"],
  ["indirect expansion", "Y=devops; X=Y; ${!X} infra deploy --env prod"],
  ["a variable overwritten by read", `X="devops infra preview-changes --env prod"; read X <<< "${DEPLOY}"; $X`],
  ["ANSI-C hex escapes", "$'\\x64evops' infra deploy --env prod"],
  ["ANSI-C octal escapes", "$'\\144evops' infra $'\\x64eploy' --env prod"],
  ["ANSI-C unicode escapes", "$'\\u0064evops' infra deploy --env $'\\x70rod'"],
  ["locale quoting", '$"devops" infra deploy --env prod'],
  ["a here-string into bash", `bash <<< "${DEPLOY}"`],
  ["a variable here-string into sh", `C="${DEPLOY}"; sh <<< "$C"`],
  ["a here-string into zsh -s", `zsh -s <<< '${DEPLOY}'`],
  ["process substitution run by bash", `bash <(echo ${DEPLOY})`],
  ["process substitution sourced", `source <(echo '${DEPLOY}')`],
  ["process substitution dotted", `. <(printf '${DEPLOY}')`],
  ["a redirected process substitution", `bash < <(echo ${DEPLOY})`],
  ["eval of decoded text", `eval "$(echo ${B64} | base64 -d)"`],
  ["decoded text as the command", `$(echo ${B64} | base64 -d)`],
  ["decoded text in backticks", `\`echo ${B64} | base64 --decode\``],
  ["hex decoded into sh", `echo ${HEX} | xxd -r -p | sh`],
  ["reversed text into bash", "echo 'dorp vne-- yolped arfni spoved' | rev | bash"],
  ["bash -c of decoded text", `bash -c "$(echo ${B64} | base64 -d)"`],
  ["eval of a variable", 'eval "$DEPLOY_CMD"'],
  ["eval of a file", "eval $(cat cmd.txt)"],
  ["node -e with child_process", `node -e "require('child_process').execSync('${DEPLOY}')"`],
  ["node -e with a computed module name", `node -e "const m='child'+'_process'; require(m).execSync('${DEPLOY}')"`],
  ["node -e through the global object", `node -e "this['pro'+'cess'].mainModule"`],
  ["node -p", `node -p "require('child_process').execSync('${DEPLOY}').toString()"`],
  ["node reading its program from a pipe", `echo "require('child_process').execSync('${DEPLOY}')" | node`],
  ["python3 -c os.system", `python3 -c "import os; os.system('${DEPLOY}')"`],
  ["python3 -c __import__", `python3 -c "__import__('os').system('${DEPLOY}')"`],
  ["python3 -c importlib", "python3 -c \"import importlib; importlib.import_module('o'+'s').system('x')\""],
  ["a heredoc to python3 -", `python3 - <<'EOF'\nimport subprocess\nsubprocess.run('${DEPLOY}'.split())\nEOF`],
  ["a heredoc to python3", `python3 <<'EOF'\nimport os\nos.system('${DEPLOY}')\nEOF`],
  ["perl -e system", `perl -e 'system("${DEPLOY}")'`],
  ["perl backticks", `perl -e 'print \`${DEPLOY}\`'`],
  ["perl s///e", `echo x | perl -pe 's/.*/"devops"/e'`],
  ["ruby -e", `ruby -e 'system("${DEPLOY}")'`],
  ["awk system()", `awk 'BEGIN{system("${DEPLOY}")}'`],
  ["script -c", `script -qc '${DEPLOY}' /dev/null`],
  ["flock -c", `flock /tmp/lock -c '${DEPLOY}'`],
  ["flock running the program", `flock /tmp/lock ${DEPLOY}`],
  ["su -c", `su -c '${DEPLOY}' "$USER"`],
  ["find -exec", `find . -maxdepth 0 -exec ${DEPLOY} \\;`],
  [
    "node --import rewriting argv",
    `node --import 'data:text/javascript,process.argv.splice(2,2,"infra","deploy")' dist/cli.js infra preview-changes --env prod`,
  ],
  ["node -r rewriting argv", "node -r ./rewrite.cjs dist/cli.js infra preview-changes --env prod"],
  [
    "NODE_OPTIONS on the call",
    'NODE_OPTIONS="--import=data:text/javascript,0" devops infra preview-changes --env prod',
  ],
  [
    "NODE_OPTIONS exported first",
    "export NODE_OPTIONS='--require /tmp/r.cjs'; node dist/cli.js infra preview-changes --env prod",
  ],
  ["GIT_EXTERNAL_DIFF", `GIT_EXTERNAL_DIFF='${DEPLOY} #' git diff`],
  ["GIT_EDITOR", `GIT_EDITOR='${DEPLOY} #' git commit --amend`],
  ["GIT_PAGER", "GIT_PAGER=./x.sh git log"],
  ["git grep -O", `git grep -O'${DEPLOY} #' main`],
  ["git grep --open-files-in-pager", `git grep --open-files-in-pager='sh -c "${DEPLOY}"' x`],
  ["git -c core.pager", `git -c core.pager='${DEPLOY} #' log`],
  ["git -c core.fsmonitor", "git -c core.fsmonitor=./hook.sh status"],
  ["git -c alias", `git -c alias.ship='!${DEPLOY}' ship`],
  ["git config setting an alias", `git config alias.ship '!${DEPLOY}'`],
  ["a git alias", "git ship"],
  ["git rebase -x", `git rebase -x '${DEPLOY}' HEAD~1`],
  ["git bisect run", "git bisect run ./deploy.sh"],
  ["the bundle copied elsewhere", "cp dist/cli.js /tmp/x; node /tmp/x infra deploy --env prod"],
  ["the bundle without .js", "node dist/cli infra deploy --env prod"],
  ["bin/devops copied", "cp bin/devops /tmp/d && /tmp/d infra deploy --env prod"],
  ["a link under another name", 'ln -s "$PWD/bin/devops" /tmp/dv; dv infra --json deploy --env prod'],
  ["a copy with flags between the words", "node /tmp/x infra --json deploy --env prod"],
  ["flags between the words", "devops infra --json deploy --env prod"],
  ["several flags between the words", "devops --verbose infra --no-color deploy --env prod"],
  ["--config at a weaker file", "devops --config /tmp/weak.json infra deploy --env prod"],
  ["--config at the end", `devops infra deploy --env prod --config ${"relaxed/.devops/devops.json"}`],
  ["--project-dir elsewhere", "devops --project-dir /tmp/elsewhere infra teardown --env prod"],
  ["a project script", "./deploy.sh"],
  ["a script run by bash", "bash scripts/x.sh"],
  ["a script run by sh", "sh ./scripts/release"],
  ["a sourced script", "source scripts/env.sh && ship"],
  ["a node script", "node scripts/release.mjs"],
  ["a python script", "python3 tools/ship.py --env prod"],
  ["npm run", "npm run deploy"],
  ["npx", "npx some-tool"],
  ["make", "make deploy"],
  ["just", "just ship"],
  ["task", "task deploy"],
  ["a yarn script", "yarn deploy"],
  ["pnpm run", "pnpm run release"],
  ["a script redirected into bash", "bash < deploy.sh"],
  ["a program redirected into node", "node < /tmp/x.js"],
  ["an alias holding the call", `alias ship='${DEPLOY}'; ship`],
  ["a project module run by python -m", "python3 -m tools.ship --env prod"],
  ["trap running the call", `trap '${DEPLOY}' EXIT`],
  ["a process substitution fed by tee", `echo '${DEPLOY}' | tee >(bash)`],
  ["output redirected into a process substitution", `echo '${DEPLOY}' > >(sh)`],
  ["sudo -s reading a here-string", `sudo -s <<< '${DEPLOY}'`],
  ["su reading a here-string", `su - "$USER" <<< '${DEPLOY}'`],
  ["BASH_ENV", "BASH_ENV=/tmp/x bash -c 'ls'"],
  ["bash --rcfile", "bash --rcfile /tmp/x -i"],
  ["LD_PRELOAD", "LD_PRELOAD=/tmp/x.so ls"],
  ["PYTHONPATH shadowing a module", "PYTHONPATH=/tmp python3 -c 'import json'"],
  ["PATH in front of terraform", `PATH=/tmp/evil:$PATH terraform -chdir=infrastructure/terraform plan`],
  ["HOME holding another git config", "HOME=/tmp/h git log"],
  ["sed's e command", "sed -n '1e devops infra deploy --env prod' notes.txt"],
  ["sed's e flag", `sed 's/.*/${DEPLOY}/e' notes.txt`],
  ["sed's e flag after another -e", `sed -e 's/a/b/' -e 's/.*/${DEPLOY}/e' notes.txt`],
  ["sed -r hiding the script", `sed -r 's/.*/${DEPLOY}/e' notes.txt`],
  ["a node preload before harmless code", "node -r ./evil.cjs -e 'console.log(1)'"],
  ["a perl module loaded first", "perl -I. -MEvil -e 'print 1'"],
  ["npx -c", `npx -c '${DEPLOY}'`],
  ["a dynamic program", "$CMD"],
  ["a program under a variable directory", '"$HOME/bin/tool" apply'],
];

// Commands that cannot change a protected environment: none may ask.
const HARMLESS: readonly string[] = [
  "ls",
  "ls -la src",
  "git status",
  "git log --oneline -5",
  "git diff HEAD~1",
  "git show HEAD",
  'git add -A && git commit -m "docs: deploy notes"',
  "git -c color.ui=false log",
  "cat README.md",
  "grep -r deploy src > /tmp/out.txt",
  'grep -rn "infra deploy" docs | head',
  "devops infra deploy --help",
  "devops infra deploy -h",
  "devops --help",
  "devops infra preview-changes --env prod",
  "devops infra deploy --env test",
  "devops infra check-status --env prod --json",
  "cd infrastructure/terraform && terraform plan",
  "cd infrastructure/terraform && terraform show",
  "cd infrastructure/terraform && terraform state list",
  "terraform -chdir=infrastructure/terraform plan -var-file=prod.tfvars",
  "terraform -chdir=infrastructure/terraform output -json",
  "terraform -chdir=infrastructure/terraform apply -help",
  "cd infrastructure/terraform && terraform validate && terraform fmt -check",
  "tofu -chdir=infrastructure/terraform plan",
  "aws s3 ls --profile my-project-prod-deploy",
  "aws sts get-caller-identity",
  "aws ec2 describe-instances --profile my-project-prod-deploy",
  "aws logs tail /aws/lambda/x --profile my-project-prod-deploy",
  "aws s3 cp s3://bucket/x ./x --profile my-project-prod-deploy",
  "aws s3 sync ./site s3://bucket --profile my-project-test-deploy",
  "npm test",
  "npm ci",
  'echo "devops infra deploy --env prod"',
  "printf '%s\\n' 'devops infra deploy --env prod'",
  'node -e "console.log(1 + 1)"',
  "python3 -c \"import json,sys; print(json.dumps({'a': 1}))\"",
  "python3 -m json.tool package.json",
  "jq .version package.json",
  "awk '{print $1}' notes.txt",
  "sed -n 1,10p notes.txt",
  "sed -i 's/version = .*/version = 2/' notes.txt",
  "sed -E 's/(deploy)+/x/g' notes.txt",
  "perl -pe 's/foo/bar/' notes.txt",
  "mkdir -p build && touch build/x",
  "find . -name '*.tmp' -exec rm {} \\;",
  "bash -c 'ls -la'",
  "node --version",
  "tar czf /tmp/a.tgz src",
  "python3 -m pytest -q",
  "wc -l < notes.txt",
  "alias ll='ls -la'",
];

describe("the production gate: evasions", () => {
  let asked = 0;

  afterAll(() => {
    console.log(`tool-gate evasions: ${asked} of ${EVASIONS.length} asked (all must be)`);
  });

  it.each(EVASIONS)("asks for %s", async (_name, command) => {
    const result = await decide(command);

    expect(result.decision, JSON.stringify(result)).toBe("ask");
    asked += 1;
  });
});

describe("the production gate: harmless commands", () => {
  let asked = 0;

  afterAll(() => {
    console.log(`tool-gate harmless: ${asked} of ${HARMLESS.length} asked (false positives; none allowed)`);
  });

  it.each(HARMLESS)("stays out of the way for %j", async (command) => {
    const result = await decide(command);

    if (result.decision !== "none") asked += 1;
    expect(result, JSON.stringify(result)).toMatchObject({ decision: "none" });
  });

  it.each([
    "./deploy.sh",
    "make deploy",
    'X="devops infra preview-changes --env prod"; $X',
    "python3 - <<'EOF'\nimport os\nos.system('true')\nEOF",
  ])("does not ask for code it cannot read where no environment requires approval: %j", async (command) => {
    expect((await decide(command, relaxed)).decision).toBe("none");
  });
});
