// Who the user acts as. The demo has no sign-in: sendSignal takes `by`,
// and the backend's policy lets support:* (not guest:*) answer approvals.
import {
  createContext,
  useCallback,
  useContext,
  useMemo,
  useState,
  type ReactNode,
} from "react";

export const IDENTITIES = [
  { id: "support:ana", name: "Ana", role: "Support" },
  { id: "support:lee", name: "Lee", role: "Support" },
  { id: "guest:sam", name: "Sam", role: "Guest" },
] as const;

export type IdentityId = (typeof IDENTITIES)[number]["id"];

const STORAGE_KEY = "agent-workflows-demo:identity";
const DEFAULT: IdentityId = "support:ana";

function isIdentity(value: unknown): value is IdentityId {
  return IDENTITIES.some((identity) => identity.id === value);
}

function stored(): IdentityId {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isIdentity(value) ? value : DEFAULT;
  } catch {
    return DEFAULT;
  }
}

type IdentityState = {
  identity: IdentityId;
  setIdentity: (id: string) => void;
};

const IdentityContext = createContext<IdentityState>({
  identity: DEFAULT,
  setIdentity: () => {},
});

export function IdentityProvider({ children }: { children: ReactNode }) {
  const [identity, setState] = useState<IdentityId>(stored);
  const setIdentity = useCallback((id: string) => {
    if (!isIdentity(id)) return;
    setState(id);
    try {
      window.localStorage.setItem(STORAGE_KEY, id);
    } catch {
      // Private mode: keep it for this page only.
    }
  }, []);
  const value = useMemo(
    () => ({ identity, setIdentity }),
    [identity, setIdentity],
  );
  return (
    <IdentityContext.Provider value={value}>
      {children}
    </IdentityContext.Provider>
  );
}

export function useIdentity(): IdentityState {
  return useContext(IdentityContext);
}
