#!/bin/sh
# A recommender that fails: a message with an escape sequence on standard error, status 3.
cat >/dev/null
printf 'model not found \033]52;c;cHduZWQ=\007\n' >&2
exit 3
