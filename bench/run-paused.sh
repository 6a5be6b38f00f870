#!/bin/bash
# Runs "$@" with every other dotnet/node/browser/kubectl process of this machine paused (SIGSTOP), including ones
# started meanwhile; all are resumed afterwards.
pattern='dotnet|node|chrom|kubectl|testhost|VBCSCompiler|MSBuild|csc'
stopped=/tmp/paused.$$
: > $stopped
trap 'xargs -r kill -CONT < $stopped 2>/dev/null; rm -f $stopped' EXIT
for pid in $(pgrep -f "$pattern"); do [ "$pid" != "$$" ] && kill -STOP $pid 2>/dev/null && echo $pid >> $stopped; done
"$@" &
main=$!
( while kill -0 $main 2>/dev/null; do
    for pid in $(pgrep -f "$pattern"); do
      case "$pid" in $$|$BASHPID|$main) continue ;; esac
      grep -qx "$pid" $stopped || { kill -STOP $pid 2>/dev/null && echo $pid >> $stopped; }
    done
    sleep 0.5
  done ) &
watcher=$!
wait $main; rc=$?
kill $watcher 2>/dev/null; wait $watcher 2>/dev/null
exit $rc
