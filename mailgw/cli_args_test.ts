import assert from "node:assert/strict";
import { parseMailgwArgs, parseSetValue } from "./cli_args.ts";

Deno.test("parseSetValue() reads [class.]prop=value[;prop=value]", () => {
  const cases: Array<[string, string | undefined, unknown]> = [
    ["priority=bug", undefined, [{ prop: "priority", value: "bug" }]],
    ["issue.priority=bug;status=chatting", undefined, [
      { prop: "priority", value: "bug", cls: "issue" },
      { prop: "status", value: "chatting", cls: "issue" },
    ]],
    ["keyword=a,b", "issue", [{ prop: "keyword", value: "a,b", cls: "issue" }]],
    ["title=v1.2=final", undefined, [{ prop: "title", value: "v1.2=final" }]],
  ];
  for (const [text, cls, want] of cases) {
    assert.deepEqual(parseSetValue(text, cls), want, text);
  }
  assert.throws(
    () => parseSetValue("nothing"),
    /expected \[class\.\]property=value/,
  );
});

Deno.test("parseMailgwArgs() keeps -C for the -S options after it", () => {
  const a = parseMailgwArgs([
    "-C",
    "issue",
    "-S",
    "priority=bug",
    "-c",
    "task",
    "--set-value=msg.type=x",
    "home",
    "pop",
    "u@h",
  ]);
  assert.deepEqual(a.setFields, [{
    prop: "priority",
    value: "bug",
    cls: "issue",
  }, { prop: "type", value: "x", cls: "msg" }]);
  assert.equal(a.defaultClass, "task");
  assert.deepEqual(a.positionals, ["home", "pop", "u@h"]);
  assert.throws(() => parseMailgwArgs(["-x"]), /Unknown option -x/);
  assert.throws(() => parseMailgwArgs(["-S"]), /needs a value/);
});
