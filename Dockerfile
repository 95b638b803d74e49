# Intercity Hub: one image for every role (the gateway, or one subgraph, or the whole hub).
#   docker build -t intercity-hub .
#   docker run intercity-hub gateway        (or: cities, meetings, funding, peer-reviews, hub)
#   docker run -e HUB_ROLE=cities intercity-hub
# See compose.yaml for the whole federation on a PostgreSQL server, deploy/k8s/ for Kubernetes.

# -- build: install everything, compile TypeScript to dist/, then drop the development packages
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
COPY shared shared
COPY subgraphs subgraphs
COPY gateway gateway
COPY bin bin
COPY bench bench
COPY test test
COPY explorer explorer
COPY README.md ./
# `npm ci` runs the prepare script (tsc -b, then the explorer's bundle), which leaves the build in dist/
RUN npm ci --no-audit --no-fund \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf dist/test dist/bench dist/.tsbuildinfo

# -- runtime: the compiled code, production packages and the checked-in supergraph; no compiler
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HUB_HOST=0.0.0.0 \
    HUB_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY schema schema
COPY deploy/entrypoint.sh /usr/local/bin/hub-role
# the embedded database (when DATABASE_URL is not set) lives in /data, owned by the runtime user
RUN mkdir -p /data && chown node:node /data
# the `node` user of the official image (uid 1000), never root
USER node
EXPOSE 4000 4001 4002 4003 4004
VOLUME ["/data"]
ENTRYPOINT ["hub-role"]
CMD ["gateway"]
