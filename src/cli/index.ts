#!/usr/bin/env node
// convex-agent-workflows: start, watch, list and answer an app's workflow
// runs from a terminal or a script, on a deployment (--url) or on the
// offline runtime of the app's own convex/ folder (the default).
import {
  Command,
  CommanderError,
  InvalidArgumentError,
  Option,
} from "commander";
import {
  cancelCommand,
  eventsCommand,
  getCommand,
  inboxCommand,
  listCommand,
  restartCommand,
  runCommand,
  signalCommand,
  watchToEnd,
  type Presentation,
} from "./commands.js";
import { RUN_STATUSES, type RunStatus } from "../shared/validators.js";
import { DEFAULT_API_MODULE } from "./api.js";
import { CliError, describeError, EXIT, type ExitCode } from "./exitCodes.js";
import { parseJsonOption } from "./input.js";
import { err, exit, onInterrupt, out } from "./io.js";
import { hostRuntime } from "./offlineHost.js";
import { outputMode } from "./render.js";
import {
  connect,
  resolveAppDir,
  type Target,
  type TargetOptions,
} from "./target.js";

/** The global options, as commander parses them: the target's and the output's. */
type GlobalOptions = TargetOptions & { json?: boolean; prompt: boolean };

const EXIT_CODES_HELP = `
Exit codes:
  0    done; a watched run completed
  1    a watched run failed
  2    bad usage or input (unknown option or workflow, bad JSON, INVALID_INPUT, ...)
  3    a watched run was canceled
  4    refused, not found or not allowed in the run's state (NOT_AUTHORIZED, RUN_FINISHED, ...)
  5    the backend could not be reached or started
  130  interrupted`;

/** What to close before exiting: the client, a runtime this process hosts. */
let closeOnExit: (() => Promise<void>) | undefined;

/** Set by `serve`, whose normal end is Ctrl-C. */
let serving = false;

/** Close what is open, then exit with `code`. */
async function finish(code: number): Promise<never> {
  const close = closeOnExit;
  closeOnExit = undefined;
  await close?.().catch(() => {});
  return exit(code);
}

function presentation(options: GlobalOptions): Presentation {
  return { mode: outputMode(options.json), prompt: options.prompt };
}

/**
 * A command's action: connect as the global options say, run `body`, and
 * exit with its code, or with one error line and the error's code.
 */
function action<Args extends unknown[]>(
  body: (target: Target, p: Presentation, ...args: Args) => Promise<ExitCode>,
) {
  return async (...args: Args) => {
    const command = args[args.length - 1] as Command;
    const options = command.optsWithGlobals<GlobalOptions>();
    let code: number;
    try {
      const target = await connect(options);
      closeOnExit = () => target.close();
      code = await Promise.race([
        body(target, presentation(options), ...args),
        target.lost,
      ]);
    } catch (error) {
      const { message, exitCode } = describeError(error);
      err(`error: ${message}`);
      code = exitCode;
    }
    await finish(code);
  };
}

const collect = (value: string, previous: string[]) => [...previous, value];

