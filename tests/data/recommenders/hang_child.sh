#!/bin/sh
# A recommender that never answers and whose child keeps its output open:
# stopping only the program would leave `sleep` running (and holding the
# pipe). Writes the child's process id to the file named by $1, if any.
cat >/dev/null
sleep 30 &
[ -n "$1" ] && echo $! > "$1"
wait
