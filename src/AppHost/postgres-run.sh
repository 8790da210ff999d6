#!/usr/bin/env bash
# Runs the AppHost's PostgreSQL: postgres-run.sh <postgres binary> <arguments...>
#
# Why a wrapper: Aspire stops every resource at once with SIGTERM and kills what is left ~6 s later. PostgreSQL reads
# SIGTERM as a "smart" shutdown that waits for every client to go, so a silo's pooled connection would turn it into a
# kill and leave the data folder unclean. Here SIGTERM gives the silos a moment to leave the membership table, then
# asks for a fast shutdown (SIGINT: sessions cut, checkpoint written), which ends in "shut down" well inside the 6 s.
# As root the server runs as user postgres (PostgreSQL refuses root) and gets SIGINT if this script is killed.
set -u
if [ "$(id -u)" = 0 ]; then
  setpriv --reuid=postgres --regid=postgres --init-groups --pdeathsig INT -- "$@" &
else
  "$@" &
fi
server=$!
trap 'sleep "${JINBAO_POSTGRES_STOP_GRACE:-4}"; kill -INT "$server" 2>/dev/null' TERM INT
wait "$server"
status=$?
# `wait` returns early when a trapped signal arrives; wait again until the server itself has exited.
while kill -0 "$server" 2>/dev/null; do
  wait "$server"
  status=$?
done
exit "$status"
