#!/bin/sh
# Runs once per `docker compose up`: on the first, generates this deployment's secrets into the
# `secrets` volume (the database superuser's password, a broker and a database password for every
# service, the token and message keys, the first admin's password) and prints the admin's login;
# later runs keep them, adding only what an older deployment lacks. Nothing secret is in the
# repository or in the images.
set -eu
file=/run/tideline/env
hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }
# A password for every service's broker user (and the gateway's) and database role; given a file,
# only those it lacks (a deployment from before every service had users of its own).
role_passwords() {
  for name in BROKER_PASSWORD_AUTH BROKER_PASSWORD_CATALOG BROKER_PASSWORD_SALES BROKER_PASSWORD_FORECAST \
    BROKER_PASSWORD_PLANNING BROKER_PASSWORD_GATEWAY DATABASE_PASSWORD_AUTH DATABASE_PASSWORD_CATALOG \
    DATABASE_PASSWORD_SALES DATABASE_PASSWORD_FORECAST DATABASE_PASSWORD_PLANNING; do
    if [ -z "${1:-}" ] || ! grep -q "^export $name=" "$1"; then echo "export $name=$(hex 24)"; fi
  done
}
if [ -s "$file" ]; then
  added=$(role_passwords "$file")
  if [ -n "$added" ]; then
    chmod 600 "$file" && echo "$added" >> "$file" && chmod 400 "$file"
    echo "Added the passwords of the services' own broker users and database roles."
  fi
  echo "Secrets already generated; the first admin's password is in the secrets volume (docker compose run --rm secrets cat $file)."
  exit 0
fi
admin=$(hex 12)
umask 077
cat > "$file.new" <<SECRETS
export JWT_SECRET=$(hex 32)
export MESSAGE_SIGNING_KEY=$(hex 32)
export ADMIN_PASSWORD=$admin
export POSTGRES_PASSWORD=$(hex 24)
$(role_passwords)
SECRETS
# The servers run as the image's `node` user (uid 1000); the broker and database start as root.
chown 1000:1000 "$file.new"
chmod 400 "$file.new"
mv "$file.new" "$file"
echo "Generated this deployment's secrets. First admin: ${ADMIN_EMAIL:-admin@tideline.local} / $admin (shown once; also: docker compose run --rm secrets cat $file)"
