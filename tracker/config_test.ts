import assert from "node:assert/strict";
import {
  CONFIG_OPTIONS,
  DETECTOR_OPTIONS,
  parseConfigIni,
  parseDetectorsConfigIni,
  renderConfigIni,
  renderDetectorsConfigIni,
  resolveOptionKey,
} from "./config.ts";

// Option names of Roundup 2.6's config.ini in file order, from `roundup-admin install`
// (less [rdbms] and [sessiondb], which Deno KV has no use for; plus our max_file_size).
const ROUNDUP_NAMES: Record<string, string> = {
  main:
    "database template_engine templates static_files admin_email dispatcher_email " +
    "email_from_tag new_web_user_roles new_email_user_roles obsolete_history_roles " +
    "error_messages_to html_version timezone instant_registration " +
    "email_registration_confirmation indexer indexer_language indexer_stopwords max_file_size umask " +
    "csv_field_size password_pbkdf2_default_rounds",
  tracker: "name web email replyto_address language",
  web: "allow_html_file http_auth http_auth_header dynamic_compression " +
    "use_precompressed_files http_auth_convert_realm_to_lowercase cookie_takes_precedence " +
    "login_attempts_min registration_delay registration_prevalidate_username " +
    "samesite_cookie_setting enable_xmlrpc translate_xmlrpc enable_rest translate_rest " +
    "rest_logging api_calls_per_interval api_interval_in_sec api_failed_login_limit " +
    "api_failed_login_interval_in_sec use_tokenless_csrf_protection allowed_api_origins " +
    "csrf_enforce_token csrf_token_lifetime csrf_enforce_header_x-requested-with " +
    "csrf_enforce_header_referer csrf_enforce_header_origin " +
    "csrf_enforce_header_x-forwarded-host csrf_enforce_header_host csrf_header_min_count " +
    "use_browser_language debug login_empty_passwords migrate_passwords secret_key " +
    "jwt_secret use_browser_date_input use_browser_number_input",
  logging: "config filename level format disable_loggers",
  mail:
    "domain host username password port local_hostname tls tls_keyfile tls_certfile " +
    "charset debug add_authorinfo add_authoremail",
  mailgw: "keep_quoted_text leave_body_unchanged default_class language " +
    "subject_prefix_parsing subject_suffix_parsing subject_suffix_delimiters " +
    "subject_content_match subject_updates_title refwd_re origmsg_re sign_re eol_re " +
    "blankline_re unpack_rfc822 ignore_alternatives convert_htmltotext keep_real_from",
  pgp: "enable roles homedir encrypt require_incoming",
  nosy:
    "messages_to_author signature_position add_author add_recipients email_sending " +
    "max_attachment_size",
  markdown: "break_on_newline",
};

Deno.test("CONFIG_OPTIONS lists Roundup's sections and options in Roundup's order", () => {
  const names: Record<string, string[]> = {};
  for (const o of CONFIG_OPTIONS) (names[o.section] ??= []).push(o.name);
  const expected = Object.entries(ROUNDUP_NAMES).map((
    [s, list],
  ) => [s, list.split(" ")]);
  assert.deepEqual(Object.entries(names), expected);
  for (const o of CONFIG_OPTIONS) {
    assert.ok(o.help.split("\n").length <= 3, o.name);
  }
});

