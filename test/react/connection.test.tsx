// @vitest-environment jsdom
// useConnection against the offline backend: connected, lost when the
// backend cuts the socket, connected again once the client reconnects (and
// its subscriptions catch up on what happened meanwhile).
import { act, waitFor } from "@testing-library/react";
import { expect, test } from "vitest";
import { api } from "../../convex/_generated/api.js";
import { useConnection, useRun } from "../../src/react/index.js";
import {
  fns,
  renderRecorded,
  offlineHarness,
  TEST_TIMEOUT,
  TICKET,
  USER,
  WAIT,
} from "./harness.js";
import { expectLogs } from "../quietLogs.js";

const h = offlineHarness();
expectLogs(
  "WebSocket closed with code 1006",
  /Attempting reconnect in \d+ms/,
  "WebSocket reconnected",
);

test(
  "connected, lost when the socket drops, then connected again and caught up",
  async () => {
    const { runId } = await h.client.mutation(fns.submitTicket, TICKET);
    const { result, history } = renderRecorded(
      (id: string) => ({
        connection: useConnection(),
        run: useRun(fns.getRun, id),
      }),
      { wrapper: h.wrapper, initialProps: runId },
    );
    await waitFor(() => {
      expect(result.current.connection).toMatchObject({
        connected: true,
        lost: false,
      });
      expect(result.current.run.run?.status).toBe("waiting");
    }, WAIT);
    const retriesBefore = result.current.connection.retries;

    act(() => {
      expect(h.backend.dropConnections()).toBe(1);
    });
    await waitFor(
      () => expect(result.current.connection.lost).toBe(true),
      WAIT,
    );
    expect(result.current.connection.connected).toBe(false);
    // Approved while the client is away: it learns of it on reconnecting.
    await h.backend.t.withIdentity(USER).mutation(api.workflowsApi.sendSignal, {
      runId,
      signal: "reply-approval",
      value: { approved: true },
    });

    await waitFor(
      () =>
        expect(result.current.connection).toMatchObject({
          connected: true,
          lost: false,
        }),
      WAIT,
    );
    await waitFor(
      () => expect(result.current.run.run?.status).toBe("completed"),
      WAIT,
    );
    expect(result.current.run.error).toBeNull();

    // The client was connected before the first render (it seeded the app).
    const states = history
      .map(({ connection: c }) =>
        c.connected ? "connected" : c.lost ? "lost" : "?",
      )
      .filter((state, i, all) => i === 0 || state !== all[i - 1]);
    expect(states).toEqual(["connected", "lost", "connected"]);
    expect(
      Math.max(...history.map((s) => s.connection.retries)),
    ).toBeGreaterThanOrEqual(retriesBefore);
    expect(h.backend.connectionCount()).toBe(1);
  },
  TEST_TIMEOUT,
);
