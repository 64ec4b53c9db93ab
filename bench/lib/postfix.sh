# Sourced by the Postfix benches: a private Postfix instance on loopback (Debian's postfix, installed if missing; the
# system's own Postfix service is not started or touched) whose smtpd accepts LIMIT messages per PERIOD seconds from
# one client (anvil) and answers "450 4.7.1 Error: too much mail from 127.0.0.1" beyond; accepted mail is discarded.
#   postfix_start LIMIT PERIOD   sets WORK (its directory, log in $WORK/maillog) and PORT; stopped when the shell exits
# Needs root (Postfix's master runs as root).
log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }
postfix_start() {
  local LIMIT=$1 PERIOD=$2
  if [ "$(id -u)" != 0 ]; then echo "$0: needs root (Postfix's master runs as root)" >&2; exit 2; fi
  if [ ! -x /usr/sbin/postfix ]; then
    log "installing postfix (its own service is not started)"
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    # its post-install may fail to start the system's service in a container; only the binaries matter here
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postfix >/dev/null 2>&1 || true
    [ -x /usr/sbin/postfix ] || { echo "$0: postfix could not be installed" >&2; exit 2; }
  fi
  WORK=$(mktemp -d /var/tmp/sluice-postfix.XXXXXX)   # maillog_file must be under /var (maillog_file_prefixes)
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  chmod 755 "$WORK"   # Postfix's own users must reach the queue and data directories
  mkdir -p "$WORK/etc" "$WORK/queue" "$WORK/data"
  chown postfix "$WORK/data"
  # master.cf: Debian's, with smtpd on our loopback port instead of :25, not chrooted (no copies of /etc in the queue)
  sed -E -e "s/^smtp( +)inet( +)n( +)-( +)[yn-]/127.0.0.1:$PORT inet n - n/" /etc/postfix/master.cf > "$WORK/etc/master.cf"
  grep -q "^postlog" "$WORK/etc/master.cf" || echo "postlog   unix-dgram n  -       n       -       1       postlogd" >> "$WORK/etc/master.cf"
  cat > "$WORK/etc/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $WORK/queue
data_directory = $WORK/data
mail_owner = postfix
setgid_group = postdrop
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = postfix-bench.localhost
mydestination = limited.test
mynetworks = 127.0.0.0/8
local_recipient_maps =
alias_maps =
alias_database =
local_transport = discard:bench
default_transport = discard:bench
smtpd_client_message_rate_limit = $LIMIT
anvil_rate_time_unit = ${PERIOD}s
smtpd_client_event_limit_exceptions =
maillog_file = $WORK/maillog
CF
  stop() { /usr/sbin/postfix -c "$WORK/etc" stop >/dev/null 2>&1 || true; }
  trap stop EXIT
  /usr/sbin/postfix -c "$WORK/etc" check
  /usr/sbin/postfix -c "$WORK/etc" start
  for _ in $(seq 1 50); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.2; done
  log "Postfix smtpd on 127.0.0.1:$PORT: $LIMIT messages per ${PERIOD}s from one client, 450 4.7.1 beyond; log $WORK/maillog"
}
