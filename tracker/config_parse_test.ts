import { InvalidValueError } from "../store/mod.ts";
import assert from "node:assert/strict";
import { parseConfigIni } from "./config.ts";

const MALFORMED: Array<[string, string]> = [
  ["web = x\n", "line 1: expected a [section] header before"],
  [
    "[web]\ndebug = no\n\njust words\n",
    'line 4: expected "name = value", got "just words"',
  ],
  ["[web]\n= yes\n", 'line 2: expected "name = value"'],
  ["[web]\n[mail]\n[web]\n", "line 3: section [web] appears twice"],
  [
    "[web]\ndebug = no\nDEBUG = yes\n",
    'line 3: option "debug" appears twice in [web]',
  ],
];

Deno.test("parseConfigIni() throws InvalidValueError naming the malformed line", () => {
  for (const [text, message] of MALFORMED) {
    assert.throws(() => parseConfigIni(text), (e: Error) => {
      assert.ok(e instanceof InvalidValueError);
      assert.equal(
        e.message.split("configuration at ")[1]?.startsWith(message),
        true,
        e.message,
      );
      return true;
    });
  }
});

const ROUNDUP_STYLE = `
# A hand-written file in the form configparser reads
[tracker]
web: http://tracker.example/
  ; comments never end a value
Name = Bug%%s

[mail]
domain = example.com
local_hostname = mx.%(domain)s
debug = %(HOME)s/mail.log

[web]
samesite_cookie_setting = strict
debug = True
custom_thing = kept
allowed_api_origins = https://a.example
  https://b.example

[DEFAULT]
language = de

[my_extension]
colour = blue
`;

Deno.test("parseConfigIni() reads files the way Roundup's configparser does", () => {
  const config = parseConfigIni(ROUNDUP_STYLE, { home: "/srv/tracker" });
  const cases: Array<[string, string, string]> = [
    ["tracker", "web", "http://tracker.example/"],
    ["tracker", "name", "Bug%s"],
    ["tracker", "email", "issue_tracker@example.com"],
    ["main", "admin_email", "roundup-admin@example.com"],
    ["mail", "local_hostname", "mx.example.com"],
    ["mail", "debug", "/srv/tracker/mail.log"],
    ["mail", "port", "25"],
    ["web", "samesite_cookie_setting", "Strict"],
    ["web", "debug", "yes"],
    ["web", "custom_thing", "kept"],
    ["web", "allowed_api_origins", "https://a.example\nhttps://b.example"],
    ["tracker", "language", "de"],
    ["mailgw", "language", ""],
    ["my_extension", "colour", "blue"],
  ];
  for (const [section, name, value] of cases) {
    assert.equal(config.get(section, name), value, name);
  }
  assert.equal(config.getBool("web", "debug"), true);
  assert.equal(config.getInt("mail", "port"), 25);
  assert.equal(config.getInt("main", "umask"), 2);
});

Deno.test("parseConfigIni() keeps unknown options and multi-line values through toIni()", () => {
  const again = parseConfigIni(parseConfigIni(ROUNDUP_STYLE).toIni());
  assert.equal(again.get("web", "custom_thing"), "kept");
  assert.equal(again.get("my_extension", "colour"), "blue");
  assert.equal(
    again.get("web", "allowed_api_origins"),
    "https://a.example\nhttps://b.example",
  );
  assert.equal(again.get("tracker", "name"), "Bug%s");
  assert.equal(again.get("tracker", "language"), "de");
});

Deno.test("TrackerConfig get() throws InvalidValueError for unset, unknown and invalid options", () => {
  const config = parseConfigIni("[web]\ndebug = perhaps\n[main]\numask = 9\n");
  const cases: Array<[string, string, RegExp]> = [
    [
      "tracker",
      "web",
      /^Cannot read option \[tracker\] web: it has no default, so it must be set$/,
    ],
    ["tracker", "email", /\[mail\] domain: it has no default/],
    [
      "web",
      "nonsense",
      /^Cannot read option \[web\] nonsense: it is unknown and not set$/,
    ],
    ["web", "debug", /\[web\] debug as yes or no: got "perhaps"/],
    ["main", "umask", /\[main\] umask as an octal number: got "9"/],
  ];
  for (const [section, name, message] of cases) {
    assert.throws(() => config.get(section, name), {
      name: "InvalidValueError",
      message,
    });
  }
  assert.throws(
    () => parseConfigIni("[a]\nx = 5%\n").get("a", "x"),
    InvalidValueError,
  );
  assert.throws(
    () => parseConfigIni("[a]\nx = %(y)s\n").get("a", "x"),
    /refers to "%\(y\)s"/,
  );
});

Deno.test("TrackerConfig set() checks known options and has() reports what get() can read", () => {
  const config = parseConfigIni("");
  assert.throws(
    () => config.set("nosy", "add_author", "always"),
    InvalidValueError,
  );
  config.set("nosy", "add_author", "YES");
  assert.equal(config.get("nosy", "add_author"), "yes");
  config.set("extra", "note", "50%");
  assert.equal(parseConfigIni(config.toIni()).get("extra", "note"), "50%");
  const has: Array<[string, string, boolean]> = [
    ["tracker", "web", false],
    ["tracker", "name", true],
    ["extra", "note", true],
    ["extra", "other", false],
  ];
  for (const [section, name, expected] of has) {
    assert.equal(config.has(section, name), expected, name);
  }
});
