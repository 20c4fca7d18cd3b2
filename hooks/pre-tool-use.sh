# The Claude Code PreToolUse gate as hooks/hooks.json runs it: /bin/sh, POSIX only (no bash, no jq).
# It lets a Bash call through silently, without starting Node, when the call cannot concern an environment
# that requires a human approval: every simple command is an inert program and nothing expands, or no
# devops config is found from any directory the call names (see pre-tool-use.awk). Otherwise the gate
# (dist/gate.cjs) decides; when Node is missing or the gate fails, the answer is "ask" with the reason, or
# "deny" in a permission mode that would not show the question to a person. It never allows silently
# what it could not check, and always exits 0 with at most one JSON answer on stdout.

case $0 in
  */*) here=${0%/*} ;;
  *) here=. ;;
esac
root=$here/..
input=$(cat)

answer() {
  # $1: ask or deny; $2: the reason, plain text without quotes or backslashes.
  printf '{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"%s","permissionDecisionReason":"%s"}}\n' "$1" "$2"
  exit 0
}

# Looks for a devops config from $1 upwards: .devops/devops.json or one of the older locations that
# src/core/config/load.ts accepts.
has_config() {
  dir=$1
  while :; do
    for file in .devops/devops.json .fractary/plugins/devops/config/devops.json \
      .fractary/plugins/faber-cloud/devops.json .fractary/plugins/faber-cloud/config.json; do
      [ -f "$dir/$file" ] && return 0
    done
    case $dir in
      / | "") return 1 ;;
      */*) dir=${dir%/*} ;;
      *) return 1 ;;
    esac
    [ -n "$dir" ] || dir=/
  done
}

reading=$(printf '%s\n' "$input" | LC_ALL=C awk -f "$here/pre-tool-use.awk" 2>/dev/null) || reading=unreadable
[ -n "$reading" ] || reading=unreadable
[ "$reading" = pass ] && exit 0

mode=
cwd=
concerns=
newline='
'
while IFS= read -r line; do
  case $line in
    "mode "*) mode=${line#mode } ;;
    "cwd "*)
      [ -n "$cwd" ] || cwd=${line#cwd }
      has_config "${line#cwd }" && concerns=yes
      ;;
    "dir "*)
      path=${line#dir }
      case $path in
        /*) ;;
        *) path=${cwd:-$PWD}/$path ;;
      esac
      has_config "$path" && concerns=yes
      ;;
    "home "*) has_config "${HOME:-/}${line#home }" && concerns=yes ;;
    reaches | unreadable) concerns=yes ;;
  esac
done <<READING
$reading
READING
if [ -z "$cwd" ] && has_config "$PWD"; then concerns=yes; fi
if [ -n "${CLAUDE_PROJECT_DIR:-}" ] && has_config "$CLAUDE_PROJECT_DIR"; then concerns=yes; fi
[ -n "$concerns" ] || exit 0

# Modes where Claude Code shows an "ask" to a person (manual is another name for default; an input
# without a mode is treated as default, as the gate does); in any other (bypassPermissions, dontAsk, auto,
# a mode this script does not know) nobody would see the question, so a gate that cannot run refuses.
case $mode in
  default | manual | acceptEdits | plan | "")
    blocked=ask
    suffix="approve only if this command changes no environment that requires a human approval"
    ;;
  *)
    blocked=deny
    suffix="refused, as permission mode $mode would not ask a person"
    ;;
esac

if ! command -v node >/dev/null 2>&1; then
  answer "$blocked" "the devops production gate cannot run: node is not on PATH (install Node.js 20 or later); $suffix"
fi
[ -f "$root/dist/gate.cjs" ] || answer "$blocked" "the devops production gate cannot run: dist/gate.cjs is missing from the plugin (reinstall it); $suffix"

result=$(printf '%s\n' "$input" | node "$root/dist/gate.cjs" 2>/dev/null; echo "x$?")
status=${result##*x}
output=${result%x*}
output=${output%"$newline"}
if [ "$status" != 0 ]; then
  answer "$blocked" "the devops production gate failed (exit $status); $suffix"
fi
case $output in
  "") exit 0 ;;
  '{"hookSpecificOutput":'*"$newline"*) answer "$blocked" "the devops production gate printed more than one answer; $suffix" ;;
  '{"hookSpecificOutput":'*) printf '%s\n' "$output" ;;
  *) answer "$blocked" "the devops production gate printed no answer Claude Code reads; $suffix" ;;
esac
exit 0