// Defaults as written by `roundup-admin install classic` (raw ini text).
const ROUNDUP_DEFAULTS: Array<[string, string, string]> = [
  ["main", "database", "db"],
  ["main", "admin_email", "roundup-admin"],
  ["main", "timezone", "0"],
  ["main", "umask", "0o2"],
  ["main", "password_pbkdf2_default_rounds", "250000"],
  ["tracker", "name", "Roundup issue tracker"],
  ["tracker", "email", "issue_tracker"],
  ["web", "http_auth", "yes"],
  ["web", "samesite_cookie_setting", "Lax"],
  ["web", "csrf_token_lifetime", "20160"],
  ["web", "jwt_secret", "disabled"],
  ["logging", "level", "ERROR"],
  [
    "logging",
    "format",
    "%%(asctime)s %%(trace_id)s %%(levelname)s %%(message)s",
  ],
  ["mail", "port", "25"],
  ["mail", "charset", "utf-8"],
  ["mail", "add_authorinfo", "yes"],
  ["mailgw", "keep_quoted_text", "yes"],
  ["mailgw", "leave_body_unchanged", "no"],
  ["mailgw", "default_class", "issue"],
  ["mailgw", "subject_prefix_parsing", "strict"],
  ["mailgw", "subject_suffix_delimiters", "[]"],
  ["mailgw", "subject_content_match", "always"],
  ["mailgw", "refwd_re", String.raw`(\s*\W?\s*(fw|fwd|re|aw|sv|ang)\W)+`],
  ["mailgw", "sign_re", String.raw`^[>|\s]*-- ?$`],
  ["pgp", "require_incoming", "signed"],
  ["nosy", "messages_to_author", "no"],
  ["nosy", "signature_position", "bottom"],
  ["nosy", "add_author", "new"],
  ["nosy", "add_recipients", "new"],
  ["nosy", "email_sending", "single"],
  ["nosy", "max_attachment_size", "9223372036854775807"],
  ["markdown", "break_on_newline", "no"],
];

Deno.test("renderConfigIni() writes Roundup's defaults", () => {
  const text = renderConfigIni();
  for (const [section, name, value] of ROUNDUP_DEFAULTS) {
    const block = text.split(`\n[${section}]\n`)[1]!.split("\n[")[0]!;
    assert.ok(
      block.includes(`\n# Default: ${value}\n${name} = ${value}\n`),
      `${section}.${name}`,
    );
  }
});

Deno.test("renderConfigIni() comments out options that have no default and lists them on top", () => {
  const text = renderConfigIni();
  for (const name of ["web", "domain", "host", "password"]) {
    assert.match(
      text,
      new RegExp(`\\n# Default: NO DEFAULT\\n#${name} = NO DEFAULT\\n`),
    );
  }
  assert.ok(text.startsWith("# Roundup issue tracker configuration file\n#\n"));
  assert.match(text, /^# {2}\[tracker\] web\n# {2}\[mail\] domain, host\n/m);
  const done = renderConfigIni({
    tracker_web: "http://x/",
    mail_domain: "x",
    mail_host: "x",
  });
  assert.doesNotMatch(done, /must be set/);
  const withLogin = renderConfigIni({
    tracker_web: "http://x/",
    mail_domain: "x",
    MAILHOST: "x",
    mail_username: "u",
  });
  assert.match(withLogin, /^# {2}\[mail\] password$/m);
});

Deno.test("renderConfigIni() puts help, allowed values and the default above each option", () => {
  const text = renderConfigIni({ "web.debug": "yes" });
  assert.match(
    text,
    /\n# Show error tracebacks in the browser [^\n]+\n# Allowed values: yes, no\n# Default: no\ndebug = yes\n/,
  );
});

const VALUES: Record<string, string> = {
  tracker_web: "https://tracker.example/demo/",
  TRACKER_NAME: "Demo % tracker",
  mail_domain: "example.com",
  MAILHOST: "smtp.example.com",
  mail_port: "587",
  "mailgw.keep_quoted_text": "new",
  nosy_messages_to_author: "nosy",
  "logging.format": "%(levelname)s: %(message)s",
  web_secret_key: "s3cret",
  timezone: "Europe/Warsaw",
};

Deno.test("renderConfigIni() output parses back with the same values", () => {
  const config = parseConfigIni(renderConfigIni(VALUES));
  for (const [key, value] of Object.entries(VALUES)) {
    const { section, name } = resolveOptionKey(key);
    assert.equal(config.get(section, name), value, key);
  }
  const defaults = parseConfigIni(
    renderConfigIni({ tracker_web: "http://x/", mail_domain: "x" }),
  );
  for (const o of CONFIG_OPTIONS) {
    if (o.required || o.kind === "token" || o.kind === "email") continue;
    assert.equal(
      defaults.get(o.section, o.name),
      o.default,
      `${o.section}.${o.name}`,
    );
  }
});

Deno.test("renderConfigIni() makes a new random secret_key each time unless given one", () => {
  const a = parseConfigIni(renderConfigIni()).get("web", "secret_key");
  const b = parseConfigIni(renderConfigIni()).get("web", "secret_key");
  assert.match(a, /^[A-Za-z0-9+/]{43}=$/);
  assert.notEqual(a, b);
  const unset = parseConfigIni("[web]\n");
  assert.equal(unset.get("web", "secret_key"), unset.get("web", "secret_key"));
});

Deno.test("renderConfigIni() refuses values Roundup would refuse", () => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [
      { tracker_web: "tracker.example" },
      /starts with http:\/\/ or https:\/\/ and ends with "\/"/,
    ],
    [{ tracker_web: "http://tracker.example" }, /ends with "\/"/],
    [{ web_debug: "maybe" }, /\[web\] debug as yes or no/],
    [{ mail_port: "smtp" }, /\[mail\] port as a whole number/],
    [{ web_api_interval_in_sec: "0" }, /at least 1/],
    [{ mailgw_keep_quoted_text: "sometimes" }, /expected one of yes, no, new/],
    [{ web_secret_key: "" }, /non-empty secret/],
  ];
  for (const [values, message] of cases) {
    assert.throws(() => renderConfigIni(values), message);
  }
});

