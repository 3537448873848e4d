import { ConvexProvider, ConvexReactClient } from "convex/react";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { CONVEX_URL } from "./backend";
import { IdentityProvider } from "./identity";
import "./styles.css";

const client = new ConvexReactClient(CONVEX_URL);

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <ConvexProvider client={client}>
      <IdentityProvider>
        <App />
      </IdentityProvider>
    </ConvexProvider>
  </StrictMode>,
);
