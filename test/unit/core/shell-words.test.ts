import { describe, expect, it } from "vitest";
import { parseShell, type ShellScript } from "../../../src/core/shell-words.js";

/** Each simple command as its word texts. */
function words(script: ShellScript): string[][] {
  return script.commands.map((command) => command.words.map((word) => word.text));
}

describe("parseShell", () => {
  it.each([
    ["devops infra deploy --env prod", [["devops", "infra", "deploy", "--env", "prod"]]],
    [
      "cd x && devops a || devops b; devops c | cat & wait",
      [["cd", "x"], ["devops", "a"], ["devops", "b"], ["devops", "c"], ["cat"], ["wait"]],
    ],
    ["a\nb\n\nc", [["a"], ["b"], ["c"]]],
    ['node "/abs path/dist/cli.js" x', [["node", "/abs path/dist/cli.js", "x"]]],
    ["echo 'it''s' \"a \\\"b\\\"\" c\\ d", [["echo", "its", 'a "b"', "c d"]]],
    ["de\\ploy d''ep\"lo\"y", [["deploy", "deploy"]]],
    ["echo a # a comment && devops infra deploy", [["echo", "a"]]],
    ["echo a#b", [["echo", "a#b"]]],
    ["devops infra \\\n  deploy", [["devops", "infra", "deploy"]]],
    ["( cd x; devops y ) && { devops z; }", [["cd", "x"], ["devops", "y"], ["{", "devops", "z"], ["}"]]],
    ["devops x 2>&1 >/dev/null <in", [["devops", "x"]]],
    ["a|&b;;c", [["a"], ["b"], ["c"]]],
  ])("splits %j into simple commands", (text, expected) => {
    const script = parseShell(text);

    expect(words(script)).toEqual(expected);
    expect(script.incomplete).toBe(false);
  });

  it.each([
    ["$'\\x64evops'", "devops"],
    ["$'\\144\\145v'", "dev"],
    ["$'\\u0064\\U00000065'", "de"],
    ["$'a\\tb\\n'", "a\tb\n"],
    ["$'it\\'s'", "it's"],
    ["$'\\cA'", "\x01"],
    ["$'\\q'", "\\q"],
  ])("decodes the ANSI-C quoting %j", (text, decoded) => {
    const [word] = parseShell(`x ${text}`).commands[0]!.words.slice(1);

    expect(word).toEqual({ text: decoded, dynamic: false });
  });

  it("records the operator after each command", () => {
    const script = parseShell("a && b | c; d &");

    expect(script.commands.map((command) => command.next)).toEqual(["&&", "|", ";", "&"]);
  });

  it.each([
    ["$CLI", true],
    ["${CLI}/x", true],
    ['"$HOME/x"', true],
    ["'$HOME'", false],
    ["dep*", true],
    ["dep?oy", true],
    ["[de]ploy", true],
    ["[[", false],
    ["{deploy,x}", true],
    ["{", false],
    ["~/x", true],
    ["$'\\x64eploy'", false],
    ['$"x"', false],
    ["`echo x`", true],
    ["$(echo x)", true],
    ["plain", false],
    ["a=b", false],
    ["$", false],
  ])("marks %j as dynamic: %s", (text, dynamic) => {
    const [word] = parseShell(`x ${text}`).commands[0]!.words.slice(1);

    expect(word?.dynamic).toBe(dynamic);
  });

  it.each([
    ["echo $(devops infra deploy --env prod)", ["devops infra deploy --env prod"]],
    ['echo "x $(a "b" c) y"', ['a "b" c']],
    ["echo `devops x`", ["devops x"]],
    ["echo $(a $(b) c)", ["a $(b) c"]],
    ["cat <(devops x) >(y)", ["devops x", "y"]],
    ["echo ${X:-$(devops x)}", ["devops x"]],
    ["echo $((1 + 2))", ["(1 + 2)"]],
    ["echo '$(not run)' \"\\$(not either)\"", []],
  ])("collects the substitution bodies of %j", (text, bodies) => {
    expect(parseShell(text).substitutions).toEqual(bodies);
  });

  it("reads heredoc bodies and attaches them to their command", () => {
    const script = parseShell("bash <<'EOF' && echo done\ndevops infra deploy --env prod\nEOF\necho after");

    expect(words(script)).toEqual([["bash"], ["echo", "done"], ["echo", "after"]]);
    expect(script.commands[0]!.heredocs).toEqual(["devops infra deploy --env prod\n"]);
    expect(script.substitutions).toEqual([]);
  });

  it("collects substitutions in unquoted heredocs only", () => {
    expect(parseShell("cat <<EOF\n$(devops x)\nEOF").substitutions).toEqual(["devops x"]);
    expect(parseShell("cat <<'EOF'\n$(devops x)\nEOF").substitutions).toEqual([]);
    expect(parseShell("cat <<-EOF\n\t$(devops x)\n\tEOF").substitutions).toEqual(["devops x"]);
  });

  it("reads a heredoc inside a command substitution, apostrophes included", () => {
    const script = parseShell("git commit -m \"$(cat <<'EOF'\nit's done: devops infra deploy\nEOF\n)\" && echo ok");

    expect(words(script)[1]).toEqual(["echo", "ok"]);
    expect(script.substitutions).toEqual(["cat <<'EOF'\nit's done: devops infra deploy\nEOF\n"]);
    expect(script.incomplete).toBe(false);
  });

  it.each(["echo 'open", 'echo "open', "echo $(open", "echo `open", "cat <<EOF\nno end", "echo )", "( echo"])(
    "reports %j as incomplete without throwing",
    (text) => {
      expect(parseShell(text).incomplete).toBe(true);
    },
  );

  it("keeps redirection targets out of the words", () => {
    const [command] = parseShell("echo x > out.sh 2>>err").commands;

    expect(command!.words.map((word) => word.text)).toEqual(["echo", "x"]);
    expect(command!.redirections.map(({ operator, target }) => [operator, target?.text])).toEqual([
      [">", "out.sh"],
      [">>", "err"],
    ]);
  });
});

describe("the bodies of >(…)", () => {
  it("are listed as fed by the outer command", () => {
    const script = parseShell("echo x | tee >(bash) <(cat y)");

    expect(script.substitutions).toEqual(["bash", "cat y"]);
    expect(script.fed).toEqual(["bash"]);
  });
});
