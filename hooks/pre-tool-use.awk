# Reads one Claude Code PreToolUse input (JSON) for hooks/pre-tool-use.sh, without Node, and prints what
# the script needs to decide whether the gate (dist/gate.cjs) must run:
#   "pass"            the call cannot concern a protected environment (another tool, or a Bash command
#                     whose every simple command is an inert program and that expands nothing)
#   "mode <mode>"     the hook input's permission_mode
#   "cwd <path>"      the input's cwd: a devops config is looked for from there upwards
#   "dir <path>"      the same for a path written in the command (relative to the cwd)
#   "home <path>"     the same, relative to $HOME (a path written with ~)
#   "reaches"         the command may act in a directory that cannot be read here (cd -, a cd or -C to a
#                     computed path, the devops CLI itself): the gate decides
#   "unreadable"      the input is not JSON this reader understands: the gate decides
# Run with LC_ALL=C so that every byte is one character.

function fail() {
  print "unreadable"
  FAILED = 1
  exit 0
}

function skip_ws() {
  while (P <= N && index(" \t\n\r", substr(S, P, 1)) > 0) P++
}

function hexval(text,    i, c, v) {
  v = 0
  for (i = 1; i <= length(text); i++) {
    c = index("0123456789abcdef", tolower(substr(text, i, 1)))
    if (c == 0) fail()
    v = v * 16 + c - 1
  }
  return v
}

# A JSON string at P into STR, decoded. A \u escape (Claude Code writes them only for control characters)
# marks the command as unusual, which sends it to the gate.
function read_string(    c, e, out, code) {
  P++
  out = ""
  while (P <= N) {
    c = substr(S, P, 1)
    if (c == "\"") {
      P++
      STR = out
      return
    }
    if (c == "\\") {
      e = substr(S, P + 1, 1)
      if (e == "n") out = out "\n"
      else if (e == "t") out = out "\t"
      else if (e == "r") out = out "\r"
      else if (e == "b") out = out "\b"
      else if (e == "f") out = out "\f"
      else if (e == "\"" || e == "\\" || e == "/") out = out e
      else if (e == "u") {
        code = hexval(substr(S, P + 2, 4))
        ESCAPED = 1
        out = out (code > 31 && code < 127 ? sprintf("%c", code) : "\n")
        P += 4
      } else fail()
      P += 2
      continue
    }
    out = out c
    P++
  }
  fail()
}

function read_value(path,    c, key) {
  skip_ws()
  c = substr(S, P, 1)
  if (c == "{") {
    P++
    skip_ws()
    if (substr(S, P, 1) == "}") {
      P++
      return
    }
    while (1) {
      skip_ws()
      if (substr(S, P, 1) != "\"") fail()
      read_string()
      key = STR
      skip_ws()
      if (substr(S, P, 1) != ":") fail()
      P++
      read_value(path "/" key)
      skip_ws()
      c = substr(S, P, 1)
      P++
      if (c == "}") return
      if (c != ",") fail()
    }
  }
  if (c == "[") {
    P++
    skip_ws()
    if (substr(S, P, 1) == "]") {
      P++
      return
    }
    while (1) {
      read_value(path "/[]")
      skip_ws()
      c = substr(S, P, 1)
      P++
      if (c == "]") return
      if (c != ",") fail()
    }
  }
  if (c == "\"") {
    read_string()
    # A repeated key keeps every value, so none of them escapes the reading.
    COUNT[path]++
    VALUE[path, COUNT[path]] = STR
    return
  }
  if (c == "") fail()
  while (P <= N && index(",}] \t\n\r", substr(S, P, 1)) == 0) P++
}

# Programs that only read, print or move files: they run nothing they are given, whatever the arguments.
function inert(word) {
  return word ~ /^(ls|cat|head|tail|wc|grep|egrep|fgrep|echo|printf|pwd|cd|mkdir|touch|cp|mv|rm|rmdir|ln|chmod|stat|file|diff|cmp|uniq|cut|tr|basename|dirname|realpath|readlink|which|true|false|date|whoami|id|uname|du|df|tree|jq|nl|tac|column|sleep|test|\[)$/
}

{
  S = S (NR > 1 ? "\n" : "") $0
}

END {
  if (FAILED) exit 0
  N = length(S)
  P = 1
  read_value("")
  skip_ws()
  if (P <= N) fail()

  if (COUNT["/tool_name"] > 0 && VALUE["/tool_name", 1] != "Bash") {
    print "pass"
    exit 0
  }
  if (COUNT["/tool_input/command"] == 0) fail()
  command = ""
  for (i = 1; i <= COUNT["/tool_input/command"]; i++) command = command "\n" VALUE["/tool_input/command", i]

  # The text as the shell's words roughly are: line continuations joined, quotes and escapes dropped (so
  # "dev"ops and d\evops read as devops), every command separator a line break.
  words = command
  gsub(/\\\n/, "", words)
  gsub(/[\\'"]/, "", words)
  gsub(/[;&|(){}\r\f\b\v]/, "\n", words)

  # Tier 1: nothing expands ($, backticks, process substitution, escapes in the JSON) and every simple
  # command is an inert program: the call runs nothing that could reach an environment.
  expands = ESCAPED || index(command, "$") > 0 || index(command, "`") > 0 || command ~ /[<>]\(/
  clean = !expands
  segments = split(words, lines, "\n")
  for (i = 1; i <= segments && clean; i++) {
    line = lines[i]
    sub(/^[ \t]+/, "", line)
    if (line == "") continue
    first = line
    sub(/[ \t].*$/, "", first)
    # printf -v assigns to a name that may be an array element, whose subscript the shell evaluates.
    if (!inert(tolower(first)) || tolower(first) == "printf" && line ~ /[ \t]-v/) clean = 0
  }
  if (clean) {
    print "pass"
    exit 0
  }

  # Tier 2: where a devops config could be found: the input's cwd, every path written in the command,
  # and the targets of cd. What cannot be read here goes to the gate.
  mode = COUNT["/permission_mode"] > 0 ? VALUE["/permission_mode", 1] : ""
  print "mode " (mode ~ /^[A-Za-z]*$/ ? mode : "unknown")
  for (i = 1; i <= COUNT["/cwd"]; i++) print "cwd " VALUE["/cwd", i]
  lower = tolower(words)
  if (lower ~ /devops|cli\.js|gate\.js|popd/) reaches = 1
  for (i = 1; i <= segments; i++) {
    line = lines[i]
    sub(/^[ \t]+/, "", line)
    count = split(line, parts, /[ \t\n]+/)
    if ((parts[1] == "cd" || parts[1] == "pushd") && (count < 2 || parts[2] == "-" || parts[2] ~ /^-/)) reaches = 1
    for (j = 1; j <= count; j++) {
      word = parts[j]
      if (expands && (word ~ /[$`]/) && (word ~ /chdir|^-C|^--(project-dir|config|directory|prefix|cwd)/ || j == 2 && (parts[1] == "cd" || parts[1] == "pushd"))) reaches = 1
      if (word ~ /^-C$|^--(project-dir|config|directory|prefix|cwd)$/ && j < count && parts[j + 1] ~ /[$`]/) reaches = 1
      sub(/^[^=]*=/, "", word)
      if (word ~ /^~[^\/]/) reaches = 1
      else if (word ~ /^~/) {
        sub(/^~/, "", word)
        print "home " word
      } else if (word ~ /\// || j == 2 && (parts[1] == "cd" || parts[1] == "pushd")) print "dir " word
    }
  }
  if (reaches) print "reaches"
}
