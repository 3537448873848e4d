import type { ErrorInfo } from "convex-agent-workflows/react";

/** An error from a Convex call: its code (when it has one) and message. */
export function ErrorMessage({
  error,
  testId = "error-message",
  className,
}: {
  error: ErrorInfo | null | undefined;
  testId?: string;
  className?: string;
}) {
  if (!error) return null;
  return (
    <div
      className={className ? `error-box ${className}` : "error-box"}
      role="alert"
      data-testid={testId}
      data-code={error.code}
    >
      {error.code && <code className="error-box__code">{error.code}</code>}
      <span className="error-box__message">{error.message}</span>
    </div>
  );
}
