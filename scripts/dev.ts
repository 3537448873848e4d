// npm run dev: the demo UI against a REAL Convex deployment (needs network
// and a Convex account): `npx convex dev` pushes convex/ (with the
// component) and writes VITE_CONVEX_URL to .env.local; Vite serves the UI
// with hot reload. For the offline, in-memory backend use `npm run demo`.
import { spawn, type ChildProcess } from "node:child_process";

const children: ChildProcess[] = [];

function run(command: string, args: string[]): void {
  const child = spawn(command, args, { stdio: "inherit" });
  children.push(child);
  child.on("exit", (code) => {
    for (const other of children) if (other !== child) other.kill("SIGTERM");
    process.exit(code ?? 0);
  });
}

run("node_modules/.bin/convex", ["dev"]);
run("node_modules/.bin/vite", ["--config", "example/vite.config.ts"]);
