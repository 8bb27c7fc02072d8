import type { OptionRow } from "./_config_options.ts";

const CSRF = ["required", "yes", "logfailure", "no"];

function csrfHeader(header: string, help: string): OptionRow {
  return {
    name: `csrf_enforce_header_${header}`,
    default: "yes",
    help: help +
      "\nrequired and yes refuse a bad header, required also a missing one;\n" +
      "logfailure only logs, no skips the check.",
    kind: "choice",
    choices: CSRF,
  };
}

function translate(api: string): OptionRow {
  return {
    name: `translate_${api}`,
    default: "no",
    help:
      `Translate ${api} messages into the language of the browser, the tracker\n` +
      "or the environment, in that order.",
    kind: "boolean",
  };
}

/** The [web] section: web interface, REST and XML-RPC. */
export const WEB_OPTIONS: readonly OptionRow[] = [
  {
    name: "allow_html_file",
    default: "no",
    help:
      "Serve uploaded HTML files as HTML. Their scripts then run in the tracker's\n" +
      "pages, so only allow this if every user who can upload is trusted.",
    kind: "boolean",
  },
  {
    name: "http_auth",
    default: "yes",
    help:
      "Accept users that the web server authenticated (REMOTE_USER or the header\n" +
      "below) and HTTP Basic authentication.",
    kind: "boolean",
  },
  {
    name: "http_auth_header",
    default: "",
    help:
      "Request header with the user name set by an authenticating front end;\n" +
      "empty means REMOTE_USER.",
  },
  {
    name: "dynamic_compression",
    default: "yes",
    help:
      "Compress responses on the fly for clients that accept it. Turn this off\n" +
      "when a front-end server compresses already.",
    kind: "boolean",
  },
  {
    name: "use_precompressed_files",
    default: "no",
    help:
      "Serve a static file from a compressed copy (.gzip, .br or .zstd) placed\n" +
      "next to it, when there is one.",
    kind: "boolean",
  },
  {
    name: "http_auth_convert_realm_to_lowercase",
    default: "no",
    help:
      "Lowercase the realm of a REMOTE_USER such as user@REALM before matching\n" +
      "it to a user name, for Kerberos realms written in capitals.",
    kind: "boolean",
  },
  {
    name: "cookie_takes_precedence",
    default: "no",
    help:
      "When a request has both a session cookie and web server authentication,\n" +
      "act as the cookie's user, for example to work as another user.",
    kind: "boolean",
  },
  {
    name: "login_attempts_min",
    default: "3",
    help:
      "Failed logins allowed per user per minute before a pause is enforced;\n" +
      "0 turns the limit off.",
    kind: "integer",
  },
  {
    name: "registration_delay",
    default: "4",
    help: "Seconds that must pass between showing the registration form and\n" +
      "submitting it, to slow down bots; 0 turns the check off.",
    kind: "integer",
  },
  {
    name: "registration_prevalidate_username",
    default: "no",
    help:
      "Check that a user name is free before sending the confirmation mail.\n" +
      "This tells strangers which names exist.",
    kind: "boolean",
  },
  {
    name: "samesite_cookie_setting",
    default: "Lax",
    help:
      "SameSite attribute of the session cookie. Strict guards best against\n" +
      "forged requests but drops the login on links from elsewhere; None omits it.",
    kind: "choice",
    choices: ["Strict", "Lax", "None"],
  },
  {
    name: "enable_xmlrpc",
    default: "yes",
    help: "Serve the XML-RPC API at xmlrpc below the tracker address.",
    kind: "boolean",
  },
  translate("xmlrpc"),
  {
    name: "enable_rest",
    default: "yes",
    help: "Serve the REST API at rest below the tracker address.",
    kind: "boolean",
  },
  translate("rest"),
  {
    name: "rest_logging",
    default: "none",
    help: "Level at which errors of the REST API are logged.",
    kind: "choice",
    choices: ["none", "debug", "info", "warning", "error", "critical"],
  },
  {
    name: "api_calls_per_interval",
    default: "0",
    help:
      "API calls a client may make per api_interval_in_sec; later calls get\n" +
      "HTTP 429 until the budget refills. 0 means no limit.",
    kind: "integer",
  },
  {
    name: "api_interval_in_sec",
    default: "3600",
    help: "Length in seconds of the window for api_calls_per_interval.",
    kind: "integer",
    min: 1,
  },
  {
    name: "api_failed_login_limit",
    default: "4",
    help: "Failed API logins allowed per api_failed_login_interval_in_sec;\n" +
      "0 turns the limit off, which is unwise.",
    kind: "integer",
  },
  {
    name: "api_failed_login_interval_in_sec",
    default: "600",
    help: "Length in seconds of the window for api_failed_login_limit.",
    kind: "integer",
    min: 1,
  },
  {
    name: "use_tokenless_csrf_protection",
    default: "no",
    help:
      "Guard against forged requests without tokens in forms. The csrf_*\n" +
      "options below are then ignored.",
    kind: "boolean",
  },
  {
    name: "allowed_api_origins",
    default: "",
    help:
      'Extra Origin header values (scheme://host, compared exactly) to accept; "*"\n' +
      "in first place accepts any. With token protection they apply to the API only.",
  },
  {
    name: "csrf_enforce_token",
    default: "yes",
    help:
      "Checking of the @csrf token in posted forms: required refuses a missing\n" +
      "or bad token, yes only a bad one, logfailure only logs, no skips the check.",
    kind: "choice",
    choices: CSRF,
  },
  {
    name: "csrf_token_lifetime",
    default: "20160",
    help: "Minutes an unused form token stays valid; the default is two weeks.",
    kind: "integer",
  },
  {
    name: "csrf_enforce_header_x-requested-with",
    default: "yes",
    help:
      "For API requests, require an X-Requested-With header (any value):\n" +
      "required and yes refuse a request without one, logfailure and no accept it.",
    kind: "choice",
    choices: CSRF,
  },
  csrfHeader("referer", "Check that the Referer header matches [tracker] web."),
  csrfHeader("origin", "Check that the Origin header matches [tracker] web."),
  csrfHeader(
    "x-forwarded-host",
    "Check that the X-Forwarded-Host header matches the host of [tracker] web.",
  ),
  csrfHeader(
    "host",
    "If X-Forwarded-Host is absent, check Host against the host of [tracker] web.",
  ),
  {
    name: "csrf_header_min_count",
    default: "1",
    help:
      "How many of the header checks above must pass; 0 accepts a request even\n" +
      "when none do.",
    kind: "integer",
  },
  {
    name: "use_browser_language",
    default: "yes",
    help: "Pick the language from the browser's Accept-Language header.",
    kind: "boolean",
  },
  {
    name: "debug",
    default: "no",
    help:
      "Show error tracebacks in the browser instead of mailing them to the admin.",
    kind: "boolean",
  },
  {
    name: "login_empty_passwords",
    default: "no",
    help:
      "Let users whose password is empty log in through the web and the API.",
    kind: "boolean",
  },
  {
    name: "migrate_passwords",
    default: "yes",
    help:
      "When a user logs in on the web, rehash a password stored with a weaker\n" +
      "scheme or fewer rounds than current.",
    kind: "boolean",
  },
  {
    name: "secret_key",
    default: "",
    help:
      "Secret mixed into item etags so they do not reveal hidden values. Keep it\n" +
      "fixed: a new one invalidates the etags clients hold. Without it, each start\n" +
      "makes a random one.",
    kind: "token",
  },
  {
    name: "jwt_secret",
    default: "disabled",
    help:
      "Comma-separated secrets for JSON web tokens: the first signs, all verify.\n" +
      "Tokens are disabled while the first is shorter than 32 characters.",
  },
  {
    name: "use_browser_date_input",
    default: "no",
    help: "Give Date properties the browser's date picker (input type\n" +
      "datetime-local or date) instead of a text field.",
    kind: "boolean",
  },
  {
    name: "use_browser_number_input",
    default: "no",
    help:
      "Give Number and Integer properties an input of type number instead of text.",
    kind: "boolean",
  },
];
