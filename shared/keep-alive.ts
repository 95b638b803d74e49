/**
 * Keep-alive timeouts of the hub's HTTP servers and of the gateway's client to its subgraphs, set
 * so that they agree: the client drops an idle connection well before the server would close it,
 * so it never sends a request on a socket the server is closing (a false "service unavailable"
 * under load, when a busy event loop fires both timers late).
 */
/** A server keeps an idle keep-alive connection open this long. */
export const SERVER_KEEP_ALIVE_TIMEOUT_MS = 65_000;
/** A server waits this long for a request's headers; more than the keep-alive timeout, as Node requires. */
export const SERVER_HEADERS_TIMEOUT_MS = 66_000;
/** The gateway reuses an idle connection to a subgraph for at most this long. */
export const CLIENT_KEEP_ALIVE_TIMEOUT_MS = 60_000;
