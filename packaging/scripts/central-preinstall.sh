#!/bin/sh
# guichet-central preinst: the system user guichet exists before the files
# it owns are unpacked (/etc/guichet/central.yaml, /etc/default/guichet-central).
set -e
if ! getent group guichet >/dev/null; then
	groupadd --system guichet
fi
if ! getent passwd guichet >/dev/null; then
	useradd --system --gid guichet --home-dir /var/lib/guichet-central --no-create-home \
		--shell /usr/sbin/nologin --comment "Guichet centre" guichet
fi
exit 0
