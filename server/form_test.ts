import assert from "node:assert/strict";
import { readForm } from "./form.ts";

Deno.test("readForm() keeps fields named constructor, __proto__ and toString as plain fields", async () => {
  const body = new URLSearchParams([
    ["constructor", "a"],
    ["__proto__", "b"],
    ["toString", "c"],
    ["toString", "d"],
  ]);
  const form = await readForm(
    new Request("http://x/", { method: "POST", body }),
  );
  assert.deepEqual(form.constructor, ["a"]);
  assert.deepEqual(form["__proto__"], ["b"]);
  assert.deepEqual(form.toString, ["c", "d"]);
  assert.deepEqual(Object.keys(form), ["constructor", "__proto__", "toString"]);
});
