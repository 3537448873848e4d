import { ConvexProvider, ConvexReactClient } from "convex/react";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { CONVEX_URL } from "./backend";
import { IdentityProvider, signIn, storedUser } from "./identity";
import { refusalLogger } from "./refusalLogger";
import "./styles.css";

const client = new ConvexReactClient(CONVEX_URL, { logger: refusalLogger() });
// Signed in before the first query is sent, so none runs as nobody.
const initialUser = storedUser();
signIn(client, initialUser);

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <ConvexProvider client={client}>
      <IdentityProvider client={client} initialUser={initialUser}>
        <App />
      </IdentityProvider>
    </ConvexProvider>
  </StrictMode>,
);
