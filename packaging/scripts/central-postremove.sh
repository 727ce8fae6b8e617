#!/bin/sh
# guichet-central postrm. Even a purge keeps /var/lib/guichet-central (the
# members' data, the PIN keys) and the user guichet: deleting them is the
# operator's decision, after a backup.
set -e
if [ -d /run/systemd/system ]; then
	systemctl daemon-reload >/dev/null || true
fi
if [ "$1" = purge ] && [ -d /var/lib/guichet-central ]; then
	echo "guichet-central: /var/lib/guichet-central and the user guichet are kept; remove them by hand once backed up."
fi
exit 0
