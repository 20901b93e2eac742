#!/bin/sh
# The image's main configuration lets each nginx worker hold 1,024 connections, and a proxied request holds two (the
# client's and the one to the service): a load test of a few hundred requests a second in flight ran out ("1024
# worker_connections are not enough"). Raised here rather than by replacing the image's nginx.conf, which stays the
# image's own. Within the open-file limit containers get (20,000 and more).
set -eu
sed -i 's/worker_connections[[:space:]]\{1,\}[0-9]\{1,\};/worker_connections 8192;/' /etc/nginx/nginx.conf
grep -q 'worker_connections 8192;' /etc/nginx/nginx.conf || echo "payment-proxy: could not raise worker_connections; nginx keeps its own"
