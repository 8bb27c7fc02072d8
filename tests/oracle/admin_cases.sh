#!/usr/bin/env bash
# Side by side: runs the same roundup-admin commands through the real Roundup and through ours on
# two equal classic trackers, and prints a diff for every case whose output (or exit status)
# differs. Not part of `deno task test`: it needs Python and a Roundup source tree.
#
#   ROUNDUP_SRC=/work/roundup-src tests/oracle/admin_cases.sh [WORKDIR]
#
# ORACLE names the roundup-oracle script (default /work/shared/tools/roundup-oracle). Dates of
# today, password hashes and made-up Message-Ids, which differ between the two runs, are shown as
# <now>, <hash> and <made-up.issueN@…>.
# Everything runs with TZ=UTC. It takes a few minutes (each of our runs starts Deno afresh).
set -uo pipefail
: "${ROUNDUP_SRC:?set ROUNDUP_SRC to an unpacked Roundup source tree}"
export TZ=UTC NO_COLOR=1
here=$(cd "$(dirname "$0")/../.." && pwd)
oracle=${ORACLE:-/work/shared/tools/roundup-oracle}
work=${1:-$(mktemp -d)}
mkdir -p "$work"
rt=$work/roundup ours=$work/ours
rm -rf "$rt" "$ours"

real() { "$oracle" admin -i "$rt" "$@"; }
mine() { (cd "$here" && npx -y deno@2.9.6 run -A main.ts admin -i "$ours" "$@"); }

"$oracle" install "$rt" >/dev/null
mine install classic >/dev/null 2>&1
sed -i 's|^#web = NO DEFAULT|web = http://127.0.0.1:8917/tracker/|;
        s|^#domain = NO DEFAULT|domain = example.com|; s|^#host = NO DEFAULT|host = localhost|
        s|^debug = $|debug = maildebug.txt|' \
  "$ours/config.ini"
mine initialise secret </dev/null >/dev/null

# The same items in both trackers (one command per line, words as the shell splits them).
SETUP=$(cat <<'CMDS'
create user username=fred roles=User address=fred@example.com timezone=5
create keyword name=k1
create keyword name=k2
create keyword name=k3
create issue title=first status=2 nosy=1,3 keyword=1,2 priority=3
create issue title=second
set issue1 title=renamed status=3 nosy=+2 priority=1 assignedto=3
retire keyword2
create msg content=hello author=3 date=2020-01-01.10:00
set issue1 messages=1
CMDS
)

# The cases compared: admin arguments, one case per line.
CASES=$(cat <<'CMDS'
history issue1
history user3
history msg1
history issue1 raw
get title issue1,issue2
-c get nosy issue1,issue2
-dc get nosy issue1,issue2
-s get keyword issue1,issue2
-d get status issue1,issue2
-P show_retired=both list keyword
-P show_retired=only list keyword
-P show_retired=both table keyword id,name
-P show_retired=both -c list keyword name
retire issue2
history issue2
restore issue2
-S : get keyword issue1
-P display_protected=1 display keyword1
list issue
-c list issue title
display issue1
display msg1
specification issue
get date msg1
-u fred get date msg1
-u fred list msg date
filter issue status=3
filter msg date=2020-01-01
find issue nosy=3
find issue assignedto=fred
table issue id,title,status
get content msg1
list msg content
get nosy issue2
get nosy issue9
get title issue1,keyword9
set issue1 status=99
-u fred set msg1 date=2020-06-01.12:00
get date msg1
set msg1 date=2000-01-01 + -2m 1d
get date msg1
set msg1 date=2000-01-01 - 2m 1d
get date msg1
history msg1
CMDS
)

while read -r line; do
  [ -z "$line" ] && continue
  eval "set -- $line"
  real "$@" >/dev/null 2>&1 || echo "setup failed in Roundup: $line" >&2
  mine "$@" >/dev/null 2>&1 || echo "setup failed in ours: $line" >&2
done <<<"$SETUP"

today=$(date -u +%Y-%m-%d)
tuple=$(date -u +'%Y, %-m, %-d')
norm() {
  sed -E "s/$today\.[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{3})?/<now>/g; s/\($tuple, [0-9., ]+\)/<now>/g
          s/\{PBKDF2S5\}[^']+/{PBKDF2S5}<hash>/g; s/<[0-9.]+\.[A-Z2-7]{16}\.issue/<made-up.issue/g"
}

total=0 differ=0
run_case() { # label, then a command run once with side=real and once with side=mine
  local label=$1 a b side
  a=$(side=real; eval "$2" 2>&1; echo "exit status $?")
  b=$(side=mine; eval "$2" 2>&1; echo "exit status $?")
  total=$((total + 1))
  if [ "$(norm <<<"$a")" == "$(norm <<<"$b")" ]; then
    echo "same:    $label"
  else
    differ=$((differ + 1))
    echo "DIFFERS: $label"
    diff -u --label roundup --label ours <(norm <<<"$a") <(norm <<<"$b") | sed 's/^/    /'
  fi
}

while read -r line; do
  [ -z "$line" ] && continue
  # "set msg1 date=2000-01-01 + -2m 1d": the words from "date=" on are one value.
  case "$line" in
    *"date=2000"*) args="${line%%date=*}'date=${line#*date=}'" ;;
    *) args=$line ;;
  esac
  run_case "admin $line" "\$side $args"
done <<<"$CASES"

# export: every CSV file of both exports, journals included.
exported() { rm -rf "$work/export-$1"; $1 export "$work/export-$1" >/dev/null && (cd "$work/export-$1" && tail -n +1 ./*.csv); }
run_case "export: the CSV files" 'exported $side'

# The shell at end of input with a change pending and no answer to "Commit them?": the end of
# what it printed, its exit status, and whether the change was kept.
run_case "shell: end of input with a change pending" \
  'printf "create keyword name=shell\n" | $side 2>/dev/null | tail -c 48; echo " [status ${PIPESTATUS[1]}]"; $side list keyword'
run_case "shell: exit with a change pending, answered n" \
  'printf "create keyword name=shell2\nexit\nn\n" | $side 2>/dev/null | tail -c 48; echo " [status ${PIPESTATUS[1]}]"; $side list keyword'
echo "$differ of $total cases differ (trackers in $work)"
