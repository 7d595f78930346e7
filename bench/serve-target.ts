/**
 * The server under load for the serve benchmark, in a process of its own so that the load generator
 * does not share its event loop: development mode (no JWT), feedback in memory, logs discarded, no
 * rate limit in the way. Besides the real services it answers `POST /cds-services/bench-fixed` with
 * a fixed, precomputed response: the baseline, through the same hooks, body parser and logger.
 */
import { compiledBundle } from "@hemosentinel/knowledge";
import { type CdsResponse, createServer, parseServerConfig } from "@hemosentinel/server";

const config = parseServerConfig({
  publicUrl: "http://127.0.0.1",
  feedback: { path: ":memory:" },
  limits: { rateMax: 100_000_000, bodyBytes: 64 * 1024 * 1024 },
});
const server = await createServer({
  bundle: compiledBundle(),
  version: "bench",
  config,
  publicUrl: "http://127.0.0.1",
  dev: true,
  logStream: { write: () => undefined },
  logLevel: "warn",
});
let fixed: CdsResponse = { cards: [] };
server.app.post("/cds-services/bench-fixed", async () => fixed);
await server.app.listen({ host: "127.0.0.1", port: 0 });
const address = server.app.server.address();
const port = typeof address === "object" && address !== null ? address.port : 0;
process.on("message", (m: { fixed?: CdsResponse; stop?: true }) => {
  if (m.fixed !== undefined) fixed = m.fixed;
  if (m.stop) void server.close().then(() => process.exit(0));
});
process.send?.({ port });
