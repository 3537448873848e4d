// The scripted model the tests use: the test kit's MockLlm (no network),
// whose answers, failures, latency and concurrency the tests control.
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { MockLlm } from "../../src/test/mockLlm.js";

export type { Scripted } from "../../src/test/mockLlm.js";

/** Shared with the tests (convex-test runs functions in this process). */
export const mockLlm = new MockLlm({ provider: "mock", modelId: "mock-1" });

/** The model itself (AI SDK specification v3), for actions and agents. */
export const mockModel = mockLlm.model as LanguageModelV3;
