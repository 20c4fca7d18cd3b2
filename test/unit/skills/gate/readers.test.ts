import { describe, expect, it } from "vitest";
import { parseShell, type ShellWord } from "../../../../src/core/shell-words.js";
import { readAwsCommand } from "../../../../src/skills/gate/aws-calls.js";
import { readEngineCommand } from "../../../../src/skills/gate/engine-calls.js";
import { buildToolReason, gitReason, interpreterReason } from "../../../../src/skills/gate/opaque.js";

/** The words after the program of a one-command line. */
function args(line: string): ShellWord[] {
  return parseShell(line).commands[0]!.words.slice(1);
}

describe("readEngineCommand", () => {
  it.each([
    ["terraform apply", "apply", true],
    ["terraform -chdir=infra apply -auto-approve", "apply", true],
    ["terraform destroy -target=x", "destroy", true],
    ["terraform state rm a.b", "state rm", true],
    ["terraform state list", "state list", false],
    ["terraform workspace delete prod", "workspace delete", true],
    ["terraform workspace select prod", "workspace select", false],
    ["terraform init -migrate-state", "init", true],
    ["terraform init -upgrade", "init", false],
    ["terraform plan -destroy", "plan", false],
    ["terraform apply -help", "apply", false],
    ["terraform $VERB", "$VERB", true],
    ["terraform", "", false],
  ])("reads %j as %j (mutating: %s)", (line, verb, mutating) => {
    expect(readEngineCommand(args(line))).toMatchObject({ verb, mutating });
  });

  it("reads -chdir and the workspace a workspace subcommand names", () => {
    expect(readEngineCommand(args("terraform -chdir=infra workspace delete prod"))).toMatchObject({
      chdir: { text: "infra", dynamic: false },
      workspace: { text: "prod", dynamic: false },
    });
  });
});

describe("readAwsCommand", () => {
  it.each([
    ["aws s3 ls", "s3 ls", false],
    ["aws s3 cp s3://b/x ./x", "s3 cp", false],
    ["aws s3 cp ./x s3://b/x", "s3 cp", true],
    ["aws s3 sync s3://a s3://b", "s3 sync", true],
    ["aws s3 rm s3://b/x", "s3 rm", true],
    ["aws s3api put-object --bucket b --key k", "s3api put-object", true],
    ["aws s3api get-object --bucket b --key k out", "s3api get-object", false],
    ["aws --region eu-west-1 ec2 describe-instances", "ec2 describe-instances", false],
    ["aws ec2 terminate-instances --instance-ids i-1", "ec2 terminate-instances", true],
    ["aws ec2 terminate-instances help", "ec2 terminate-instances", false],
    ["aws logs tail /aws/lambda/f", "logs tail", false],
    ["aws sts assume-role --role-arn a --role-session-name s", "sts assume-role", false],
    ["aws lambda invoke --function-name f out.json", "lambda invoke", true],
    ["aws lambda $OP", "lambda $OP", true],
    ["aws configure set region eu-west-1", "configure set", false],
  ])("reads %j as %j (mutating: %s)", (line, operation, mutating) => {
    expect(readAwsCommand(args(line))).toMatchObject({ operation, mutating });
  });

  it.each([
    ["aws s3 rm s3://b --profile p", "p"],
    ["aws --profile=p s3 rm s3://b", "p"],
    ["aws s3 rm s3://b", null],
  ])("reads the profile of %j", (line, profile) => {
    const read = readAwsCommand(args(line)).profile;

    expect(read === null ? null : read?.text).toBe(profile);
  });
});

describe("what the gate cannot read", () => {
  it.each([
    ["node", 'node -e "console.log(1)"', false],
    ["node", "node -e \"require('fs')\"", true],
    ["node", "node app.js", true],
    ["node", "node --version", false],
    ["python3", 'python3 -c "import json; print(json.dumps(1))"', false],
    ["python3", 'python3 -c "import os"', true],
    ["python3", "python3 -m pytest", false],
    ["python3", "python3 -m mypkg.main", true],
    ["perl", "perl -pe 's/a/b/'", false],
    ["perl", "perl -pe 's/a/b/e'", true],
    ["awk", "awk '{print $1}'", false],
    ["awk", "awk '{print | \"sh\"}'", true],
    ["sed", "sed -n 1,5p", false],
    ["sed", "sed '1e date'", true],
    ["ruby", "ruby -e 'puts 1'", true],
  ])("%s: %j is opaque: %s", (name, line, opaque) => {
    expect(interpreterReason(name, args(line), undefined, false) !== undefined).toBe(opaque);
  });

  it.each([
    ["make", "make", true],
    ["npm", "npm test", false],
    ["npm", "npm run build", true],
    ["npm", "npm ci", false],
    ["yarn", "yarn install", false],
    ["yarn", "yarn deploy", true],
    ["npx", "npx tsc", true],
    ["cargo", "cargo build", false],
    ["cargo", "cargo run", true],
  ])("%s: %j runs the project's scripts: %s", (name, line, runs) => {
    expect(buildToolReason(name, args(line)) !== undefined).toBe(runs);
  });

  it.each([
    ["git status", [], false],
    ["git log --oneline", [], false],
    ["git -c color.ui=false log", [], false],
    ["git config user.name me", [], false],
    ["git config --get core.pager", [], false],
    ["git -c core.pager=less log", [], true],
    ["git config core.hooksPath .hooks", [], true],
    ["git grep -Ovim x", [], true],
    ["git rebase --exec make HEAD~2", [], true],
    ["git submodule foreach make", [], true],
    ["git ship", [], true],
    ["git diff", ["GIT_EXTERNAL_DIFF"], true],
  ] as const)("%j (with %j) may run a program: %s", (line, variables, runs) => {
    expect(gitReason(args(line), variables) !== undefined).toBe(runs);
  });
});
