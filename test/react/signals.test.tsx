// @vitest-environment jsdom
// The approvals inbox (usePendingSignals) and deciding (useSendSignal)
// against the offline backend: supportTicket waits for "reply-approval",
// assigned to "team:support", which only the support agents on the demo
// app's staff list may answer (the harness is signed in as one).
import { act, renderHook, waitFor } from "@testing-library/react";
import { ConvexProvider, useQuery } from "convex/react";
import type { ReactNode } from "react";
import { expect, test } from "vitest";
import {
  usePendingSignals,
  useRun,
  useSendSignal,
} from "../../src/react/index.js";
import {
  approve,
  fns,
  renderRecorded,
  offlineHarness,
  signedInClient,
  TEST_TIMEOUT,
  TICKET,
  USER,
  WAIT,
} from "./harness.js";
import { expectLogs } from "../quietLogs.js";

const h = offlineHarness();
expectLogs(
  /Uncaught ConvexError: \{"code":"(NOT_AUTHORIZED|INVALID_SIGNAL_VALUE|RUN_FINISHED)"/,
);

test(
  "a request appears in the team's inbox while the run waits, and leaves once decided",
  async () => {
    const { result, history } = renderRecorded(
      () => ({
        team: usePendingSignals(fns.pendingSignals, {
          assignee: "team:support",
        }),
        someoneElse: usePendingSignals(fns.pendingSignals, {
          assignee: "team:billing",
        }),
        skipped: usePendingSignals(fns.pendingSignals, "skip"),
      }),
      { wrapper: h.wrapper },
    );
    expect(history[0]!.team).toMatchObject({ requests: [], isLoading: true });
    await waitFor(
      () => expect(result.current.team.isLoading).toBe(false),
      WAIT,
    );
    expect(result.current.team.requests).toEqual([]);

    const { runId, ticketId } = await h.client.mutation(
      fns.submitTicket,
      TICKET,
    );
    await waitFor(
      () => expect(result.current.team.requests).toHaveLength(1),
      WAIT,
    );
    const [request] = result.current.team.requests;
    expect(request).toMatchObject({
      runId,
      runName: "supportTicket",
      signal: "reply-approval",
      status: "pending",
      assignees: ["team:support"],
      title: `Send the reply to ${USER.name}?`,
      quorum: 1,
      approvals: 0,
    });
    expect(request!.details).toMatchObject({
      subject: TICKET.subject,
      draft: expect.stringContaining(`Hi ${USER.name},`),
    });
    expect(result.current.team.error).toBeNull();
    expect(result.current.someoneElse.requests).toEqual([]);
    for (const { skipped } of history) {
      expect(skipped).toMatchObject({
        requests: [],
        isLoading: false,
        error: null,
      });
    }

    await approve(h, runId, { approved: false, note: "Needs a refund date" });
    await waitFor(() => expect(result.current.team.requests).toEqual([]), WAIT);
    // The run goes on to close the ticket as rejected.
    await waitFor(
      async () =>
        expect(await h.client.query(fns.getTicket, { ticketId })).toMatchObject(
          { status: "rejected", note: "Needs a refund date" },
        ),
      WAIT,
    );
  },
  TEST_TIMEOUT,
);

test(
  "useSendSignal: a customer gets NOT_AUTHORIZED; a support agent's edit is sent",
  async () => {
    const { runId, ticketId } = await h.client.mutation(
      fns.submitTicket,
      TICKET,
    );
    const { result } = renderHook(
      () => ({
        sender: useSendSignal(fns.sendSignal),
        inbox: usePendingSignals(fns.pendingSignals, { runId }),
        run: useRun(fns.getRun, runId),
        ticket: useQuery(fns.getTicket, { ticketId }),
      }),
      { wrapper: h.wrapper },
    );
    await waitFor(
      () => expect(result.current.inbox.requests).toHaveLength(1),
      WAIT,
    );
    const { requestId } = result.current.inbox.requests[0]!;
    expect(result.current.sender).toMatchObject({
      isSending: false,
      error: null,
    });

    // A customer, in another client, may not answer a request assigned to
    // the support team (nor act on a run that is not theirs).
    const customer = signedInClient(h.backend, {
      subject: "customer:sam",
      name: "Sam Okafor",
    });
    const asCustomer = ({ children }: { children: ReactNode }) => (
      <ConvexProvider client={customer}>{children}</ConvexProvider>
    );
    const other = renderHook(() => useSendSignal(fns.sendSignal), {
      wrapper: asCustomer,
    });
    let pending!: Promise<unknown>;
    act(() => {
      pending = other.result.current.send({
        runId,
        signal: "reply-approval",
        value: { approved: true },
      });
    });
    expect(other.result.current.isSending).toBe(true);
    let refused: unknown = "not yet";
    await act(async () => {
      refused = await pending;
    });
    expect(refused).toBeUndefined();
    expect(other.result.current.isSending).toBe(false);
    expect(other.result.current.error).toMatchObject({
      code: "NOT_AUTHORIZED",
      message: "Not allowed: sendSignal.",
      fields: {},
    });
    other.unmount();
    await customer.close();
    // Nothing changed: the request still waits, and so does the run.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(result.current.inbox.requests).toMatchObject([
      { requestId, status: "pending", approvals: 0 },
    ]);
    expect(result.current.run.run?.status).toBe("waiting");

    // A value that does not match the signal's schema names the field.
    await act(async () => {
      await result.current.sender.send({
        runId,
        signal: "reply-approval",
        value: { approved: "yes" },
      });
    });
    expect(result.current.sender.error).toMatchObject({
      code: "INVALID_SIGNAL_VALUE",
      path: ["approved"],
      fields: { approved: expect.any(String) },
    });

    const editedReply = "Hi Maria, we refunded the duplicate charge today.";
    let sent: Awaited<ReturnType<typeof result.current.sender.send>>;
    await act(async () => {
      sent = await result.current.sender.send({
        runId,
        requestId,
        signal: "reply-approval",
        value: { approved: true, editedReply, note: "Refund issued" },
      });
    });
    expect(sent!).toEqual({ status: "delivered", requestId });
    expect(result.current.sender).toMatchObject({
      isSending: false,
      error: null,
    });

    await waitFor(
      () => expect(result.current.run.run?.status).toBe("completed"),
      WAIT,
    );
    await waitFor(
      () => expect(result.current.ticket?.status).toBe("answered"),
      WAIT,
    );
    expect(result.current.ticket).toMatchObject({
      reply: editedReply,
      note: "Refund issued",
      runId,
    });
    expect(result.current.inbox.requests).toEqual([]);
    expect(result.current.run.run?.output).toMatchObject({
      status: "answered",
    });

    // The request is closed now: sending again says so.
    await act(async () => {
      await result.current.sender.send({
        runId,
        signal: "reply-approval",
        value: { approved: true },
      });
    });
    expect(result.current.sender.error?.code).toBe("RUN_FINISHED");
    act(() => result.current.sender.reset());
    expect(result.current.sender.error).toBeNull();
  },
  TEST_TIMEOUT,
);
