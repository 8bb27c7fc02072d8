import assert from "node:assert/strict";
import { indexWords } from "./words.ts";

const CASES: Array<[string, string[]]> = [
  ["The login fails", ["LOGIN", "FAILS"]],
  ["a b cc", ["CC"]],
  ["Grüße aus Köln, köln!", ["GRÜSSE", "AUS", "KÖLN"]],
  ["x".repeat(51) + " ok", ["OK"]],
  ["is it not THIS", []],
  ["error_code 404 404", ["ERROR_CODE", "404"]],
];

Deno.test("indexWords() keeps distinct words of 2 to 50 characters and drops stop words", () => {
  for (const [text, words] of CASES) {
    assert.deepEqual(indexWords(text), words, text);
  }
});
