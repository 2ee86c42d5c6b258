#!/bin/sh
# A recommender that prints garbage: not JSON, with escape sequences.
cat >/dev/null
printf '\033[2J\033]0;pwned\007this is not json\n'
