// Who the user is signed in as. The demo has four users and no password:
// "Acting as" signs in as one of them with an UNSIGNED development token
// (src/offline/auth.ts), which only the offline backend accepts (it does
// not check signatures: dev only). A deployment verifies tokens from a real
// auth provider and refuses these, so there the UI stays signed out.
//
// What a user may do is decided by the backend (convex/users.ts,
// convex/workflowsApi.ts); the UI asks it (api.users.me) and only hides
// what the backend would refuse anyway.
import type { ConvexReactClient } from "convex/react";
import { useQuery } from "convex/react";
import {
  createContext,
  useCallback,
  useContext,
  useMemo,
  useState,
  type ReactNode,
} from "react";
import { api } from "../../convex/_generated/api.js";
import { devToken } from "../../src/offline/auth.js";

export const DEMO_USERS = [
  { subject: "customer:ada", name: "Ada Park", kind: "Customers" },
  { subject: "customer:ben", name: "Ben Okafor", kind: "Customers" },
  { subject: "support:ana", name: "Ana Silva", kind: "Support agents" },
  { subject: "support:raj", name: "Raj Patel", kind: "Support agents" },
] as const;

export type DemoUser = (typeof DEMO_USERS)[number];

// Per tab (sessionStorage): two tabs can be two users side by side, and a
// reload keeps the tab's user.
const STORAGE_KEY = "agent-workflows-demo:identity";

function userOf(subject: unknown): DemoUser | undefined {
  return DEMO_USERS.find((user) => user.subject === subject);
}

/** The user this tab chose last (the first customer at first). */
export function storedUser(): DemoUser {
  try {
    return userOf(window.sessionStorage.getItem(STORAGE_KEY)) ?? DEMO_USERS[0];
  } catch {
    return DEMO_USERS[0];
  }
}

/** Sign the client in as `user` (its queries re-run as them). */
export function signIn(client: ConvexReactClient, user: DemoUser): void {
  client.setAuth(async () =>
    devToken({ subject: user.subject, name: user.name }),
  );
}

/** Who the backend says the caller is (api.users.me). */
export type Me = { subject: string; name?: string; agent: boolean };

type IdentityState = {
  /** Who the user chose to act as. */
  user: DemoUser;
  setUser: (subject: string) => void;
  /** The backend's answer: undefined while loading, null if signed out. */
  me: Me | null | undefined;
  /** The backend has signed the client in as `user`. */
  ready: boolean;
  /** The backend says `user` is a support agent. */
  isAgent: boolean;
};

const IdentityContext = createContext<IdentityState | null>(null);

export function IdentityProvider({
  client,
  initialUser,
  children,
}: {
  client: ConvexReactClient;
  /** Who the client is already signed in as (see signIn). */
  initialUser: DemoUser;
  children: ReactNode;
}) {
  const [user, setState] = useState<DemoUser>(initialUser);
  const me = useQuery(api.users.me, {});
  const setUser = useCallback(
    (subject: string) => {
      const next = userOf(subject);
      if (!next) return;
      setState(next);
      signIn(client, next);
      try {
        window.sessionStorage.setItem(STORAGE_KEY, next.subject);
      } catch {
        // Private mode: keep it for this page only.
      }
    },
    [client],
  );
  const value = useMemo(() => {
    const ready = me?.subject === user.subject;
    return { user, setUser, me, ready, isAgent: ready && !!me?.agent };
  }, [user, setUser, me]);
  return (
    <IdentityContext.Provider value={value}>
      {children}
    </IdentityContext.Provider>
  );
}

export function useIdentity(): IdentityState {
  const state = useContext(IdentityContext);
  if (!state) throw new Error("useIdentity needs an IdentityProvider");
  return state;
}

/** "Ada Park (customer:ada)" for a known subject, else the subject. */
export function displayName(subject: string | undefined): string {
  if (subject === undefined) return "nobody";
  const user = userOf(subject);
  return user ? `${user.name} (${subject})` : subject;
}

/** "Ada Park" for a known subject, else the subject. */
export function personName(subject: string): string {
  return userOf(subject)?.name ?? subject;
}
