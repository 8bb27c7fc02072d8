/**
 * @module
 * `roundup mailgw [-c class] [[-C class] -S [class.]prop=value]* HOME [method [spec [mailbox]]]`:
 * the mail gateway. Reads one mail on standard input, a Unix mailbox, or a POP3/IMAP server,
 * turns each into tracker changes, bounces failures to their senders and keeps them.
 */
import { join, resolve } from "node:path";
import { type Command, UsageError, VERSION } from "../cli.ts";
import { openTracker } from "../tracker/home.ts";
import { createMailer } from "../tracker/mailer.ts";
import { parseMailgwArgs } from "./cli_args.ts";
import {
  parseSourceArgs,
  runSourceBatched,
  SOURCE_FORMS,
  type SourceSpec,
} from "./sources.ts";
import { deliverBatch, keepForAdmin } from "./deliver.ts";

/** Mails handled (and committed) together. */
const BATCH = 10;

const USAGE = `USAGE:
  roundup mailgw [-c CLASS] [[-C CLASS] -S [CLASS.]PROP=VALUE[;PROP=VALUE]]* HOME [METHOD SPEC [MAILBOX]]

With only HOME, one mail is read from standard input. Methods:
${SOURCE_FORMS}

OPTIONS:
  -c, --default-class CLASS   class of items new mail creates (else [mailgw] default_class)
  -C, --class CLASS           class for the -S options that follow
  -S, --set-value VALUES      set properties on what each mail creates or changes
  -v, --version               print the version
  -h, --help                  show this help

EXAMPLES:
  roundup mailgw /srv/tracker < message.eml
  roundup mailgw /srv/tracker mailbox /var/mail/tracker
  roundup mailgw -C issue -S priority=urgent /srv/tracker imaps bot@mail.example.com INBOX
`;

/** `roundup mailgw`. */
export const mailgwCommand: Command = {
  name: "mailgw",
  summary: "the mail gateway: turn incoming mail into issues and messages",
  usage: USAGE,
  async run(args, ctx) {
    let parsed, spec: SourceSpec;
    try {
      parsed = parseMailgwArgs(args);
      if (parsed.help) return (ctx.io.out(USAGE), 0);
      if (parsed.version) return (ctx.io.out(`${VERSION}\n`), 0);
      const [home = ctx.env.ROUNDUP_INSTANCE, method, ...rest] =
        parsed.positionals;
      if (!home) {
        throw new UsageError(
          "The instance home must be specified (as the first argument or in ROUNDUP_INSTANCE)",
        );
      }
      parsed.positionals[0] = resolve(home);
      spec = method ? parseSourceArgs(method, rest) : { kind: "stdin" };
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      // As roundup-mailgw: the usage, then one "Error:" line, and status 1.
      ctx.io.err(`${USAGE}\nError: ${e.message}\n`);
      return 1;
    }
    const home = parsed.positionals[0]!;
    const t = await openTracker(home).catch((e: Error) => e);
    if (t instanceof Error) return (ctx.io.err(`Error: ${t.message}\n`), 1);
    try {
      const mailer = createMailer(t.config, ctx.env, { home });
      const opts = {
        defaultClass: parsed.defaultClass,
        setFields: parsed.setFields,
        mailer,
      };
      let unsettled = 0;
      const result = await runSourceBatched(spec, async (mails) => {
        const outcomes = await deliverBatch(t, mailer, mails, opts);
        for (const [i, outcome] of outcomes.entries()) {
          if (outcome.ok) continue;
          if (!outcome.settled) unsettled++;
          ctx.io.err(outcome.line + "\n");
          if (spec.kind === "stdin") {
            ctx.io.err(
              `saved as ${await keepForAdmin(
                home,
                mails[i]!.raw,
                Date.now(),
              )}\n`,
            );
          }
        }
        return outcomes.map((o) => o.ok);
      }, {
        batchSize: BATCH,
        lockFile: join(home, "mailgw.lock"),
        password: async () => (await ctx.io.readLine("Password: ")) ?? "",
        user: async () => (await ctx.io.readLine("User: ")) ?? "",
      });
      if (result.failed > 0) {
        ctx.io.err(
          `${result.handled} handled, ${result.failed} kept because they failed\n`,
        );
      }
      // A mail bounced to its sender has been dealt with: only mail that a later run might still
      // handle makes the status non-zero, so an MTA piping mail in retries just that.
      return unsettled > 0 ? 1 : 0;
    } catch (e) {
      ctx.io.err(`Error: ${(e as Error).message}\n`);
      return 1;
    } finally {
      t.close();
    }
  },
};

/** Mail sources and delivery, for entry points that poll without a command line (Deno Deploy). */
export { parseSourceArgs, runSourceBatched } from "./sources.ts";
/** Delivers a batch of mails to a tracker (what `roundup mailgw` does with each batch). */
export { deliverBatch } from "./deliver.ts";
