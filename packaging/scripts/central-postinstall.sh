#!/bin/sh
# guichet-central postinst: the state folder, then systemd. A first install
# enables the service but does not start it: it needs its PIN keys first.
set -e
install -d -o guichet -g guichet -m 0750 /var/lib/guichet-central
install -d -o guichet -g guichet -m 0750 /var/log/guichet-central
if [ -d /run/systemd/system ]; then
	systemctl daemon-reload >/dev/null || true
	if [ "$1" = configure ] && [ -z "$2" ]; then
		systemctl enable guichet-central.service >/dev/null 2>&1 || true
	elif [ "$1" = configure ]; then
		systemctl try-restart guichet-central.service || true
	fi
fi
if [ ! -e /var/lib/guichet-central/keys/box.key ]; then
	cat <<'MSG'
guichet-central: before the first start, make the PIN keys as the service's user:
  sudo -u guichet guichet-central keys generate --dir /var/lib/guichet-central/keys
then: systemctl start guichet-central
MSG
fi
exit 0
