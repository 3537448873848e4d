// The test app's HTTP API: routes over ownedApi (the default policy), with
// CORS for one origin, and callback URLs for `approval` waits.
import { httpRouter, type HttpRouter } from "convex/server";
import { api } from "./_generated/api.js";
import { approval } from "./approvals.js";
import { flows } from "./workflows.js";

const http: HttpRouter = httpRouter();
flows.httpApi(http, {
  basePath: "/wf",
  api: api.ownedApi,
  cors: { origins: ["https://app.example"] },
  signals: [approval],
});
export default http;