const KEYS: Array<[string, string, string]> = [
  ["tracker_web", "tracker", "web"],
  ["TRACKER_WEB", "tracker", "web"],
  ["mail_domain", "mail", "domain"],
  ["MAILHOST", "mail", "host"],
  ["web.debug", "web", "debug"],
  ["Web.Debug", "web", "debug"],
  ["web_debug", "web", "debug"],
  ["main.database", "main", "database"],
  ["database", "main", "database"],
  ["DEFAULT_TIMEZONE", "main", "timezone"],
  ["MESSAGES_TO_AUTHOR", "nosy", "messages_to_author"],
  ["ADD_AUTHOR_TO_NOSY", "nosy", "add_author"],
  ["EMAIL_KEEP_QUOTED_TEXT", "mailgw", "keep_quoted_text"],
  ["mailgw_subject_prefix_parsing", "mailgw", "subject_prefix_parsing"],
  [
    "web_csrf_enforce_header_X-REQUESTED-WITH",
    "web",
    "csrf_enforce_header_x-requested-with",
  ],
];

Deno.test("resolveOptionKey() accepts section.option, Roundup's install names and aliases", () => {
  for (const [key, section, name] of KEYS) {
    assert.deepEqual(resolveOptionKey(key), { section, name }, key);
  }
  for (const o of CONFIG_OPTIONS) {
    const key = o.section === "main" ? o.name : `${o.section}_${o.name}`;
    assert.deepEqual(resolveOptionKey(key), {
      section: o.section,
      name: o.name,
    }, key);
  }
});

Deno.test("resolveOptionKey() throws InvalidValueError for an unknown option", () => {
  const cases: Array<[string, RegExp]> = [
    [
      "bogus",
      /^Unknown configuration option "bogus": expected a name such as "tracker_web"/,
    ],
    ["web.bogus", /"web\.bogus"/],
    ["main_database", /"main_database"/],
    ["web_csrf_enforce_header_x_requested_with", /x_requested_with/],
    [
      "rdbms_backend",
      /the \[rdbms\] and \[sessiondb\] sections do not apply to Deno KV$/,
    ],
  ];
  for (const [key, message] of cases) {
    assert.throws(() => resolveOptionKey(key), {
      name: "InvalidValueError",
      message,
    });
  }
});

Deno.test("renderDetectorsConfigIni() writes the classic detectors' options with their defaults", () => {
  assert.deepEqual(
    DETECTOR_OPTIONS.map((o) => [o.section, o.name, o.default]),
    [
      ["statusauditor", "chatting_requires_two_users", "False"],
    ],
  );
  const text = renderDetectorsConfigIni();
  assert.ok(text.startsWith("# "));
  assert.match(
    text,
    /\n\[statusauditor\]\n\n#[^\n]*\n[^]*# Default: False\nchatting_requires_two_users = False\n$/,
  );
  assert.equal(
    parseDetectorsConfigIni(text).getBool(
      "statusauditor",
      "chatting_requires_two_users",
    ),
    false,
  );
  const set = parseDetectorsConfigIni(
    "[statusauditor]\nchatting_requires_two_users = yes\n",
  );
  assert.equal(
    set.getBool("statusauditor", "chatting_requires_two_users"),
    true,
  );
});
