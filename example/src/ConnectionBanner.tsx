import { useConnection } from "convex-agent-workflows/react";
import { Icon } from "./icons";

/** Shown while the connection to the backend is lost; gone once it is back. */
export function ConnectionBanner() {
  const { lost } = useConnection();
  if (!lost) return null;
  return (
    <div className="conn-banner" role="alert" data-testid="connection-banner">
      <Icon name="wifiOff" />
      <strong>Connection lost.</strong>
      <span>Reconnecting… live updates resume when the backend is back.</span>
    </div>
  );
}
