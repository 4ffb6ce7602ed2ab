#!/bin/sh
# Run by the nginx image's entrypoint before nginx starts (mounted into /docker-entrypoint.d/).
# certbot renews the certificate in its own container; nginx reads it again only on reload,
# so reload every six hours. Started in the background: nginx becomes this loop's parent.
set -eu
(
	while :; do
		sleep 6h
		nginx -s reload || true
	done
) >/dev/null 2>&1 &
