#!/bin/sh
# `npm start`: the compiled server (build/server.js) under plain Node, in production.
# - MALLOC_ARENA_MAX=1 unless set: glibc keeps one malloc arena for all threads (decision 048).
# - On the embedded database (no DATABASE_URL), V8's young generation is halved
#   (--max-semi-space-size=8): PGlite's 70 MB at rest leave less room under the peak, and V8 reads
#   the size only from node's command line (decision 049). On PostgreSQL node keeps its default.
# Any arguments are passed to node before the script (the bench's --cpu-prof, for instance); a
# --max-semi-space-size there or in NODE_OPTIONS is the operator's, and replaces ours.
set -e
cd "$(dirname "$0")/.."
export NODE_ENV=production
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-1}"
young=""
if [ -z "$DATABASE_URL" ]; then
  case "$NODE_OPTIONS $*" in
    *--max-semi-space-size*) ;; # the operator's own size
    *) young="--max-semi-space-size=8" ;;
  esac
fi
exec node $young "$@" build/server.js
