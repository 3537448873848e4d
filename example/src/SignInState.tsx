import { Icon } from "./icons";
import { useIdentity } from "./identity";

/**
 * Shown instead of the page until the backend has signed the client in as
 * the chosen user, or when it refused the demo's sign-in.
 */
export function SignInState() {
  const { user, me } = useIdentity();
  if (me === null) {
    return (
      <div className="card empty" data-testid="signed-out">
        <span className="empty__icon empty__icon--warn">
          <Icon name="user" size={20} />
        </span>
        <h1>Not signed in</h1>
        <p>
          The backend refused the demo&apos;s sign-in as{" "}
          <code>{user.subject}</code>. &quot;Acting as&quot; signs in with
          unsigned development tokens, which only the offline backend (
          <code>npm run demo</code>) accepts. A Convex deployment needs a real
          auth provider (<code>convex/auth.config.ts</code>).
        </p>
      </div>
    );
  }
  return (
    <div className="card empty" data-testid="signing-in">
      <span className="skeleton skeleton--wide" />
      <p>
        Signing in as {user.name} (<code>{user.subject}</code>)…
      </p>
    </div>
  );
}
