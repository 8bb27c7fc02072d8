/**
 * Runs the bundled Deploy entry (its URL is the first argument) as Deploy would, and on each
 * "poll" line on standard input runs its cron handler once, printing "polled" when done.
 */
const entry = await import(Deno.args[0]!) as { pollMail(): Promise<void> };
const lines = Deno.stdin.readable.pipeThrough(new TextDecoderStream());
let buffered = "";
for await (const chunk of lines) {
  buffered += chunk;
  let i;
  while ((i = buffered.indexOf("\n")) >= 0) {
    const line = buffered.slice(0, i).trim();
    buffered = buffered.slice(i + 1);
    if (line === "poll") {
      await entry.pollMail();
      await Deno.stdout.write(new TextEncoder().encode("polled\n"));
    }
  }
}
