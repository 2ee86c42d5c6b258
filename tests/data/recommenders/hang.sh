#!/bin/sh
# A recommender that never answers (killed at its time-out).
exec sleep 30
