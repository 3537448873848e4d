// The test app's HTTP API: routes over ownedApi (the default policy), with
// CORS for one origin.
import { httpRouter, type HttpRouter } from "convex/server";
import { api } from "./_generated/api.js";
import { flows } from "./workflows.js";

const http: HttpRouter = httpRouter();
flows.httpApi(http, {
  basePath: "/wf",
  api: api.ownedApi,
  cors: { origins: ["https://app.example"] },
});
export default http;
