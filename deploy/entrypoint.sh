#!/bin/sh
# Starts one role of Intercity Hub: the role is the first argument, else HUB_ROLE, else the gateway.
#   gateway                              the gateway alone, in front of subgraphs at <SUBGRAPH>_URL
#   cities | meetings | funding | peer-reviews   one subgraph, with its own database
#   hub                                  everything in one process (a demo or a small network)
set -eu
role="${1:-${HUB_ROLE:-gateway}}"
case "$role" in
  gateway) exec node dist/bin/start-gateway.js ;;
  hub) exec node dist/bin/start.js ;;
  cities|meetings|funding|peer-reviews) exec node dist/bin/start-subgraph.js "$role" ;;
  *) echo "HUB_ROLE: unknown role \"$role\"; use gateway, hub, cities, meetings, funding or peer-reviews" >&2; exit 64 ;;
esac
