import assert from "node:assert/strict";
import { InvalidValueError } from "../../store/mod.ts";
import { parsePyLiteral, PyDict, PyTuple } from "./py_literal.ts";
import { reprValue } from "./py_repr.ts";

Deno.test("parsePyLiteral() reads lists and tuples of plain strings however they are spaced", () => {
  const same: Array<[string, string]> = [
    ["[]", "[ ]"],
    ["{}", "{ }"],
    ["['1']", "[ '1' ]"],
    ["['1', '22', '333']", "['1','22' ,  '333',]"],
    ["('issue', '12', 'nosy')", "( 'issue','12', 'nosy' , )"],
    ["['a b', '']", '["a b", ""]'],
  ];
  for (const [fast, general] of same) {
    assert.deepEqual(parsePyLiteral(fast), parsePyLiteral(general), fast);
  }
  assert.deepEqual(parsePyLiteral("('a', 'b')"), new PyTuple(["a", "b"]));
  assert.deepEqual(parsePyLiteral("('a',)"), new PyTuple(["a"]));
  assert.equal(parsePyLiteral("('a')"), "a");
  assert.deepEqual(parsePyLiteral("['it\\'s', 'x']"), ["it's", "x"]);
  assert.deepEqual(parsePyLiteral("{}"), new PyDict([]));
  assert.throws(() => parsePyLiteral("['a', 'b'"), InvalidValueError);
  assert.throws(() => parsePyLiteral("['a' 'b']"), InvalidValueError);
});

Deno.test("reprValue() shows numbers too large for a float as Python does (inf), for messages", () => {
  assert.equal(reprValue(parsePyLiteral("[1e999, -1e999]")), "[inf, -inf]");
  assert.equal(reprValue(NaN), "nan");
});
