# Asterisk 22 from Debian unstable, the same packages as scripts/asterisk-sandbox.sh.
# The configuration is NOT baked in: the compose service `asterisk-config` renders
# dialplan/*.conf (with this deployment's secrets) into the asterisk-etc volume.
FROM debian:sid

RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      asterisk asterisk-core-sounds-en asterisk-moh-opsound-wav \
 && rm -rf /var/lib/apt/lists/*

# Runs as root, like the sandbox: the package's files belong to the asterisk user.
# spool/recording must exist or ARI recordings fail with "No such file or directory".
RUN chown -R root:root /etc/asterisk /var/lib/asterisk /var/spool/asterisk /var/log/asterisk \
 && mkdir -p /srv/switchboard/asterisk/etc /srv/switchboard/asterisk/run /srv/switchboard/asterisk/log \
      /srv/switchboard/asterisk/lib /srv/switchboard/asterisk/cache \
      /srv/switchboard/asterisk/spool/recording /srv/switchboard/asterisk/spool/tmp

HEALTHCHECK --interval=5s --timeout=5s --start-period=10s \
  CMD asterisk -C /srv/switchboard/asterisk/etc/asterisk.conf -rx "core waitfullybooted" || exit 1

# mkdir again: an empty spool volume mounted from elsewhere hides the image's directories.
CMD ["sh", "-c", "mkdir -p /srv/switchboard/asterisk/spool/recording && exec /usr/sbin/asterisk -f -n -C /srv/switchboard/asterisk/etc/asterisk.conf"]
