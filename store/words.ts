/** Full-text tokenising: which words of a text go into the word index. */

const STOPWORDS = new Set(
  "A AND ARE AS AT BE BUT BY FOR IF IN INTO IS IT NO NOT OF ON OR SUCH THAT THE THEIR THEN THERE THESE THEY THIS TO WAS WILL WITH"
    .split(" "),
);
const MIN_LENGTH = 2;
const MAX_LENGTH = 50;
/** What separates words: anything but letters, digits and "_". */
const NOT_WORD = /[^\p{L}\p{N}_]+/u;

/** The distinct, upper-cased index words of a text (stop words and odd lengths left out). */
export function indexWords(text: string): string[] {
  const out = new Set<string>();
  // split() allocates less than matchAll(), and tokenising is much of what import does.
  for (const w of text.toUpperCase().split(NOT_WORD)) {
    if (w.length < MIN_LENGTH || w.length > MAX_LENGTH || STOPWORDS.has(w)) {
      continue;
    }
    out.add(w);
  }
  return [...out];
}

/** The words of a search query, upper-cased, as indexWords would store them. */
export function queryWords(query: string): string[] {
  return indexWords(query);
}
