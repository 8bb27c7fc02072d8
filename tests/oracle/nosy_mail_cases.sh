#!/usr/bin/env bash
# Side by side: the nosy mail the real Roundup and ours write to their [mail] debug files for the
# same changes (a new issue by mail, a reply by mail, a status change and a message linked from
# the admin), printed as a diff after masking what differs by nature (dates, Message-Id tokens).
# Not part of `deno task test`: it needs Python and a Roundup source tree.
#
#   ROUNDUP_SRC=/work/roundup-src tests/oracle/nosy_mail_cases.sh [WORKDIR]
set -uo pipefail
: "${ROUNDUP_SRC:?set ROUNDUP_SRC to an unpacked Roundup source tree}"
export TZ=UTC NO_COLOR=1
here=$(cd "$(dirname "$0")/../.." && pwd)
oracle=${ORACLE:-/work/shared/tools/roundup-oracle}
work=${1:-$(mktemp -d)}
mkdir -p "$work"
rt=$work/roundup ours=$work/ours
rm -rf "$rt" "$ours"

deno() { (cd "$here" && npx -y deno@2.9.6 run -A main.ts "$@"); }
"$oracle" install "$rt" >/dev/null
deno admin -i "$ours" install classic >/dev/null 2>&1
sed -i 's|^#web = NO DEFAULT|web = http://127.0.0.1:8917/tracker/|;
        s|^#domain = NO DEFAULT|domain = example.com|; s|^#host = NO DEFAULT|host = localhost|
        s|^debug = $|debug = maildebug.txt|' "$ours/config.ini"
deno admin -i "$ours" initialise secret </dev/null >/dev/null

both_admin() { "$oracle" admin -i "$rt" "$@" >/dev/null; deno admin -i "$ours" "$@" >/dev/null; }
both_mail() { "$oracle" mailgw "$rt" <<<"$1" >/dev/null; deno mailgw "$ours" <<<"$1" >/dev/null; }

both_admin create user username=fred roles=User address=fred@example.com realname="Fred Jüngling"
both_admin create user username=jim roles=User address=jim@example.com
both_mail "From: Fred Jüngling <fred@example.com>
To: issue_tracker@example.com
Subject: =?utf-8?q?Login_f=C3=BCr_alle?= fails = always [nosy=jim]
Message-Id: <first@example.com>
Content-Type: text/plain; charset=utf-8

The login page rejects my password.   
A long line: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa bbb
Grüße
"

both_mail "From: jim@example.com
To: issue_tracker@example.com
Subject: Re: [issue1] [status=chatting]
Message-Id: <second@example.com>
In-Reply-To: <first@example.com>

Which browser?
"
both_mail "From: jim@example.com
To: issue_tracker@example.com
Subject: [issue1] logs
Message-Id: <third@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary=\"XX\"

--XX
Content-Type: text/plain; charset=utf-8

Logs attached.
--XX
Content-Type: text/plain; charset=utf-8
Content-Disposition: attachment; filename=\"server.log\"

line one
naïve line two
--XX
Content-Type: application/octet-stream
Content-Disposition: attachment; filename=\"core.bin\"
Content-Transfer-Encoding: base64

AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=
--XX--
"
both_admin set issue1 status=resolved
both_admin create msg content=closing author=1
both_admin create keyword name=Größe
both_admin set issue1 messages=+4 priority=urgent keyword=Größe

norm() {
  sed -E 's/^(From [^ ]+) .*/\1 <date>/; s/^Date: .*/Date: <date>/
          s/<[0-9.]+\.[A-Z2-7]{16}\.issue/<made-up.issue/; s/^X-Roundup-Version: .*/X-Roundup-Version: <version>/
          s/=+[0-9]{10,}==/<boundary>/g' "$1"
}
diff -u --label roundup --label ours <(norm "$rt/maildebug.txt") <(norm "$ours/maildebug.txt") &&
  echo "the nosy mail is the same (trackers in $work)"
