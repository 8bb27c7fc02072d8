import assert from "node:assert/strict";
import { InvalidValueError } from "../store/mod.ts";
import { parseSchemaFile } from "./schema_file.ts";
import { checkConfigValues } from "./config_check.ts";
import { parseConfigIni } from "./config.ts";

Deno.test("parseSchemaFile() names the file and the problem: bad JSON, bad permission, unknown detector", () => {
  const cases: Array<[string, RegExp]> = [
    [
      '{"classes": [',
      /^Cannot read the schema "s.json": it is not valid JSON \(/,
    ],
    [
      JSON.stringify({
        classes: [],
        permissions: [{ name: "Edit", klass: "x", roles: [] }],
      }),
      /^Cannot use the schema "s.json": Cannot define permission "Edit": no class named "x"$/,
    ],
    [
      JSON.stringify({ classes: [], detectors: ["nosuch"] }),
      /^Cannot use the schema "s.json": There is no detector "nosuch"; the built-in detectors are /,
    ],
  ];
  for (const [text, re] of cases) {
    assert.throws(() => parseSchemaFile(text, "s.json"), (e: Error) => {
      assert.ok(e instanceof InvalidValueError);
      assert.match(e.message, re);
      return true;
    });
  }
  assert.deepEqual(parseSchemaFile('{"classes": []}', "s.json"), {
    classes: [],
  });
});

Deno.test("checkConfigValues() refuses a value of the wrong kind, naming the file and option", () => {
  const config = parseConfigIni("[web]\ndebug = maybe\n");
  assert.throws(
    () => checkConfigValues(config, "/t/config.ini"),
    /^InvalidValueError: Cannot use "\/t\/config.ini": Cannot read option \[web\] debug as yes or no: got "maybe"/,
  );
  const size = parseConfigIni("[main]\nmax_file_size = 10MB\n");
  assert.throws(
    () => checkConfigValues(size, "c.ini"),
    /\[main\] max_file_size as a whole number: got "10MB"/,
  );
  // Unset required options and addresses wait until they are used.
  checkConfigValues(parseConfigIni("[main]\nadmin_email = root\n"), "c.ini");
});
