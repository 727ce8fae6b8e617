#!/bin/sh
# guichet-central prerm: stop the service before its binary goes (an
# upgrade restarts it from postinst).
set -e
if [ -d /run/systemd/system ] && [ "$1" = remove ]; then
	systemctl stop guichet-central.service || true
	systemctl disable guichet-central.service >/dev/null 2>&1 || true
fi
exit 0
