import { useConvexConnectionState } from "convex/react";

/** Whether the client is connected, for a "connection lost" banner. */
export function useConnection(): {
  connected: boolean;
  /** Lost after having been connected: show a banner, it will retry. */
  lost: boolean;
  retries: number;
} {
  const state = useConvexConnectionState();
  return {
    connected: state.isWebSocketConnected,
    lost: state.hasEverConnected && !state.isWebSocketConnected,
    retries: state.connectionRetries,
  };
}
