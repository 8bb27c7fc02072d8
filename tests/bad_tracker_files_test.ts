/**
 * A tracker home with a broken schema.json or config.ini, opened by real `roundup admin`,
 * `roundup server` and `roundup mailgw` processes: each must stop with a non-zero status and one
 * line that names the file and what is wrong in it, never a TypeError or a stack trace.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { installTracker } from "../tracker/home.ts";

const MAIN = fileURLToPath(new URL("../main.ts", import.meta.url));

async function roundup(args: string[], stdin?: string) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  if (stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(stdin));
    await w.close();
  }
  const r = await child.output();
  const dec = new TextDecoder();
  return { code: r.code, text: dec.decode(r.stdout) + dec.decode(r.stderr) };
}

// deno-lint-ignore no-explicit-any
type Edit = (schema: { classes: Array<Record<string, any>> }) => unknown;

const SCHEMA_CASES: Array<[string, Edit | string, RegExp]> = [
  ["bad JSON", '{"classes": [', /not valid JSON/],
  ["a property of an unknown type", (s) => {
    s.classes[0]!.properties.name.type = "Strin";
  }, /"priority\.name" has the type "Strin": the types are String/],
  ["a Link to a missing class", (s) => {
    s.classes.find((c) => c.name === "issue")!.properties.status.class =
      "sttus";
  }, /"issue\.status" links to unknown class "sttus"/],
  ["a class without properties", (s) => {
    delete s.classes[0]!.properties;
  }, /Class "priority": "properties" is missing/],
  [
    "classes that are not a list",
    (s) => ({ ...s, classes: {} }),
    /"classes" must be a list/,
  ],
];

const CONFIG_CASES: Array<[string, (ini: string) => string, RegExp]> = [
  [
    "a line without =",
    (ini) => ini + "\ngarbage line\n",
    /config\.ini" at line \d+: expected "name = value"/,
  ],
  [
    "a boolean that is not one",
    (ini) => ini.replace(/^debug = .*$/m, "debug = maybe"),
    /\[web\] debug as yes or no: got "maybe"/,
  ],
];

Deno.test("roundup admin, server and mailgw stop with one clear line on a broken schema.json or config.ini", async () => {
  const dir = await Deno.makeTempDir({ prefix: "bad-files-" });
  const home = join(dir, "t");
  try {
    await installTracker(home, {
      settings: {
        tracker_web: "http://localhost:8080/t/",
        mail_domain: "example.com",
        mail_host: "localhost",
      },
    });
    const schemaFile = join(home, "schema.json");
    const configFile = join(home, "config.ini");
    const goodSchema = await Deno.readTextFile(schemaFile);
    const goodConfig = await Deno.readTextFile(configFile);
    const cases: Array<[string, string, string, RegExp]> = [
      ...SCHEMA_CASES.map(
        ([what, edit, re]): [string, string, string, RegExp] => {
          if (typeof edit === "string") return [what, edit, goodConfig, re];
          const s = JSON.parse(goodSchema);
          return [what, JSON.stringify(edit(s) ?? s), goodConfig, re];
        },
      ),
      ...CONFIG_CASES.map((
        [what, edit, re],
      ): [string, string, string, RegExp] => [
        what,
        goodSchema,
        edit(goodConfig),
        re,
      ]),
    ];
    for (const [what, schema, config, re] of cases) {
      await Deno.writeTextFile(schemaFile, schema);
      await Deno.writeTextFile(configFile, config);
      const file = schema === goodSchema ? configFile : schemaFile;
      const runs = await Promise.all([
        roundup(["admin", "-i", home, "list", "issue"]),
        roundup(["server", "-p", "0", "-n", "127.0.0.1", `t=${home}`]),
        roundup(
          ["mailgw", home],
          "From: a@example.com\nSubject: hi\n\nhello\n",
        ),
      ]);
      for (const [i, r] of runs.entries()) {
        const label = `${["admin", "server", "mailgw"][i]} with ${what}`;
        assert.notEqual(r.code, 0, `${label}: exit status 0\n${r.text}`);
        const lines = r.text.trim().split("\n");
        assert.equal(lines.length, 1, `${label}: not one line:\n${r.text}`);
        assert.ok(
          lines[0]!.includes(`"${file}"`),
          `${label}: does not name ${file}: ${r.text}`,
        );
        assert.match(lines[0]!, re, label);
        assert.doesNotMatch(r.text, /TypeError|\bat .*:\d+:\d+/, label);
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
