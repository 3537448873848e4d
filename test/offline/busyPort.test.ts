// @vitest-environment node
// A busy port is told in one line, with how to choose another, not as a
// stack trace.
import { spawnSync } from "node:child_process";
import net from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";
import { listenProblem } from "../../src/offline/index.js";

const repo = fileURLToPath(new URL("../..", import.meta.url));
let server: net.Server;
let port: number;

beforeAll(async () => {
  server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test("listenProblem names the port and the way out; other errors are not its business", async () => {
  const error = await new Promise<unknown>((resolve) => {
    const second = net.createServer();
    second.once("error", resolve);
    second.listen(port, "127.0.0.1");
  });
  expect(listenProblem(error, "127.0.0.1", port, "--port")).toBe(
    `Port ${port} on 127.0.0.1 is already in use. Choose another with --port.`,
  );
  expect(
    listenProblem(new Error("boom"), "127.0.0.1", port, "--port"),
  ).toBeUndefined();
});

test("the offline backend's command line says so and exits 1", () => {
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", "src/offline/cli.ts", "--port", String(port)],
    { cwd: repo, encoding: "utf8", timeout: 60_000 },
  );
  expect(result.status).toBe(1);
  expect(result.stderr).toContain(
    `failed to start: Port ${port} on 127.0.0.1 is already in use. Choose another with --port.`,
  );
  expect(result.stderr).not.toContain("    at ");
}, 60_000);