function buildProgram(): Command {
  const program = new Command()
    .name("convex-agent-workflows")
    .description(
      "Start, watch, list and answer workflow runs. Default target: the offline runtime " +
        "of this app's convex/ folder (in-memory; data lives as long as the process hosting it).",
    )
    .option("--url <url>", "a Convex deployment's URL (env CONVEX_URL)")
    .option(
      "--token <jwt>",
      "a user's JWT from the app's auth provider (env CONVEX_AUTH_TOKEN)",
    )
    .option(
      "--admin-key <key>",
      "a deployment's admin or deploy key (env CONVEX_DEPLOY_KEY); with --as, acts as that user",
    )
    .option(
      "--as <subject>",
      "act as this user: offline, an UNSIGNED dev token anyone could forge (dev only); on a deployment, needs --admin-key",
    )
    .option(
      "--app-dir <dir>",
      "the app's Convex functions folder (default: convex.json's, or ./convex)",
    )
    .option(
      "--api <module>",
      "the module exporting flows.publicApi(...)'s functions",
      DEFAULT_API_MODULE,
    )
    .option("--json", "JSON output: JSON lines while watching, JSON results")
    .option("--no-prompt", "never ask to answer approvals while watching")
    .option("--verbose", "show the offline runtime's log lines on stderr")
    .addHelpText("after", EXIT_CODES_HELP)
    .showHelpAfterError("(add --help for usage)")
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });

  program
    .command("run")
    .description(
      "start a run; with --watch, follow it and print its output as JSON",
    )
    .argument("<workflow>", "a workflow name listed in publicApi's `workflows`")
    .requiredOption(
      "--input <json>",
      "the input: JSON, @file.json or @- (stdin)",
      (text: string) => parseJsonOption("--input", text),
    )
    .option(
      "--tag <tag>",
      "a tag to ask for (repeatable; the app's `tags` option decides)",
      collect,
      [],
    )
    .option("--idempotency-key <key>", "start at most one run for this key")
    .option(
      "--watch",
      "follow the run to its end; the exit code says how it ended",
    )
    .action(
      action(
        async (
          t,
          p,
          workflow: string,
          opts: {
            input: unknown;
            tag: string[];
            idempotencyKey?: string;
            watch?: boolean;
          },
        ) =>
          runCommand(
            t,
            {
              workflow,
              input: opts.input,
              tags: opts.tag,
              idempotencyKey: opts.idempotencyKey,
              watch: Boolean(opts.watch),
            },
            p,
          ),
      ),
    );

  program
    .command("watch")
    .description("follow a run to its end and print its output as JSON")
    .argument("<runId>")
    .action(action((t, p, runId: string) => watchToEnd(t, runId, p)));

  program
    .command("get")
    .description("print a run as JSON")
    .argument("<runId>")
    .action(action((t, p, runId: string) => getCommand(t, runId, p)));

  program
    .command("list")
    .description(
      "list runs, newest first (tab-separated: id, status, name, progress, started, tags)",
    )
    .addOption(
      new Option("--status <status>", "only runs in this state").choices(
        RUN_STATUSES,
      ),
    )
    .option("--name <workflow>", "only runs of this workflow")
    .option("--tag <tag>", "only runs with this tag")
    .option(
      "--owner <owner>",
      "only this owner's runs (\"*\": every owner's; default: your own)",
    )
    .option("--limit <n>", "at most this many", positiveInteger, 20)
    .action(
      action(
        (
          t,
          p,
          opts: {
            status?: RunStatus;
            name?: string;
            tag?: string;
            owner?: string;
            limit: number;
          },
        ) => listCommand(t, opts, p),
      ),
    );

  program
    .command("events")
    .description(
      "print a run's events (tab-separated: seq, time, type, data); --follow for new ones",
    )
    .argument("<runId>")
    .option("--follow", "keep printing new events until the run ends")
    .action(
      action((t, p, runId: string, opts: { follow?: boolean }) =>
        eventsCommand(t, runId, Boolean(opts.follow), p),
      ),
    );

  program
    .command("inbox")
    .description(
      "pending approval requests (tab-separated: request, run, workflow, signal, assignees, title)",
    )
    .option(
      "--assignee <assignee>",
      'requests assigned to this id, e.g. "team:support"',
    )
    .option("--owner <owner>", "only this owner's runs (\"*\": every owner's)")
    .option("--limit <n>", "at most this many", positiveInteger, 50)
    .action(
      action(
        (t, p, opts: { assignee?: string; owner?: string; limit: number }) =>
          inboxCommand(t, opts, p),
      ),
    );

  program
    .command("signal")
    .description("send a signal to a run, e.g. an approval's decision")
    .argument("<runId>")
    .argument("<signal>", "the signal's name, e.g. reply-approval")
    .requiredOption(
      "--value <json>",
      "the value: JSON, @file.json or @- (stdin)",
      (text: string) => parseJsonOption("--value", text),
    )
    .option(
      "--request <requestId>",
      "the request to answer (when several wait)",
    )
    .action(
      action(
        (
          t,
          p,
          runId: string,
          signal: string,
          opts: { value: unknown; request?: string },
        ) =>
          signalCommand(
            t,
            {
              runId,
              signal,
              value: opts.value,
              requestId: opts.request,
            },
            p,
          ),
      ),
    );

  program
    .command("cancel")
    .description("cancel a run and its running children")
    .argument("<runId>")
    .action(action((t, p, runId: string) => cancelCommand(t, runId, p)));

  program
    .command("restart")
    .description("run a finished run again")
    .argument("<runId>")
    .option("--from <step>", "the step to restart from: its number or name")
    .action(
      action((t, p, runId: string, opts: { from?: string }) =>
        restartCommand(t, runId, opts.from, p),
      ),
    );

  program
    .command("serve")
    .description(
      "host the offline runtime of the app until Ctrl-C, so other commands share its runs",
    )
    .option(
      "--port <port>",
      "the port to listen on (default: any free one)",
      nonNegativeInteger,
      0,
    )
    .action(async (opts: { port: number }, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      try {
        if (options.url)
          throw new CliError(
            "serve hosts the offline runtime: drop --url",
            EXIT.USAGE,
          );
        const host = await hostRuntime(resolveAppDir(options.appDir), {
          port: opts.port,
          verbose: options.verbose,
        });
        closeOnExit = host.close;
        serving = true;
        out(host.url);
        err(
          "offline runtime (in-memory, NOT a Convex deployment; nothing is saved): " +
            "other commands in this folder use it; Ctrl-C to stop",
        );
      } catch (error) {
        const { message, exitCode } = describeError(error);
        err(`error: ${message}`);
        await finish(exitCode);
      }
    });

  return program;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError("expected a positive integer");
  return n;
}

function nonNegativeInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError("expected a port number");
  return n;
}

onInterrupt(() => {
  err(serving ? "stopped; the offline runtime's data is gone" : "interrupted");
  void finish(serving ? EXIT.OK : EXIT.INTERRUPTED);
});

try {
  await buildProgram().parseAsync();
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version end with code 0; commander already printed the error.
    await finish(error.exitCode === 0 ? EXIT.OK : EXIT.USAGE);
  }
  const { message, exitCode } = describeError(error);
  err(`error: ${message}`);
  await finish(exitCode);
}
